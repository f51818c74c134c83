"""A real JupyterHub on 127.0.0.1 (jupyter-config/jupyterhub_config.py) with the JMS service.

One Hub for the module: DummyAuthenticator, SimpleLocalProcessSpawner, the JMS service run
by the Hub on SQLite, configurable-http-proxy in front. Users sign in at the Hub's login page
and use their own servers' ``/jms/api/`` as their Lab does (the server's OAuth cookie and its
xsrf token); their servers reach the service with their own Hub tokens.

- ada (Hub group jms-members: on the roster, no role) submits from her server;
- ben (group jms-editors: editor) approves from his;
- olga is on the roster, but her server's token lacks access:services!service=jms;
- zed is a Hub user in no group: not on the roster;
- cy is an editor in the roster imported before the Hub started, in no Hub group: the first
  group round ends his editor role.

The service's database is PostgreSQL when the tests have one (JMS_TEST_POSTGRES_URL: how a
real Hub runs it), else SQLite as the shipped configuration has it; one Hub per backend would
double the module's minute and a half.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
import requests
from conftest import PG_URL, fresh_postgres_database
from jms_service import free_port

from jupyter_jms.domain.checklist import all_passed
from jupyter_jms.sample.posts import make_post

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ROOT / "jupyter-config" / "jupyterhub_config.py"
BIN = Path(sys.executable).parent
TESTER_TOKEN = "jms-hub-tests-" + os.urandom(12).hex()
USERS = ("ada", "ben", "olga", "zed")

ROSTER = """
members:
  - username: root
    name: Hub Admin
    roles: [{role: admin, since: 2024-01-01}]
  - username: cy
    name: Cy Former Editor
    roles: [{role: editor, since: 2024-01-01}]
"""

# The test's own additions to the shipped configuration: a service whose token the tests use
# to start servers and change groups, a Hub that reads groups every second, and olga, whose
# server token is not given the JMS service's access scope.
TEST_CONFIG = """
c = get_config()
load_subconfig({shipped!r})
c.Authenticator.allowed_users = set(c.Authenticator.allowed_users) | {{"zed"}}
c.JupyterHub.services.append({{"name": "tester", "api_token": {token!r}}})
c.JupyterHub.load_roles.append(
    {{
        "name": "tester",
        "scopes": ["admin:users", "admin:servers", "admin:groups", "read:services", "tokens"],
        "services": ["tester"],
    }}
)
c.JupyterHub.services[0]["command"].append("--JmsApp.hub_group_sync_seconds=1")
c.JupyterHub.services[0]["command"].append("--JmsApp.caller_cache_seconds=0")
shipped_scopes = list(c.Spawner.server_token_scopes)


def server_token_scopes(spawner):
    if spawner.user.name == "olga":
        return [s for s in shipped_scopes if not s.startswith("access:services")]
    return shipped_scopes


