"""Live governance responses (meetings, attendance, reports) match openapi.yaml exactly."""

from __future__ import annotations

from test_openapi import Checked

SERIES = {
    "title": "JMS bi-weekly",
    "rrule": "FREQ=WEEKLY;INTERVAL=2",
    "tz": "Europe/Berlin",
    "dtstart": "2024-02-20T17:00",
}


async def test_live_governance_responses_match_the_spec(api):
    c = Checked(api)
    series = await c.ok("dana", "POST", "meetings/series", SERIES)
    await c.ok("ada", "GET", "meetings/series")
    await c.ok("ada", "GET", f"meetings/series/{series['id']}")
    await c.ok("dana", "PATCH", f"meetings/series/{series['id']}", {"title": "JMS"})
    assert (await c.call("dana", "POST", "meetings/series", {**SERIES, "tz": "Nowhere"}))[0] == 400
    occ = (
        await c.ok(
            "ada",
            "GET",
            "meetings/occurrences",
            params={"from": "2024-02-01T00:00:00Z", "to": "2024-12-31T00:00:00Z"},
        )
    )["items"]
    await c.ok("ada", "GET", f"meetings/occurrences/{occ[0]['id']}")
    await c.ok("dana", "PATCH", f"meetings/occurrences/{occ[1]['id']}", {"status": "cancelled"})
    await c.ok(
        "dana", "POST", "meetings/occurrences", {"title": "Ad hoc", "start": "2024-03-01T10:00:00Z"}
    )
    await c.ok("ada", "GET", f"meetings/occurrences/{occ[0]['id']}/attendance")
    for o, status in zip(occ[2:9], "AMMMMMA", strict=False):
        records = [{"username": "ada", "status": {"A": "attended", "M": "absent"}[status]}]
        await c.ok(
            "dana", "POST", f"meetings/occurrences/{o['id']}/attendance", {"records": records}
        )
    await c.ok(
        "dana",
        "POST",
        f"meetings/occurrences/{occ[0]['id']}/minutes",
        {"markdown": "## Present\n@ada\n## Regrets\n@dana\n"},
    )
    assert (
        await c.call(
            "dana",
            "POST",
            f"meetings/occurrences/{occ[0]['id']}/minutes",
            {"markdown": "## Present\n@ghost\n"},
        )
    )[0] == 400
    flags = await c.ok("ada", "GET", "attendance/flags", params={"as_of": "2024-12-31"})
    assert flags["flags"] and flags["incomplete"]
    await c.ok("dana", "POST", "attendance/flags", {"as_of": "2024-12-31"})
    await c.ok("ada", "GET", "attendance/participation", params={"year": "2024"})
    ics = await api.fetch(
        "jms",
        "api",
        "meetings",
        "calendar",
        headers={"Authorization": f"token {api.tokens['ada']}"},
    )
    text = ics.body.decode().replace(series["uid"], "copy@test")
    await c.ok("dana", "POST", "meetings/calendar", {"ics": text})
    await c.ok("ada", "GET", "reports")
    await c.ok("ada", "GET", "reports/attendance/runs")
    bad = await c.call("ada", "POST", "reports/attendance/runs", {"parameters": {"months": "x"}})
    assert bad[0] == 400
    assert (await c.call("ada", "GET", "reports/runs/12345"))[0] == 404
    assert (await c.call("carla", "GET", "attendance/flags"))[0] == 403
