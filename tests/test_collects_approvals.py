"""Lists say whether a draft still collects approvals, so no front decides it from the state."""

from __future__ import annotations

import json

from sqlalchemy import text

from jupyter_jms.store.db import Store


def _listed(page: dict, draft_id: str) -> dict:
    return next(d for d in page["items"] if d["id"] == draft_id)


async def test_only_drafts_under_review_collect_approvals(api):
    kept = await api.submit("posts/kept.ipynb")
    gone = await api.submit("posts/gone.ipynb")
    approved = await api.submit("posts/approved.ipynb")
    await api.ok(
        "eve",
        "POST",
        f"drafts/{gone['id']}/transitions",
        {"to": "withdrawn", "if_version": gone["version"]},
    )
    await api.approve("ada", approved["id"])

    page = await api.ok("ada", "GET", "drafts")
    assert _listed(page, kept["id"])["collects_approvals"] is True
    assert _listed(page, gone["id"])["collects_approvals"] is False
    assert _listed(page, approved["id"])["state"] == "approved"
    assert _listed(page, approved["id"])["collects_approvals"] is False


async def test_the_upgrade_adds_it_to_entries_stored_before(api, db_url):
    kept = await api.submit("posts/kept.ipynb")
    gone = await api.submit("posts/gone.ipynb")
    await api.ok(
        "eve",
        "POST",
        f"drafts/{gone['id']}/transitions",
        {"to": "withdrawn", "if_version": gone["version"]},
    )
    store = Store(db_url)
    with store.engine.begin() as conn:
        # The entries as revision 0004 stored them, without the field.
        for draft_id, stored in conn.execute(text("SELECT id, summary FROM drafts")).all():
            entry = json.loads(stored)
            entry.pop("collects_approvals")
            conn.execute(
                text("UPDATE drafts SET summary = :s WHERE id = :i"),
                {"s": json.dumps(entry), "i": draft_id},
            )
        conn.execute(text("UPDATE alembic_version SET version_num = '0004'"))

    store.upgrade(backup=False)

    with store.engine.begin() as conn:
        got = {
            str(i): json.loads(s) for i, s in conn.execute(text("SELECT id, summary FROM drafts"))
        }
    store.dispose()
    assert got[kept["id"]]["collects_approvals"] is True
    assert got[gone["id"]]["collects_approvals"] is False
    assert got[kept["id"]]["title"] and got[gone["id"]]["state"] == "withdrawn"
