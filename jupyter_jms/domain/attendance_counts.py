"""What the attendance rule counts, and how: the meetings that count for a member, how each
status enters a window's tally, the verdict on one window's tallies, and the rate.

The rule that sweeps windows over these (and its evidence) is ``attendance``; the policy's
settings are ``attendance_policy``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from .attendance_policy import (
    ABSENT,
    EXCUSED,
    EXCUSED_ATTENDED,
    EXCUSED_LEAVE,
    EXCUSED_MISSED,
    STATUSES,
    UNKNOWN,
    Policy,
)
from .roles import RoleSpan

FLAG = "flag"
INCOMPLETE = "incomplete"
OK = "ok"
TOO_FEW = "too_few"


@dataclass(frozen=True)
class Meeting:
    """One occurrence as the rule sees it."""

    id: str
    day: date  # the local day it is held on
    regular: bool = True
    cancelled: bool = False
    moved: bool = False  # held at another time than its slot in the series


@dataclass(frozen=True)
class Counted:
    """A meeting that counts for one member, with the member's status at it."""

    id: str
    day: date
    status: str
    moved: bool = False


def counted_as(status: str, policy: Policy) -> str:
    """How one status enters the tally: ``missed``, ``attended``, ``unknown`` or ``left``."""
    if status == ABSENT:
        return "missed"
    if status == EXCUSED:
        return {EXCUSED_LEAVE: "left", EXCUSED_ATTENDED: "attended", EXCUSED_MISSED: "missed"}[
            policy.excused
        ]
    if status == UNKNOWN:
        return "unknown"
    return "attended"


def _held_role(spans: Sequence[RoleSpan], day: date, roles: frozenset[str]) -> bool:
    return any(s.role in roles and s.covers(day) for s in spans)


def counted_meetings(
    meetings: Iterable[Meeting],
    statuses: Mapping[str, str],
    spans: Sequence[RoleSpan],
    policy: Policy,
    as_of: date,
) -> tuple[Counted, ...]:
    """The meetings that count for one member, oldest first, each with its status."""
    out = []
    for m in meetings:
        if not m.regular or m.cancelled or m.day > as_of:
            continue
        if policy.effective is not None and m.day < policy.effective:
            continue
        if not _held_role(spans, m.day, policy.roles):
            continue
        status = statuses.get(m.id, UNKNOWN)
        out.append(Counted(m.id, m.day, status if status in STATUSES else UNKNOWN, m.moved))
    out.sort(key=lambda c: (c.day, c.id))
    return tuple(out)


def cancelled_meetings(
    meetings: Iterable[Meeting], spans: Sequence[RoleSpan], policy: Policy, as_of: date
) -> tuple[Counted, ...]:
    """The regular meetings that were cancelled on days the member was expected, oldest first
    (shown beside a window's evidence, never counted)."""
    out = [
        Counted(m.id, m.day, "cancelled", m.moved)
        for m in meetings
        if m.regular
        and m.cancelled
        and m.day <= as_of
        and (policy.effective is None or m.day >= policy.effective)
        and _held_role(spans, m.day, policy.roles)
    ]
    out.sort(key=lambda c: (c.day, c.id))
    return tuple(out)


def rate(counted: Iterable[Counted], policy: Policy) -> tuple[int, int, float | None]:
    """The attendance rate under the policy: (counted as attended, counted as attended or
    missed, their ratio). Unknown records are left out (never absent), and excused ones
    count as the policy says (left out, attended or missed)."""
    how = [counted_as(c.status, policy) for c in counted]
    attended = how.count("attended")
    judged = attended + how.count("missed")
    return attended, judged, attended / judged if judged else None


def contribution(status: str, policy: Policy) -> tuple[int, int, int, int]:
    """(eligible, missed, unknown, excused) for one meeting."""
    how = counted_as(status, policy)
    excused = 1 if status == EXCUSED else 0
    if how == "left":
        return 0, 0, 0, excused
    if how == "missed":
        return 1, 1, 0, excused
    if how == "unknown":
        return 1, 0, 1, 0
    return 1, 0, 0, excused


def verdict(eligible: int, missed: int, unknown: int, policy: Policy) -> str:
    """The verdict on one window's tallies; integer arithmetic only."""
    if eligible < policy.min_eligible or eligible == 0:
        return TOO_FEW
    num, den = policy.threshold.numerator, policy.threshold.denominator
    if unknown:
        return INCOMPLETE if den * (missed + unknown) > num * eligible else OK
    return FLAG if den * missed > num * eligible else OK
