"""Meeting series, occurrences, attendance, minutes and iCalendar over the REST API."""

from __future__ import annotations

from datetime import datetime, timezone

BERLIN_SERIES = {
    "title": "JMS bi-weekly",
    "rrule": "FREQ=WEEKLY;INTERVAL=2",
    "tz": "Europe/Berlin",
    "dtstart": "2024-03-05T17:00",
}
RANGE = {"from": "2024-03-01T00:00:00Z", "to": "2024-06-01T00:00:00Z"}


async def a_series(api, **overrides):
    return await api.ok("dana", "POST", "meetings/series", {**BERLIN_SERIES, **overrides})


async def occurrences(api, series_id, **params):
    got = await api.ok(
        "ada", "GET", "meetings/occurrences", params={**RANGE, **params, "series": series_id}
    )
    return got["items"]


async def test_admin_creates_a_biweekly_series_that_keeps_local_time_across_dst(api):
    series = await a_series(api)
    assert series["rrule"] == "FREQ=WEEKLY;INTERVAL=2;WKST=MO" and series["wkst"] == "MO"
    occ = await occurrences(api, series["id"])
    assert [o["date"] for o in occ[:3]] == ["2024-03-05", "2024-03-19", "2024-04-02"]
    assert {o["local_start"][11:16] for o in occ} == {"17:00"}
    assert [o["start"] for o in occ[1:3]] == ["2024-03-19T16:00:00Z", "2024-04-02T15:00:00Z"]
    assert all(o["kind"] == "regular" and o["status"] == "scheduled" for o in occ)
    listed = await api.ok("ben", "GET", "meetings/series")
    assert [s["id"] for s in listed["items"]] == [series["id"]]


async def test_bad_series_input_is_a_clear_400_and_changes_nothing(api):
    events = api.count_events()
    cases = [
        ({"rrule": "FREQ=FORTNIGHTLY"}, "rrule"),
        ({"rrule": "FREQ=WEEKLY;INTERVAL=2;BYHOUR=9"}, "rrule"),
        ({"rrule": "FREQ=WEEKLY;WKST=SU", "wkst": "MO"}, "wkst"),
        ({"tz": "Mars/Olympus"}, "tz"),
        ({"tz": "CEST"}, "tz"),
        ({"dtstart": "next tuesday"}, "dtstart"),
        ({"title": ""}, "title"),
        ({"duration_minutes": 0}, "duration_minutes"),
    ]
    for change, field in cases:
        code, err = await api.call("dana", "POST", "meetings/series", {**BERLIN_SERIES, **change})
        assert code == 400, (change, err)
        assert err["errors"][0]["field"] == field, (change, err)
    code, _ = await api.call("dana", "POST", "meetings/series", raw=b"{not json")
    assert code == 400
    assert api.count_events() == events
    assert (await api.ok("dana", "GET", "meetings/series"))["items"] == []


async def test_cancelled_moved_and_ad_hoc_occurrences(api):
    series = await a_series(api)
    first, second, third = (await occurrences(api, series["id"]))[:3]
    cancelled = await api.ok(
        "dana", "PATCH", f"meetings/occurrences/{first['id']}", {"status": "cancelled"}
    )
    assert cancelled["status"] == "cancelled" and cancelled["id"] == first["id"]
    moved = await api.ok(
        "dana",
        "PATCH",
        f"meetings/occurrences/{second['id']}",
        {"start": "2024-03-20T17:00:00+01:00"},
    )
    assert moved["id"] == second["id"] and moved["moved"] and moved["slot"] == second["start"]
    assert moved["date"] == "2024-03-20"
    stale = await api.call(
        "dana", "PATCH", f"meetings/occurrences/{second['id']}", {"note": "x", "if_version": 99}
    )
    assert stale[0] == 409
    back = await api.ok("dana", "PATCH", f"meetings/occurrences/{second['id']}", {"start": None})
    assert not back["moved"] and back["start"] == second["start"]
    adhoc = await api.ok(
        "dana",
        "POST",
        "meetings/occurrences",
        {"title": "Channel workshop", "start": "2024-03-12T10:00", "tz": "Europe/Berlin"},
    )
    assert adhoc["kind"] == "ad_hoc" and adhoc["id"].startswith("a")
    listed = await api.ok("ada", "GET", "meetings/occurrences", params=RANGE)
    ids = [o["id"] for o in listed["items"]]
    assert adhoc["id"] in ids and first["id"] in ids and third["id"] in ids
    history = await api.ok("dana", "GET", "events")
    actions = [e["action"] for e in history["items"] if e["subject_type"] == "meeting"]
    assert actions[:1] == ["meeting.series_created"]
    assert {"meeting.cancelled", "meeting.moved", "meeting.ad_hoc_created"} <= set(actions)


