"""Access grants: who holds which access on which channel, with vault references only."""

from __future__ import annotations

from datetime import timedelta

import pytest

from jupyter_jms.store.models import Grant, utcnow

REF = "op://JMS/Mastodon ProjectJupyter/password"


async def grant(api, channel="mastodon", username="ada", access="publisher", **extra):
    body = {"username": username, "access": access, "vault_ref": REF, "reason": "posts releases"}
    return await api.ok("dana", "POST", f"channels/{channel}/grants", {**body, **extra})


async def test_admin_grants_access_with_who_when_and_why(api):
    g = await grant(api)
    assert g["username"] == "ada" and g["access"] == "publisher" and g["live"]
    assert g["granted_by"] == "dana" and g["granted_at"] and g["reason"] == "posts releases"
    assert g["vault_ref"] == REF and not g["stale"]
    full = await api.ok("dana", "GET", f"channels/mastodon/grants/{g['id']}")
    assert [h["action"] for h in full["history"]] == ["grant.created"]


@pytest.mark.parametrize(
    "secret",
    [
        "ghp_0123456789abcdefghijklmnopqrstuvwxyzAB",
        "xoxb-2048-4096-abcdefghijklmnop",
        "glpat-abcdefghij0123456789",
        "AKIAIOSFODNN7EXAMPLE",
        "sk-proj-0123456789abcdefABCDEF",
        "-----BEGIN RSA PRIVATE KEY-----\nMIIEow...",
        "password: Hunter2!",
        "Xk9mQ2vLr8TzW4pNc7HbYs3J",
        "op://JMS/item?token=Xk9mQ2vLr8TzW4pNc7HbYs3J",
        "https://admin:s3cret@hachyderm.io",
        "hunter2",
    ],
)
async def test_a_secret_pasted_as_vault_reference_is_refused(api, secret):
    before = api.count_events()
    code, err = await api.call(
        "dana",
        "POST",
        "channels/mastodon/grants",
        {"username": "ada", "access": "publisher", "vault_ref": secret, "reason": "x"},
    )
    assert code == 400 and err["errors"][0]["field"] == "vault_ref"
    assert secret not in err["message"]
    assert api.count_events() == before


@pytest.mark.parametrize(
    "ref",
    [
        "op://JMS/Bluesky jupyter.org/app password",
        "vault://secret/data/jms/linkedin",
        "bitwarden://8f2c6f2a-1d3b-4c1e-9a1e-2b3c4d5e6f70",
        "keepass://jms.kdbx/Social/YouTube",
        "",
    ],
)
async def test_vault_references_in_the_documented_format_are_kept(api, ref):
    g = await grant(api, vault_ref=ref)
    assert g["vault_ref"] == ref


async def test_a_secret_in_the_reason_is_refused_too(api):
    code, err = await api.call(
        "dana",
        "POST",
        "channels/mastodon/grants",
        {
            "username": "ada",
            "access": "viewer",
            "reason": "token=ghp_0123456789abcdefghijklmnopqrstuv",
        },
    )
    assert code == 400 and err["errors"][0]["field"] == "reason"


async def test_grant_to_a_non_member_or_on_a_retired_channel_is_refused(api):
    before = api.count_events()
    code, _ = await api.call(
        "dana",
        "POST",
        "channels/mastodon/grants",
        {"username": "mallory", "access": "viewer", "reason": "x"},
    )
    assert code == 400
    # eve is on the roster but holds no role and is not a delegate of the channel
    code, err = await api.call(
        "dana",
        "POST",
        "channels/mastodon/grants",
        {"username": "eve", "access": "viewer", "reason": "x"},
    )
    assert code == 400 and "delegate" in err["message"]
    code, err = await api.call(
        "dana",
        "POST",
        "channels/facebook/grants",
        {"username": "ada", "access": "viewer", "reason": "x"},
    )
    assert code == 409 and "retired" in err["message"]
    code, _ = await api.call(
        "dana",
        "POST",
        "channels/nope/grants",
        {"username": "ada", "access": "viewer", "reason": "x"},
    )
    assert code == 404
    code, _ = await api.call(
        "dana",
        "POST",
        "channels/mastodon/grants",
        {"username": "ada", "access": "owner", "reason": "x"},
    )
    assert code == 400
    code, _ = await api.call(
        "dana", "POST", "channels/mastodon/grants", {"username": "ada", "access": "viewer"}
    )
    assert code == 400  # why is required
    assert api.count_events() == before


