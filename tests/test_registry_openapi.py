"""Live registry responses match jupyter_jms/openapi.yaml (field drift fails here)."""

from __future__ import annotations

from conftest import OWNER
from test_openapi import Checked


async def test_live_registry_responses_match_the_spec(api):
    c = Checked(api)
    await c.ok("eve", "GET", "channels", params={"status": "active"})
    await c.ok("eve", "GET", "channels/mastodon")
    created = await c.ok(
        "dana", "POST", "channels", {"id": "threads", "name": "Threads", "char_limit": 500}
    )
    assert (await c.call("dana", "POST", "channels", {"id": "threads", "name": "x"}))[0] == 409
    assert (await c.call("eve", "POST", "channels", {"id": "x", "name": "x"}))[0] == 403
    active = await c.ok(
        "dana", "PATCH", "channels/threads", {"status": "active", "if_version": created["version"]}
    )
    assert (await c.call("dana", "PATCH", "channels/threads", {"if_version": 1}))[0] == 409
    assert (await c.call("eve", "GET", "channels/nope"))[0] == 404

    g = await c.ok(
        "dana",
        "POST",
        "channels/threads/grants",
        {"username": "ada", "access": "publisher", "vault_ref": "op://JMS/Threads", "reason": "x"},
    )
    code, _ = await c.call(
        "dana",
        "POST",
        "channels/threads/grants",
        {
            "username": "ben",
            "access": "viewer",
            "vault_ref": "ghp_abcdefghijklmnopqrstuvwxyz012345",
        },
    )
    assert code == 400
    await c.ok("ada", "GET", f"channels/threads/grants/{g['id']}")
    await c.ok("dana", "GET", "channels/threads/grants", params={"include": "history"})
    await c.ok(
        "dana",
        "PATCH",
        f"channels/threads/grants/{g['id']}",
        {"action": "revoke", "if_version": g["version"]},
    )
    await c.ok("dana", "GET", "grants", params={"stale": "true"})
    await c.ok("ada", "GET", "members/ada/grants")
    assert (await c.call("ben", "GET", "members/ada/grants"))[0] == 403

    m = await c.ok(
        "dana",
        "POST",
        "members",
        {"username": "fay", "roles": [{"role": "editor", "since": "2025-01-01"}]},
    )
    m = await c.ok(
        "dana", "PATCH", "members/fay", {"affiliation": "Elsewhere", "if_version": m["version"]}
    )
    m = await c.ok("dana", "POST", "members/fay/roles", {"role": "chair", "since": "2025-02-01"})
    await c.ok(
        "dana",
        "PATCH",
        f"members/fay/roles/{m['role_intervals'][0]['id']}",
        {"until": "2026-01-01", "if_version": m["version"]},
    )

    api.tokens["fay"] = api.services.tokens.create(OWNER, "fay")[0]
    d = await c.ok(
        "dana",
        "POST",
        "decisions",
        {
            "type": "vote",
            "title": "Retire Threads",
            "seconded_by": "ada",
            "channel": "threads",
            "channel_action": "retire",
        },
    )
    await c.ok("dana", "PATCH", f"decisions/{d['id']}", {"body": "Now", "if_version": d["version"]})
    for user in d["eligible"]:
        await c.ok(user, "POST", f"decisions/{d['id']}/votes", {"choice": "yes"})
    assert (await c.call("ada", "POST", f"decisions/{d['id']}/votes", {"choice": "no"}))[0] == 409
    assert (await c.call("eve", "POST", f"decisions/{d['id']}/votes", {"choice": "no"}))[0] == 403
    closed = await c.ok("dana", "POST", f"decisions/{d['id']}/close", {})
    assert closed["outcome"] == "passed"
    await c.ok("eve", "GET", f"decisions/{d['id']}")
    await c.ok("eve", "GET", "decisions", params={"status": "closed"})
    await c.ok("dana", "GET", "attendance/participation", params={"year": closed["closed_at"][:4]})
    assert (await c.ok("eve", "GET", "channels/threads"))["decisions"]
    assert active["status"] == "active"

    await c.ok("eve", "GET", "page")
    await c.ok("eve", "GET", "page", params={"format": "html"})
    resp = await api.fetch(
        "jms", "api", "export", headers={"Authorization": f"token {api.tokens['dana']}"}
    )
    text = resp.body.decode()
    assert (await c.call("ada", "GET", "export"))[0] == 403
    counts = await c.ok("dana", "POST", "import", {"content": text})
    assert counts["created"] == counts["updated"] == 0
    assert (await c.call("dana", "POST", "import", {"content": "members: {"}))[0] == 400