c.Spawner.server_token_scopes = server_token_scopes
"""


def _chp() -> str:
    found = shutil.which("configurable-http-proxy") or str(
        ROOT / "tools" / "jupyterhub" / "node_modules" / ".bin" / "configurable-http-proxy"
    )
    if not os.access(found, os.X_OK):
        raise RuntimeError(
            "configurable-http-proxy is missing: run scripts/setup.sh (it installs "
            "tools/jupyterhub with npm)"
        )
    return found


class Hub:
    """The running Hub: its URL, the tester's API, and signed-in browser sessions."""

    def __init__(self, tmp: Path) -> None:
        _chp()
        self.tmp = tmp
        data = tmp / "data"
        data.mkdir()
        self.drop_db: Callable[[], None] | None = None
        if PG_URL:
            self.db_url, self.drop_db = fresh_postgres_database()
        else:
            self.db_url = f"sqlite:///{data / 'jms.sqlite'}"
        roster = tmp / "roster.yaml"
        roster.write_text(ROSTER)
        subprocess.run(
            [
                str(BIN / "jupyter"),
                "jms",
                "--db",
                self.db_url,
                "roster",
                "import",
                str(roster),
            ],
            check=True,
            capture_output=True,
        )
        config = tmp / "jupyterhub_test_config.py"
        config.write_text(TEST_CONFIG.format(shipped=str(SHIPPED), token=TESTER_TOKEN))
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = {
            **os.environ,
            "JMS_HUB_DATA": str(data),
            "JMS_HUB_PORT": str(self.port),
            "JMS_HUB_API_PORT": str(free_port()),
            "JMS_HUB_PROXY_PORT": str(free_port()),
            "JMS_HUB_SERVICE_PORT": str(free_port()),
            "JMS_HUB_MEMBERS": "ada,olga",
            "JMS_HUB_EDITORS": "ben",
            "JMS_HUB_ADMINS": "root",
            "JMS_HUB_DATABASE_URL": self.db_url,
            "PYTHONPATH": os.pathsep.join(
                p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p
            ),
        }
        for name in ("JMS_SERVICE_URL", "JMS_SERVICE_TOKEN", "JMS_DATABASE_URL"):
            env.pop(name, None)
        self.log_path = tmp / "hub.log"
        self.log = open(self.log_path, "w")  # noqa: SIM115 (closed in stop)
        self.proc = subprocess.Popen(
            [str(BIN / "jupyterhub"), "-f", str(config)],
            cwd=tmp,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.wait(lambda: self.api("GET", "").status_code == 200, "the Hub", 90)
        # Users' servers start while the service does: they find it through the Hub's record.
        for user in USERS:
            self.start_server(user)
        self.wait(lambda: self.get_service_page() == 200, "the JMS service", 90)

    # -- plumbing -----------------------------------------------------------------------
    def wait(self, ok: Callable[[], Any], what: str, timeout: float = 60) -> Any:
        deadline = time.monotonic() + timeout
        while True:
            try:
                result = ok()
                if result:
                    return result
            except requests.RequestException:
                pass
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"waited in vain for {what}: see {self.log_path}")
            time.sleep(0.3)

    def get_service_page(self) -> int:
        return requests.get(f"{self.url}/services/jms/jms/", timeout=5).status_code

    def api(self, method: str, path: str, **kw: Any) -> requests.Response:
        headers = {"Authorization": f"token {TESTER_TOKEN}"}
        return requests.request(
            method, f"{self.url}/hub/api/{path}", headers=headers, timeout=30, **kw
        )

    def service_pid(self) -> int:
        return int(self.api("GET", "services/jms").json()["pid"])

    def stop(self) -> None:
        # The Hub stops the users' servers, the service and the proxy as it exits.
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()
        self.log.close()
        if self.drop_db is not None:
            self.drop_db()

    # -- a user, as their browser -----------------------------------------------------------
    def sign_in(self, user: str) -> Lab:
        s = requests.Session()
        s.get(f"{self.url}/hub/login", timeout=30)
        r = s.post(
            f"{self.url}/hub/login",
            data={
                "username": user,
                "password": "any",
                "_xsrf": s.cookies.get("_xsrf", path="/hub/"),
            },
            timeout=30,
            allow_redirects=False,
        )
        assert r.status_code == 302, r.text[:500]
        return Lab(self, user, s)

    def start_server(self, user: str) -> None:
        # Users are created by the first sign-in, or here (the Hub's allowed users).
        self.api("POST", f"users/{user}")
        r = self.api("POST", f"users/{user}/server")
        assert r.status_code in (201, 202), r.text

    def server_ready(self, user: str) -> bool:
        model = self.api("GET", f"users/{user}").json()
        return bool(model.get("servers", {}).get("", {}).get("ready"))


class Lab:
    """A user's browser on their own server, calling ``/jms/api/`` as the Lab does."""

    def __init__(self, hub: Hub, user: str, session: requests.Session) -> None:
        self.hub, self.user, self.s = hub, user, session
        self.base = f"{hub.url}/user/{user}/"

    def open(self) -> None:
        # The Lab page: the server's OAuth sign-in with the Hub, then the page and its cookies.
        r = self.s.get(self.base + "lab", timeout=60)
        assert r.status_code == 200, (r.status_code, r.url)

    def call(self, method: str, path: str, body: Any = None) -> tuple[int, Any]:
        headers = {"X-XSRFToken": self.s.cookies.get("_xsrf", path=f"/user/{self.user}/") or ""}
        r = self.s.request(
            method,
            self.base + path,
            headers=headers,
            data=None if body is None else json.dumps(body),
            timeout=60,
        )
        return r.status_code, r.json() if r.content else None

    def jms(self, method: str, path: str, body: Any = None) -> tuple[int, Any]:
        return self.call(method, "jms/api/" + path, body)


@pytest.fixture(scope="module")
def hub(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Hub]:
    started = time.monotonic()
    h = Hub(tmp_path_factory.mktemp("hub"))
    print(f"\nhub and service up in {time.monotonic() - started:.1f} s")
    yield h
    h.stop()


@pytest.fixture(scope="module")
def labs(hub: Hub) -> dict[str, Lab]:
    started = time.monotonic()
    labs = {user: hub.sign_in(user) for user in USERS}
    for user in USERS:
        hub.wait(lambda u=user: hub.server_ready(u), f"{user}'s server", 90)
    with ThreadPoolExecutor(len(USERS)) as pool:
        list(pool.map(Lab.open, labs.values()))
    print(
        f"\n{len(USERS)} users signed in, servers up, Labs open in {time.monotonic() - started:.1f} s"
    )
    return labs