async def test_a_delegate_of_a_community_channel_may_hold_access(api):
    d = await api.ok("eve", "GET", "channels/discourse")
    await api.ok(
        "dana", "PATCH", "channels/discourse", {"delegates": ["eve"], "if_version": d["version"]}
    )
    g = await grant(api, channel="discourse", username="eve", access="admin")
    assert g["username"] == "eve"


async def test_one_live_grant_per_member_and_channel(api):
    await grant(api)
    code, err = await api.call(
        "dana",
        "POST",
        "channels/mastodon/grants",
        {"username": "ada", "access": "viewer", "reason": "x"},
    )
    assert code == 409 and "change that grant" in err["message"]


async def test_revoking_keeps_the_row_and_answers_who_had_access(api):
    g = await grant(api)
    await grant(api, username="ben", access="viewer")
    revoked = await api.ok(
        "dana",
        "PATCH",
        f"channels/mastodon/grants/{g['id']}",
        {"action": "revoke", "reason": "left the team", "if_version": g["version"]},
    )
    assert not revoked["live"] and revoked["revoked_by"] == "dana" and revoked["revoked_at"]
    now = await api.ok("dana", "GET", "channels/mastodon/grants")
    assert [x["username"] for x in now["items"]] == ["ben"]
    ever = await api.ok("dana", "GET", "channels/mastodon/grants", params={"include": "history"})
    assert [(x["username"], x["live"]) for x in ever["items"]] == [("ada", False), ("ben", True)]
    code, _ = await api.call(
        "dana",
        "PATCH",
        f"channels/mastodon/grants/{g['id']}",
        {"access": "admin", "if_version": revoked["version"]},
    )
    assert code == 409
    # Access can be granted again after a revocation.
    again = await grant(api, access="viewer")
    assert again["id"] != g["id"]


async def test_what_a_member_can_reach_is_one_call(api):
    await grant(api, channel="mastodon")
    b = await grant(
        api, channel="bluesky", access="admin", vault_ref="op://JMS/Bluesky/app password"
    )
    await api.ok(
        "dana", "PATCH", f"channels/bluesky/grants/{b['id']}", {"action": "revoke", "if_version": 1}
    )
    reach = await api.ok("ada", "GET", "members/ada/grants")
    assert [(x["channel"], x["access"]) for x in reach["items"]] == [("mastodon", "publisher")]
    history = await api.ok("dana", "GET", "members/ada/grants", params={"include": "history"})
    assert {x["channel"] for x in history["items"]} == {"mastodon", "bluesky"}


async def test_grants_are_visible_to_admins_and_the_grantee_only(api):
    g = await grant(api)
    await grant(api, username="ben", access="viewer")
    mine = await api.ok("ada", "GET", "channels/mastodon/grants")
    assert [x["username"] for x in mine["items"]] == ["ada"]
    assert (await api.ok("carla", "GET", "channels/mastodon/grants"))["items"] == []
    code, _ = await api.call("ben", "GET", f"channels/mastodon/grants/{g['id']}")
    assert code == 404
    code, _ = await api.call("ben", "GET", "members/ada/grants")
    assert code == 403
    code, _ = await api.call("ada", "GET", "grants")
    assert code == 403


