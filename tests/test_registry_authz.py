"""The authorization matrix for the registry: channels, grants, members, decisions, page,
export and import, x anonymous, author, editor, council, admin and outsider.

Only admins (admin or chair) change the registry; every authenticated user reads channels,
decisions and the page; grants are visible to admins and to the grantee.
"""

from __future__ import annotations

import re
from typing import Any

from authz_matrix import Row, assert_covers, check_row, each_row

ALL = (200, 200, 200, 200, 200)
ADMIN_ONLY = (403, 403, 403, 200, 403)
ADMIN_CREATES = (403, 403, 403, 201, 403)


def slug(tag: str) -> str:
    return re.sub(r"[^a-z0-9-]", "-", tag.lower())[:60]


async def a_channel(api: Any, tag: str) -> dict[str, Any]:
    """A fresh active channel of the caller's own, so each caller's write starts clean."""
    cid = slug(tag)
    c = await api.ok("dana", "POST", "channels", {"id": cid, "name": tag, "status": "active"})
    return {"cid": cid, "version": c["version"]}


async def a_grant(api: Any, tag: str) -> dict[str, Any]:
    ctx = await a_channel(api, tag)
    g = await api.ok(
        "dana",
        "POST",
        f"channels/{ctx['cid']}/grants",
        {"username": "ada", "access": "viewer", "reason": "reads"},
    )
    return {**ctx, "gid": g["id"], "version": g["version"]}


async def a_new_member(api: Any, tag: str) -> dict[str, Any]:
    username = slug(tag)
    m = await api.ok(
        "dana",
        "POST",
        "members",
        {"username": username, "roles": [{"role": "editor", "since": "2024-01-01"}]},
    )
    return {"username": username, "version": m["version"], "rid": m["role_intervals"][0]["id"]}


async def a_proposal(api: Any, tag: str) -> dict[str, Any]:
    d = await api.ok("dana", "POST", "decisions", {"title": f"Proposal {tag}"})
    return {"id": d["id"], "version": d["version"]}


async def an_open_vote(api: Any, tag: str) -> dict[str, Any]:
    d = await api.ok(
        "dana", "POST", "decisions", {"type": "vote", "title": tag, "seconded_by": "ada"}
    )
    return {"id": d["id"], "version": d["version"]}


async def fixed(api: Any, tag: str) -> dict[str, Any]:
    return {"cid": "mastodon", "username": "ada", "new": slug(tag)}


ROWS = [
    Row("channels", "GET", "channels", ALL),
    Row(
        "channel-create",
        "POST",
        "channels",
        ADMIN_CREATES,
        body=lambda c: {"id": c["new"], "name": "New"},
        setup=fixed,
    ),
    Row("channel", "GET", "channels/{cid}", ALL, setup=fixed),
    Row(
        "channel-edit",
        "PATCH",
        "channels/{cid}",
        ADMIN_ONLY,
        body=lambda c: {"description": "Edited", "if_version": c["version"]},
        setup=a_channel,
    ),
    # a member sees their own grants (an empty list when they hold none)
    Row("channel-grants", "GET", "channels/{cid}/grants", ALL, setup=a_grant),
    Row(
        "grant-create",
        "POST",
        "channels/{cid}/grants",
        ADMIN_CREATES,
        body=lambda c: {"username": "ada", "access": "viewer", "reason": "reads"},
        setup=a_channel,
    ),
    Row(
        "grant",
        "GET",
        "channels/{cid}/grants/{gid}",
        (404, 200, 404, 200, 404),
        setup=a_grant,
    ),
    Row(
        "grant-change",
        "PATCH",
        "channels/{cid}/grants/{gid}",
        ADMIN_ONLY,
        body=lambda c: {"action": "reauthorize", "if_version": c["version"]},
        setup=a_grant,
    ),
    Row("grants", "GET", "grants", ADMIN_ONLY),
    Row("members", "GET", "members", ALL),
    Row(
        "member-create",
        "POST",
        "members",
        ADMIN_CREATES,
        body=lambda c: {"username": c["new"]},
        setup=fixed,
    ),
    Row("member", "GET", "members/{username}", ALL, setup=fixed),
    Row(
        "member-edit",
        "PATCH",
        "members/{username}",
        ADMIN_ONLY,
        body=lambda c: {"affiliation": "Elsewhere", "if_version": c["version"]},
        setup=a_new_member,
    ),
    Row(
        "member-grants", "GET", "members/{username}/grants", (403, 200, 403, 200, 403), setup=fixed
    ),
    Row(
        "role-add",
        "POST",
        "members/{username}/roles",
        ADMIN_CREATES,
        body=lambda c: {"role": "admin", "since": "2025-01-01"},
        setup=a_new_member,
    ),
    Row(
        "role-end",
        "PATCH",
        "members/{username}/roles/{rid}",
        ADMIN_ONLY,
        body=lambda c: {"until": "2025-01-01", "if_version": c["version"]},
        setup=a_new_member,
    ),
    Row("decisions", "GET", "decisions", ALL),
    Row(
        "decision-create",
        "POST",
        "decisions",
        ADMIN_CREATES,
        body=lambda c: {"title": "A proposal"},
    ),
    Row("decision", "GET", "decisions/{id}", ALL, setup=a_proposal),
    Row(
        "decision-amend",
        "PATCH",
        "decisions/{id}",
        ADMIN_ONLY,
        body=lambda c: {"title": "Amended", "if_version": c["version"]},
        setup=a_proposal,
    ),
    # eligible voters (editors, admins, chairs when the vote opened) vote; nobody else
    Row(
        "vote",
        "POST",
        "decisions/{id}/votes",
        (403, 201, 403, 201, 403),
        body=lambda c: {"choice": "yes"},
        setup=an_open_vote,
    ),
    Row(
        "close",
        "POST",
        "decisions/{id}/close",
        ADMIN_ONLY,
        body=lambda c: {"consensus": True},
        setup=a_proposal,
    ),
    Row("page", "GET", "page", ALL),
    Row("export", "GET", "export", ADMIN_ONLY),
    Row("import", "POST", "import", ADMIN_ONLY, body=lambda c: {"content": "members: []\n"}),
]


def test_matrix_covers_every_registry_route():
    assert_covers(ROWS, {"registry"}, lambda p: re.sub(r"\{[^}]+\}", "*", p), with_methods=True)


@each_row(ROWS)
async def test_registry_authorization_matrix(api, row):
    await check_row(api, row)
