"""`jupyter jms demo`: the demo's data and folders (``demo_run.py`` starts its servers).

A demo root holds everything of one demo, so that it can be started again with its data,
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
from ..domain.access import ADMIN_ROLES, Caller
from ..domain.checklist import all_passed
from ..store.db import Store
from .history import generate
from .posts import LOREM_ES, make_post, write_notebook

DEMO_MEMBERS = {
    "ada": "editor",
    "ben": "editor",
    "carla": "council vetter (es, pt)",
    "dana": "admin and chair",
    "eve": "author (not a JMS member)",
}

CHECK_ALL = all_passed()


def seed_registry(services: Services, channels_yaml: str) -> None:
    """The real channel list, a few access grants, and the closed vote that retired Facebook.

    Facebook starts active here so that the demo shows a channel retired by a decision.
    """
    import yaml

    data = yaml.safe_load(channels_yaml)
    facebook = next(c for c in data["retired"] if c["id"] == "facebook")
    data["retired"].remove(facebook)
    data["channels"].append({k: v for k, v in facebook.items() if k != "retired"})
    services.channels.import_text(yaml.safe_dump(data), actor="demo")
    caller = services.members.caller
    dana = caller("dana")
    for channel, username, access, ref in (
        ("mastodon", "dana", "admin", "op://JMS/Mastodon ProjectJupyter/password"),
        ("mastodon", "ada", "publisher", "op://JMS/Mastodon ProjectJupyter/password"),
        ("bluesky", "ben", "publisher", "op://JMS/Bluesky jupyter.org/app password"),
        ("blog", "ada", "publisher", "op://JMS/Medium Jupyter Blog"),
    ):
        services.grants.create(
            dana,
            channel,
            {"username": username, "access": access, "vault_ref": ref, "reason": "demo"},
        )
    vote = services.decisions.create(
        dana,
        {
            "type": "vote",
            "title": "Retire the Facebook page",
            "body": "Nobody reads it; the blog and Mastodon reach the community.",
            "seconded_by": "ada",
            "period_days": 0,
            "present": ["ada", "ben", "dana"],
            "channel": "facebook",
            "channel_action": "retire",
        },
    )
    for voter, choice in (("ada", "yes"), ("ben", "yes"), ("dana", "blank")):
        services.decisions.vote(caller(voter), vote["id"], {"choice": choice})
    services.decisions.close(dana, vote["id"], {})


def seed(services: Services, eve_root: Path, *, history: bool = True) -> dict[str, str]:
    """Fill an empty database with demo data and eve's Lab (``eve_root``) with her post
    notebooks; returns a service token per demo member.

    ``history`` adds two years of meetings, attendance and posts (``jupyter_jms.sample.history``)
    so the governance reports have something to show.
    """
    data = files("jupyter_jms") / "data"
    services.members.import_roster_text((data / "demo-roster.yaml").read_text(), actor="demo")
    seed_registry(services, (data / "jupyter-channels.yaml").read_text())
    owner = Caller("demo", ADMIN_ROLES)
    tokens = {u: services.tokens.create(owner, u, note="demo")[0] for u in DEMO_MEMBERS}
    caller = services.members.caller
    eve = caller("eve")

    def submit(rel: str, nb: dict[str, Any]) -> dict[str, Any]:
        rel, size = write_notebook(eve_root, rel, nb)
        return services.drafts.submit(eve, rel, nb, size)

    social = {
        "mastodon": "JupyterLab 4.6 is out! Read more: https://blog.jupyter.org/jupyterlab-4-6"
    }
    submit(
        "posts/jupyterlab-4-6.ipynb",
        make_post(
            "JupyterLab 4.6 is out",
            subtitle="What is new in the latest JupyterLab release",
            authors=["eve"],
            channels=["blog", "mastodon"],
            social=social,
        ),
    )
    es = submit(
        "posts/jupyter-en-espanol.ipynb",
        make_post(
            "Jupyter en español",
            body=LOREM_ES,
            language="es",
            authors=["eve"],
            channels=["blog"],
        ),
    )
    rev = services.reviews
    rev.review(
        caller("ada"), es["id"], {"revision": 1, "verdict": "approve", "checklist": CHECK_ALL}
    )
    tp = submit(
        "posts/partner-notebook-service.ipynb",
        make_post(
            "A partner's hosted notebook service",
            third_party=True,
            third_party_benefit="Free notebook hosting for community workshops.",
            authors=["eve"],
            channels=["blog", "linkedin"],
            error=True,
        ),
    )
    rev.review(
        caller("ben"),
        tp["id"],
        {
            "revision": 1,
            "verdict": "request_changes",
            "checklist": {**CHECK_ALL, "vendor_neutral": "fail", "third_party_benefit": "pass"},
            "comment": "Please describe the benefit for the community, not the product.",
        },
    )
    recap = submit(
        "posts/jupytercon-recap.ipynb",
        make_post("JupyterCon recap", authors=["eve"], channels=["blog"]),
    )
    rev.review(
        caller("ada"), recap["id"], {"revision": 1, "verdict": "approve", "checklist": CHECK_ALL}
    )
    notes = submit(
        "posts/release-notes.ipynb",
        make_post("Jupyter Server 2 release notes", authors=["eve"], channels=["blog"]),
    )
    approved = rev.review(
        caller("ben"), notes["id"], {"revision": 1, "verdict": "approve", "checklist": CHECK_ALL}
    )
    rev.transition(
        caller("ada"),
        notes["id"],
        {
            "to": "published",
            "if_version": approved["version"],
            "publications": [{"channel": "blog", "url": "https://blog.jupyter.org/server-2"}],
        },
    )
    old = submit("posts/old-idea.ipynb", make_post("An idea we dropped", authors=["eve"]))
    rev.transition(eve, old["id"], {"to": "withdrawn", "if_version": old["version"]})
    write_notebook(
        eve_root,
        "posts/my-new-post.ipynb",
        make_post("My new post (not submitted yet)", authors=["eve"], channels=["blog"]),
    )
    if history:
        generate(services)
    return tokens


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
    from ..store.db import SchemaMismatch

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
