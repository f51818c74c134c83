"""Shared fixtures: a real jupyter_server with jupyter-jms, on SQLite and on PostgreSQL."""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from traitlets.config import Config

from jupyter_jms.domain.access import ADMIN_ROLES, Caller
from jupyter_jms.domain.checklist import all_passed

pytest_plugins = ["pytest_jupyter.jupyter_server"]

PG_URL = os.environ.get("JMS_TEST_POSTGRES_URL", "")
BACKENDS = ["sqlite", "postgres"] if PG_URL else ["sqlite"]
DATA = Path(__file__).resolve().parent.parent / "jupyter_jms" / "data"


def pytest_configure(config: pytest.Config) -> None:
    if os.environ.get("JMS_REQUIRE_POSTGRES") and not PG_URL:
        raise pytest.UsageError(
            "JMS_REQUIRE_POSTGRES is set but JMS_TEST_POSTGRES_URL is not: start PostgreSQL "
            "with scripts/postgres.sh (the README's test command does)."
        )


def fresh_postgres_database() -> tuple[str, Any]:
    """A new empty database on the test server; returns its URL and a dropper."""
    name = f"jms_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(PG_URL).set(database=name).render_as_string(hide_password=False)

    def drop() -> None:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return url, drop


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'jms.sqlite'}"
        return
    url, drop = fresh_postgres_database()
    yield url
    drop()


@pytest.fixture
def jms_config() -> dict[str, Any]:
    """Extra JmsApp settings a test module may override."""
    return {}


@pytest.fixture
def jp_server_config(db_url: str, jms_config: dict[str, Any]) -> Config:
    return Config(
        {
            "ServerApp": {
                "jpserver_extensions": {"jupyter_jms": True},
                "identity_provider_class": "jupyter_jms.auth.JmsIdentityProvider",
            },
            "JmsApp": {"database_url": db_url, "identity": "server", **jms_config},
        }
    )


class Api:
    """Calls the REST API as a given demo member (or anonymously with user=None)."""

    def __init__(self, fetch: Any, tokens: dict[str, str], services: Any, root: Path) -> None:
        self.fetch = fetch
        self.tokens = tokens
        self.services = services
        self.root = root

    async def send(
        self,
        user: str | None,
        method: str,
        path: str,
        body: Any = None,
        params: dict[str, Any] | None = None,
        raw: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> tuple[Any, bytes | None]:
        """The response to a request as ``user`` (JSON ``body`` or ``raw`` bytes), and the
        bytes sent."""
        hdrs = {"Authorization": f"token {self.tokens[user]}" if user else ""}
        hdrs.update(headers or {})
        kwargs: dict[str, Any] = {"method": method, "headers": hdrs, "raise_error": False}
        sent = None
        if method in ("POST", "PUT", "PATCH"):
            sent = raw if raw is not None else json.dumps(body if body is not None else {}).encode()
            kwargs["body"] = sent
        parts = ["jms", "api", *path.split("/")]
        return await self.fetch(*parts, params=params, **kwargs), sent

    async def call(
        self, user: str | None, method: str, path: str, body: Any = None, **kw: Any
    ) -> tuple[int, Any]:
        """The status and the decoded body (``kw``: ``params``, ``raw``, ``headers``)."""
        resp, _ = await self.send(user, method, path, body, **kw)
        data: Any = None
        if resp.body:
            try:
                data = json.loads(resp.body)
            except ValueError:
                # text (HTML, YAML), or the bytes of a download (a zip)
                data = resp.body.decode("utf-8", errors="surrogateescape")
        return resp.code, data

    async def ok(
        self, user: str | None, method: str, path: str, body: Any = None, **kw: Any
    ) -> Any:
        code, data = await self.call(user, method, path, body, **kw)
        assert code < 300, (code, data)
        return data

    async def submit(self, rel: str = "posts/p.ipynb", user: str = "eve", **post: Any) -> Any:
        """Write a post notebook (``post`` is its metadata) and submit it as ``user``."""
        self.write_post(rel, **post)
        return await self.ok(user, "POST", "drafts", {"path": rel})

    async def approve(self, user: str, draft_id: str, revision: int = 1) -> Any:
        """``user`` approves ``revision`` of a draft with every checklist item passed."""
        body = {"revision": revision, "verdict": "approve", "checklist": CHECK_ALL}
        return await self.ok(user, "POST", f"drafts/{draft_id}/reviews", body)

    def write_post(self, rel: str, **post: Any) -> str:
        from jupyter_jms.sample.posts import make_post, write_notebook

        title = post.pop("title", "A post about JupyterLab")
        body = post.pop("body", None)
        error = post.pop("error", False)
        extra = {"body": body} if body else {}
        nb = make_post(title, error=error, **extra, **post)
        write_notebook(self.root, rel, nb)
        return rel

    def edit_post(self, rel: str, title: str) -> None:
        """Edit a notebook the way a person does: same cells (same ids), new words."""
        path = self.root / rel
        nb = json.loads(path.read_text())
        nb["metadata"]["jms"]["title"] = title
        nb["cells"][0]["source"] = f"# {title}\n\nRewritten after review."
        path.write_text(json.dumps(nb, indent=1))

    def count_events(self) -> int:
        from sqlalchemy import func, select

        from jupyter_jms.store.models import Event

        with self.services.store.read() as s:
            return s.scalar(select(func.count()).select_from(Event)) or 0


MEMBERS = ("ada", "ben", "carla", "dana", "eve", "zed")
# Who the tests act as when they set things up with the owner's authority.
OWNER = Caller("test", ADMIN_ROLES)


@pytest.fixture
def jms_services(jp_serverapp: Any) -> Any:
    return jp_serverapp.web_app.settings["jms"]


@pytest.fixture
def api(jp_fetch: Any, jms_services: Any, jp_root_dir: Path) -> Api:
    """The demo roster and the real channel list, and a token per member.

    ada, ben: editors; carla: council (es, pt); dana: admin + chair; eve: an author who is not
    a member; zed: a member with no role now (a former editor).
    """
    svc = jms_services
    roster = (DATA / "demo-roster.yaml").read_text().replace("finn", "zed")
    svc.members.import_roster_text(roster, actor="test")
    from jupyter_jms.services.registry.roster import parse_roster

    svc.members.import_roster(
        parse_roster({"members": [{"username": "eve", "name": "Eve Author"}]}), actor="test"
    )
    svc.channels.import_text((DATA / "jupyter-channels.yaml").read_text(), actor="test")
    tokens = {u: svc.tokens.create(OWNER, u)[0] for u in MEMBERS}
    return Api(jp_fetch, tokens, svc, Path(jp_root_dir))


CHECK_ALL = all_passed()


@pytest.fixture
def server_url(jp_http_port: int, jp_base_url: str) -> str:
    """The live server's address, as a widget panel in a kernel would be given it."""
    return f"http://localhost:{jp_http_port}{jp_base_url}"


@pytest.fixture
def panel_as(api: Api, server_url: str) -> Any:
    """Opens a widget panel (its class, then a member) on the live server; waits until it
    has loaded."""

    async def make(cls: Any, user: str, **kwargs: Any) -> Any:
        panel = cls(url=server_url, token=api.tokens[user], **kwargs)
        await panel.wait()
        return panel

    return make
