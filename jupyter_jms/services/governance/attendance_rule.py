"""The attendance rule over the database: what it reads, and how its results are shown.

No access checks here: the services check the caller, the reports read with the rights of
whoever runs them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...domain import attendance as rule
from ...domain import attendance_counts as counts
from ...domain import attendance_policy
from ...domain import meetings as dm
from ...domain.participation import FORMAL_METHODS, FormalVote
from ...domain.roles import RoleSpan
from ...store.models import (
    Attendance,
    AttendanceFlag,
    Decision,
    MeetingOccurrence,
    MeetingSeries,
    Member,
    utcnow,
)
from ..kernel.common import iso
from ..registry.members import spans_of
from .occurrences import occurrences_between, series_rule


@dataclass
class Computation:
    """Everything the rule looked at, for the API, the CLI and the reports."""

    as_of: date
    policy: attendance_policy.Policy
    members: dict[str, Member]
    occurrences: list[dm.Occurrence]
    statuses: dict[str, dict[str, str]]  # username -> occurrence id -> status
    results: list[rule.MemberResult]


def first_meeting(s: Session) -> datetime | None:
    firsts = []
    for series in s.scalars(select(MeetingSeries)):
        first = series_rule(series).first()
        if first is not None:
            firsts.append(first)
    return min(firsts) if firsts else None


def load_statuses(s: Session) -> dict[str, dict[str, str]]:
    """Every attendance record as username -> public occurrence id -> status."""
    out: dict[str, dict[str, str]] = {}
    q = select(Attendance.username, Attendance.status, MeetingOccurrence).join(
        MeetingOccurrence, Attendance.occurrence_id == MeetingOccurrence.id
    )
    for username, status, occ in s.execute(q):
        if occ.series_id is None or occ.slot_start is None:
            occ_id = dm.ad_hoc_id(occ.id)
        else:
            occ_id = dm.slot_id(occ.series_id, dm.as_utc(occ.slot_start))
        out.setdefault(username, {})[occ_id] = status
    return out


def compute(s: Session, policy: attendance_policy.Policy, as_of: date) -> Computation:
    """Run the attendance rule over the whole database as of ``as_of`` (no access checks)."""
    members = {m.username: m for m in s.scalars(select(Member).order_by(Member.username))}
    start = first_meeting(s)
    if start is not None and policy.effective is not None:
        # No window starts before the effective date, so no earlier meeting counts: only
        # expand the series from (a zone's width before) that day.
        effective = datetime.combine(
            policy.effective - timedelta(days=2), datetime.min.time(), tzinfo=timezone.utc
        )
        start = max(start, effective)
    # Meetings up to the end of as_of in any zone, and none that has not started yet.
    end = min(
        datetime.combine(as_of + timedelta(days=2), datetime.min.time(), tzinfo=timezone.utc),
        utcnow(),
    )
    occurrences: list[dm.Occurrence] = []
    if start is not None and start < end:
        # Ad hoc meetings come along and are skipped by the rule: never in the denominator.
        occurrences = [o for o, _, _ in occurrences_between(s, start, end)]
    meetings = [
        counts.Meeting(
            o.id,
            o.day,
            regular=o.kind == dm.REGULAR,
            cancelled=o.status == dm.CANCELLED,
            moved=o.moved,
        )
        for o in occurrences
    ]
    statuses = load_statuses(s)
    roster = [
        rule.RosterEntry(u, spans_of(m), statuses.get(u, {}))
        for u, m in members.items()
        if any(span.role in policy.roles for span in spans_of(m))
    ]
    results = rule.evaluate_all(roster, meetings, policy, as_of)
    return Computation(as_of, policy, members, occurrences, statuses, results)


def holds_role(spans: list[RoleSpan], day: date, roles: frozenset[str]) -> bool:
    return any(s.role in roles and s.covers(day) for s in spans)


def formal_votes(s: Session) -> list[FormalVote]:
    """The decisions that were formal votes, from the decisions tables."""
    out = []
    q = select(Decision).where(
        Decision.method.in_(FORMAL_METHODS), Decision.status.in_(("open", "closed"))
    )
    for d in s.scalars(q):
        closed = d.status == "closed" and d.closed_at is not None
        out.append(
            FormalVote(
                id=str(d.id),
                title=d.title,
                closed_on=dm.as_utc(d.closed_at).date() if closed and d.closed_at else None,
                eligible=frozenset(d.eligible or ()),
                voted=frozenset(v.voter for v in d.votes if v.round == d.round),
            )
        )
    return out


def flags_dict(comp: Computation, stored: dict[str, AttendanceFlag]) -> dict[str, Any]:
    def member_facts(username: str) -> dict[str, Any]:
        m = comp.members.get(username)
        current = m is not None and holds_role(spans_of(m), comp.as_of, comp.policy.roles)
        return {"name": m.name if m else "", "current_member": current}

    def with_stored(ep: rule.Episode) -> dict[str, Any]:
        out = {
            **ep.as_dict(comp.policy),
            **member_facts(ep.username),
            "open": ep.open_on(comp.as_of, comp.policy),
        }
        row = stored.get(ep.key)
        out["stored"] = (
            {"id": str(row.id), "first_seen_at": iso(row.first_seen_at), "version": row.version}
            if row is not None
            else None
        )
        return out

    flags = [with_stored(e) for r in comp.results for e in r.flags]
    incomplete = [
        {
            **e.as_dict(comp.policy),
            **member_facts(e.username),
            "open": e.open_on(comp.as_of, comp.policy),
        }
        for r in comp.results
        for e in r.incomplete
    ]
    members = []
    for r in comp.results:
        known = [c for c in r.counted if c.status != attendance_policy.UNKNOWN]
        _, _, share = counts.rate(r.counted, comp.policy)
        members.append(
            {
                "username": r.username,
                **member_facts(r.username),
                "counted_meetings": len(r.counted),
                "recorded": len(known),
                "unknown": len(r.counted) - len(known),
                "attended": sum(1 for c in r.counted if c.status == attendance_policy.ATTENDED),
                "absent": sum(1 for c in r.counted if c.status == attendance_policy.ABSENT),
                "excused": sum(1 for c in r.counted if c.status == attendance_policy.EXCUSED),
                "rate": share,
                "flags": len(r.flags),
                "incomplete": len(r.incomplete),
            }
        )
    return {
        "as_of": comp.as_of.isoformat(),
        "policy": comp.policy.as_dict(),
        "flags": flags,
        "incomplete": incomplete,
        "members": members,
    }
