"""Per-member limits hold exactly when a member's submits arrive at once, on both databases,
and what counts toward the stored bytes."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from sqlalchemy import func, select
from test_bad_input import snapshot

from jupyter_jms.sample.posts import make_post
from jupyter_jms.store.models import Draft, Event, Revision

AT_ONCE = 8


def content(path: str, title: str = "A post about JupyterLab", **meta: Any) -> dict[str, Any]:
    meta.setdefault("authors", ["eve"])
    meta.setdefault("body", "x" * 20_000)
    return {"notebook": make_post(title, **meta), "path": path}


def stored(api: Any, user: str = "eve") -> tuple[int, int, int]:
    """The member's drafts, revisions and ``draft.submitted`` events, as stored."""
    with api.services.store.read() as s:
        drafts = s.scalar(select(func.count()).where(Draft.submitted_by == user))
        revisions = s.scalar(select(func.count()).where(Revision.submitted_by == user))
        events = s.scalar(
            select(func.count()).where(Event.actor == user, Event.action == "draft.submitted")
        )
    return drafts or 0, revisions or 0, events or 0


async def at_once(api: Any, bodies: list[dict[str, Any]]) -> list[tuple[int, Any]]:
    return list(await asyncio.gather(*(api.call("eve", "POST", "drafts", b) for b in bodies)))


class TestOpenDrafts:
    @pytest.fixture
    def jms_config(self) -> dict[str, Any]:
        return {"max_open_drafts_per_member": 3, "max_stored_bytes_per_member": 0}

    async def test_concurrent_submits_at_the_limit_store_exactly_the_limit(self, api):
        await api.ok("eve", "POST", "drafts", content("first.ipynb"))
        others = snapshot(api)["counts"]
        results = await at_once(api, [content(f"race-{i}.ipynb") for i in range(AT_ONCE)])
        codes = sorted(code for code, _ in results)
        assert codes == [201] * 2 + [429] * (AT_ONCE - 2), results
        for code, body in results:
            if code == 429:
                assert "the limit is 3 per member" in body["message"]
        assert stored(api) == (3, 3, 3)
        after = snapshot(api)["counts"]
        assert after["drafts"] == others["drafts"] + 2
        # Another member's count is their own.
        code, _ = await api.call("zed", "POST", "drafts", content("z.ipynb", authors=["zed"]))
        assert code == 201


class TestStoredBytes:
    @pytest.fixture
    def jms_config(self) -> dict[str, Any]:
        # Each notebook is a little over 20 kB: three fit, a fourth does not.
        return {"max_open_drafts_per_member": 0, "max_stored_bytes_per_member": 70_000}

    async def test_concurrent_submits_at_the_limit_store_exactly_what_fits(self, api):
        results = await at_once(api, [content(f"race-{i}.ipynb") for i in range(AT_ONCE)])
        codes = sorted(code for code, _ in results)
        assert codes == [201] * 3 + [413] * (AT_ONCE - 3), results
        assert stored(api) == (3, 3, 3)
        with api.services.store.read() as s:
            total = s.scalar(select(func.sum(Revision.size)).where(Revision.submitted_by == "eve"))
        assert total is not None and total <= 70_000

    async def test_concurrent_resubmits_store_exactly_what_fits(self, api):
        a = await api.ok("eve", "POST", "drafts", content("a.ipynb"))
        b = await api.ok("eve", "POST", "drafts", content("b.ipynb"))
        results = await asyncio.gather(
            *(
                api.call(
                    "eve", "POST", f"drafts/{d['id']}/revisions", content(f"{d['path']}", f"T{i}")
                )
                for i, d in enumerate([a, b, a, b])
            )
        )
        codes = sorted(code for code, _ in results)
        assert codes == [201, 413, 413, 413], results
        assert stored(api)[1] == 3

    async def test_withdrawn_drafts_keep_counting_and_published_ones_stop(self, api):
        a = await api.ok("eve", "POST", "drafts", content("a.ipynb", channels=["blog"]))
        b = await api.ok("eve", "POST", "drafts", content("b.ipynb"))
        await api.ok("eve", "POST", "drafts", content("c.ipynb"))
        await api.ok(
            "eve", "POST", f"drafts/{b['id']}/transitions", {"to": "withdrawn", "if_version": 1}
        )
        # Withdrawing deletes nothing: b's revision still takes its room.
        code, err = await api.call("eve", "POST", "drafts", content("d.ipynb"))
        assert code == 413, err
        assert "withdrawing a draft keeps its revisions" in err["message"]
        # A published post is the group's record and no longer counts.
        approved = await api.approve("ada", a["id"])
        published = await api.ok(
            "ada",
            "POST",
            f"drafts/{a['id']}/transitions",
            {
                "to": "published",
                "if_version": approved["version"],
                "publications": [{"channel": "blog", "url": "https://blog.jupyter.org/a"}],
            },
        )
        assert published["state"] == "published"
        await api.ok("eve", "POST", "drafts", content("d.ipynb"))
