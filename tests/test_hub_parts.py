"""The JupyterHub parts one at a time: the roster following groups, and how a user's server
decides where the JMS service is. ``test_hub.py`` runs them all in a real Hub."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from jupyter_jms.container import JmsSettings, Services
from jupyter_jms.domain.access import ADMIN, Caller
from jupyter_jms.hub import serve_config
from jupyter_jms.hub.discover import find_service
from jupyter_jms.hub.groups import RosterFollowsGroups, check_mapping
from jupyter_jms.services.kernel.common import today

# -- the roster follows Hub groups -----------------------------------------------------------


@pytest.fixture
def services(db_url: str) -> Iterator[Services]:
    svc = Services.build(JmsSettings(database_url=db_url))
    long_ago = (today() - timedelta(days=400)).isoformat()
    svc.members.import_roster_text(
        f"""
members:
  - username: root
    name: Root
    roles: [{{role: admin, since: {long_ago}}}]
  - username: cy
    name: Cy
    roles: [{{role: editor, since: {long_ago}}}]
""",
        actor="test",
    )
    yield svc
    svc.close()


def roles(svc: Services, name: str) -> list[str]:
    return list(svc.members.get(name)["roles"])


def hub_events(svc: Services) -> list[tuple[str, str]]:
    items = svc.events.list(Caller("root", frozenset({ADMIN})), limit=500)["items"]
    return [(e["action"], e["subject_id"]) for e in items if e["actor"] == "jupyterhub"]


def test_group_members_get_the_role_and_others_lose_it(services):
    sync = RosterFollowsGroups(services.members, {"member": "jms", "editor": "jms-editors"})
    changes = sync.apply({"jms": {"ada", "eve"}, "jms-editors": {"ben", "eve"}})
    assert len(changes) == 5, changes
    assert roles(services, "ben") == ["editor"] and roles(services, "eve") == ["editor"]
    assert roles(services, "ada") == []
    # cy held editor for a year and is in no group: it ends today.
    assert roles(services, "cy") == []
    assert services.members.get("cy")["role_intervals"][0]["until"] == today().isoformat()
    assert set(hub_events(services)) == {
        ("member.created", "ada"),
        ("member.created", "ben"),
        ("member.created", "eve"),
        ("member.role_added", "eve"),
        ("member.role_changed", "cy"),
    }
    # A second round (another replica, the next minute) finds nothing to change.
    assert sync.apply({"jms": {"ada", "eve"}, "jms-editors": {"ben", "eve"}}) == []


def test_a_role_given_today_and_taken_away_ends_tomorrow(services):
    sync = RosterFollowsGroups(services.members, {"editor": "jms-editors"})
    sync.apply({"jms-editors": {"ben", "cy"}})
    assert roles(services, "ben") == ["editor"]
    sync.apply({"jms-editors": {"cy"}})
    # The roster counts days: ben's interval ends tomorrow, and it is on record.
    interval = services.members.get("ben")["role_intervals"][0]
    assert interval["until"] == (today() + timedelta(days=1)).isoformat()
    assert ("member.role_changed", "ben") in hub_events(services)


def test_a_group_the_hub_does_not_have_changes_nothing(services):
    sync = RosterFollowsGroups(services.members, {"editor": "jms-editrs"})
    assert sync.apply({"jms-editrs": None}) == []
    assert roles(services, "cy") == ["editor"]


def test_the_last_admin_keeps_the_role_and_the_round_goes_on(services):
    sync = RosterFollowsGroups(services.members, {"admin": "jms-admins", "editor": "eds"})
    changes = sync.apply({"jms-admins": set(), "eds": {"cy", "ben"}})
    assert roles(services, "root") == ["admin"]  # nobody else holds admin today
    assert changes == ["ben +editor (in Hub group eds)"]


def test_only_roles_a_group_can_say_may_follow_one():
    with pytest.raises(ValueError, match="council"):
        check_mapping({"council": "vetters"})
    with pytest.raises(ValueError, match="group name"):
        check_mapping({"editor": ""})
    assert check_mapping({"editor": "e", "member": "m"}) == {"editor": "e", "member": "m"}


# -- where a user's server finds the service ------------------------------------------------


class FakeHubApi:
    """A stand-in for the two Hub API answers a server reads at start-up (JupyterHub's, not
    this project's): the token's own model and the service's record."""

    def __init__(self, scopes: list[str], service: tuple[int, Any]) -> None:
        answers = {
            "/hub/api/user": (200, {"kind": "user", "name": "ada", "scopes": scopes}),
            "/hub/api/services/jms": service,
        }

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (http.server's name)
                code, body = answers.get(self.path, (404, {"message": "Not found"}))
                data = json.dumps(body).encode()
                self.send_response(code)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: Any) -> None:
                return

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.env = {
            "JUPYTERHUB_API_URL": f"http://127.0.0.1:{self.server.server_port}/hub/api",
            "JUPYTERHUB_API_TOKEN": "t",
            "JUPYTERHUB_USER": "ada",
            "JUPYTERHUB_BASE_URL": "/",
        }

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


JMS = ["access:services!service=jms", "read:services!service=jms"]
RECORD = (200, {"name": "jms", "url": "http://10.0.0.5:8890", "prefix": "/services/jms/"})
FORBIDDEN = (403, {"message": "Action is not authorized with current scopes"})


@pytest.mark.parametrize(
    ("scopes", "service", "public", "url", "status"),
    [
        # The Hub's record: its address and prefix, reached directly.
        (JMS, RECORD, "", "http://10.0.0.5:8890/services/jms/", None),
        # No record to read: the Hub's public address and the service's prefix.
        (
            JMS[:1],
            FORBIDDEN,
            "https://hub.example.org/hub/",
            "https://hub.example.org/services/jms/",
            None,
        ),
        # Found, but the token would be refused: the sentence, up front.
        (JMS[1:], RECORD, "", "http://10.0.0.5:8890/services/jms/", 403),
        # The admin meant it (a jms scope), but nothing says where: the sentence.
        (JMS[:1], FORBIDDEN, "", "", 503),
    ],
)
def test_a_users_server_finds_the_service_or_says_what_is_missing(
    scopes, service, public, url, status
):
    hub = FakeHubApi(scopes, service)
    try:
        found = find_service({**hub.env, "JUPYTERHUB_PUBLIC_HUB_URL": public}, "jms")
    finally:
        hub.close()
    assert found is not None
    assert found.url == url
    if status is None:
        assert not found.refusal
    else:
        assert found.status == status
        assert "hub admin must" in found.refusal
        assert ("access:services!service=jms" if status == 403 else "JMS_SERVICE_URL") in (
            found.refusal
        )


def test_a_hub_without_a_jms_service_leaves_the_server_personal():
    # A default server token (no jms scope) on a Hub with a public URL: no sign of a service.
    hub = FakeHubApi(["users:activity!user=ada", "access:servers!server=ada/"], FORBIDDEN)
    env = {**hub.env, "JUPYTERHUB_PUBLIC_HUB_URL": "https://hub.example.org/hub/"}
    try:
        assert find_service(env, "jms") is None
    finally:
        hub.close()


def test_a_hub_that_does_not_answer_is_named():
    env = {
        "JUPYTERHUB_API_URL": "http://127.0.0.1:9/hub/api",
        "JUPYTERHUB_API_TOKEN": "t",
        "JUPYTERHUB_USER": "ada",
    }
    found = find_service(env, "jms", timeout=2)
    assert found is not None and found.status == 503
    assert "http://127.0.0.1:9/hub/api" in found.refusal


def test_serve_listens_where_the_hub_says():
    env = {
        "JUPYTERHUB_SERVICE_NAME": "jms",
        "JUPYTERHUB_API_TOKEN": "t",
        "JUPYTERHUB_API_URL": "http://127.0.0.1:8081/hub/api",
        "JUPYTERHUB_SERVICE_URL": "http://127.0.0.1:8890",
        "JUPYTERHUB_SERVICE_PREFIX": "/services/jms/",
    }
    server = serve_config(env)["ServerApp"]
    assert server["ip"] == "127.0.0.1" and server["port"] == "8890"
    assert server["base_url"] == "/services/jms/"
    assert server["identity_provider_class"].endswith("JmsHubIdentityProvider")
    # A user's server has JUPYTERHUB_SERVICE_URL too, but no service name: not the service.
    assert serve_config({**env, "JUPYTERHUB_SERVICE_NAME": ""}) == {}
