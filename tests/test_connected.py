"""The connected Lab: a local Jupyter server whose /jms/api/ is a real JMS service's."""

# The fixtures are imported from connected_fixtures and named as test arguments, as pytest
# wants.
# ruff: noqa: F811

from __future__ import annotations

import json
import os
import socket
import stat
import subprocess
import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest
from connected_fixtures import (  # noqa: F401 (fixtures)
    jp_server_config,
    lab_member,
    local_db,
    service,
    service_token,
    service_url,
)
from jms_service import BIN, free_port, start_server, stop
from jupyter_server.auth.authorizer import Authorizer
from traitlets.config import Config

from jupyter_jms.domain.checklist import all_passed
from jupyter_jms.handlers import routes
from jupyter_jms.handlers.forward_auth import UNROUTED_RESOURCE
from jupyter_jms.version import __version__


async def lab(
    jp_fetch: Any, method: str, path: str, body: Any = None, **kw: Any
) -> tuple[int, Any]:
    """A request to the local Lab's jupyter-jms API, signed in as the Lab's own user."""
    if body is not None:
        kw["body"] = json.dumps(body)
    resp = await jp_fetch("jms", "api", *path.split("/"), method=method, raise_error=False, **kw)
    if not resp.body:
        return resp.code, None
    if "json" not in resp.headers.get("Content-Type", ""):
        return resp.code, resp.body.decode(errors="replace")  # an export: HTML, a zip
    return resp.code, json.loads(resp.body)


async def test_me_is_the_services_member_and_names_the_service(jp_fetch, service, local_db):
    code, me = await lab(jp_fetch, "GET", "me")
    assert code == 200, me
    direct = service.get("me", "eve")
    assert me["username"] == direct["username"] == "eve"
    assert me["roles"] == direct["roles"]
    assert me["service"] == {"url": service.url}
    # The connected Lab keeps no data of its own.
    assert not local_db.exists()


async def test_drafts_are_the_services_answer(jp_fetch, service, local_db):
    code, drafts = await lab(jp_fetch, "GET", "drafts", params={"limit": 50})
    assert code == 200, drafts
    direct = service.get("drafts?limit=50", "eve")
    assert drafts == direct
    assert drafts["items"], "the demo has drafts by eve"
    assert not local_db.exists()


async def test_the_local_lab_still_needs_its_own_sign_in(jp_fetch):
    code, _ = await lab(jp_fetch, "GET", "drafts", headers={"Authorization": "token wrong"})
    assert code == 403


@pytest.mark.parametrize("lab_member", ["ada"])
async def test_review_and_transition_round_trip(jp_fetch, service):
    submitted = service.get("drafts?state=submitted&limit=50", "ada")["items"]
    draft = next(d for d in submitted if "ada" not in d.get("authors", []))
    assert draft
    code, reviewed = await lab(
        jp_fetch,
        "POST",
        f"drafts/{draft['id']}/reviews",
        {"revision": draft["revision"], "verdict": "approve", "checklist": all_passed()},
    )
    assert code == 201 or code == 200, reviewed
    assert reviewed["state"] == "approved"
    assert service.get(f"drafts/{draft['id']}", "ben")["state"] == "approved"

    # A stale If-Match is the service's 409, passed through.
    body = {"to": "scheduled", "publish_at": "2031-01-01T10:00:00Z"}
    stale = {"If-Match": f'"{reviewed["version"] - 1}"'}
    code, err = await lab(
        jp_fetch, "POST", f"drafts/{draft['id']}/transitions", body, headers=stale
    )
    assert code == 409, err
    fresh = {"If-Match": f'"{reviewed["version"]}"'}
    code, moved = await lab(
        jp_fetch, "POST", f"drafts/{draft['id']}/transitions", body, headers=fresh
    )
    assert code == 200, moved
    assert moved["state"] == "scheduled"
    assert service.get(f"drafts/{draft['id']}", "ada")["state"] == "scheduled"


