"""Requests that race: one state change per decision, no lost writes, no "database is locked"."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from conftest import CHECK_ALL
from sqlalchemy import create_engine, select, text
from sqlalchemy.pool import NullPool

from jupyter_jms.store.models import Event

APPROVE = {"revision": 1, "verdict": "approve", "checklist": CHECK_ALL}


def state_changes(api: Any, draft_id: str) -> list[dict[str, Any]]:
    with api.services.store.read() as s:
        rows = s.scalars(
            select(Event)
            .where(
                Event.subject_type == "draft",
                Event.subject_id == draft_id,
                Event.action == "draft.state_changed",
            )
            .order_by(Event.id)
        )
        return [dict(e.data) for e in rows]


async def submit(api: Any, rel: str, user: str = "eve") -> dict[str, Any]:
    api.write_post(rel, title=f"Post {rel}")
    return await api.ok(user, "POST", "drafts", {"path": rel})


async def test_two_editors_approving_at_once_change_the_state_once(api):
    drafts = [await submit(api, f"posts/p{i}.ipynb") for i in range(4)]
    for d in drafts:
        results = await asyncio.gather(
            api.call("ada", "POST", f"drafts/{d['id']}/reviews", APPROVE),
            api.call("ben", "POST", f"drafts/{d['id']}/reviews", APPROVE),
        )
        assert [code for code, _ in results] == [201, 201], results
        changes = state_changes(api, d["id"])
        assert [c["to"] for c in changes] == ["approved"], changes
        full = await api.ok("dana", "GET", f"drafts/{d['id']}")
        assert sorted(r["reviewer"] for r in full["reviews"]) == ["ada", "ben"]
        assert full["state"] == "approved" and full["approvals"] == 2
        assert full["version"] == 2  # one state change, one version bump


async def test_two_approvals_at_once_both_count_when_two_are_required(api, jms_services):
    jms_services.ctx.settings.required_approvals = 2
    for i in range(3):
        d = await submit(api, f"posts/two{i}.ipynb")
        results = await asyncio.gather(
            api.call("ada", "POST", f"drafts/{d['id']}/reviews", APPROVE),
            api.call("ben", "POST", f"drafts/{d['id']}/reviews", APPROVE),
        )
        assert [code for code, _ in results] == [201, 201], results
        # neither approval may be settled without seeing the other
        assert [c["to"] for c in state_changes(api, d["id"])] == ["in_review", "approved"]
        full = await api.ok("ada", "GET", f"drafts/{d['id']}")
        assert full["state"] == "approved" and full["approvals"] == 2


async def test_racing_transitions_on_one_version_let_exactly_one_through(api):
    d = await submit(api, "posts/race.ipynb")
    review = await api.ok("ada", "POST", f"drafts/{d['id']}/reviews", APPROVE)
    version = review["version"]
    results = await asyncio.gather(
        api.call("ada", "POST", f"drafts/{d['id']}/transitions",
                 {"to": "withdrawn", "if_version": version}),
        api.call("ben", "POST", f"drafts/{d['id']}/transitions",
                 {"to": "scheduled", "if_version": version,
                  "publish_at": "2030-01-01T10:00:00Z"}),
        api.call("eve", "POST", f"drafts/{d['id']}/transitions",
                 {"to": "withdrawn", "if_version": version}),
    )  # fmt: skip
    codes = sorted(code for code, _ in results)
    assert codes == [200, 409, 409], results
    winner = next(body for code, body in results if code == 200)
    full = await api.ok("ada", "GET", f"drafts/{d['id']}")
    assert full["state"] == winner["state"] and full["version"] == version + 1
    moves = [h["action"] for h in full["history"] if h["action"] in ("draft.withdrawn",
                                                                     "draft.scheduled")]  # fmt: skip
    assert len(moves) == 1


async def test_many_concurrent_submits_all_succeed(api):
    n = 12
    users = ["eve", "zed", "ada", "ben", "carla", "dana"]
    for i in range(n):
        api.write_post(f"posts/many{i}.ipynb", title=f"Many {i}")
    results = await asyncio.gather(
        *(
            api.call(users[i % len(users)], "POST", "drafts", {"path": f"posts/many{i}.ipynb"})
            for i in range(n)
        )
    )
    assert [code for code, _ in results] == [201] * n, [b for c, b in results if c != 201]
    ids = {body["id"] for _, body in results}
    assert len(ids) == n
    page = await api.ok("dana", "GET", "drafts", params={"limit": "200"})
    assert {d["id"] for d in page["items"]} == ids
    events = await api.ok("dana", "GET", "events", params={"limit": "1000"})
    submitted = [e for e in events["items"] if e["action"] == "draft.submitted"]
    assert sorted(e["subject_id"] for e in submitted) == sorted(ids)


async def test_concurrent_submits_of_one_notebook_open_one_draft(api):
    api.write_post("posts/same.ipynb", authors=["eve", "zed"])
    results = await asyncio.gather(
        *(api.call(u, "POST", "drafts", {"path": "posts/same.ipynb"}) for u in ["eve", "zed"] * 3)
    )
    codes = sorted(code for code, _ in results)
    assert codes == [201] + [409] * 5, results
    page = await api.ok("dana", "GET", "drafts")
    assert page["total"] == 1


async def test_reads_and_reviews_interleave_without_errors(api):
    drafts = [await submit(api, f"posts/mix{i}.ipynb") for i in range(6)]
    calls = []
    for d in drafts:
        calls += [
            api.call("ada", "POST", f"drafts/{d['id']}/reviews", APPROVE),
            api.call("ben", "POST", f"drafts/{d['id']}/comments", {"body": "Looks good."}),
            api.call("eve", "GET", f"drafts/{d['id']}"),
            api.call("carla", "GET", "drafts"),
            api.call("dana", "GET", "events"),
        ]
    results = await asyncio.gather(*calls)
    bad = [(code, body) for code, body in results if code >= 300]
    assert bad == []
    for d in drafts:
        assert [c["to"] for c in state_changes(api, d["id"])] == ["approved"]


async def test_connections_the_database_server_ended_are_replaced(api):
    """PostgreSQL restarted or ended idle sessions: the next requests reconnect, no 500."""
    store = api.services.store
    if store.is_sqlite:
        pytest.skip("PostgreSQL connections only")
    api.services.settings_.caller_cache_seconds = 0  # every request looks its token up
    await submit(api, "posts/before.ipynb")
    assert (await api.ok("ada", "GET", "drafts"))["total"] == 1
    killer = create_engine(store.url, poolclass=NullPool, isolation_level="AUTOCOMMIT")
    try:
        with killer.connect() as conn:
            others = "datname = current_database() AND pid <> pg_backend_pid()"
            ended = conn.scalar(
                text(
                    f"SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE {others}"
                )
            )
            assert ended >= 1
            for _ in range(100):  # until the ended sessions are gone (their sockets closed)
                if not conn.scalar(text(f"SELECT count(*) FROM pg_stat_activity WHERE {others}")):
                    break
                await asyncio.sleep(0.05)
    finally:
        killer.dispose()
    assert (await api.ok("ada", "GET", "drafts"))["total"] == 1
    await submit(api, "posts/after.ipynb")
    assert (await api.ok("eve", "GET", "drafts"))["total"] == 2
