"""`jupyter jms demo`'s sample data: the roster, the channels with grants and a closed vote,
eve's posts in every review state, and two years of history (``demo_root.py`` lays out a demo's
folder, ``demo_run.py`` starts its servers)."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path
from typing import Any

from ..container import Services
from ..domain.access import ADMIN_ROLES, Caller
from ..domain.checklist import all_passed
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
    # The blog is exported for an editor to paste; every other channel is manual (an editor
    # records where it went out): the demo posts to no platform and runs no stand-in.
    for channel in data["channels"]:
        channel["connector"] = "blog_export" if channel["id"] == "blog" else "manual"
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
