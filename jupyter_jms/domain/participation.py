"""Vote participation: members take part in at least 2/3 of formal votes per calendar year.

A formal vote is a yes/no or ranked-choice decision that was opened; its eligible voters
were fixed when it opened. Taking part means casting a ballot in the vote's current round
(a blank ballot is taking part: it counts toward quorum). A vote belongs to the calendar
year it closed in; votes still open are not counted, since members can still take part.
The comparison is on integers, like the attendance rule (and like the decisions service's
own participation check, which this agrees with).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction
from typing import Any

FORMAL_METHODS = ("yes_no", "ranked")
REQUIRED_SHARE = Fraction(2, 3)


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


def participation(
    votes: Iterable[FormalVote], year: int, share: Fraction = REQUIRED_SHARE
) -> list[YearParticipation]:
    """Each eligible member's participation in the formal votes that closed in ``year``."""
    by_member: dict[str, YearParticipation] = {}
    closed = [v for v in votes if v.closed_on is not None and v.closed_on.year == year]
    for v in sorted(closed, key=lambda v: (v.closed_on, v.id)):
        for username in v.eligible:
            row = by_member.setdefault(username, YearParticipation(username, year))
            row.eligible += 1
            if username in v.voted:
                row.took_part += 1
            else:
                row.missed.append(v.id)
    return [by_member[u] for u in sorted(by_member)]