async def test_unknown_occurrences_are_404(api):
    series = await a_series(api)
    for bad in ("nope", f"s{series['id']}-20240306T160000Z", "s999-20240305T160000Z", "a999"):
        code, _ = await api.call("ada", "GET", f"meetings/occurrences/{bad}")
        assert code == 404, bad


async def test_attendance_is_recorded_per_member_and_unknown_without_a_record(api):
    series = await a_series(api)
    occ = (await occurrences(api, series["id"]))[0]
    path = f"meetings/occurrences/{occ['id']}/attendance"
    sheet = await api.ok("ada", "GET", path)
    # Editors, admins and the chair are expected; council vetters and authors are not.
    assert {i["username"] for i in sheet["items"]} == {"ada", "dana", "zed"}
    assert {i["status"] for i in sheet["items"]} == {"unknown"}
    done = await api.ok(
        "dana",
        "POST",
        path,
        {
            "records": [
                {"username": "ada", "status": "attended"},
                {"username": "zed", "status": "excused"},
            ]
        },
    )
    got = {i["username"]: i["status"] for i in done["items"]}
    assert got == {"ada": "attended", "dana": "unknown", "zed": "excused"}
    assert done["counts"]["unknown"] == 1
    again = await api.ok(
        "dana", "POST", path, {"records": [{"username": "ada", "status": "attended"}]}
    )
    assert again["changed"] == []  # recording the same status again changes nothing


async def test_attendance_outside_a_role_interval_is_refused_and_nothing_is_recorded(api):
    series = await a_series(api)
    occ = (await occurrences(api, series["id"]))[0]  # 2024-03-05: ben becomes editor in June
    path = f"meetings/occurrences/{occ['id']}/attendance"
    events = api.count_events()
    for who in ("ben", "eve", "carla", "nobody"):
        code, err = await api.call(
            "dana",
            "POST",
            path,
            {
                "records": [
                    {"username": "ada", "status": "attended"},
                    {"username": who, "status": "absent"},
                ]
            },
        )
        assert code == 400, who
        assert err["errors"][0]["field"] == "records[1].username"
    code, err = await api.call(
        "dana", "POST", path, {"records": [{"username": "ada", "status": "late"}]}
    )
    assert code == 400 and err["errors"][0]["field"] == "records[0].status"
    assert api.count_events() == events
    sheet = await api.ok("ada", "GET", path)
    assert {i["status"] for i in sheet["items"]} == {"unknown"}


async def test_cancelled_meetings_take_no_attendance_and_attended_ones_stay(api):
    series = await a_series(api)
    first, second = (await occurrences(api, series["id"]))[:2]
    await api.ok("dana", "PATCH", f"meetings/occurrences/{first['id']}", {"status": "cancelled"})
    code, _ = await api.call(
        "dana",
        "POST",
        f"meetings/occurrences/{first['id']}/attendance",
        {"records": [{"username": "ada", "status": "attended"}]},
    )
    assert code == 409
    await api.ok(
        "dana",
        "POST",
        f"meetings/occurrences/{second['id']}/attendance",
        {"records": [{"username": "ada", "status": "attended"}]},
    )
    code, _ = await api.call(
        "dana", "PATCH", f"meetings/occurrences/{second['id']}", {"status": "cancelled"}
    )
    assert code == 409


async def test_a_future_meeting_takes_regrets_but_not_attendance(api):
    future = datetime.now(timezone.utc).year + 1
    series = await a_series(api, dtstart=f"{future}-01-06T17:00")
    occ = (
        await occurrences(
            api,
            series["id"],
            **{"from": f"{future}-01-01T00:00:00Z", "to": f"{future}-02-01T00:00:00Z"},
        )
    )[0]
    path = f"meetings/occurrences/{occ['id']}/attendance"
    code, err = await api.call(
        "dana", "POST", path, {"records": [{"username": "ada", "status": "attended"}]}
    )
    assert code == 400 and "not started" in err["errors"][0]["message"]
    ok = await api.ok("dana", "POST", path, {"records": [{"username": "ada", "status": "excused"}]})
    assert ok["changed"] == [{"username": "ada", "from": None, "to": "excused"}]