async def test_submit_sends_the_local_notebooks_content(jp_fetch, jp_root_dir, service):
    from jupyter_jms.sample.posts import make_post, write_notebook

    # Only this Lab has the notebook: the service's root does not.
    rel = "posts/connected-lab.ipynb"
    write_notebook(jp_root_dir, rel, make_post("Written in a connected Lab", authors=["eve"]))
    assert not (service.root / rel).exists()
    code, draft = await lab(jp_fetch, "POST", "drafts", {"path": rel})
    assert code == 201, draft
    assert draft["path"] == rel
    assert draft["title"] == "Written in a connected Lab"
    assert service.get(f"drafts/{draft['id']}", "eve")["revision"] == 1

    nb = json.loads((jp_root_dir / rel).read_text())
    nb["metadata"]["jms"]["title"] = "Rewritten in a connected Lab"
    (jp_root_dir / rel).write_text(json.dumps(nb))
    code, revised = await lab(jp_fetch, "POST", f"drafts/{draft['id']}/revisions", {"path": rel})
    assert code == 201, revised
    assert service.get(f"drafts/{draft['id']}", "eve")["revision"] == 2

    code, err = await lab(jp_fetch, "POST", "drafts", {"path": "posts/missing.ipynb"})
    assert code == 404, err
    code, err = await lab(jp_fetch, "POST", "drafts", {"path": "../outside.ipynb"})
    assert code == 400, err
    # A link in the Lab's root to a notebook outside it is refused here, as on the service.
    outside = jp_root_dir.parent / "outside-the-root.ipynb"
    write_notebook(outside.parent, outside.name, make_post("Private", authors=["eve"]))
    (jp_root_dir / "posts" / "link.ipynb").symlink_to(outside)
    code, err = await lab(jp_fetch, "POST", "drafts", {"path": "posts/link.ipynb"})
    assert code == 400 and "outside the server's root" in err["message"], err


@pytest.mark.parametrize("mb", [0.01, 2])
async def test_a_revision_comes_back_byte_for_byte_with_its_type(
    jp_fetch, jp_root_dir, service, mb
):
    """Small answers go out in one write, large ones in pieces (FLUSH_BYTES)."""
    from jupyter_jms.sample.posts import make_post, write_notebook

    rel = f"posts/read-back-{mb}.ipynb"
    nb = make_post(f"Read back {mb}", authors=["eve"])
    nb["cells"][0]["source"] += "\n" + "y" * int(mb * 1e6)
    write_notebook(jp_root_dir, rel, nb)
    code, draft = await lab(jp_fetch, "POST", "drafts", {"path": rel})
    assert code == 201, draft
    path = f"drafts/{draft['id']}/revisions/1"
    resp = await jp_fetch("jms", "api", *path.split("/"))
    direct = urllib.request.Request(
        service.url + "jms/api/" + path, headers={"Authorization": f"token {service.tokens['eve']}"}
    )
    with urllib.request.urlopen(direct) as want:
        assert resp.body == want.read()
        assert resp.headers["Content-Type"] == want.headers["Content-Type"]
    assert resp.headers["Content-Type"].startswith("application/x-ipynb+json")
    assert len(resp.body) > mb * 1e6


async def test_bad_input_gets_the_services_4xx(jp_fetch):
    code, err = await lab(jp_fetch, "GET", "drafts", params={"limit": "x"})
    assert code == 400, err
    assert err["message"]
    code, err = await lab(jp_fetch, "GET", "drafts/999999")
    assert code == 404, err


async def test_an_oversized_body_is_refused_here(jp_fetch):
    # A comment is a small JSON body; a submit may carry a notebook, up to its limit.
    for path, size in (("drafts/1/comments", 1_100_000), ("drafts", 21 * 1024 * 1024)):
        resp = await jp_fetch(
            "jms", "api", *path.split("/"), method="POST", body=b"x" * size, raise_error=False
        )
        assert resp.code == 413, path
        assert "over" in json.loads(resp.body)["message"]


@pytest.fixture
def stopped_url() -> str:
    return f"http://127.0.0.1:{free_port()}/"


class TestStoppedService:
    @pytest.fixture
    def service_url(self, stopped_url: str) -> str:
        return stopped_url

    async def test_unreachable_service_is_a_502_naming_it(self, jp_fetch, stopped_url, local_db):
        for path in ("me", "drafts"):
            code, err = await lab(jp_fetch, "GET", path)
            assert code in (502, 503, 504), err
            assert stopped_url in err["message"]
            assert err["reason"] == "service_unreachable"
        code, err = await lab(jp_fetch, "POST", "drafts/1/comments", {"body": "hi"})
        assert code == 502, err
        assert not local_db.exists()

    async def test_the_version_is_this_servers_own(self, jp_fetch, local_db):
        # The labextension's handshake compares itself with the extension installed here.
        code, body = await lab(jp_fetch, "GET", "version")
        assert code == 200, body
        assert body == {"version": __version__}
        assert not local_db.exists()


