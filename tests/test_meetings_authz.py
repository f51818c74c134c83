"""Who may do what with meetings, attendance and reports: every endpoint x every caller.

Editors, admins and the chair read meetings and attendance; only admins and the chair
record them. Editors, admins and the chair run and read reports. Vote participation is
asked by anyone, who sees only their own row unless they read governance. A council vetter, an
author, a former member and an anonymous caller get nothing, and a refusal changes nothing.
"""

from __future__ import annotations

import re
from typing import Any

from authz_matrix import CALLERS, DENIED, Row, assert_covers, check_row, each_row

SERIES = {
    "title": "JMS",
    "rrule": "FREQ=WEEKLY;INTERVAL=2",
    "tz": "Europe/Berlin",
    "dtstart": "2024-03-05T17:00",
}
ICS = """BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//test//EN
BEGIN:VEVENT
UID:{uid}
SUMMARY:Imported
DTSTART;TZID=Europe/Berlin:20240305T170000
DURATION:PT1H
RRULE:FREQ=WEEKLY;INTERVAL=2;WKST=MO
END:VEVENT
END:VCALENDAR
"""


def codes(read: bool, ok: int, who: frozenset[str]) -> dict[str, Any]:
    out: dict[str, Any] = {p: 403 for p in CALLERS}
    out["anonymous"] = DENIED
    for part in who:
        out[part] = ok
    return out


READ = frozenset({"editor", "admin"})
WRITE = frozenset({"admin"})


async def a_series(api: Any, tag: str) -> dict[str, Any]:
    series = api.services.meetings.create_series(
        api.services.members.caller("dana"), {**SERIES, "uid": f"{tag}@test"}
    )
    from jupyter_jms.domain.meetings import slot_id
    from jupyter_jms.services.governance.occurrences import parse_instant

    slot = parse_instant("2024-03-05T16:00:00Z", "start")
    return {"sid": series["id"], "oid": slot_id(int(series["id"]), slot), "tag": tag}


async def a_run(api: Any, tag: str) -> dict[str, Any]:
    from jupyter_jms.store.models import ReportRun

    folder = api.root / "runs" / tag
    folder.mkdir(parents=True)
    (folder / "attendance.html").write_text("<p>report</p>")
    with api.services.store.write() as s:
        run = ReportRun(
            report="attendance",
            parameters={},
            status="succeeded",
            requested_by="dana",
            output_dir=str(folder),
        )
        s.add(run)
        s.flush()
        return {"rid": str(run.id)}


ROWS = [
    Row("list series", "GET", "meetings/series", codes(True, 200, READ)),
    Row(
        "create series", "POST", "meetings/series", codes(False, 201, WRITE), body=lambda c: SERIES
    ),
    Row("read series", "GET", "meetings/series/{sid}", codes(True, 200, READ), setup=a_series),
    Row(
        "rename series",
        "PATCH",
        "meetings/series/{sid}",
        codes(False, 200, WRITE),
        body=lambda c: {"title": "Renamed"},
        setup=a_series,
    ),
    Row("export calendar", "GET", "meetings/calendar", codes(True, 200, READ)),
    Row(
        "import calendar",
        "POST",
        "meetings/calendar",
        codes(False, 201, WRITE),
        body=lambda c: {"ics": ICS.format(uid=f"{c['tag']}-import")},
        setup=a_series,
    ),
    Row("list occurrences", "GET", "meetings/occurrences", codes(True, 200, READ)),
    Row(
        "add ad hoc meeting",
        "POST",
        "meetings/occurrences",
        codes(False, 201, WRITE),
        body=lambda c: {"title": "Ad hoc", "start": "2024-03-07T10:00:00Z"},
    ),
    Row(
        "read occurrence",
        "GET",
        "meetings/occurrences/{oid}",
        codes(True, 200, READ),
        setup=a_series,
    ),
    Row(
        "cancel occurrence",
        "PATCH",
        "meetings/occurrences/{oid}",
        codes(False, 200, WRITE),
        body=lambda c: {"status": "cancelled"},
        setup=a_series,
    ),
    Row(
        "read attendance",
        "GET",
        "meetings/occurrences/{oid}/attendance",
        codes(True, 200, READ),
        setup=a_series,
    ),
    Row(
        "record attendance",
        "POST",
        "meetings/occurrences/{oid}/attendance",
        codes(False, 200, WRITE),
        setup=a_series,
        body=lambda c: {"records": [{"username": "ada", "status": "attended"}]},
    ),
    Row(
        "import minutes",
        "POST",
        "meetings/occurrences/{oid}/minutes",
        codes(False, 200, WRITE),
        setup=a_series,
        body=lambda c: {"markdown": "## Present\n- @ada\n"},
    ),
    Row("read flags", "GET", "attendance/flags", codes(True, 200, READ)),
    Row("record flags", "POST", "attendance/flags", codes(False, 200, WRITE), body=lambda c: {}),
    # Everyone may ask; who sees whose rows is checked in test_attendance_api.
    Row(
        "vote participation",
        "GET",
        "attendance/participation",
        codes(True, 200, frozenset(CALLERS) - {"anonymous"}),
    ),
    Row("list reports", "GET", "reports", codes(True, 200, READ)),
    Row("list report runs", "GET", "reports/attendance/runs", codes(True, 200, READ)),
    # A bad parameter: allowed callers get its 400, so the matrix starts no process.
    Row(
        "start report run",
        "POST",
        "reports/attendance/runs",
        codes(False, 400, READ),
        body=lambda c: {"parameters": {"months": "twelve"}},
    ),
    Row("read report run", "GET", "reports/runs/{rid}", codes(True, 200, READ), setup=a_run),
    Row(
        "download report output",
        "GET",
        "reports/runs/{rid}/files/attendance.html",
        codes(True, 200, READ),
        setup=a_run,
    ),
]


def test_matrix_covers_every_governance_route():
    samples = r"\{[^}]+\}|attendance(?=/runs)|attendance\.html"
    assert_covers(ROWS, {"governance"}, lambda p: re.sub(samples, "*", p))


@each_row(ROWS)
async def test_governance_authorization_matrix(api, row):
    await check_row(api, row)