async def test_minutes_import_resolves_aliases_and_reports_unknown_handles(api):
    from jupyter_jms.services.registry.roster import parse_roster

    api.services.members.import_roster(
        parse_roster(
            {
                "members": [
                    {
                        "username": "ada",
                        "name": "Ada Editor",
                        "aliases": ["ada-old"],
                        "roles": [{"role": "editor", "since": "2024-01-01"}],
                    }
                ]
            }
        ),
        actor="test",
    )
    series = await a_series(api)
    occ = (await occurrences(api, series["id"]))[0]
    path = f"meetings/occurrences/{occ['id']}/minutes"
    events = api.count_events()
    bad = "## Present\n- @ada-old\n- @adaa\n\n## Regrets\n- @dana\n- @ghost\n"
    code, err = await api.call("dana", "POST", path, {"markdown": bad})
    assert code == 400
    assert [e["message"] for e in err["errors"]] == [
        "@adaa is not on the roster",
        "@ghost is not on the roster",
    ]
    assert api.count_events() == events
    good = "## Present\n- @ada-old\n\n## Regrets\n- @Dana\n\n## Guests\n- @eve\n"
    done = await api.ok("dana", "POST", path, {"markdown": good})
    got = {i["username"]: (i["status"], i["source"]) for i in done["items"]}
    assert got == {
        "ada": ("attended", "minutes"),
        "dana": ("excused", "minutes"),
        "zed": ("absent", "minutes"),
    }
    assert done["resolved"] == {"ada-old": "ada"}
    code, err = await api.call("dana", "POST", path, {"markdown": "# Notes only\n@ada"})
    assert code == 400 and "Present" in err["message"]


async def test_minutes_record_unlisted_members_absent_unless_told_otherwise(api):
    series = await a_series(api)
    occ = (await occurrences(api, series["id"]))[0]
    path = f"meetings/occurrences/{occ['id']}/minutes"
    minutes = "## Present\n- @ada\n"
    code, err = await api.call("dana", "POST", path, {"markdown": minutes, "unlisted": None})
    assert code == 400 and err["errors"][0]["field"] == "unlisted"
    kept = await api.ok("dana", "POST", path, {"markdown": minutes, "unlisted": "unknown"})
    assert [c["username"] for c in kept["changed"]] == ["ada"]
    # Sent without "unlisted": the service's default records everyone else expected absent.
    done = await api.ok("dana", "POST", path, {"markdown": minutes})
    assert done["changed"] and {c["to"] for c in done["changed"]} == {"absent"}
    assert "ada" not in {c["username"] for c in done["changed"]}


async def test_calendar_export_round_trips_cancelled_and_moved_meetings(api):
    series = await a_series(api, uid="jms-test-series@example.org")
    occ = await occurrences(api, series["id"])
    await api.ok("dana", "PATCH", f"meetings/occurrences/{occ[0]['id']}", {"status": "cancelled"})
    await api.ok(
        "dana",
        "PATCH",
        f"meetings/occurrences/{occ[1]['id']}",
        {"start": "2024-03-20T18:00:00+01:00"},
    )
    resp = await api.fetch(
        "jms",
        "api",
        "meetings",
        "calendar",
        headers={"Authorization": f"token {api.tokens['ada']}"},
    )
    text = resp.body.decode()
    assert resp.headers["Content-Type"].startswith("text/calendar")
    assert "RRULE:FREQ=WEEKLY;INTERVAL=2;WKST=MO" in text and "TZID=Europe/Berlin" in text
    assert "EXDATE;TZID=Europe/Berlin:20240305T170000" in text
    assert "RECURRENCE-ID;TZID=Europe/Berlin:20240319T170000" in text
    same = await api.ok("dana", "POST", "meetings/calendar", {"ics": text})
    assert same["skipped"] == ["jms-test-series@example.org"] and same["series"] == []
    copy = await api.ok(
        "dana", "POST", "meetings/calendar", {"ics": text.replace("jms-test-series", "copy")}
    )
    assert (copy["cancelled"], copy["moved"], len(copy["series"])) == (1, 1, 1)
    new = await occurrences(api, copy["series"][0])
    assert [(o["status"], o["moved"], o["local_start"]) for o in new[:2]] == [
        ("cancelled", False, "2024-03-05T17:00:00+01:00"),
        ("scheduled", True, "2024-03-20T18:00:00+01:00"),
    ]
    code, err = await api.call(
        "dana", "POST", "meetings/calendar", {"ics": "BEGIN:VCALENDAR\nnot ical"}
    )
    assert code == 400


async def test_ending_a_series_stops_its_slots(api):
    series = await a_series(api)
    ended = await api.ok(
        "dana",
        "PATCH",
        f"meetings/series/{series['id']}",
        {"ends_at": "2024-04-01T00:00:00Z", "if_version": series["version"]},
    )
    assert ended["ends_at"] == "2024-04-01T00:00:00Z"
    assert [o["date"] for o in await occurrences(api, series["id"])] == ["2024-03-05", "2024-03-19"]
    code, _ = await api.call(
        "dana", "PATCH", f"meetings/series/{series['id']}", {"title": "x", "if_version": 1}
    )
    assert code == 409