def test_each_lab_is_the_services_member_with_its_hub_name(hub, labs):
    code, me = labs["ada"].jms("GET", "me")
    assert code == 200, me
    assert me["username"] == "ada" and me["member"] is True
    # Found through the Hub: the service's own address and prefix, not typed anywhere.
    assert me["service"]["url"].endswith("/services/jms/")
    # ben's editor role came from the Hub group jms-editors.
    code, me = hub.wait(
        lambda: (r := labs["ben"].jms("GET", "me")) and "editor" in r[1].get("roles", []) and r,
        "ben's editor role",
    )
    assert me["username"] == "ben"


def test_a_panel_in_a_hub_users_kernel_acts_as_that_user_with_no_token_given(hub, labs, tmp_path):
    """What a kernel of ben's server has in its environment (JupyterHub puts it there): a
    token of ben's with his server's scopes, and where his server is. The panel finds the
    server by itself and is ben, an editor through his Hub group."""
    from jupyter_jms.widgets import ReviewQueue
    from jupyter_jms.widgets.client import JmsClient, find_server

    scopes = ["access:servers!user=ben", "access:services!service=jms"]
    made = hub.api("POST", "users/ben/tokens", json={"scopes": scopes, "note": "kernel"})
    assert made.status_code == 201, made.text
    env = {
        "JUPYTERHUB_API_TOKEN": made.json()["token"],
        "JUPYTERHUB_SERVICE_PREFIX": "/user/ben/",
        "JUPYTERHUB_SERVICE_URL": f"{hub.url}/user/ben/",
    }
    server = find_server(env=env, cwd=tmp_path, servers=[])
    assert (server.url, server.source) == (f"{hub.url}/user/ben/", "JupyterHub environment")
    hub.wait(lambda: "editor" in JmsClient(server=server).me()["roles"], "ben's editor role")
    queue = ReviewQueue(client=JmsClient(server=server), threaded=False)
    assert queue.outsider is None
    assert "Signed in as <b>ben</b> (editor)" in queue.header.value
    assert queue.message.kind != "error", queue.message.text


def test_a_post_goes_from_one_lab_to_approval_in_another(labs):
    ada, ben = labs["ada"], labs["ben"]
    nb = make_post("Written on the Hub", authors=["ada"])
    code, saved = ada.call(
        "PUT", "api/contents/hub-post.ipynb", {"type": "notebook", "content": nb}
    )
    assert code in (200, 201), saved
    code, draft = ada.jms("POST", "drafts", {"path": "hub-post.ipynb"})
    assert code == 201, draft
    assert draft["title"] == "Written on the Hub"

    code, queue = ben.jms("GET", "drafts?state=submitted&limit=50")
    assert code == 200, queue
    assert draft["id"] in [d["id"] for d in queue["items"]]
    code, reviewed = ben.jms(
        "POST",
        f"drafts/{draft['id']}/reviews",
        {"revision": draft["revision"], "verdict": "approve", "checklist": all_passed()},
    )
    assert code in (200, 201), reviewed
    assert reviewed["state"] == "approved"

    code, seen = ada.jms("GET", f"drafts/{draft['id']}")
    assert code == 200, seen
    assert seen["state"] == "approved"
    # A member still has only their roles: ada (no role) cannot review.
    code, err = ada.jms(
        "POST",
        f"drafts/{draft['id']}/reviews",
        {"revision": draft["revision"], "verdict": "approve", "checklist": all_passed()},
    )
    assert code == 403, err


def test_a_server_whose_token_lacks_the_scope_says_what_the_admin_must_add(labs):
    code, err = labs["olga"].jms("GET", "me")
    assert code == 403, err
    assert "access:services!service=jms" in err["message"]
    assert "hub admin must grant" in err["message"]
    code, err = labs["olga"].jms("GET", "drafts")
    assert code == 403 and "access:services!service=jms" in err["message"]


def test_a_hub_user_not_on_the_roster_is_told_to_ask_an_admin(labs):
    code, me = labs["zed"].jms("GET", "me")
    assert code == 200, me
    assert me["member"] is False and me["roles"] == []
    code, err = labs["zed"].jms("GET", "drafts")
    assert code == 403, err
    assert "zed" in err["message"] and "not on the JMS roster" in err["message"]
    assert "admin must add" in err["message"]


