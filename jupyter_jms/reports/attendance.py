"""Data for the attendance report notebook: the grid, the rates, the flags, completeness.

The rule itself is the domain's (``domain.attendance``), fed the same facts the attendance
service gives it: every member holding one of the policy's roles with their role spans, every
occurrence of every series and every ad hoc meeting up to the report's day, and every
attendance record. Those facts are read here with plain SQL (see ``source``) because the
report runs in a fresh kernel; ``tests/test_reports_data.py`` checks that the report and
the service find the same flags.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from typing import Any

from dateutil.relativedelta import relativedelta

from ..domain import attendance as rule
from ..domain import attendance_counts as counts
from ..domain import attendance_policy
from ..domain import meetings as dm
from ..domain.participation import FORMAL_METHODS, FormalVote, expected_voters, summary
from ..domain.roles import RoleSpan
from .source import Reader, data, day, in_list, reading, utc_or_none, wall

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
    cancelled_dates: list[str] = field(default_factory=list)
    participation: dict[str, Any] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        """No regular meeting in the period, or nobody expected at one: nothing to show."""
        return not self.meetings or not self.members


@dataclass
class Facts:
    """What the rule reads from the database, as plain values."""

    names: dict[str, str]  # username -> name, every member
    spans: dict[str, list[RoleSpan]]  # username -> role spans
    occurrences: list[dm.Occurrence]
    statuses: dict[str, dict[str, str]]  # username -> occurrence id -> status
    votes: list[FormalVote]


# -- reading ----------------------------------------------------------------------------------


def _occurrences(db: Reader, as_of: date) -> tuple[list[dm.Occurrence], dict[int, str]]:
    """Every occurrence up to the end of ``as_of``, and each stored row's public id."""
    series = [
        (sid, dm.SeriesRule(rrule, tz, wall(dtstart), utc_or_none(ends_at)))
        for sid, rrule, tz, dtstart, ends_at in db.rows(
            "SELECT id, rrule, tz, dtstart, ends_at FROM meeting_series ORDER BY id"
        )
    ]
    stored = [
        (oid, series_id, utc_or_none(slot), utc_or_none(start), status, tz)
        for oid, series_id, slot, start, status, tz in db.rows(
            "SELECT id, series_id, slot_start, start, status, tz FROM meeting_occurrences"
        )
    ]
    public = {
        oid: dm.ad_hoc_id(oid) if series_id is None or slot is None else dm.slot_id(series_id, slot)
        for oid, series_id, slot, _, _, _ in stored
    }
    firsts = [f for _, r in series if (f := r.first()) is not None]
    # Meetings up to the end of as_of in any zone, and none that has not started yet.
    end = min(
        datetime.combine(as_of + timedelta(days=2), datetime.min.time(), tzinfo=timezone.utc),
        datetime.now(timezone.utc),
    )
    if not firsts or min(firsts) >= end:
        return [], public
    first = min(firsts)
    out: list[dm.Occurrence] = []
    for sid, series_rule in series:
        overrides = {
            slot: dm.Override(slot, status, start)
            for _, series_id, slot, start, status, _ in stored
            if series_id == sid and slot is not None and start is not None
        }
        out.extend(dm.series_occurrences(sid, series_rule, overrides, first, end))
    for oid, series_id, _, start, status, tz in stored:
        if series_id is None and start is not None and first <= start < end:
            out.append(dm.Occurrence(public[oid], None, dm.AD_HOC, status, start, None, tz))
    out.sort(key=lambda o: (o.start, o.id))
    return out, public


def _votes(db: Reader) -> list[FormalVote]:
    """The decisions that were formal votes, open or closed, with who voted in their round."""
    ballots: dict[tuple[int, int], set[str]] = {}
    for decision_id, round_, voter in db.rows(
        "SELECT decision_id, round, voter FROM decision_votes"
    ):
        ballots.setdefault((decision_id, round_), set()).add(voter)
    out = []
    for did, title, status, closed_at, eligible, round_ in db.rows(
        "SELECT id, title, status, closed_at, eligible, round FROM decisions"
        f" WHERE method IN {in_list(FORMAL_METHODS)} AND status IN ('open', 'closed')"
    ):
        closed = utc_or_none(closed_at) if status == "closed" else None
        out.append(
            FormalVote(
                id=str(did),
                title=title,
                closed_on=closed.date() if closed is not None else None,
                eligible=frozenset(data(eligible) or ()),
                voted=frozenset(ballots.get((did, round_), ())),
            )
        )
    return out


