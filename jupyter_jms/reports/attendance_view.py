"""The attendance report's sentences and table rows, from ``attendance.load``'s data.

The notebook builds its tables (DataFrames) and charts in its own cells from these; every
sentence that states a figure says how the figure is defined, and the tests compare them
with figures computed independently.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from . import charts
from .attendance import CODES, AttendanceReport
from .tables import plain

NOTHING_YET = (
    "**Nothing yet.** There is no regular meeting with members expected in this period: "
    "create a meeting series and record attendance (the Meetings panel, or "
    "`jupyter jms meetings`), then run this report again."
)
CATEGORIES = (
    charts.Category(CODES["attended"], "attended", "#009E73"),
    charts.Category(CODES["excused"], "excused", "#F0E442"),
    charts.Category(CODES["absent"], "absent", "#D55E00"),
    charts.Category(CODES["unknown"], "no record", "#BBBBBB"),
    charts.Category(None, "not a member then", "#F2F2F2"),
)
EXCUSED_SAYS = {
    "leave": "left out of the count (neither attended nor missed)",
    "attended": "counted as attended",
    "missed": "counted as missed",
}
COUNTED_AS = {"attended": "attended", "missed": "missed", "left": "left out", "unknown": "unknown"}


def percent(share: float | None) -> str:
    return "–" if share is None else f"{share:.0%}"


def summary(report: AttendanceReport) -> str:
    """The report's scope and the rule in force, in words."""
    p = report.policy
    return (
        f"As of **{report.as_of}**; regular meetings from {report.start} to {report.as_of}. "
        f"Rule in force: a member is flagged when more than {p['threshold']} of the meetings "
        f"counted for them are missed in a {p['window_days']}-day window (every start day, "
        f"only windows that have ended by {report.as_of}) with at least {p['min_eligible']} "
        f"counted meetings. Excused absences are {EXCUSED_SAYS[p['excused']]}"
        + (f"; the rule applies to meetings from {p['effective']}" if p["effective"] else "")
        + "."
    )


def heatmap_description(report: AttendanceReport) -> str:
    """The heatmap's text alternative: what it shows and its numbers."""
    first, last = report.meetings[0]["date"], report.meetings[-1]["date"]
    moved = sum(1 for m in report.meetings if m["moved"])
    rates = "; ".join(f"{r['username']} {percent(r['rate'])}" for r in report.rates)
    return (
        f"{len(report.members)} members (rows) by {len(report.meetings)} regular meetings held "
        f"from {first} to {last} (columns; {moved} of them moved, cancelled ones left out), "
        f"each cell coloured by the member's status. Attendance rates: {rates}."
    )


def column_labels(report: AttendanceReport) -> list[str]:
    """A heatmap column per meeting held: its day, with a star when it was moved."""
    return [m["date"] + (" *" if m["moved"] else "") for m in report.meetings]


def row_labels(report: AttendanceReport) -> list[str]:
    return [m["username"] + ("" if m["current_member"] else " (former)") for m in report.members]


def rate_rows(report: AttendanceReport) -> list[dict[str, Any]]:
    """One row per member: the records in the period and the rate under the policy."""
    return [
        {
            "member": r["username"],
            "meetings": r["meetings"],
            "attended": r["attended"],
            "excused": r["excused"],
            "absent": r["absent"],
            "no record": r["unknown"],
            "counted": r["counted"],
            "rate": percent(r["rate"]),
        }
        for r in report.rates
    ]


def _window_end(start: str, window_days: int) -> str:
    return (date.fromisoformat(start) + timedelta(days=window_days - 1)).isoformat()


