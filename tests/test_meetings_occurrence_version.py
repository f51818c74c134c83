"""An occurrence's version guard: what the API lists is what a write names."""

from __future__ import annotations

SERIES = {
    "title": "JMS weekly",
    "rrule": "FREQ=WEEKLY",
    "tz": "Europe/Berlin",
    "dtstart": "2024-03-05T17:00",
}
RANGE = {"from": "2024-03-01T00:00:00Z", "to": "2024-04-01T00:00:00Z"}


async def first_two(api):
    series = await api.ok("dana", "POST", "meetings/series", SERIES)
    got = await api.ok(
        "ada", "GET", "meetings/occurrences", params={**RANGE, "series": series["id"]}
    )
    return got["items"][:2]


async def test_an_untouched_slot_listed_at_version_0_takes_a_write_guarded_by_version_0(api):
    first, _ = await first_two(api)
    assert first["version"] == 0
    path = f"meetings/occurrences/{first['id']}"
    cancelled = await api.ok(
        "dana", "PATCH", path, {"status": "cancelled", "note": "Holiday", "if_version": 0}
    )
    assert cancelled["status"] == "cancelled" and cancelled["note"] == "Holiday"
    assert cancelled["version"] > 0
    restored = await api.ok(
        "dana", "PATCH", path, {"status": "scheduled", "if_version": cancelled["version"]}
    )
    assert restored["status"] == "scheduled" and restored["version"] > cancelled["version"]


async def test_a_stale_version_is_a_409_with_a_sentence_and_changes_nothing(api):
    _, second = await first_two(api)
    path = f"meetings/occurrences/{second['id']}"
    moved = await api.ok(
        "dana", "PATCH", path, {"start": "2024-03-13T18:00:00+01:00", "if_version": 0}
    )
    assert moved["moved"]
    events = api.count_events()
    code, err = await api.call("dana", "PATCH", path, {"status": "cancelled", "if_version": 0})
    assert code == 409 and "reload" in err["message"]
    assert api.count_events() == events
    again = await api.ok("ada", "GET", path)
    assert again["status"] == "scheduled" and again["version"] == moved["version"]