@pytest.fixture
def silent_url() -> Iterator[str]:
    """A port that takes connections and never answers."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(16)
        yield f"http://127.0.0.1:{sock.getsockname()[1]}/"


class TestHubServerTokenRefused:
    """A user's server under JupyterHub forwards with its own Hub token; a refused one is
    not the member's to fix with `jupyter jms connect`."""

    @pytest.fixture
    def service_token(self) -> str:
        return ""

    @pytest.fixture
    def jp_server_config(
        self, jp_server_config: Config, monkeypatch: pytest.MonkeyPatch
    ) -> Iterator[Config]:
        from test_hub_parts import JMS, FakeHubApi

        hub = FakeHubApi(JMS, (403, {"message": "no record"}))
        for name, value in hub.env.items():
            monkeypatch.setenv(name, value)  # a token the JMS service does not know
        yield jp_server_config
        hub.close()

    async def test_the_sentence_says_to_restart_the_server_from_the_hub(self, jp_fetch, service):
        code, err = await lab(jp_fetch, "GET", "drafts")
        assert code == 401, err
        assert err["reason"] == "service_token_refused"
        assert "JupyterHub token" in err["message"] and service.url in err["message"]
        assert "jupyter jms connect" not in err["message"]


class TestSilentService:
    @pytest.fixture
    def service_url(self, silent_url: str) -> str:
        return silent_url

    @pytest.fixture
    def jp_server_config(self, jp_server_config: Config) -> Config:
        jp_server_config.JmsApp.service_request_timeout = 1.0
        return jp_server_config

    async def test_a_service_that_does_not_answer_is_a_504_naming_it(self, jp_fetch, silent_url):
        for method, path, body in (("GET", "me", None), ("POST", "drafts/1/comments", {"b": 1})):
            code, err = await lab(jp_fetch, method, path, body)
            assert code == 504, err
            assert err["reason"] == "service_timeout" and silent_url in err["message"]


class TestRefusedToken:
    @pytest.fixture
    def service_token(self) -> str:
        return "jms_not-a-token"

    async def test_a_refused_token_is_a_401_saying_to_connect(self, jp_fetch, service):
        code, err = await lab(jp_fetch, "GET", "me")
        assert code == 401, err
        assert "jupyter jms connect" in err["message"]
        assert service.url in err["message"]
        code, err = await lab(jp_fetch, "GET", "drafts")
        assert code == 401, err
        assert "jupyter jms connect" in err["message"]


