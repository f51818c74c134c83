"""The channel registry and the media strategy page over the REST API."""

from __future__ import annotations

import yaml
from conftest import DATA

from jupyter_jms.errors import InvalidInput

REAL = yaml.safe_load((DATA / "jupyter-channels.yaml").read_text())
ACTIVE_IDS = {c["id"] for c in REAL["channels"]}
RETIRED_IDS = {c["id"] for c in REAL["retired"]}


async def channel(api, cid):
    return await api.ok("eve", "GET", f"channels/{cid}")


async def test_real_jupyter_channel_list_imports(api):
    items = (await api.ok("eve", "GET", "channels"))["items"]
    by_id = {c["id"]: c for c in items}
    assert set(by_id) == ACTIVE_IDS | RETIRED_IDS
    assert {c["id"] for c in items if c["status"] == "active"} == ACTIVE_IDS
    assert [c["id"] for c in items if c["preferred"]] == ["mastodon"]
    for c in REAL["channels"] + REAL["retired"]:
        got = by_id[c["id"]]
        for key in ("name", "platform", "kind", "url", "handle", "char_limit"):
            if key in c:
                assert got[key] == c[key], (c["id"], key)
    assert by_id["facebook"]["retired_on"] == "2026-08-06"
    assert by_id["x"]["retired_on"] == "2025-01-27" and by_id["x"]["char_limit"] == 280
    assert (
        by_id["blog"]["stewardship"] == "primary"
        and by_id["discourse"]["stewardship"] == "community"
    )
    active = await api.ok("eve", "GET", "channels", params={"status": "active"})
    assert {c["id"] for c in active["items"]} == ACTIVE_IDS


async def test_importing_the_same_list_again_changes_nothing(api):
    before = api.count_events()
    counts = api.services.channels.import_text(
        (DATA / "jupyter-channels.yaml").read_text(), actor="t"
    )
    assert counts == {"created": 0, "updated": 0}
    assert api.count_events() == before


async def test_page_lists_exactly_the_active_channels_with_mastodon_preferred(api):
    page = await api.ok("eve", "GET", "page")
    assert page["format"] == "markdown"
    assert set(page["channels"]) == ACTIVE_IDS and page["preferred"] == "mastodon"
    text = page["content"]
    assert "**preferred channel** is [Project Jupyter on Mastodon]" in text
    listed = [line for line in text.splitlines() if line.startswith("- [")]
    assert len(listed) == len(ACTIVE_IDS)
    for c in REAL["channels"]:
        assert c["url"] in text
    for c in REAL["retired"]:
        assert c["name"] not in text
    assert "## Editorial principles" in text and "## How to submit" in text
    assert "Union of Councils" in text


async def test_page_as_html_escapes_registry_text(api):
    await api.ok(
        "dana",
        "POST",
        "channels",
        {
            "id": "news",
            "name": "<script>alert(1)</script> News & more",
            "kind": "newsletter",
            "url": 'https://example.org/?a=1&b="2"',
            "status": "active",
        },
    )
    page = await api.ok("eve", "GET", "page", params={"format": "html"})
    html = page["content"]
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; News &amp; more" in html
    assert 'href="https://example.org/?a=1&amp;b=&quot;2&quot;"' in html
    assert html.count("<li data-channel=") == len(ACTIVE_IDS) + 1
    md = (await api.ok("eve", "GET", "page"))["content"]
    assert "<script>" not in md
    code, _ = await api.call("eve", "GET", "page", params={"format": "pdf"})
    assert code == 400


async def test_admin_creates_and_activates_a_channel(api):
    created = await api.ok(
        "dana",
        "POST",
        "channels",
        {"id": "threads", "name": "Jupyter on Threads", "platform": "threads", "char_limit": 500},
    )
    assert created["status"] == "proposed" and created["version"] == 1
    code, _ = await api.call("dana", "PATCH", "channels/threads", {"status": "active"})
    assert code == 400  # if_version is required
    code, _ = await api.call(
        "dana", "PATCH", "channels/threads", {"status": "active", "if_version": 99}
    )
    assert code == 409
    active = await api.ok(
        "dana", "PATCH", "channels/threads", {"status": "active", "if_version": 1}
    )
    assert active["status"] == "active"
    full = await channel(api, "threads")
    assert [h["action"] for h in full["history"]] == ["channel.created", "channel.status_changed"]


async def test_lifecycle_refuses_illegal_moves(api):
    fb = await channel(api, "facebook")
    code, err = await api.call(
        "dana", "PATCH", "channels/facebook", {"status": "active", "if_version": fb["version"]}
    )
    assert code == 409 and "retired" in err["message"]
    yt = await channel(api, "youtube")
    paused = await api.ok(
        "dana", "PATCH", "channels/youtube", {"status": "paused", "if_version": yt["version"]}
    )
    back = await api.ok(
        "dana", "PATCH", "channels/youtube", {"status": "active", "if_version": paused["version"]}
    )
    assert back["status"] == "active"
    code, _ = await api.call(
        "dana", "PATCH", "channels/youtube", {"status": "gone", "if_version": back["version"]}
    )
    assert code == 400


async def test_preferred_channel_moves_in_one_step(api):
    bsky = await channel(api, "bluesky")
    moved = await api.ok(
        "dana", "PATCH", "channels/bluesky", {"preferred": True, "if_version": bsky["version"]}
    )
    assert moved["preferred"] and moved["mode"] == "two_way"
    items = (await api.ok("eve", "GET", "channels"))["items"]
    assert [c["id"] for c in items if c["preferred"]] == ["bluesky"]
    mastodon = next(c for c in items if c["id"] == "mastodon")
    assert mastodon["mode"] == "broadcast"
    assert (await api.ok("eve", "GET", "page"))["preferred"] == "bluesky"


