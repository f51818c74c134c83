"""The attendance taker, driven as the chair drives it, against a live server."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from functools import partial

import pytest

pytest.importorskip("ipywidgets")

from jupyter_jms.widgets import AttendanceTaker  # noqa: E402


@pytest.fixture
def taker_as(panel_as):
    return partial(panel_as, AttendanceTaker)


async def todays_meeting(api):
    """A bi-weekly series whose meeting today started half an hour ago."""
    start = datetime.now(timezone.utc) - timedelta(minutes=30)
    series = await api.ok(
        "dana",
        "POST",
        "meetings/series",
        {
            "title": "JMS bi-weekly",
            "rrule": "FREQ=WEEKLY;INTERVAL=2;WKST=MO",
            "tz": "UTC",
            "dtstart": start.strftime("%Y-%m-%dT%H:%M"),
        },
    )
    got = await api.ok("dana", "GET", "meetings/occurrences", params={"series": series["id"]})
    return next(o for o in got["items"] if o["date"] == start.date().isoformat())


async def test_chair_takes_todays_attendance_in_a_few_clicks(api, taker_as):
    today = await todays_meeting(api)
    panel = await taker_as("dana")
    assert panel.meeting.value == today["id"]
    expected = {i["username"] for i in panel.sheet["items"]}
    assert {"ada", "ben", "dana"} <= expected and "eve" not in expected
    panel.set_status("ben", "excused")
    panel.all_attended_button.click()
    panel.save_button.click()
    await panel.wait()
    held = await api.ok("ada", "GET", f"meetings/occurrences/{today['id']}/attendance")
    statuses = {i["username"]: i["status"] for i in held["items"]}
    assert statuses["ben"] == "excused"
    assert {statuses[u] for u in expected - {"ben"}} == {"attended"}
    assert panel.message.text == f"Recorded attendance for {len(expected)} member(s)."
    # Saving again with nothing changed sends nothing.
    panel.save_button.click()
    await panel.wait()
    assert panel.message.text == "Nothing changed since the sheet was loaded."


async def test_editor_may_look_but_not_record(api, taker_as):
    today = await todays_meeting(api)
    panel = await taker_as("ada")
    assert panel.meeting.value == today["id"]
    panel.all_attended_button.click()
    panel.save_button.click()
    await panel.wait()
    assert panel.message.text.startswith("You cannot record attendance: ")
    held = await api.ok("ada", "GET", f"meetings/occurrences/{today['id']}/attendance")
    assert {i["status"] for i in held["items"]} == {"unknown"}
