"""The attendance rule of the charter, with its evidence.

A member who misses more than two thirds of the regularly scheduled meetings in any
90-day window (rolling: every start day) may be asked to step down. The comparison is on
integers, ``den * missed > num * eligible``, so exactly two thirds never flags.

Which meetings count for a member: regular (not ad hoc), not cancelled, held on or
before ``as_of`` and on or after the policy's effective date, on a day when the member
held one of the policy's roles. Which windows are judged: every window of
``window_days`` consecutive days that starts on or after the effective date and has
ended by ``as_of`` (a window still running cannot be judged yet).

A window with unknown records (no record is unknown, never absent) is never flagged; it
is reported *incomplete* when its verdict depends on them, i.e. when it would flag if every
unknown were an absence. Consecutive start days with the same verdict form one episode,
reported once, keyed by its first window's start day so re-running the rule (or running it
later) finds the same flags. An episode's evidence names its first and last window starts,
how many windows it spans, and its strongest window with every meeting in it (moved meetings
marked, cancelled ones listed apart). An episode is *open* on a day when the window ending
that day is still part of it; otherwise it is a past episode, kept as evidence.

The attendance rate follows the same policy (``attendance_counts.rate``): attended over
attended and missed, excused records counted as the policy counts them, unknown ones left out.

Which meetings count and how each status enters a tally live in ``attendance_counts``; this
module sweeps the windows and keeps the evidence. ``evaluate`` is the fast search (one sweep
over the points where a window's contents change); ``evaluate_brute_force`` checks every
start day and exists to test it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any

from .attendance_counts import (
    FLAG,
    INCOMPLETE,
    Counted,
    Meeting,
    cancelled_meetings,
    contribution,
    counted_as,
    counted_meetings,
    verdict,
)
from .attendance_policy import UNKNOWN, Policy
from .roles import RoleSpan


@dataclass(frozen=True)
class Window:
    start: date
    end: date  # last day, inclusive
    eligible: int
    missed: int
    unknown: int
    excused: int
    meetings: tuple[Counted, ...]
    # Regular meetings in the window, on days the member held a counted role, that were
    # cancelled: not counted, listed so the evidence shows every slot of the series.
    cancelled: tuple[Counted, ...] = ()

    def evidence(self, policy: Policy) -> dict[str, Any]:
        return {
            "window": {"start": self.start.isoformat(), "end": self.end.isoformat()},
            "eligible": self.eligible,
            "missed": self.missed,
            "excused": self.excused,
            "unknown": self.unknown,
            "meetings": [
                {
                    "occurrence": c.id,
                    "date": c.day.isoformat(),
                    "status": c.status,
                    "counted_as": counted_as(c.status, policy),
                    "moved": c.moved,
                }
                for c in self.meetings
            ],
            "cancelled": [{"occurrence": c.id, "date": c.day.isoformat()} for c in self.cancelled],
        }


@dataclass(frozen=True)
class Episode:
    """Consecutive start days with the same verdict.

    ``window`` is the episode's evidence: its window with the most missed (or, when
    incomplete, missed or unknown) meetings, then the highest share, then the earliest.
    """

    username: str
    verdict: str  # FLAG or INCOMPLETE
    window: Window
    first_start: date
    last_start: date

    @property
    def key(self) -> str:
        """Stable identity across runs: who, and the day the episode's first window starts
        (later runs only add windows at an episode's end)."""
        return f"{self.username}/{self.first_start.isoformat()}"

    @property
    def windows(self) -> int:
        return (self.last_start - self.first_start).days + 1

    def last_end(self, policy: Policy) -> date:
        """The last day of the episode's last window."""
        return self.last_start + timedelta(days=policy.window_days - 1)

    def open_on(self, as_of: date, policy: Policy) -> bool:
        """Whether the episode is still open on ``as_of``: the latest window that can be
        judged then (the one ending on ``as_of``) is part of it. An episode whose last window
        ended earlier is closed: it happened in the past and stays as evidence."""
        return self.last_end(policy) >= as_of

    def as_dict(self, policy: Policy) -> dict[str, Any]:
        return {
            "key": self.key,
            "username": self.username,
            "verdict": self.verdict,
            "windows": self.windows,
            "first_window_start": self.first_start.isoformat(),
            "last_window_start": self.last_start.isoformat(),
            "last_window_end": self.last_end(policy).isoformat(),
            **self.window.evidence(policy),
        }


@dataclass(frozen=True)
class MemberResult:
    username: str
    counted: tuple[Counted, ...]
    flags: tuple[Episode, ...] = ()
    incomplete: tuple[Episode, ...] = ()
    judged_windows: int = 0

    @property
    def unknown(self) -> tuple[Counted, ...]:
        return tuple(c for c in self.counted if c.status == UNKNOWN)


def _start_range(
    counted: Sequence[Counted], policy: Policy, as_of: date
) -> tuple[date, date] | None:
    """First and last start day worth judging; None when no window can be judged."""
    if not counted:
        return None
    span = timedelta(days=policy.window_days - 1)
    lo = counted[0].day - span
    if policy.effective is not None and policy.effective > lo:
        lo = policy.effective
    hi = min(as_of - span, counted[-1].day)
    if hi < lo:
        return None
    return lo, hi


def _window(start: date, policy: Policy, members: Sequence[Counted]) -> Window:
    e = m = u = x = 0
    for c in members:
        de, dm, du, dx = contribution(c.status, policy)
        e, m, u, x = e + de, m + dm, u + du, x + dx
    end = start + timedelta(days=policy.window_days - 1)
    return Window(start, end, e, m, u, x, tuple(members))


def _better(e: int, m: int, u: int, than: Window) -> bool:
    """Whether tallies (eligible, missed, unknown) make stronger evidence than ``than``."""
    bad, other = m + u, than.missed + than.unknown
    if bad != other:
        return bad > other
    return bad * than.eligible > other * e


def _episodes(
    username: str, runs: list[tuple[str, date, date, Window]], cancelled: Sequence[Counted]
) -> tuple[tuple[Episode, ...], tuple[Episode, ...]]:
    def with_cancelled(w: Window) -> Window:
        inside = tuple(c for c in cancelled if w.start <= c.day <= w.end)
        return replace(w, cancelled=inside) if inside else w

    flags = tuple(
        Episode(username, v, with_cancelled(w), first, last)
        for v, first, last, w in runs
        if v == FLAG
    )
    incomplete = tuple(
        Episode(username, v, with_cancelled(w), first, last)
        for v, first, last, w in runs
        if v == INCOMPLETE
    )
    return flags, incomplete


def evaluate(
    username: str,
    meetings: Iterable[Meeting],
    statuses: Mapping[str, str],
    spans: Sequence[RoleSpan],
    policy: Policy,
    as_of: date,
) -> MemberResult:
    """The rule for one member: one sweep over the days a window's contents change.

    A window ``[d, d + W - 1]`` gains a meeting on day ``m`` when ``d`` reaches ``m - W + 1``
    and loses it at ``m + 1``; between those points its contents, and so its verdict,
    are constant. Judging only those points gives the same episodes as judging every day.
    """
    meetings = list(meetings)
    counted = counted_meetings(meetings, statuses, spans, policy, as_of)
    bounds = _start_range(counted, policy, as_of)
    if bounds is None:
        return MemberResult(username, counted)
    lo, hi = bounds
    span = timedelta(days=policy.window_days - 1)
    one = timedelta(days=1)
    points = {lo}
    for c in counted:
        for p in (c.day - span, c.day + one):
            if lo <= p <= hi:
                points.add(p)
    starts = sorted(points)
    days = [c.day for c in counted]
    contrib = [contribution(c.status, policy) for c in counted]
    n = len(counted)
    i = j = 0  # window holds counted[i:j]
    e = m = u = 0
    runs: list[tuple[str, date, date, Window]] = []
    for k, d in enumerate(starts):
        last_day = d + span
        while j < n and days[j] <= last_day:
            e, m, u = e + contrib[j][0], m + contrib[j][1], u + contrib[j][2]
            j += 1
        while i < j and days[i] < d:
            e, m, u = e - contrib[i][0], m - contrib[i][1], u - contrib[i][2]
            i += 1
        v = verdict(e, m, u, policy)
        seg_last = starts[k + 1] - one if k + 1 < len(starts) else hi
        if v not in (FLAG, INCOMPLETE):
            continue
        if runs and runs[-1][0] == v and runs[-1][2] + one == d:
            prev = runs[-1]
            best = _window(d, policy, counted[i:j]) if _better(e, m, u, prev[3]) else prev[3]
            runs[-1] = (v, prev[1], seg_last, best)
        else:
            runs.append((v, d, seg_last, _window(d, policy, counted[i:j])))
    flags, incomplete = _episodes(
        username, runs, cancelled_meetings(meetings, spans, policy, as_of)
    )
    return MemberResult(username, counted, flags, incomplete, (hi - lo).days + 1)


def evaluate_brute_force(
    username: str,
    meetings: Iterable[Meeting],
    statuses: Mapping[str, str],
    spans: Sequence[RoleSpan],
    policy: Policy,
    as_of: date,
) -> MemberResult:
    """The rule for one member by judging every start day separately (the reference)."""
    meetings = list(meetings)
    counted = counted_meetings(meetings, statuses, spans, policy, as_of)
    bounds = _start_range(counted, policy, as_of)
    if bounds is None:
        return MemberResult(username, counted)
    lo, hi = bounds
    runs: list[tuple[str, date, date, Window]] = []
    d = lo
    one = timedelta(days=1)
    while d <= hi:
        end = d + timedelta(days=policy.window_days - 1)
        w = _window(d, policy, [c for c in counted if d <= c.day <= end])
        v = verdict(w.eligible, w.missed, w.unknown, policy)
        if v in (FLAG, INCOMPLETE):
            if runs and runs[-1][0] == v and runs[-1][2] + one == d:
                prev = runs[-1]
                best = w if _better(w.eligible, w.missed, w.unknown, prev[3]) else prev[3]
                runs[-1] = (v, prev[1], d, best)
            else:
                runs.append((v, d, d, w))
        d += one
    flags, incomplete = _episodes(
        username, runs, cancelled_meetings(meetings, spans, policy, as_of)
    )
    return MemberResult(username, counted, flags, incomplete, (hi - lo).days + 1)


@dataclass
class RosterEntry:
    """One member as the rule needs them: their role spans and their recorded statuses."""

    username: str
    spans: Sequence[RoleSpan]
    statuses: Mapping[str, str] = field(default_factory=dict)


def evaluate_all(
    roster: Iterable[RosterEntry],
    meetings: Sequence[Meeting],
    policy: Policy,
    as_of: date,
) -> list[MemberResult]:
    """The rule for every member, in username order."""
    return [
        evaluate(r.username, meetings, r.statuses, r.spans, policy, as_of)
        for r in sorted(roster, key=lambda r: r.username)
    ]
