"""Publishing to a real Bluesky PDS from npm's @atproto/dev-env (opt-in).

Runs when ``JMS_TEST_ATPROTO_DEVENV`` names a folder where ``npm install @atproto/dev-env``
was run, with Node 22 or later as ``node`` (or ``JMS_TEST_NODE``); skipped otherwise. The
PDS checks the records against the real lexicons and resolves handles itself."""

# The fixtures are imported from publish_fixtures and named as test arguments, as pytest wants.
# ruff: noqa: F811

from __future__ import annotations

import json
import os
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fakes.scenario import OWNER, approved_draft
from publish_fixtures import (  # noqa: F401 (fixtures)
    bluesky,
    channels,
    jms_config,
    mastodon,
    pub,
    publish,
    run_publisher,
)

DEVENV = os.environ.get("JMS_TEST_ATPROTO_DEVENV", "")
pytestmark = pytest.mark.skipif(
    not DEVENV, reason="JMS_TEST_ATPROTO_DEVENV (a folder with @atproto/dev-env) is not set"
)
SCRIPT = Path(__file__).parent / "fakes" / "atproto_devenv.mjs"
BLOG_URL = "https://blog.jupyter.org/release-notes-pds-5c1b2e"


@pytest.fixture(scope="module")
def pds() -> Iterator[dict[str, Any]]:
    node = os.environ.get("JMS_TEST_NODE", "node")
    proc = subprocess.Popen(
        [node, str(SCRIPT), DEVENV],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    started = time.monotonic()
    line = proc.stdout.readline() if proc.stdout else ""
    if not line:
        proc.kill()
        err = proc.stderr.read() if proc.stderr else ""
        pytest.fail(f"the dev-env PDS did not start: {err[-2000:]}")
    info: dict[str, Any] = json.loads(line)
    info["startup_seconds"] = round(time.monotonic() - started, 1)
    yield info
    proc.terminate()
    try:
        proc.wait(20)
    except subprocess.TimeoutExpired:
        proc.kill()


@pytest.fixture
def on_pds(pub: Any, pds: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> Any:
    """The Bluesky channel pointed at the real PDS as jupyter.test."""
    svc = pub.services
    version = svc.channels.get("bluesky")["version"]
    body = {"api_url": pds["pds"], "handle": "jupyter.test", "if_version": version}
    svc.channels.update(OWNER, "bluesky", body)
    monkeypatch.setenv("JMS_TEST_BLUESKY_PASSWORD", pds["accounts"]["jupyter.test"]["app_password"])
    return pub


def _record(pds: dict[str, Any], uri: str) -> dict[str, Any]:
    from atproto import Client

    client = Client(base_url=pds["pds"])
    repo, collection, rkey = uri.removeprefix("at://").split("/")
    got = client.com.atproto.repo.get_record({"repo": repo, "collection": collection, "rkey": rkey})
    value: dict[str, Any] = got.model_dump(by_alias=True)["value"]
    return value


async def test_a_post_with_a_mention_a_link_and_its_card_goes_out_on_a_real_pds(on_pds, pds):
    text = "🪐 Thanks @ada.test and @nobody.test: {blog_url}"
    did = approved_draft(
        on_pds.services, "pds", cover=True, bluesky=text, channels=("blog", "bluesky")
    )
    code, data = await publish(on_pds, did)
    assert code == 200, data
    await on_pds.ok(
        "ada", "POST", f"drafts/{did}/channels/blog/mark", {"mark": "done", "url": BLOG_URL}
    )
    await run_publisher(on_pds)
    ch = (await channels(on_pds, did))["bluesky"]
    assert ch["state"] == "posted", ch
    jupyter_did = pds["accounts"]["jupyter.test"]["did"]
    assert ch["remote_id"].startswith(f"at://{jupyter_did}/app.bsky.feed.post/")

    record = _record(pds, ch["remote_id"])
    sent = text.replace("{blog_url}", BLOG_URL)
    assert record["text"] == sent
    raw = sent.encode()
    spans = [
        (
            raw[f["index"]["byteStart"] : f["index"]["byteEnd"]].decode(),
            f["features"][0].get("did") or f["features"][0].get("uri"),
        )
        for f in record["facets"]
    ]
    assert spans == [
        ("@ada.test", pds["accounts"]["ada.test"]["did"]),
        (BLOG_URL, BLOG_URL),
    ]
    assert "@nobody.test could not be resolved" in ch["attempts"][-1]["notes"][0]
    external = record["embed"]["external"]
    assert external["uri"] == BLOG_URL and external["title"] == "Release notes pds"
    assert external["thumb"]["mimeType"] == "image/png"


async def test_a_retry_finds_the_record_on_the_real_pds_instead_of_posting_again(on_pds, pds):
    did = approved_draft(
        on_pds.services,
        "pds2",
        bluesky="Once https://blog.jupyter.org/o",
        channels=("blog", "bluesky"),
    )
    await publish(on_pds, did)
    await run_publisher(on_pds)
    first = (await channels(on_pds, did))["bluesky"]
    assert first["state"] == "posted"
    # The connector looks the record key up before a retry: the PDS has it.
    from jupyter_jms.services.publishing import connectors
    from jupyter_jms.services.publishing.connectors.protocol import Outgoing, Unknown

    conn = connectors.build(
        "bluesky",
        pds["pds"],
        pds["accounts"]["jupyter.test"]["app_password"],
        "jupyter.test",
        10.0,
    )
    key = first["remote_id"].rsplit("/", 1)[-1]
    found = conn.find(Outgoing(text="", key=key))
    assert found is not None and found.remote_id == first["remote_id"]
    assert conn.find(Outgoing(text="", key="3kabcdefghij2")) is None
    # A second createRecord with the same key: the PDS answers 500 (its unique key), which
    # the connector takes as an unknown outcome (unconfirmed); the record is the first one.
    with pytest.raises(Unknown):
        conn.post(Outgoing(text="Once again", key=key))
    assert _record(pds, first["remote_id"])["text"] == "Once https://blog.jupyter.org/o"