def read_facts(db: Reader, as_of: date) -> Facts:
    """Members, role spans, occurrences, attendance records and formal votes."""
    names: dict[str, str] = dict(db.rows("SELECT username, name FROM members ORDER BY username"))
    spans: dict[str, list[RoleSpan]] = {}
    for username, role, since, until, languages in db.rows(
        "SELECT username, role, since, until, languages FROM member_roles ORDER BY id"
    ):
        spans.setdefault(username, []).append(
            RoleSpan(
                role,
                day(since),
                None if until is None else day(until),
                tuple(data(languages) or ()),
            )
        )
    occurrences, public = _occurrences(db, as_of)
    statuses: dict[str, dict[str, str]] = {}
    for username, status, occurrence_id in db.rows(
        "SELECT username, status, occurrence_id FROM attendance"
    ):
        statuses.setdefault(username, {})[public[occurrence_id]] = status
    return Facts(names, spans, occurrences, statuses, _votes(db))


# -- the report -------------------------------------------------------------------------------


def evaluate(
    facts: Facts, policy: attendance_policy.Policy, as_of: date
) -> list[rule.MemberResult]:
    """The rule over every member who ever held one of the policy's roles."""
    meetings = [
        counts.Meeting(
            o.id,
            o.day,
            regular=o.kind == dm.REGULAR,
            cancelled=o.status == dm.CANCELLED,
            moved=o.moved,
        )
        for o in facts.occurrences
    ]
    roster = [
        rule.RosterEntry(u, spans, facts.statuses.get(u, {}))
        for u, spans in facts.spans.items()
        if u in facts.names and any(s.role in policy.roles for s in spans)
    ]
    return rule.evaluate_all(roster, meetings, policy, as_of)


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
    today = date.fromisoformat(as_of) if as_of else date.today()
    start = today - relativedelta(months=months)
    rule_policy = attendance_policy.Policy.from_mapping(
        {k: v for k, v in policy.items() if v not in (None, "")}
    )
    with reading(db_url) as db:
        facts = read_facts(db, today)
    results = evaluate(facts, rule_policy, today)

    def facts_of(username: str) -> dict[str, Any]:
        current = any(
            s.role in rule_policy.roles and s.covers(today) for s in facts.spans.get(username, [])
        )
        return {"name": facts.names.get(username, ""), "current_member": current}

    report = AttendanceReport(today, start, rule_policy.as_dict())
    report.participation = summary(
        facts.votes,
        today.year,
        expected=expected_voters(
            {u: v for u, v in facts.spans.items() if u in facts.names}, today.year, today
        ),
    )
    in_period = [o for o in facts.occurrences if o.kind == dm.REGULAR and start <= o.day <= today]
    report.cancelled = sum(1 for o in in_period if o.status == dm.CANCELLED)
    report.cancelled_dates = [o.day.isoformat() for o in in_period if o.status == dm.CANCELLED]
    held = [o for o in in_period if o.status != dm.CANCELLED]
    report.meetings = [{"id": o.id, "date": o.day.isoformat(), "moved": o.moved} for o in held]
    for r in results:
        in_range = [c for c in r.counted if start <= c.day <= today]
        if not in_range:
            continue
        counted = {c.id: c.status for c in in_range}
        report.members.append({"username": r.username, **facts_of(r.username)})
        report.grid.append([CODES[counted[o.id]] if o.id in counted else None for o in held])
        statuses = list(counted.values())
        attended, judged, share = counts.rate(in_range, rule_policy)
        report.rates.append(
            {
                "username": r.username,
                "meetings": len(statuses),
                "attended": statuses.count(attendance_policy.ATTENDED),
                "excused": statuses.count(attendance_policy.EXCUSED),
                "absent": statuses.count(attendance_policy.ABSENT),
                "unknown": statuses.count(attendance_policy.UNKNOWN),
                "counted_attended": attended,
                "counted": judged,
                "rate": share,
            }
        )
    for r in results:
        for kind, episodes in ((report.flags, r.flags), (report.incomplete, r.incomplete)):
            # In the period: some window of the episode ends on or after the period's start.
            kind.extend(
                {
                    **e.as_dict(rule_policy),
                    **facts_of(e.username),
                    "open": e.open_on(today, rule_policy),
                }
                for e in episodes
                if e.last_end(rule_policy) >= start
            )
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
