"""The attendance rule over the REST API: flags with evidence, idempotent runs, participation."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

SERIES = {
    "title": "JMS bi-weekly",
    "rrule": "FREQ=WEEKLY;INTERVAL=2",
    "tz": "Europe/Berlin",
    "dtstart": "2024-02-20T17:00",
}
AS_OF = "2024-12-31"


async def meetings(api, n=20):
    series = await api.ok("dana", "POST", "meetings/series", SERIES)
    got = await api.ok(
        "ada",
        "GET",
        "meetings/occurrences",
        params={
            "from": "2024-02-01T00:00:00Z",
            "to": "2025-01-01T00:00:00Z",
            "series": series["id"],
        },
    )
    return got["items"][:n]


async def record(api, occ, **statuses):
    records = [{"username": u, "status": s} for u, s in statuses.items()]
    await api.ok(
        "dana", "POST", f"meetings/occurrences/{occ['id']}/attendance", {"records": records}
    )


CODES = {"A": "attended", "M": "absent", "E": "excused"}


async def pattern(api, occs, who, letters):
    for occ, letter in zip(occs, letters, strict=False):
        if letter in CODES:
            await record(api, occ, **{who: CODES[letter]})


async def flags(api, user="ada", as_of=AS_OF):
    return await api.ok(user, "GET", "attendance/flags", params={"as_of": as_of})


async def test_a_flag_carries_its_window_meetings_and_statuses_across_dst(api):
    occs = await meetings(api)
    # Misses from 5 March to 30 April 2024: Berlin moves to summer time on 31 March.
    await pattern(api, occs, "ada", "AMMMMMAAAAAAAAAAAAAA")
    await pattern(api, occs, "dana", "AAAAAAAAAAAAAAAAAAAA")
    got = await flags(api)
    assert [f["username"] for f in got["flags"]] == ["ada"]
    flag = got["flags"][0]
    assert flag["missed"] == 5 and 3 * flag["missed"] > 2 * flag["eligible"]
    dates = [m["date"] for m in flag["meetings"]]
    assert dates[0] < "2024-03-31" < dates[-1]
    assert all(datetime.fromisoformat(d).weekday() == 1 for d in dates)  # local Tuesdays
    by_date = {m["date"]: m for m in flag["meetings"]}
    assert by_date["2024-03-05"]["status"] == "absent"
    assert by_date["2024-03-05"]["occurrence"] == occs[1]["id"]
    assert {m["counted_as"] for m in flag["meetings"]} <= {"missed", "attended"}
    assert flag["current_member"] is True and flag["stored"] is None
    assert got["policy"]["threshold"] == "2/3" and got["policy"]["window_days"] == 90


async def test_cancelled_meetings_leave_the_count_and_moved_ones_keep_their_slot(api):
    occs = await meetings(api)
    await api.ok("dana", "PATCH", f"meetings/occurrences/{occs[3]['id']}", {"status": "cancelled"})
    moved = await api.ok(
        "dana",
        "PATCH",
        f"meetings/occurrences/{occs[2]['id']}",
        {"start": "2024-03-20T17:00:00+01:00"},
    )
    await pattern(api, occs, "ada", "AMM.MMMAAAAAAAAAAAAA")
    got = await flags(api)
    (flag,) = got["flags"]
    ids = [m["occurrence"] for m in flag["meetings"]]
    assert occs[3]["id"] not in ids
    moved_entry = next(m for m in flag["meetings"] if m["occurrence"] == occs[2]["id"])
    assert moved_entry["date"] == moved["date"] == "2024-03-20"
    assert moved_entry["status"] == "absent"


async def test_two_thirds_exactly_and_excused_absences_are_not_flagged(api):
    occs = await meetings(api, 6)
    # Six meetings, then the series has no more records: four misses of six is exactly 2/3.
    await pattern(api, occs, "ada", "MMAAMM")
    await pattern(api, occs, "dana", "MEMEME")  # three real misses of three counted: too few
    got = await flags(api, as_of="2024-06-30")
    assert got["flags"] == []


async def test_unknown_records_make_a_window_incomplete_not_flagged(api):
    occs = await meetings(api, 8)
    await pattern(api, occs, "ada", "AMM.MMAA")
    got = await flags(api, as_of="2024-06-05")  # the ninth meeting is on 11 June
    assert got["flags"] == []
    ada_windows = [i for i in got["incomplete"] if i["username"] == "ada"]
    assert len(ada_windows) == 1 and ada_windows[0]["unknown"] == 1
    # Members with no record at all are incomplete too, never flagged.
    assert {i["username"] for i in got["incomplete"]} == {"ada", "dana", "zed"}
    ada = next(m for m in got["members"] if m["username"] == "ada")
    assert ada["unknown"] == 1 and ada["absent"] == 4


async def test_members_joining_mid_window_count_from_their_first_day(api):
    occs = [o for o in await meetings(api, 100) if o["date"] <= AS_OF]
    got = await flags(api)
    counted = {m["username"]: m["counted_meetings"] for m in got["members"]}
    joined = sum(1 for o in occs if o["date"] >= "2024-06-01")
    assert counted["ben"] == joined < counted["ada"]
    assert "carla" not in counted and "eve" not in counted  # no counted role


async def test_recording_flags_twice_raises_each_only_once(api):
    occs = await meetings(api)
    await pattern(api, occs, "ada", "AMMMMMAAAAAAAAAAAAAA")
    first = await api.ok("dana", "POST", "attendance/flags", {"as_of": AS_OF})
    assert first["counts"] == {"raised": 1, "updated": 0, "cleared": 0, "unchanged": 0}
    events = api.count_events()
    second = await api.ok("dana", "POST", "attendance/flags", {"as_of": AS_OF})
    assert second["counts"] == {"raised": 0, "updated": 0, "cleared": 0, "unchanged": 1}
    assert api.count_events() == events
    assert [f["stored"]["id"] for f in first["flags"]] == [
        f["stored"]["id"] for f in second["flags"]
    ]
    shown = await flags(api)
    assert shown["flags"][0]["stored"]["id"] == first["flags"][0]["stored"]["id"]
    # A corrected record clears the flag; the flag stays on record as cleared.
    await record(api, occs[3], ada="attended")
    third = await api.ok("dana", "POST", "attendance/flags", {"as_of": AS_OF})
    assert third["counts"]["cleared"] == 1 and third["flags"] == []
    history = await api.ok("dana", "GET", "events")
    actions = [e["action"] for e in history["items"] if e["subject_type"] == "attendance"]
    assert actions.count("attendance.flag_raised") == 1
    assert actions.count("attendance.flag_cleared") == 1


async def test_flag_queries_validate_their_input(api):
    for bad in ("yesterday", "2024-13-01"):
        code, err = await api.call("ada", "GET", "attendance/flags", params={"as_of": bad})
        assert code == 400 and err["errors"][0]["field"] == "as_of"
    code, _ = await api.call("dana", "POST", "attendance/flags", {"as_of": "soon"})
    assert code == 400
    code, _ = await api.call("ada", "GET", "attendance/participation", params={"year": "last"})
    assert code == 400


@pytest.mark.parametrize("year", ["0", "-1", "1969", "10000", "99999999999999999999"])
async def test_participation_refuses_a_year_out_of_range(api, year):
    code, err = await api.call("eve", "GET", "attendance/participation", params={"year": year})
    assert code == 400 and err["errors"][0]["field"] == "year"


async def test_participation_defaults_to_this_year_and_takes_the_range_ends(api):
    this_year = datetime.now(timezone.utc).year
    assert (await api.ok("ada", "GET", "attendance/participation"))["year"] == this_year
    for year in (1970, 9999):
        got = await api.ok("ada", "GET", "attendance/participation", params={"year": year})
        assert (got["year"], got["status"]) == (year, "no_data")


async def test_vote_participation_reports_no_data_then_counts_closed_votes(api):
    empty = await api.ok("ada", "GET", "attendance/participation", params={"year": 2025})
    assert empty["status"] == "no_data" and empty["items"] == []
    from jupyter_jms.store.models import Decision, Vote

    closed = datetime(2025, 3, 1, tzinfo=timezone.utc)
    with api.services.store.write() as s:
        for i, voters in enumerate((["ada", "ben"], ["ada"], ["ada", "ben"])):
            d = Decision(
                title=f"vote {i}",
                method="yes_no",
                status="closed",
                created_by="dana",
                eligible=["ada", "ben", "dana"],
                opened_at=closed,
                closed_at=closed,
            )
            s.add(d)
            s.flush()
            s.add_all(Vote(decision_id=d.id, round=1, voter=v, choice="yes") for v in voters)
    got = await api.ok("ada", "GET", "attendance/participation", params={"year": 2025})
    rows = {r["username"]: r for r in got["items"]}
    assert got["status"] == "ok" and got["votes"] == 3
    assert (rows["ada"]["took_part"], rows["ada"]["below_required"]) == (3, False)
    assert (rows["ben"]["took_part"], rows["ben"]["below_required"]) == (2, False)
    assert (rows["dana"]["took_part"], rows["dana"]["below_required"]) == (0, True)


async def test_attendance_saved_at_once_by_two_admins_all_lands(api):
    import asyncio

    from jupyter_jms.domain.access import Caller

    occs = await meetings(api, 3)
    chair = Caller("dana", frozenset({"admin", "chair"}))
    svc = api.services.attendance

    def save(who: str, status: str) -> None:
        svc.set_records(chair, occs[2]["id"], {"records": [{"username": who, "status": status}]})

    loop = asyncio.get_running_loop()
    for _ in range(3):
        await asyncio.gather(
            loop.run_in_executor(None, save, "ada", "attended"),
            loop.run_in_executor(None, save, "dana", "excused"),
            loop.run_in_executor(None, save, "zed", "absent"),
        )
    sheet = await api.ok("ada", "GET", f"meetings/occurrences/{occs[2]['id']}/attendance")
    got = {i["username"]: i["status"] for i in sheet["items"]}
    assert got == {"ada": "attended", "dana": "excused", "zed": "absent"}