async def test_change_reauthorise_and_verified_post(api):
    g = await grant(api)
    changed = await api.ok(
        "dana",
        "PATCH",
        f"channels/mastodon/grants/{g['id']}",
        {"access": "admin", "vault_ref": "vault://secret/jms/mastodon", "if_version": g["version"]},
    )
    assert changed["access"] == "admin" and changed["version"] == g["version"] + 1
    re = await api.ok(
        "dana",
        "PATCH",
        f"channels/mastodon/grants/{g['id']}",
        {"action": "reauthorize", "if_version": changed["version"]},
    )
    assert re["reauthorized_at"]
    post = await api.ok(
        "dana",
        "PATCH",
        f"channels/mastodon/grants/{g['id']}",
        {"action": "verified_post", "at": "2026-01-02T10:00:00Z", "if_version": re["version"]},
    )
    assert post["verified_post_at"] == "2026-01-02T10:00:00Z"
    full = await api.ok("dana", "GET", f"channels/mastodon/grants/{g['id']}")
    assert [h["action"] for h in full["history"]] == [
        "grant.created",
        "grant.changed",
        "grant.reauthorized",
        "grant.verified_post",
    ]
    assert full["history"][1]["data"]["before"]["access"] == "publisher"
    code, _ = await api.call(
        "dana", "PATCH", f"channels/mastodon/grants/{g['id']}", {"access": "admin", "if_version": 1}
    )
    assert code == 409  # stale version


async def test_stale_grants_are_flagged(api):
    fresh = await grant(api, channel="bluesky", vault_ref="op://JMS/Bluesky")
    old = await grant(api, access="viewer")
    used = await grant(
        api, channel="linkedin", username="ben", access="publisher", vault_ref="op://JMS/LinkedIn"
    )
    days = api.services.ctx.settings.stale_grant_days
    assert days == 90
    long_ago = utcnow() - timedelta(days=days + 1)
    with api.services.store.write() as s:
        s.get(Grant, int(old["id"])).granted_at = long_ago
        row = s.get(Grant, int(used["id"]))
        row.granted_at = long_ago
        row.reauthorized_at = utcnow() - timedelta(days=days - 1)
    stale = await api.ok("dana", "GET", "grants", params={"stale": "true"})
    by_id = {g["id"]: g for g in stale["items"]}
    assert set(by_id) == {old["id"], used["id"]}
    assert by_id[old["id"]]["stale_reasons"] == [f"not re-authorised for over {days} days"]
    # re-authorised lately, but a publisher with no verified post since the grant
    assert by_id[used["id"]]["stale_reasons"] == [f"no verified post for over {days} days"]
    everything = await api.ok("dana", "GET", "grants")
    assert {g["id"] for g in everything["items"]} == {fresh["id"], old["id"], used["id"]}


class TestConfiguredStaleAge:
    @pytest.fixture
    def jms_config(self):
        return {"stale_grant_days": 30}

    async def test_stale_grant_age_follows_the_setting(self, api):
        g = await grant(api, access="viewer")
        with api.services.store.write() as s:
            s.get(Grant, int(g["id"])).granted_at = utcnow() - timedelta(days=31)
        stale = await api.ok("dana", "GET", "grants", params={"stale": "1"})
        assert stale["stale_grant_days"] == 30
        assert [x["id"] for x in stale["items"]] == [g["id"]]


async def test_an_admin_is_told_who_may_be_given_access(api):
    """The grant form lists members holding a role today and the channel's delegates, never
    a former member (zed) or someone on the roster with no role (eve), nor a current holder."""
    start = await api.ok("dana", "GET", "channels/mastodon/grants")
    assert [m["username"] for m in start["grantable"]] == ["ada", "ben", "carla", "dana"]
    assert start["access_levels"] == ["admin", "publisher", "viewer"]
    assert start["stale_grant_days"] > 0

    await grant(api, username="ada")
    after = await api.ok("dana", "GET", "channels/mastodon/grants")
    assert "ada" not in [m["username"] for m in after["grantable"]]

    d = await api.ok("eve", "GET", "channels/discourse")
    await api.ok(
        "dana", "PATCH", "channels/discourse", {"delegates": ["eve"], "if_version": d["version"]}
    )
    community = await api.ok("dana", "GET", "channels/discourse/grants")
    assert "eve" in [m["username"] for m in community["grantable"]]
    assert "zed" not in [m["username"] for m in community["grantable"]]

    retired = await api.ok("dana", "GET", "channels/facebook/grants")
    assert retired["grantable"] == []


async def test_only_admins_are_told_who_may_be_given_access(api):
    mine = await api.ok("ada", "GET", "channels/mastodon/grants")
    assert "grantable" not in mine and "access_levels" not in mine
