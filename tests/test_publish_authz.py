"""Who may do what with publishing: every publishing route x anonymous, author, editor,
council, admin and a member with no role. A refused request changes nothing."""

from __future__ import annotations

from typing import Any

from authz_matrix import Row, assert_covers, check_row, each_row

from jupyter_jms.domain.access import Caller

BLOG = "https://blog.jupyter.org/p"


async def an_approved_post(api: Any, tag: str) -> dict[str, Any]:
    rel = api.write_post(f"posts/{tag}.ipynb", authors=["eve"], channels=["blog"])
    draft = await api.ok("eve", "POST", "drafts", {"path": rel})
    review = await api.approve("ben", draft["id"])
    assert review["state"] == "approved"
    return {"id": draft["id"], "version": review["version"]}


async def a_scheduled_post(api: Any, tag: str) -> dict[str, Any]:
    ctx = await an_approved_post(api, tag)
    ben = Caller("ben", frozenset({"editor"}))
    api.services.publishing.publish(ben, ctx["id"], {"if_version": ctx["version"]})
    return ctx


READ = (200, 200, 200, 200, 404)
STEER = (403, 200, 403, 200, 404)

ROWS = [
    Row("to-publish", "GET", "publications", (403, 200, 403, 200, 403)),
    Row("publication", "GET", "drafts/{id}/publication", READ, setup=an_approved_post),
    Row(
        "publish",
        "POST",
        "drafts/{id}/publish",
        STEER,
        body=lambda c: {"if_version": c["version"]},
        setup=an_approved_post,
    ),
    Row(
        "mark",
        "POST",
        "drafts/{id}/channels/blog/mark",
        STEER,
        body=lambda c: {"mark": "done", "url": BLOG},
        setup=a_scheduled_post,
    ),
    Row("export", "GET", "drafts/{id}/export", READ, setup=an_approved_post),
]


def test_the_matrix_covers_every_publishing_route():
    assert_covers(
        ROWS,
        {"publishing"},
        lambda p: p.replace("{id}", "*").replace("channels/blog/", "channels/*/"),
    )


@each_row(ROWS)
async def test_publishing_authorization(api, row):
    await check_row(api, row)
