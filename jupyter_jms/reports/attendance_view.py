"""What the attendance report notebook shows: its sections as displayable objects.

The notebook runs ``show(report)`` in one cell, as papermill writes the whole notebook
before and after every cell; ``sections`` is what tests read.
"""

from __future__ import annotations

from typing import Any

from IPython.display import Markdown, display

from . import charts
from .attendance import CODES, AttendanceReport
from .tables import markdown_table, plain

NOTHING_YET = (
    "**Nothing yet.** There is no regular meeting with members expected in this period: "
    "create a meeting series and record attendance (`jupyter jms meetings`, or the "
    "`meetings` API), then run this report again."
)
CATEGORIES = (
    charts.Category(CODES["attended"], "attended", "#009E73"),
    charts.Category(CODES["excused"], "excused", "#F0E442"),
    charts.Category(CODES["absent"], "absent", "#D55E00"),
    charts.Category(CODES["unknown"], "no record", "#BBBBBB"),
    charts.Category(None, "not a member then", "#F2F2F2"),
)


def _percent(share: float | None) -> str | None:
    return None if share is None else f"{share:.0%}"


def summary(report: AttendanceReport) -> Markdown:
    p = report.policy
    return Markdown(
        f"As of **{report.as_of}**, regular meetings since {report.start}. "
        f"Rule: more than {p['threshold']} of the counted meetings missed in any "
        f"{p['window_days']}-day window with at least {p['min_eligible']} counted meetings; "
        f"excused absences: {p['excused']}"
        + (f"; effective from {p['effective']}" if p["effective"] else "")
        + "."
    )


def heatmap(report: AttendanceReport) -> charts.Chart:
    names = [m["username"] + ("" if m["current_member"] else " (former)") for m in report.members]
    first, last = report.meetings[0]["date"], report.meetings[-1]["date"]
    return charts.heatmap(
        names,
        [m["date"] for m in report.meetings],
        report.grid,
        CATEGORIES,
        title="Attendance at regular meetings",
        description=(
            f"{len(names)} members (rows) by {len(report.meetings)} regular meetings held from "
            f"{first} to {last} (columns), each cell coloured by the member's status; beside "
            "each row the member's attendance rate. The rates table lists the same numbers."
        ),
        bars=[r["rate"] for r in report.rates],
        bars_title="Attendance rate",
    )


def rates(report: AttendanceReport) -> Markdown:
    return Markdown(
        markdown_table(
            [
                (
                    r["username"],
                    r["meetings"],
                    r["attended"],
                    r["excused"],
                    r["absent"],
                    r["unknown"],
                    _percent(r["rate"]),
                )
                for r in report.rates
            ],
            ["member", "meetings", "attended", "excused", "absent", "no record", "rate"],
        )
    )


def flags(report: AttendanceReport) -> list[Markdown]:
    if not report.flags:
        return [Markdown("No window in the period is over the threshold.")]
    out = []
    for f in report.flags:
        who = plain(f["username"]) + (
            "" if f["current_member"] else " (no longer holds a counted role)"
        )
        later = (
            f", and {f['windows'] - 1} later window(s) up to one starting {f['last_window_start']}"
            if f["windows"] > 1
            else ""
        )
        lines = [
            f"### {who}: {f['missed']} of {f['eligible']} counted meetings missed",
            f"Window {f['window']['start']} to {f['window']['end']}{later}.",
            "",
            markdown_table(
                [(m["date"], m["occurrence"], m["status"], m["counted_as"]) for m in f["meetings"]],
                ["date", "meeting", "status", "counted as"],
            ),
        ]
        out.append(Markdown("\n".join(lines)))
    return out


def completeness(report: AttendanceReport) -> Markdown:
    c = report.completeness
    share = _percent(c["share"]) or "–"
    text = [
        f"**{c['recorded']} of {c['expected_records']}** expected records are in ({share}); "
        f"{report.cancelled} meeting(s) in the period were cancelled.",
    ]
    if c["meetings_without_records"]:
        text.append(
            "Meetings with no record at all: " + ", ".join(c["meetings_without_records"]) + "."
        )
    if report.incomplete:
        text.append("Windows that would be flagged if the unknown records were absences:")
        text.append(
            markdown_table(
                [
                    (
                        i["username"],
                        i["window"]["start"],
                        i["window"]["end"],
                        i["missed"],
                        i["unknown"],
                        i["eligible"],
                    )
                    for i in report.incomplete
                ],
                ["member", "window from", "to", "missed", "unknown", "counted"],
            )
        )
    else:
        text.append("No window's verdict depends on missing records.")
    return Markdown("\n\n".join(text))


def participation(report: AttendanceReport) -> Markdown:
    v = report.participation
    if v["status"] == "no_data":
        return Markdown(f"No data: {plain(v['message'])}")
    return Markdown(
        markdown_table(
            [
                (
                    r["username"],
                    r["took_part"],
                    r["eligible"],
                    "below 2/3" if r["below_required"] else "",
                )
                for r in v["items"]
            ],
            ["member", f"took part ({v['year']})", "eligible votes", ""],
        )
    )


def sections(report: AttendanceReport) -> list[Any]:
    """Everything the report shows, in order."""
    out: list[Any] = [summary(report)]
    if report.empty:
        out.append(Markdown(NOTHING_YET))
    else:
        out += [
            Markdown(
                "## Attendance over time\n\nOne row per member, one column per regular meeting "
                "held (cancelled meetings left out)."
            ),
            heatmap(report),
            Markdown(
                "## Rates\n\nRate: meetings attended out of the meetings with a record "
                "(attended, excused or absent)."
            ),
            rates(report),
            Markdown("## Current flags and their evidence"),
            *flags(report),
            Markdown(
                "## Data completeness\n\nMeetings without a record are *unknown*, never absent: "
                "a window whose verdict depends on them is reported incomplete instead of "
                "flagged."
            ),
            completeness(report),
        ]
    out += [
        Markdown(
            "## Vote participation\n\nMembers take part in at least two thirds of the formal "
            "votes of a calendar year (decisions data)."
        ),
        participation(report),
    ]
    return out


def show(report: AttendanceReport) -> None:
    """Display the report in the running notebook."""
    display(*sections(report))
