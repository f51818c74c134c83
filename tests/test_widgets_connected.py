"""The panels in a connected Lab: a real JMS service process, and a local Jupyter server whose
/jms/api/ forwards to it. The panels talk to their own (local) server, as in any Lab."""

# The fixtures are imported from connected_fixtures and named as test arguments, as pytest
# wants.
# ruff: noqa: F811

from __future__ import annotations

from typing import Any

import pytest

pytest.importorskip("ipywidgets")

from connected_fixtures import (  # noqa: E402, F401 (fixtures)
    jp_server_config,
    local_db,
    service,
    service_token,
    service_url,
)
from jms_service import JmsService, free_port  # noqa: E402

from jupyter_jms.sample.posts import make_post, write_notebook  # noqa: E402
from jupyter_jms.widgets import (  # noqa: E402
    AttendanceTaker,
    Dashboard,
    RegistryPanel,
    ReviewQueue,
    SubmitPanel,
)

PANELS = [ReviewQueue, SubmitPanel, RegistryPanel, AttendanceTaker]


@pytest.fixture
def lab_member() -> str:
    """Whose member token the local Lab holds: an editor, with a review queue."""
    return "ada"


@pytest.fixture
def open_panel(jp_fetch: Any, jp_serverapp: Any, jp_http_port: int, jp_base_url: str) -> Any:
    """Opens a panel on the local Lab, with the Lab's own token (as a kernel of that Lab
    would find it), and waits until it has loaded."""
    url = f"http://localhost:{jp_http_port}{jp_base_url}"
    token = jp_serverapp.identity_provider.token

    async def make(cls: Any, **kwargs: Any) -> Any:
        panel = cls(url=url, token=token, **kwargs)
        await panel.wait()
        return panel

    return make


def host(url: str) -> str:
    return url.split("//", 1)[1].rstrip("/")


@pytest.mark.parametrize("cls", PANELS, ids=lambda c: c.__name__)
async def test_each_panel_names_the_service(open_panel, service, cls):
    panel = await open_panel(cls)
    assert panel.message.kind != "error", panel.message.text
    assert panel.service.url == service.url
    words = "Submits to" if cls is SubmitPanel else "Connected to"
    assert panel.service.text == f"{words} {host(service.url)}"
    assert f'title="JMS service: {service.url}"' in panel.service.value
    assert panel.service in panel.children


async def test_the_queue_is_the_services(open_panel, service):
    queue = await open_panel(ReviewQueue)
    me = service.get("me", "ada")
    states = ",".join(me["review_queue"]["states"])
    direct = service.get(f"drafts?state={states}&limit=50", "ada")["items"]
    assert direct, "the demo has drafts waiting for review"
    assert [v for _, v in queue.results.options] == [d["id"] for d in direct]
    assert "Signed in as <b>ada</b>" in queue.header.value


async def test_the_dashboard_names_the_service_once(open_panel, service):
    board = await open_panel(Dashboard)
    await board.wait()
    assert board.service.text == f"Connected to {host(service.url)}"
    assert board.service in board.children
    assert all(p.service.layout.display == "none" for p in board.panels)
    assert f"(JMS service {service.url})" in board.summary()


@pytest.mark.parametrize("lab_member", ["eve"])
async def test_an_author_submits_through_the_lab(open_panel, service, jp_root_dir):
    rel = "posts/from-a-connected-lab.ipynb"
    write_notebook(jp_root_dir, rel, make_post("Sent from a connected Lab", authors=["eve"]))
    panel = await open_panel(SubmitPanel, path=rel)
    assert panel.service.text == f"Submits to {host(service.url)}"
    panel.form.channel_boxes["blog"].value = True
    await panel.wait()
    panel.submit_button.click()
    await panel.wait()
    assert panel.draft is not None, panel.message.text
    held = service.get(f"drafts/{panel.draft['id']}", "ada")
    assert held["title"] == "Sent from a connected Lab"
    assert held["state"] == "submitted"


class TestStoppedService:
    """Nothing listens at the service's address."""

    @pytest.fixture
    def service_url(self) -> str:
        return f"http://127.0.0.1:{free_port()}/"

    @pytest.mark.parametrize("cls", PANELS, ids=lambda c: c.__name__)
    async def test_each_panel_shows_the_sentence(self, open_panel, service_url, cls):
        panel = await open_panel(cls)
        assert panel.message.kind == "error"
        text = panel.message.text
        assert text.startswith("Could not "), text
        assert f"The JMS service at {service_url} cannot be reached" in text
        assert "check that it is running" in text
        # Nothing was learnt from the service: no line claims a connection.
        assert panel.service.url is None and panel.service.value == ""

    async def test_the_dashboard_reports_it(self, open_panel, service_url):
        board = await open_panel(Dashboard)
        await board.wait()
        assert f"The JMS service at {service_url} cannot be reached" in board.summary()


class TestRefusedToken:
    @pytest.fixture
    def service_token(self) -> str:
        return "jms_not-a-token"

    async def test_the_sentence_says_to_connect_again(self, open_panel, service):
        queue = await open_panel(ReviewQueue)
        assert queue.message.kind == "error"
        text = queue.message.text
        # The service refused the Lab, not the member's rights: not "You cannot ...".
        assert text.startswith("Could not load the queue: "), text
        assert f"The JMS service at {service.url} refused this Lab's token" in text
        assert "jupyter jms connect" in text


class TestServiceStopsWhileOpen:
    """A service of its own, stopped while the panels are open."""

    @pytest.fixture
    def own_service(self, tmp_path_factory: pytest.TempPathFactory) -> Any:
        svc = JmsService(tmp_path_factory.mktemp("own-service"))
        yield svc
        if svc.proc.poll() is None:
            svc.stop()

    @pytest.fixture
    def service_url(self, own_service: JmsService) -> str:
        return own_service.url

    @pytest.fixture
    def service_token(self, own_service: JmsService) -> str:
        return own_service.tokens["ada"]

    async def test_a_verdict_shows_the_sentence_and_the_queue_stays(self, open_panel, own_service):
        queue = await open_panel(ReviewQueue)
        listed = list(queue.results.options)
        draft_id = next(
            d["id"]
            for d in own_service.get("drafts?state=submitted&limit=50", "ada")["items"]
            if "ada" not in d["authors"]
        )
        queue.results.value = draft_id
        await queue.wait()
        review = queue.review
        assert review.draft is not None and review.draft["id"] == draft_id
        review.all_pass_button.click()

        own_service.stop()
        review.verdict_buttons["approve"].click()
        await queue.wait()

        assert queue.message.kind == "error"
        assert queue.message.text.startswith("Could not approve this draft: "), queue.message.text
        assert f"The JMS service at {own_service.url} cannot be reached" in queue.message.text
        # What was shown stays: the list, the draft, the buttons (to try again).
        assert list(queue.results.options) == listed
        assert review.draft["id"] == draft_id
        assert not review.verdict_buttons["approve"].disabled
        assert queue.service.url == own_service.url