def test_a_hub_token_opens_the_jms_api_only(hub, labs):
    # A user's Hub token straight at the service: the JMS API answers, the rest of the Jupyter
    # server does not (the Authorizer's lock holds for Hub users as for member tokens).
    r = hub.api("POST", "users/ada/tokens", json={"scopes": ["access:services!service=jms"]})
    assert r.status_code == 201, r.text
    headers = {"Authorization": f"token {r.json()['token']}"}
    base = f"{hub.url}/services/jms/"
    assert (
        requests.get(base + "jms/api/me", headers=headers, timeout=30).json()["username"] == "ada"
    )
    for method, path in [
        ("GET", "api/contents"),
        ("POST", "api/kernels"),
        ("POST", "api/terminals"),
        ("GET", "api/sessions"),
        ("GET", "lab"),
    ]:
        code = requests.request(method, base + path, headers=headers, timeout=30).status_code
        assert code == 403, (method, path, code)
    # Lab's page answers its own 403 page: it renders (it once failed, asking for a user the
    # refusal had not set, and the member got an empty answer).
    page = requests.get(base + "lab", headers=headers, timeout=30)
    assert page.status_code == 403 and "<html" in page.text.lower(), page.text[:200]
    assert "Uncaught exception in write_error" not in hub.log_path.read_text()
    # A token without the scope: refused by the service with the sentence.
    r = hub.api("POST", "users/ada/tokens", json={"scopes": ["read:users:name!user=ada"]})
    assert r.status_code == 201, r.text
    headers = {"Authorization": f"token {r.json()['token']}"}
    resp = requests.get(base + "jms/api/drafts", headers=headers, timeout=30)
    assert resp.status_code == 403
    assert "access:services!service=jms" in resp.json()["message"]


def test_a_browser_signs_in_to_the_service_with_the_hub(hub, labs):
    # ada's browser, signed in at the Hub: the service's /login goes through the Hub's OAuth
    # (no confirmation page for this service) and back to the page she asked for.
    s = labs["ada"].s
    base = f"{hub.url}/services/jms/"
    r = s.get(base + "login", params={"next": "/services/jms/jms/api/page?format=html"}, timeout=60)
    assert r.status_code == 200, (r.status_code, r.url)
    assert r.url.startswith(base + "jms/api/page")
    me = s.get(base + "jms/api/me", timeout=30)
    assert me.status_code == 200 and me.json()["username"] == "ada"
    # Signed in by the Hub's cookie, she still has the JMS API only.
    assert s.get(base + "api/contents", timeout=30).status_code == 403
    # A next page elsewhere is not followed.
    for elsewhere in ("https://elsewhere.example/", "/\\elsewhere.example/"):
        r = s.get(base + "login", params={"next": elsewhere}, timeout=60)
        assert r.url.startswith(base), elsewhere


def test_the_roster_follows_hub_groups_and_the_history_says_so(hub, labs):
    ben = labs["ben"]
    # cy was an editor in the imported roster and is in no Hub group: his role has ended.
    code, cy = ben.jms("GET", "members/cy")
    assert code == 200, cy
    assert "editor" not in cy["roles"]
    # zed (not on the roster) and ada (on it, no role) join jms-editors at the Hub; the
    # service gives them the role within a round.
    r = hub.api("POST", "groups/jms-editors/users", json={"users": ["zed", "ada"]})
    assert r.status_code == 200, r.text
    for user in ("zed", "ada"):
        hub.wait(
            lambda u=user: "editor" in labs[u].jms("GET", "me")[1]["roles"],
            f"{user}'s editor role",
            30,
        )
    code, events = ben.jms("GET", "events?limit=500")
    assert code == 200, events
    by_hub = [(e["action"], e["subject_id"]) for e in events["items"] if e["actor"] == "jupyterhub"]
    assert ("member.role_changed", "cy") in by_hub
    assert ("member.created", "zed") in by_hub
    assert ("member.role_added", "ada") in by_hub
    assert ("member.created", "ben") in by_hub


def test_the_service_restarted_by_the_hub_keeps_its_data(hub, labs):
    ada = labs["ada"]
    code, before = ada.jms("GET", "drafts?limit=50")
    assert code == 200 and before["items"], before
    pid = hub.service_pid()
    os.kill(pid, signal.SIGKILL)
    # The Hub polls its managed services (every 30 s) and starts a dead one again.
    hub.wait(lambda: hub.service_pid() not in (0, pid), "the Hub to restart the service", 60)
    after = hub.wait(
        lambda: (r := ada.jms("GET", "drafts?limit=50"))[0] == 200 and r[1], "the service", 60
    )
    assert after == before


def test_the_landing_page_says_servers_on_the_hub_connect_by_themselves(hub):
    page = requests.get(f"{hub.url}/services/jms/jms/", timeout=10)
    assert page.status_code == 200
    assert "runs under JupyterHub" in page.text
    assert "access:services!service=jms" in page.text
    assert "jupyter jms connect" not in page.text
