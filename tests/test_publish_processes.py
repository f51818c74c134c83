"""Publishing across processes: a service killed with SIGKILL between claiming a channel and
hearing back, then restarted; two service processes racing on one database. Each process
runs the same ``Publisher.run_due`` the extension's loop runs (fakes/publisher_process.py),
against stand-ins of Mastodon and Bluesky on 127.0.0.1."""

# The fixtures are imported from publish_fixtures and named as test arguments, as pytest wants.
# ruff: noqa: F811

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fakes.bluesky_pds import FakeBluesky
from fakes.mastodon_api import FakeMastodon
from fakes.scenario import (
    ENV,
    TEXTS,
    approved_draft,
    by_channel,
    mark,
    prepare_registry,
    publish_now,
    view,
)
from publish_fixtures import bluesky, mastodon  # noqa: F401 (fixtures)

from jupyter_jms.container import JmsSettings, Services

WORKER = Path(__file__).resolve().parent / "fakes" / "publisher_process.py"
BLOG_URL = "https://blog.jupyter.org/release-notes-p-77aa10"


@pytest.fixture
def svc(db_url: str, mastodon: FakeMastodon, bluesky: FakeBluesky) -> Iterator[Services]:
    services = Services.build(JmsSettings(database_url=db_url, publish_interval=0))
    prepare_registry(services, mastodon.url, bluesky.url)
    yield services
    services.close()


def start(db_url: str, claim_timeout: float = 300, call_timeout: float = 60) -> Any:
    env = {**os.environ, **ENV}
    return subprocess.Popen(
        [sys.executable, str(WORKER), db_url, str(claim_timeout), str(call_timeout)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finish(proc: Any, timeout: float = 120) -> dict[str, Any]:
    out, err = proc.communicate(timeout=timeout)
    assert proc.returncode == 0, err[-3000:]
    result: dict[str, Any] = json.loads(out.strip().splitlines()[-1])
    return result


def run(db_url: str, **kw: Any) -> dict[str, Any]:
    return finish(start(db_url, **kw))


def kill_when_called(proc: Any, fake: Any) -> None:
    """SIGKILL ``proc`` once its posting call has reached ``fake`` (it is waiting for the
    answer: the platform has the post, the service does not know it)."""
    assert fake.state.behaviour.arrived.wait(90), proc.stderr.read()[-3000:]
    time.sleep(0.2)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(10)
    assert proc.returncode == -signal.SIGKILL


def test_killed_mid_call_then_restarted_posts_once_and_publishes(svc, db_url, mastodon, bluesky):
    """The whole issue's scenario: blog, Mastodon and Bluesky, scheduled for now, with a
    service killed in the middle: one status on each, the approved text with the blog's URL,
    the draft published with three links."""
    did = approved_draft(svc)
    publish_now(svc, did)
    mark(svc, did, "blog", mark="done", url=BLOG_URL)
    mastodon.state.behaviour.mode = "stall"

    first = start(db_url)
    kill_when_called(first, mastodon)
    assert len(mastodon.statuses) == 1
    assert by_channel(view(svc, did))["mastodon"]["state"] == "claimed"

    # Restarted: the claim is fresh, so this process leaves it alone and posts the rest.
    mastodon.state.behaviour.mode = "ok"
    run(db_url)
    ch = by_channel(view(svc, did))
    assert ch["bluesky"]["state"] == "posted"
    assert ch["mastodon"]["state"] == "claimed"
    # Once the claim is older than a call could take, it is unconfirmed, never re-posted.
    run(db_url, claim_timeout=0)
    ch = by_channel(view(svc, did))
    assert ch["mastodon"]["state"] == "unconfirmed"
    assert "whether it went out is unknown" in ch["mastodon"]["error"]
    run(db_url, claim_timeout=0)
    assert mastodon.state.behaviour.calls == 1 and len(mastodon.statuses) == 1

    # A person finds the status and records it: the draft is published.
    mark(svc, did, "mastodon", mark="done", url=mastodon.statuses[0]["url"])
    pub = view(svc, did)
    assert pub["state"] == "published"
    assert {c["channel"]: c["url"] for c in pub["channels"]} == {
        "blog": BLOG_URL,
        "mastodon": mastodon.statuses[0]["url"],
        "bluesky": by_channel(pub)["bluesky"]["url"],
    }
    assert [s["text"] for s in mastodon.statuses] == [
        TEXTS["mastodon"].replace("{blog_url}", BLOG_URL)
    ]
    assert bluesky.posts() == [TEXTS["bluesky"].replace("{blog_url}", BLOG_URL)]


def test_a_bluesky_post_cut_off_by_a_kill_is_found_on_retry(svc, db_url, bluesky):
    did = approved_draft(svc, bluesky="Out now https://blog.jupyter.org/k")
    publish_now(svc, did)
    bluesky.state.behaviour.mode = "stall"
    first = start(db_url)
    kill_when_called(first, bluesky)
    bluesky.state.behaviour.mode = "ok"
    run(db_url, claim_timeout=0)
    assert by_channel(view(svc, did))["bluesky"]["state"] == "unconfirmed"
    mark(svc, did, "bluesky", mark="retry")
    run(db_url)
    ch = by_channel(view(svc, did))["bluesky"]
    assert ch["state"] == "posted"
    assert bluesky.state.behaviour.calls == 1 and len(bluesky.state.records) == 1


def test_two_service_processes_racing_post_each_channel_once(svc, db_url, mastodon, bluesky):
    drafts = [
        approved_draft(
            svc,
            f"r{i}",
            mastodon=f"Post {i}: https://blog.jupyter.org/r{i}",
            bluesky=f"Post {i} https://blog.jupyter.org/r{i}",
        )
        for i in range(4)
    ]
    for did in drafts:
        publish_now(svc, did)
    # Each call takes a while, so the two processes overlap for the whole run.
    mastodon.state.behaviour.delay_seconds = 0.3
    bluesky.state.behaviour.delay_seconds = 0.3
    procs = [start(db_url), start(db_url)]
    results = [finish(p) for p in procs]
    assert sum(r["ran"] for r in results) == 8
    assert sorted(s["text"] for s in mastodon.statuses) == [
        f"Post {i}: https://blog.jupyter.org/r{i}" for i in range(4)
    ]
    assert sorted(bluesky.posts()) == [f"Post {i} https://blog.jupyter.org/r{i}" for i in range(4)]
    assert mastodon.state.behaviour.calls == 4 and bluesky.state.behaviour.calls == 4
    workers = set()
    for did in drafts:
        ch = by_channel(view(svc, did))
        for name in ("mastodon", "bluesky"):
            assert ch[name]["state"] == "posted"
            assert len(ch[name]["attempts"]) == 1
            workers.add(ch[name]["attempts"][0]["by"])
    print("rows posted by", len(workers), "processes")
