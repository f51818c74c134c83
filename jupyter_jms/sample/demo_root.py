"""A demo's folder: everything of one demo, so that it can be started again with its data,
tokens and links::

    ROOT/.jms/jms.sqlite        the JMS service's database
    ROOT/.jms/tokens.json       each member's token on the service
    ROOT/.jms/lab-tokens.json   each member's own JupyterLab token
    ROOT/.jms/labs.json         while the demo runs: each Lab's URL and token, and the service's
    ROOT/.jms/logs/             one log per server
    ROOT/service/               the service's Jupyter root: empty, drafts live in the database
    ROOT/labs/USER/             each member's own Lab (eve's holds her post notebooks)
"""

from __future__ import annotations

import json
import os
import secrets
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from typing import Any

from ..container import JmsSettings, Services
from ..store.db import SchemaMismatch, Store
from .demo import DEMO_MEMBERS, seed


class DemoError(Exception):
    """The demo cannot start; the message is one sentence for the person who ran it."""


@dataclass(frozen=True)
class DemoRoot:
    """Where each part of a demo lives under its root (see the module's docstring)."""

    root: Path

    @property
    def jms(self) -> Path:
        return self.root / ".jms"

    @property
    def db_url(self) -> str:
        return f"sqlite:///{self.jms / 'jms.sqlite'}"

    @property
    def tokens_file(self) -> Path:
        return self.jms / "tokens.json"

    @property
    def lab_tokens_file(self) -> Path:
        return self.jms / "lab-tokens.json"

    @property
    def labs_file(self) -> Path:
        return self.jms / "labs.json"

    @property
    def logs(self) -> Path:
        return self.jms / "logs"

    @property
    def service_root(self) -> Path:
        return self.root / "service"

    def lab(self, user: str) -> Path:
        return self.root / "labs" / user

    def workspaces(self, user: str) -> Path:
        """Each Lab's own layout, so that one member's open tabs do not follow another."""
        return self.jms / "workspaces" / user


@dataclass(frozen=True)
class Demo:
    where: DemoRoot
    tokens: dict[str, str]
    lab_tokens: dict[str, str]
    restarted: bool


def write_private(path: Path, data: Any) -> None:
    """JSON readable by its owner only, from its first byte (it holds tokens), and whole
    once it has its name (tools wait for labs.json to appear, then read it)."""
    part = path.with_name(path.name + ".part")
    fd = os.open(part, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        json.dump(data, out, indent=1)
    os.replace(part, path)


def _read_tokens(path: Path) -> dict[str, str]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise DemoError(
            f"{path} is not a demo's token file: remove its folder or choose another --root."
        ) from None
    if not isinstance(data, dict) or not set(DEMO_MEMBERS) <= set(data):
        raise DemoError(
            f"{path} lacks some demo members' tokens: remove its folder or choose another --root."
        )
    return {str(k): str(v) for k, v in data.items()}


LAB_README = """# {user}'s JupyterLab in the jupyter-jms demo

This Lab is {user}'s own Jupyter server. Its Media sidebar (left bar) talks to the demo's
JMS service as {user}: the review queue, drafts, channels and reviews all come from there.

Write a post in a notebook, then use "Submit for review" in the notebook's toolbar.
"""


def _furnish_labs(where: DemoRoot) -> None:
    """Each member's Lab folder with a README, and the editors' dashboard notebook for the
    members; what is already there (a member's own edits) is kept."""
    dashboard = files("jupyter_jms") / "widgets" / "editor_dashboard.ipynb"
    for user in DEMO_MEMBERS:
        lab = where.lab(user)
        lab.mkdir(parents=True, exist_ok=True)
        readme = lab / "README.md"
        if not readme.exists():
            readme.write_text(LAB_README.format(user=user), encoding="utf-8")
        copy = lab / "editor_dashboard.ipynb"
        if user != "eve" and dashboard.is_file() and not copy.exists():
            copy.write_bytes(dashboard.read_bytes())


def open_demo(root: Path) -> Demo:
    """The demo in ``root``: the one already there (its database and tokens, upgraded to this
    version's schema), or a new one seeded with the sample data."""
    where = DemoRoot(root)
    db = where.jms / "jms.sqlite"
    has_db, has_tokens = db.exists(), where.tokens_file.exists()
    if has_db != has_tokens:
        missing = where.tokens_file.name if has_db else db.name
        raise DemoError(
            f"{where.jms} holds part of a demo (no {missing}), perhaps from an interrupted "
            "start: remove that folder or choose another --root."
        )
    where.jms.mkdir(mode=0o700, parents=True, exist_ok=True)
    restarted = has_db
    if restarted:
        tokens = _read_tokens(where.tokens_file)
        store = Store(where.db_url)
        try:
            store.ensure_schema()
        except SchemaMismatch as exc:
            raise DemoError(
                f"{exc} For this demo: jupyter jms --db {where.db_url} db upgrade"
            ) from None
        finally:
            store.dispose()
    else:
        tokens = prepare(where)
    lab_tokens = _read_tokens(where.lab_tokens_file) if where.lab_tokens_file.exists() else {}
    if set(DEMO_MEMBERS) - set(lab_tokens):
        lab_tokens = {u: lab_tokens.get(u) or secrets.token_hex(24) for u in DEMO_MEMBERS}
        write_private(where.lab_tokens_file, lab_tokens)
    where.service_root.mkdir(mode=0o700, exist_ok=True)
    _furnish_labs(where)
    return Demo(where, tokens, lab_tokens, restarted)


def prepare(where: DemoRoot) -> dict[str, str]:
    """A new demo database and eve's post notebooks; writes and returns the member tokens."""
    store = Store(where.db_url)
    store.ensure_schema()
    services = Services(store, JmsSettings(database_url=where.db_url, identity="server", workers=1))
    try:
        tokens = seed(services, where.lab("eve"))
    finally:
        services.close()
    # Written last: a database without its tokens file is an interrupted start (see open_demo).
    write_private(where.tokens_file, tokens)
    return tokens
