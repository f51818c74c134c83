"""Data for the attendance report notebook: the grid, the rates, the flags, completeness."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from dateutil.relativedelta import relativedelta

from . import open_store

# Heatmap codes: higher is better attendance; cells where the member held no role are None.
CODES = {"absent": 0, "unknown": 1, "excused": 2, "attended": 3}


@dataclass
class AttendanceReport:
    as_of: date
    start: date
    policy: dict[str, Any]
    members: list[dict[str, Any]] = field(default_factory=list)
    meetings: list[dict[str, Any]] = field(default_factory=list)
    grid: list[list[int | None]] = field(default_factory=list)
    rates: list[dict[str, Any]] = field(default_factory=list)
    flags: list[dict[str, Any]] = field(default_factory=list)
    incomplete: list[dict[str, Any]] = field(default_factory=list)
    completeness: dict[str, Any] = field(default_factory=dict)
    cancelled: int = 0
    participation: dict[str, Any] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        """No regular meeting in the period, or nobody expected at one: nothing to show."""
        return not self.meetings or not self.members


def load(
    db_url: str = "",
    as_of: str = "",
    months: int = 12,
    **policy: Any,
) -> AttendanceReport:
    """Read the database at ``db_url`` (default: ``$JMS_DATABASE_URL``) for the report.

    ``policy`` takes the rule's settings (threshold, window_days, excused, min_eligible,
    effective); empty values keep the defaults.
    """
    from ..domain.attendance import Policy
    from ..services.attendance_rule import compute, flags_dict, formal_votes, participation_dict

    day = date.fromisoformat(as_of) if as_of else date.today()
    start = day - relativedelta(months=months)
    settings = {k: v for k, v in policy.items() if v not in (None, "")}
    rule_policy = Policy.from_mapping(settings)
    store = open_store(db_url)
    try:
        with store.read() as s:
            comp = compute(s, rule_policy, day)
            summary = flags_dict(comp, {})
            votes = formal_votes(s)
    finally:
        store.dispose()
    report = AttendanceReport(day, start, rule_policy.as_dict())
    report.participation = participation_dict(votes, day.year)
    in_period = [o for o in comp.occurrences if o.kind == "regular" and start <= o.day <= day]
    report.cancelled = sum(1 for o in in_period if o.status == "cancelled")
    held = [o for o in in_period if o.status != "cancelled"]
    report.meetings = [{"id": o.id, "date": o.day.isoformat(), "moved": o.moved} for o in held]
    counted_by_member = {
        r.username: {c.id: c.status for c in r.counted if start <= c.day <= day}
        for r in comp.results
    }
    names = {m["username"]: m for m in summary["members"]}
    for username, counted in counted_by_member.items():
        if not counted:
            continue
        facts = names.get(username, {})
        report.members.append(
            {
                "username": username,
                "name": facts.get("name", ""),
                "current_member": facts.get("current_member", False),
            }
        )
        report.grid.append([CODES[counted[o.id]] if o.id in counted else None for o in held])
        statuses = list(counted.values())
        known = [x for x in statuses if x != "unknown"]
        attended = statuses.count("attended")
        report.rates.append(
            {
                "username": username,
                "meetings": len(statuses),
                "attended": attended,
                "excused": statuses.count("excused"),
                "absent": statuses.count("absent"),
                "unknown": statuses.count("unknown"),
                "rate": attended / len(known) if known else None,
            }
        )
    report.flags = [f for f in summary["flags"] if f["window"]["end"] >= start.isoformat()]
    report.incomplete = [
        f for f in summary["incomplete"] if f["window"]["end"] >= start.isoformat()
    ]
    cells = sum(r["meetings"] for r in report.rates)
    recorded = sum(r["meetings"] - r["unknown"] for r in report.rates)
    no_records = [
        m["date"]
        for i, m in enumerate(report.meetings)
        if all(row[i] in (None, CODES["unknown"]) for row in report.grid)
    ]
    report.completeness = {
        "expected_records": cells,
        "recorded": recorded,
        "share": recorded / cells if cells else None,
        "meetings_without_records": no_records,
    }
    return report