async def test_preferred_flag_cannot_be_dropped_or_retired(api):
    m = await channel(api, "mastodon")
    for body in ({"preferred": False}, {"status": "retired"}, {"status": "paused"}):
        code, _ = await api.call(
            "dana", "PATCH", "channels/mastodon", {**body, "if_version": m["version"]}
        )
        assert code in (400, 409), body
    assert (await channel(api, "mastodon"))["version"] == m["version"]


async def test_two_preferred_channels_are_refused(api):
    before = api.count_events()
    text = (
        (DATA / "jupyter-channels.yaml")
        .read_text()
        .replace("preferred: mastodon", "preferred: [mastodon, bluesky]")
    )
    try:
        api.services.channels.import_text(text, actor="t")
        raise AssertionError("two preferred channels imported")
    except InvalidInput as exc:
        assert any(f == "preferred" for f, _ in exc.errors)
    flagged = {
        "channels": [
            {"id": "a", "name": "A", "kind": "social", "preferred": True},
            {"id": "b", "name": "B", "kind": "blog", "preferred": True},
        ]
    }
    try:
        api.services.channels.import_text(yaml.safe_dump(flagged), actor="t")
        raise AssertionError("two preferred channels imported")
    except InvalidInput as exc:
        assert "exactly one" in str(exc.errors)
    assert api.count_events() == before
    assert [
        c["id"] for c in (await api.ok("eve", "GET", "channels"))["items"] if c["preferred"]
    ] == ["mastodon"]


async def test_a_social_channel_other_than_the_preferred_broadcasts_only(api):
    li = await channel(api, "linkedin")
    code, err = await api.call(
        "dana", "PATCH", "channels/linkedin", {"mode": "two_way", "if_version": li["version"]}
    )
    assert code == 400 and "broadcast" in err["message"]


async def test_bad_channel_input_is_a_clear_400(api):
    for body in (
        {"id": "Bad Id", "name": "x"},
        {"id": "ok", "name": "x", "kind": "podcast"},
        {"id": "ok", "name": "x", "char_limit": -3},
        {"id": "ok", "name": "x", "url": "javascript:alert(1)"},
        {"id": "ok", "name": "x", "status": "retired"},
        {"id": "ok"},
    ):
        code, err = await api.call("dana", "POST", "channels", body)
        assert code == 400 and err["errors"], body
    code, _ = await api.call("dana", "POST", "channels", {"id": "blog", "name": "Again"})
    assert code == 409
    code, _ = await api.call("eve", "GET", "channels/nope")
    assert code == 404


async def test_channel_edit_is_recorded_with_before_and_after(api):
    blog = await channel(api, "blog")
    await api.ok(
        "dana",
        "PATCH",
        "channels/blog",
        {"owners": ["dana"], "delegates": ["ada"], "if_version": blog["version"]},
    )
    full = await channel(api, "blog")
    last = full["history"][-1]
    assert last["action"] == "channel.delegated" and last["actor"] == "dana"
    assert last["data"]["after"] == {"delegates": ["ada"], "owners": ["dana"]}


async def test_two_admins_moving_the_preferred_flag_at_once_leave_exactly_one(api):
    import asyncio

    versions = {cid: (await channel(api, cid))["version"] for cid in ("bluesky", "linkedin")}
    results = await asyncio.gather(
        *(
            api.call("dana", "PATCH", f"channels/{cid}", {"preferred": True, "if_version": v})
            for cid, v in versions.items()
        )
    )
    assert all(code == 200 for code, _ in results), results
    items = (await api.ok("eve", "GET", "channels"))["items"]
    preferred = [c["id"] for c in items if c["preferred"]]
    assert len(preferred) == 1 and preferred[0] in versions
    two_way_social = [c["id"] for c in items if c["kind"] == "social" and c["mode"] == "two_way"]
    assert two_way_social == preferred


async def test_each_channel_says_where_its_lifecycle_goes_next(api):
    listed = await api.ok("eve", "GET", "channels")
    by_id = {c["id"]: c for c in listed["items"]}
    assert by_id["youtube"]["status"] == "active"
    assert by_id["youtube"]["next_statuses"] == ["paused", "retired"]
    assert by_id["facebook"]["next_statuses"] == []
    created = await api.ok("dana", "POST", "channels", {"id": "threads", "name": "Threads"})
    assert created["next_statuses"] == ["active", "retired"]
    # Every status offered is one the server accepts.
    moved = await api.ok(
        "dana",
        "PATCH",
        "channels/threads",
        {"status": created["next_statuses"][0], "if_version": created["version"]},
    )
    assert moved["status"] == "active" and moved["next_statuses"] == ["paused", "retired"]


async def test_the_channel_list_gives_the_values_forms_offer(api):
    choices = (await api.ok("eve", "GET", "channels"))["choices"]
    assert choices["new_statuses"] == ["proposed", "active"]
    assert "mastodon" in choices["connectors"] and "manual" in choices["connectors"]
    assert "social" in choices["kinds"] and choices["modes"] == ["broadcast", "two_way"]
    # A channel made from the offered values is accepted.
    made = await api.ok(
        "dana",
        "POST",
        "channels",
        {
            "id": "pixelfed",
            "name": "Pixelfed",
            "kind": choices["kinds"][0],
            "mode": choices["modes"][0],
            "connector": choices["connectors"][-1],
            "status": choices["new_statuses"][0],
        },
    )
    assert made["status"] == "proposed"
