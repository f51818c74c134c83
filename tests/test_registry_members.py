"""Roster management over the API: members, role intervals, aliases, affiliations."""

from __future__ import annotations


async def test_admin_adds_a_member_with_roles(api):
    m = await api.ok(
        "dana",
        "POST",
        "members",
        {
            "username": "lucia",
            "name": "Lucía Council",
            "affiliation": "Universidad Ejemplo",
            "aliases": ["lucia-old"],
            "roles": [{"role": "council", "since": "2025-01-01", "languages": ["es", "pt-BR"]}],
        },
    )
    assert m["roles"] == ["council"] and m["languages"] == ["es", "pt"]
    assert m["aliases"] == ["lucia-old"] and m["affiliation"] == "Universidad Ejemplo"
    code, _ = await api.call("dana", "POST", "members", {"username": "lucia"})
    assert code == 409
    events = api.services.events.list(api.services.members.caller("dana"))["items"]
    assert any(e["action"] == "member.created" and e["subject_id"] == "lucia" for e in events)


async def test_member_details_change_with_the_current_version(api):
    ada = await api.ok("eve", "GET", "members/ada")
    code, _ = await api.call("dana", "PATCH", "members/ada", {"affiliation": "Other"})
    assert code == 400  # if_version required
    new = await api.ok(
        "dana",
        "PATCH",
        "members/ada",
        {"affiliation": "Another University", "aliases": ["ada-l"], "if_version": ada["version"]},
    )
    assert new["affiliation"] == "Another University" and new["version"] == ada["version"] + 1
    code, _ = await api.call(
        "dana", "PATCH", "members/ada", {"name": "Stale", "if_version": ada["version"]}
    )
    assert code == 409


async def test_an_alias_names_one_member_only(api):
    ben = await api.ok("eve", "GET", "members/ben")
    code, _ = await api.call(
        "dana", "PATCH", "members/ben", {"aliases": ["ada"], "if_version": ben["version"]}
    )
    assert code == 409
    code, _ = await api.call(
        "dana", "PATCH", "members/ben", {"aliases": ["ben"], "if_version": ben["version"]}
    )
    assert code == 400
    code, _ = await api.call(
        "dana", "PATCH", "members/ben", {"aliases": ["bad alias!"], "if_version": ben["version"]}
    )
    assert code == 400


async def test_role_intervals_open_and_end(api):
    eve = await api.ok("eve", "GET", "members/eve")
    added = await api.ok(
        "dana",
        "POST",
        "members/eve/roles",
        {"role": "editor", "since": "2025-01-01", "if_version": eve["version"]},
    )
    assert added["roles"] == ["editor"]
    interval = added["role_intervals"][-1]
    code, _ = await api.call(
        "dana", "POST", "members/eve/roles", {"role": "editor", "since": "2025-06-01"}
    )
    assert code == 409  # overlaps the open interval
    ended = await api.ok(
        "dana",
        "PATCH",
        f"members/eve/roles/{interval['id']}",
        {"until": "2025-02-01", "if_version": added["version"]},
    )
    assert ended["roles"] == [] and ended["role_intervals"][-1]["until"] == "2025-02-01"
    code, _ = await api.call(
        "dana",
        "PATCH",
        f"members/eve/roles/{interval['id']}",
        {"until": "2024-01-01", "if_version": ended["version"]},
    )
    assert code == 400  # until before since
    me = await api.ok("eve", "GET", "me")
    assert me["roles"] == []


async def test_council_languages_change_and_stay_required(api):
    carla = await api.ok("eve", "GET", "members/carla")
    rid = carla["role_intervals"][0]["id"]
    code, _ = await api.call(
        "dana",
        "PATCH",
        f"members/carla/roles/{rid}",
        {"languages": [], "if_version": carla["version"]},
    )
    assert code == 400
    new = await api.ok(
        "dana",
        "PATCH",
        f"members/carla/roles/{rid}",
        {"languages": ["es", "pt", "ca"], "if_version": carla["version"]},
    )
    assert new["languages"] == ["ca", "es", "pt"]
    code, _ = await api.call(
        "dana", "POST", "members/carla/roles", {"role": "council", "since": "2030-01-01"}
    )
    assert code == 400  # a council role lists its languages


async def test_the_last_admin_cannot_end_their_role(api):
    dana = await api.ok("eve", "GET", "members/dana")
    admin, chair = dana["role_intervals"]
    first = await api.ok(
        "dana",
        "PATCH",
        f"members/dana/roles/{chair['id']}",
        {"until": "2025-06-01", "if_version": dana["version"]},
    )
    code, err = await api.call(
        "dana",
        "PATCH",
        f"members/dana/roles/{admin['id']}",
        {"until": "2025-06-01", "if_version": first["version"]},
    )
    assert code == 409 and "nobody" in err["message"]
    assert "admin" in (await api.ok("dana", "GET", "me"))["roles"]


async def test_only_admins_manage_the_roster(api):
    for user in ("ada", "carla", "eve", "zed"):
        code, _ = await api.call(user, "POST", "members", {"username": "x"})
        assert code == 403, user
        code, _ = await api.call(user, "PATCH", "members/ada", {"name": "x", "if_version": 1})
        assert code == 403, user
        code, _ = await api.call(user, "POST", "members/ada/roles", {"role": "admin"})
        assert code == 403, user


async def test_bad_member_input_is_a_clear_400(api):
    for body in (
        {"username": "has space"},
        {"username": "ok", "roles": [{"role": "emperor", "since": "2025-01-01"}]},
        {"username": "ok", "roles": [{"role": "editor", "since": "yesterday"}]},
        {"username": "ok", "colour": "blue"},
    ):
        code, err = await api.call("dana", "POST", "members", body)
        assert code == 400 and err["errors"], body
    code, _ = await api.call("dana", "PATCH", "members/nobody", {"name": "x", "if_version": 1})
    assert code == 404


async def test_the_roster_names_the_roles_a_member_may_hold(api):
    roster = await api.ok("eve", "GET", "members")
    assert roster["role_names"] == ["editor", "council", "admin", "chair"]
    # Each named role opens an interval (council with its languages).
    m = await api.ok("eve", "GET", "members/eve")
    for role in roster["role_names"]:
        body = {"role": role, "since": "2020-01-01", "until": "2020-02-01"}
        if role == "council":
            body["languages"] = ["fr"]
        m = await api.ok("dana", "POST", "members/eve/roles", {**body, "if_version": m["version"]})
    assert sorted(r["role"] for r in m["role_intervals"]) == sorted(roster["role_names"])
