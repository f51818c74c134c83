"""`jupyter jms demo`: a fresh temporary root with sample members, channels and drafts."""

from __future__ import annotations

import argparse
import json
import os
import socket
import tempfile
import threading
import time
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


def seed(services: Services, root: Path, *, history: bool = True) -> dict[str, str]:
    """Fill an empty database and root with demo data; returns a token per demo member.

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
        rel, size = write_notebook(root, rel, nb)
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
        root,
        "posts/my-new-post.ipynb",
        make_post("My new post (not submitted yet)", authors=["eve"], channels=["blog"]),
    )
    if history:
        generate(services)
    return tokens


def prepare(root: Path, db_url: str) -> dict[str, str]:
    store = Store(db_url)
    store.ensure_schema()
    services = Services(store, JmsSettings(database_url=db_url, identity="server", workers=1))
    try:
        return seed(services, root)
    finally:
        services.close()


def instructions(tokens: dict[str, str], port: int) -> str:
    lines = [
        "",
        "jupyter-jms demo: act as a member by opening their link (one browser profile each),",
    ]
    lines.append("or by sending their token to the REST API:")
    for user, role in DEMO_MEMBERS.items():
        lines.append(f"  {user:<6} {role}")
        lines.append(f"         http://localhost:{port}/lab?token={tokens[user]}")
    lines.append("")
    lines.append("Example, as the editor ada:")
    lines.append(
        f'  curl -H "Authorization: token {tokens["ada"]}" http://localhost:{port}/jms/api/drafts'
    )
    return "\n".join(lines)


def _announce_when_up(port: int, text: str, timeout: float = 120) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                time.sleep(1.5)
                print(text, flush=True)
                return
        except OSError:
            time.sleep(0.5)


def run_demo(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="jupyter jms demo", add_help=True)
    parser.add_argument("--root", help="folder for the demo (default: a new temporary one)")
    parser.add_argument(
        "--prepare-only", action="store_true", help="create the data, do not start Lab"
    )
    parser.add_argument("--port", type=int, default=8888)
    args, rest = parser.parse_known_args(argv)
    root = Path(args.root or tempfile.mkdtemp(prefix="jms-demo-")).resolve()
    root.mkdir(parents=True, exist_ok=True)
    db_url = f"sqlite:///{root / '.jms' / 'jms.sqlite'}"
    tokens = prepare(root, db_url)
    (root / ".jms" / "tokens.json").write_text(json.dumps(tokens, indent=1))
    print(f"demo root: {root}\ndatabase: {db_url}")
    print(instructions(tokens, args.port))
    if args.prepare_only:
        return 0
    # The demo's own database, whatever the environment or the Jupyter config name.
    os.environ["JMS_DATABASE_URL"] = db_url
    from jupyterlab.labapp import LabApp

    # Say it again once the server is up, below its own start-up log.
    threading.Thread(
        target=_announce_when_up, args=(args.port, instructions(tokens, args.port)), daemon=True
    ).start()

    LabApp.launch_instance(
        argv=[
            f"--ServerApp.root_dir={root}",
            f"--ServerApp.port={args.port}",
            "--ServerApp.port_retries=0",
            "--ServerApp.identity_provider_class=jupyter_jms.auth.JmsIdentityProvider",
            "--JmsApp.identity=server",
            f"--JmsApp.database_url={db_url}",
            *(["--allow-root"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []),
            *rest,
        ]
    )
    return 0