def test_connect_stores_a_private_file_a_new_server_reads(tmp_path, service):
    config_dir = tmp_path / "config"
    env = {
        **os.environ,
        "JUPYTER_CONFIG_DIR": str(config_dir),
        "JUPYTER_DATA_DIR": str(tmp_path / "data"),
        "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime"),
    }
    env.pop("JMS_SERVICE_URL", None)
    env.pop("JMS_SERVICE_TOKEN", None)
    jms = [str(BIN / "jupyter"), "jms", "connect"]

    refused = subprocess.run(
        [*jms, service.url, "--token-stdin"],
        input="wrong\n",
        env=env,
        capture_output=True,
        text=True,
    )
    assert refused.returncode == 2
    assert "refused the token" in refused.stderr
    stored = config_dir / "jupyter_jupyter_jms_config.json"
    assert not stored.exists()
    # Settings already in the file stay.
    config_dir.mkdir()
    stored.write_text(json.dumps({"JmsApp": {"required_approvals": 2}}))

    done = subprocess.run(
        [*jms, service.url, "--token-stdin"],
        input=service.tokens["ben"] + "\n",
        env=env,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert "as ben" in done.stdout
    assert stat.S_IMODE(stored.stat().st_mode) == 0o600
    written = json.loads(stored.read_text())["JmsApp"]
    assert written == {
        "required_approvals": 2,
        "service_url": service.url,
        "service_token": service.tokens["ben"],
    }

    status = subprocess.run([*jms, "--status"], env=env, capture_output=True, text=True)
    assert status.returncode == 0, status.stderr
    assert service.url in status.stdout and "ben" in status.stdout

    # A new server started with that config dir is connected, and opens no database.
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    proc, out = start_server(
        [
            f"--port={port}",
            "--allow-root",
            f"--ServerApp.root_dir={tmp_path}",
            "--IdentityProvider.token=local-lab-token",
            "--ServerApp.jpserver_extensions=jupyter_jms=True",
            f"--JmsApp.database_url=sqlite:///{tmp_path / 'lab.sqlite'}",
        ],
        env,
        tmp_path / "lab.log",
        url + "api/status",
        "local-lab-token",
    )
    try:
        from jms_service import get

        me = get(url + "jms/api/me", "local-lab-token")
        assert me["username"] == "ben"
        assert me["service"] == {"url": service.url}
    finally:
        stop(proc, out)
    assert not (tmp_path / "lab.sqlite").exists()

    forgot = subprocess.run([*jms, "--forget"], env=env, capture_output=True, text=True)
    assert forgot.returncode == 0
    assert json.loads(stored.read_text()) == {"JmsApp": {"required_approvals": 2}}
    assert stat.S_IMODE(stored.stat().st_mode) == 0o600


# -- this server's Authorizer sees each route's own jms:* resource ---------------------------
class OnlySomeJms(Authorizer):
    """Grants the resources in ``allowed``; remembers what it was asked."""

    allowed: frozenset[str] = frozenset({"jms:drafts", "jms:members"})
    asked: list[tuple[str, str, str]] = []

    def is_authorized(self, handler: Any, user: Any, action: str, resource: str) -> bool:
        if resource.startswith("jms:"):
            type(self).asked.append((handler.request.path, action, resource))
            return resource in self.allowed
        return True


def sample_path(pattern: str) -> str:
    """A path the route's pattern matches: each ``([^/]+)`` group as ``1``."""
    return pattern.replace("([^/]+)", "1")


class TestLocalAuthorizer:
    @pytest.fixture
    def jp_server_config(self, jp_server_config: Config) -> Config:
        OnlySomeJms.asked = []
        jp_server_config.ServerApp.authorizer_class = OnlySomeJms
        return jp_server_config

    async def test_each_route_is_authorized_as_the_services_handler(self, jp_fetch):
        expected = {sample_path(p): h.auth_resource for p, h in routes()}
        assert len(set(expected.values())) > 5
        for path, resource in expected.items():
            OnlySomeJms.asked = []
            code, body = await lab(jp_fetch, "GET", path)
            assert [a[1:] for a in OnlySomeJms.asked] == [("read", resource)], path
            if resource in OnlySomeJms.allowed:
                assert code != 403 or body.get("reason"), (path, body)  # the service's answer
            else:
                assert code == 403, (path, code, body)
        OnlySomeJms.asked = []
        await lab(jp_fetch, "POST", "drafts/1/comments", {"body": "hi"})
        assert [a[1:] for a in OnlySomeJms.asked] == [("write", "jms:drafts")]

    async def test_allowed_routes_pass_and_others_are_refused_here(self, jp_fetch, service):
        code, page = await lab(jp_fetch, "GET", "drafts", params={"limit": 50})
        assert code == 200 and page == service.get("drafts?limit=50", "eve")
        code, me = await lab(jp_fetch, "GET", "me")
        assert code == 200 and me["username"] == "eve"
        # eve may list channels and meetings on the service, but this server refuses them.
        assert service.get("channels", "eve") is not None
        for path in ("channels", "meetings/series", "version", "tokens", "reports"):
            code, err = await lab(jp_fetch, "GET", path)
            assert code == 403, (path, err)
        before = service.get("tokens", "eve")
        code, _ = await lab(jp_fetch, "POST", "tokens", {"note": "from the Lab"})
        assert code == 403
        assert service.get("tokens", "eve") == before
        # A path the service has no route for is refused here too, as a resource none grants.
        for path in ("nothing/here", "drafts/1/unknown", "me/too"):
            code, _ = await lab(jp_fetch, "GET", path)
            assert code == 403, path
            assert OnlySomeJms.asked[-1][2] == UNROUTED_RESOURCE

    async def test_the_resource_is_the_route_of_the_path_as_sent(
        self, http_server_client, jp_auth_header, jp_base_url
    ):
        """An escaped ``/`` is part of one segment, as the service routes it:
        ``members/{name}`` (jms:members), not ``members/{name}/grants`` (jms:grants)."""
        url = f"{jp_base_url}jms/api/members/eve%2Fgrants"
        resp = await http_server_client.fetch(url, headers=jp_auth_header, raise_error=False)
        assert OnlySomeJms.asked == [(url, "read", "jms:members")]
        assert resp.code == 404  # the service's: no member 'eve/grants'