def flag_sentence(flag: dict[str, Any], report: AttendanceReport) -> str:
    """The flag's evidence in words: which windows, the worst one's numbers, open or not."""
    days = report.policy["window_days"]
    who = plain(flag["username"]) + (
        "" if flag["current_member"] else " (no longer holds a counted role)"
    )
    n = flag["windows"]
    first, last = flag["first_window_start"], flag["last_window_start"]
    if n == 1:
        span = f"flagged in 1 window of {days} days, {first} to {_window_end(first, days)}"
    else:
        span = (
            f"flagged in {n} consecutive windows of {days} days, the first starting {first} "
            f"and the last starting {last} (ending {flag['last_window_end']})"
        )
    w = flag["window"]
    excused = f", {flag['excused']} excused" if flag["excused"] else ""
    worst = (
        f"The worst window, {w['start']} to {w['end']}: {flag['missed']} of "
        f"{flag['eligible']} counted meetings missed{excused}."
    )
    status = (
        f"Still open on {report.as_of}: the window ending that day is flagged."
        if flag["open"]
        else f"Not open on {report.as_of}: its last flagged window ended on "
        f"{flag['last_window_end']}."
    )
    return f"**{who}**: {span}. {worst} {status}"


def evidence_rows(flag: dict[str, Any]) -> list[dict[str, Any]]:
    """Every regular meeting of the worst window, oldest first: the counted ones with the
    member's status and how it counts, the cancelled ones marked as not counted."""
    rows = [
        {
            "date": m["date"],
            "meeting": m["occurrence"],
            "status": m["status"],
            "counted as": COUNTED_AS[m["counted_as"]],
            "note": "moved from its usual time" if m.get("moved") else "",
        }
        for m in flag["meetings"]
    ]
    rows += [
        {
            "date": c["date"],
            "meeting": c["occurrence"],
            "status": "cancelled",
            "counted as": "not counted",
            "note": "cancelled",
        }
        for c in flag.get("cancelled", [])
    ]
    rows.sort(key=lambda r: (r["date"], r["meeting"]))
    return rows


def flags_summary(report: AttendanceReport) -> str:
    n_open = sum(1 for f in report.flags if f["open"])
    if not report.flags:
        return "No window in the period is over the threshold."
    return (
        f"**{len(report.flags)}** flag(s) with a window in the period, "
        f"of which **{n_open}** open on {report.as_of}."
    )


def completeness(report: AttendanceReport) -> str:
    c = report.completeness
    text = [
        f"**{c['recorded']} of {c['expected_records']}** expected records are in "
        f"({percent(c['share'])}): one record is expected per member per regular meeting held "
        f"while they held a counted role. {report.cancelled} regular meeting(s) in the period "
        "were cancelled and expect none."
    ]
    if c["meetings_without_records"]:
        text.append(
            "Meetings with no record at all: " + ", ".join(c["meetings_without_records"]) + "."
        )
    if not report.incomplete:
        text.append("No window's verdict depends on missing records.")
    else:
        text.append(
            f"{len(report.incomplete)} run(s) of windows would be flagged if their missing "
            "records were absences (below, the worst window of each)."
        )
    return "\n\n".join(text)


def incomplete_rows(report: AttendanceReport) -> list[dict[str, Any]]:
    return [
        {
            "member": i["username"],
            "windows": i["windows"],
            "first window from": i["first_window_start"],
            "last window from": i["last_window_start"],
            "worst window": f"{i['window']['start']} to {i['window']['end']}",
            "missed": i["missed"],
            "no record": i["unknown"],
            "counted": i["eligible"],
        }
        for i in report.incomplete
    ]


def participation_summary(report: AttendanceReport) -> str:
    v = report.participation
    if v["status"] == "no_data":
        return f"No formal vote closed in {v['year']}."
    return (
        f"{v['votes']} formal vote(s) closed in {v['year']}. One row per member who held a "
        "voting role in the year; *eligible* counts the votes they could vote in (fixed when "
        "each vote opened), *took part* those they cast a ballot in (a blank ballot counts)."
    )


def participation_rows(report: AttendanceReport) -> list[dict[str, Any]]:
    """One row per member who held a voting role in the year; none when no vote closed."""
    v = report.participation
    if v["status"] == "no_data":
        return []
    return [
        {
            "member": r["username"],
            "took part": r["took_part"],
            "eligible": r["eligible"],
            "share": percent(r["took_part"] / r["eligible"]) if r["eligible"] else "–",
            "below 2/3": "yes" if r["below_required"] else "",
        }
        for r in v["items"]
    ]
