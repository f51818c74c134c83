"""Meetings set up through ``jupyter jms`` as an operator does it: the demo roster, the JMS
call's bi-weekly series, and the chair's attendance records."""

from __future__ import annotations

from pathlib import Path

from jupyter_jms.cli import main

DATA = Path(__file__).resolve().parent.parent / "jupyter_jms" / "data"
# Tuesdays at noon in New York, every other week, from 5 March 2024 (across the DST change).
SERIES = [
    "--title",
    "JMS",
    "--rrule",
    "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU",
    "--tz",
    "America/New_York",
    "--dtstart",
    "2024-03-05T12:00",
]


def import_roster(url: str) -> None:
    assert main(["--db", url, "roster", "import", str(DATA / "demo-roster.yaml")]) == 0


def create_series(url: str) -> None:
    assert main(["--db", url, "meetings", "series", "--create", *SERIES]) == 0


def record_attendance(url: str, username: str, statuses: str) -> None:
    """The chair records ``username`` at the 2024 meetings in order: ``A`` attended, ``M``
    missed (absent)."""
    from jupyter_jms.container import Services
    from jupyter_jms.domain.access import Caller
    from jupyter_jms.store.db import Store

    svc = Services(Store(url))
    chair = Caller("dana", frozenset({"admin", "chair"}))
    occ = svc.meetings.list_occurrences(
        chair, start="2024-03-01T00:00:00Z", end="2024-09-01T00:00:00Z"
    )["items"]
    for o, status in zip(occ, statuses, strict=False):
        code = {"A": "attended", "M": "absent"}[status]
        svc.attendance.set_records(
            chair, o["id"], {"records": [{"username": username, "status": code}]}
        )
    svc.close()
