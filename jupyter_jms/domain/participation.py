"""Vote participation: members take part in at least 2/3 of formal votes per calendar year.

A formal vote is a yes/no or ranked-choice decision that was opened; its eligible voters
were fixed when it opened. Taking part means casting a ballot in the vote's current round
(a blank ballot is taking part: it counts toward quorum). A vote belongs to the calendar
year it closed in; votes still open are not counted, since members can still take part.
The comparison is on integers, like the attendance rule.

This is the only place the rule is written: the API (``GET attendance/participation``), the
command line and the attendance report all call ``summary``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction
from typing import Any

from .access import MEMBER_ROLES, Caller, reads_participation_of
from .roles import RoleSpan

FORMAL_METHODS = ("yes_no", "ranked")
REQUIRED_SHARE = Fraction(2, 3)
# Years a participation summary may be asked for: any four-digit year from the Unix epoch on
# (votes closed before the first recorded one simply give "no_data").
FIRST_YEAR, LAST_YEAR = 1970, 9999


@dataclass(frozen=True)
class FormalVote:
    id: str
    title: str
    closed_on: date | None  # None while the vote is open
    eligible: frozenset[str]
    voted: frozenset[str]


@dataclass
class YearParticipation:
    username: str
    year: int
    eligible: int = 0
    took_part: int = 0
    missed: list[str] = field(default_factory=list)

    def below(self, share: Fraction = REQUIRED_SHARE) -> bool:
        """True when the member took part in fewer than ``share`` of their eligible votes."""
        return (
            self.eligible > 0
            and share.denominator * self.took_part < share.numerator * self.eligible
        )

    def as_dict(self, share: Fraction = REQUIRED_SHARE) -> dict[str, Any]:
        return {
            "username": self.username,
            "year": self.year,
            "eligible": self.eligible,
            "took_part": self.took_part,
            "missed_votes": list(self.missed),
            "below_required": self.below(share),
        }


def expected_voters(spans: Mapping[str, Iterable[RoleSpan]], year: int, as_of: date) -> set[str]:
    """Members who held a voting role on some day of ``year`` up to ``as_of``: those the rule
    is about, whether or not a vote they could take part in closed."""
    first, last = date(year, 1, 1), min(date(year, 12, 31), as_of)
    return {
        username
        for username, held in spans.items()
        for s in held
        if s.role in MEMBER_ROLES and s.since <= last and (s.until is None or s.until > first)
    }


def participation(
    votes: Iterable[FormalVote],
    year: int,
    share: Fraction = REQUIRED_SHARE,
    expected: Iterable[str] = (),
) -> list[YearParticipation]:
    """Each eligible member's participation in the formal votes that closed in ``year``.

    ``expected`` names members who held a voting role during the year: once a vote closed in
    the year, each gets a row even when none they were eligible for did (``eligible`` 0), so
    the year's table lists every member the rule is about, not only those some vote happened
    to include (see ``expected_voters``).
    """
    closed = [v for v in votes if v.closed_on is not None and v.closed_on.year == year]
    by_member: dict[str, YearParticipation] = {
        u: YearParticipation(u, year) for u in (expected if closed else ())
    }
    for v in sorted(closed, key=lambda v: (v.closed_on, v.id)):
        for username in v.eligible:
            row = by_member.setdefault(username, YearParticipation(username, year))
            row.eligible += 1
            if username in v.voted:
                row.took_part += 1
            else:
                row.missed.append(v.id)
    return [by_member[u] for u in sorted(by_member)]


def summary(
    votes: Iterable[FormalVote],
    year: int,
    *,
    reader: Caller | None = None,
    share: Fraction = REQUIRED_SHARE,
    expected: Iterable[str] = (),
) -> dict[str, Any]:
    """The participation summary for ``year``: how many formal votes closed in it, and each
    eligible member's row (with the missed votes as evidence).

    With a ``reader``, only the rows that caller may read are kept (see
    ``access.reads_participation_of``); without one, every row (the report's own reader
    chose which database to read). ``expected``: see ``participation``."""
    votes = list(votes)
    rows = participation(votes, year, share, expected)
    if reader is not None:
        rows = [r for r in rows if reads_participation_of(reader, r.username)]
    counted = sum(1 for v in votes if v.closed_on is not None and v.closed_on.year == year)
    return {
        "year": year,
        "status": "ok" if counted else "no_data",
        "message": None if counted else f"No formal vote closed in {year}.",
        "votes": counted,
        "items": [r.as_dict(share) for r in rows],
    }
