"""A post ready to publish, set up through the services (the same ones the API calls):
the demo roster, the real channel list with Mastodon and Bluesky pointed at stand-ins, a
publisher grant per channel whose credential is an environment variable, and an approved
draft naming the blog, Mastodon and Bluesky with its social texts."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jupyter_jms.domain.access import ADMIN_ROLES, Caller
from jupyter_jms.domain.checklist import all_passed
from jupyter_jms.sample.posts import make_post
from jupyter_jms.services.registry.roster import parse_roster

DATA = Path(__file__).resolve().parents[2] / "jupyter_jms" / "data"
OWNER = Caller("test", ADMIN_ROLES)
ENV = {"JMS_TEST_MASTODON_TOKEN": "masto-token", "JMS_TEST_BLUESKY_PASSWORD": "bsky-app-pass"}
MASTODON_ACCOUNTS = {"masto-token": "ProjectJupyter"}
BLUESKY_ACCOUNTS = {"jupyter.org": "bsky-app-pass"}
TEXTS = {
    "mastodon": "A new post on the Jupyter blog: {blog_url} #Jupyter",
    "bluesky": "New on the Jupyter blog 📓 {blog_url}",
}


def caller(svc: Any, username: str) -> Caller:
    result: Caller = svc.members.caller(username)
    return result


def prepare_registry(svc: Any, mastodon_url: str, bluesky_url: str) -> None:
    """The demo roster, eve (an author), the real channels, then ``connect_channels``."""
    svc.members.import_roster_text((DATA / "demo-roster.yaml").read_text(), actor="test")
    svc.members.import_roster(
        parse_roster({"members": [{"username": "eve", "name": "Eve Author"}]}), actor="test"
    )
    svc.channels.import_text((DATA / "jupyter-channels.yaml").read_text(), actor="test")
    connect_channels(svc, mastodon_url, bluesky_url)


def connect_channels(svc: Any, mastodon_url: str, bluesky_url: str) -> None:
    """The blog exported; Mastodon and Bluesky posted to the stand-ins with dana's grants."""
    for cid, connector, url in (
        ("blog", "blog_export", ""),
        ("mastodon", "mastodon", mastodon_url),
        ("bluesky", "bluesky", bluesky_url),
    ):
        version = svc.channels.get(cid)["version"]
        body = {"connector": connector, "api_url": url, "if_version": version}
        svc.channels.update(OWNER, cid, body)
    for cid, ref in (
        ("mastodon", "env://JMS_TEST_MASTODON_TOKEN"),
        ("bluesky", "env://JMS_TEST_BLUESKY_PASSWORD"),
    ):
        svc.grants.create(
            OWNER,
            cid,
            {"username": "dana", "access": "publisher", "vault_ref": ref, "reason": "posts"},
        )


# A 1x1 PNG, attached to the first cell as the cover image.
PNG = (
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5"
    "ErkJggg=="
)
COVER_ALT = "The JupyterLab 5 interface with the new debugger open"


def approved_draft(
    svc: Any,
    name: str = "p",
    cover: bool = False,
    channels: tuple[str, ...] = ("blog", "mastodon", "bluesky"),
    **social: str,
) -> str:
    """An approved draft for the blog, Mastodon and Bluesky (or ``channels``); returns its id."""
    texts = {c: t for c, t in {**TEXTS, **social}.items() if c in channels}
    extra: dict[str, Any] = {}
    if cover:
        extra["image"] = {"path": "attachment:cover.png", "alt": COVER_ALT}
    nb = make_post(
        f"Release notes {name}",
        authors=["eve"],
        channels=list(channels),
        social=texts,
        **extra,
    )
    if cover:
        nb["cells"][0]["source"] += "\n\n![" + COVER_ALT + "](attachment:cover.png)"
        nb["cells"][0]["attachments"] = {"cover.png": {"image/png": PNG}}
    import json

    size = len(json.dumps(nb).encode())
    draft = svc.drafts.submit(caller(svc, "eve"), f"posts/{name}.ipynb", nb, size, label=True)
    svc.reviews.review(
        caller(svc, "ada"),
        draft["id"],
        {"revision": 1, "verdict": "approve", "checklist": all_passed()},
    )
    did: str = draft["id"]
    return did


def publish_now(svc: Any, draft_id: str, **body: Any) -> dict[str, Any]:
    version = svc.drafts.get(caller(svc, "ada"), draft_id)["version"]
    out: dict[str, Any] = svc.publishing.publish(
        caller(svc, "ada"), draft_id, {"if_version": version, **body}
    )
    return out


def mark(svc: Any, draft_id: str, channel: str, **body: Any) -> dict[str, Any]:
    out: dict[str, Any] = svc.publishing.mark(caller(svc, "ada"), draft_id, channel, body)
    return out


def view(svc: Any, draft_id: str) -> dict[str, Any]:
    out: dict[str, Any] = svc.publishing.view(caller(svc, "ada"), draft_id)
    return out


def by_channel(publication: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {c["channel"]: c for c in publication["channels"]}
