"""Decision tallies by the Jupyter Decision-Making Guide.

The numbers:

- A vote runs at least ``MIN_PERIOD_DAYS`` (7) days; a shorter period is allowed only when
  every eligible voter was present when the vote was called. Amending the proposal restarts
  the period (ballots of the earlier round no longer count).
- Eligible voters are fixed when the vote opens.
- Quorum: ballots cast (blank included) are at least half of the eligible voters,
  ``2 * cast >= eligible``.
- Blank ballots count toward quorum, never toward the result.
- A yes/no question passes by simple majority of the non-blank ballots: ``yes > no``; a tie
  does not pass.
- A question with several options is decided by ranked choice (instant runoff): each round
  counts every ballot for its highest-ranked continuing option; an option with more than half
  of the ballots still counting wins; otherwise every option with the fewest votes is
  eliminated together. When the options left all have the same count, nobody has a majority
  and the result is a tie for the group to resolve.

Everything here is pure: plain values in, plain values out.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from .access import Caller

MIN_PERIOD_DAYS = 7
MAX_PERIOD_DAYS = 60
YES, NO, BLANK, RANKED = "yes", "no", "blank", "ranked"
METHODS = ("consensus", "yes_no", "ranked")
YES_NO_OPTIONS = (YES, NO)
MAX_OPTIONS = 20

PASSED, FAILED, NO_QUORUM, ELECTED, TIE, NO_RESULT, CONSENSUS = (
    "passed",
    "failed",
    "no_quorum",
    "elected",
    "tie",
    "no_result",
    "consensus",
)
# Outcomes that carry the proposal (and so apply a linked channel change).
CARRIED = frozenset({PASSED, ELECTED, CONSENSUS})


@dataclass(frozen=True)
class Ballot:
    """One voter's ballot: blank, or a ranking (a yes/no ballot ranks one of yes/no)."""

    voter: str
    ranking: tuple[str, ...] = ()

    @property
    def blank(self) -> bool:
        return not self.ranking


@dataclass(frozen=True)
class Runoff:
    """What instant runoff found: a winner, or the options tied at the end."""

    winner: str | None
    tied: tuple[str, ...]
    rounds: list[dict[str, int]] = field(default_factory=list)


@dataclass(frozen=True)
class Tally:
    outcome: str
    eligible: int
    cast: int
    blank: int
    quorum: int
    counts: dict[str, int]
    winner: str | None = None
    tied: tuple[str, ...] = ()
    rounds: list[dict[str, int]] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return {
            "outcome": self.outcome,
            "eligible": self.eligible,
            "cast": self.cast,
            "blank": self.blank,
            "quorum": self.quorum,
            "counts": dict(self.counts),
            "winner": self.winner,
            "tied": list(self.tied),
            "rounds": [dict(r) for r in self.rounds],
        }


def quorum_needed(eligible: int) -> int:
    """Fewest ballots (blank included) that make quorum: half the electorate, rounded up."""
    return (eligible + 1) // 2


def quorum_met(cast: int, eligible: int) -> bool:
    return eligible > 0 and 2 * cast >= eligible


def yes_no_passes(yes: int, no: int) -> bool:
    """Simple majority of the non-blank ballots; a tie does not pass."""
    return yes > no


def instant_runoff(rankings: Iterable[Sequence[str]], options: Sequence[str]) -> Runoff:
    """Ranked choice by instant runoff, eliminating every last-placed option together."""
    ballots = [tuple(r) for r in rankings]
    continuing = list(dict.fromkeys(options))
    rounds: list[dict[str, int]] = []
    while continuing:
        alive = set(continuing)
        counts = dict.fromkeys(continuing, 0)
        for ballot in ballots:
            top = next((o for o in ballot if o in alive), None)
            if top is not None:
                counts[top] += 1
        rounds.append(counts)
        active = sum(counts.values())
        if active == 0:
            return Runoff(None, (), rounds)
        leader = max(continuing, key=lambda o: counts[o])
        if 2 * counts[leader] > active:
            return Runoff(leader, (), rounds)
        fewest = min(counts.values())
        losers = {o for o in continuing if counts[o] == fewest}
        if len(losers) == len(continuing):
            return Runoff(None, tuple(continuing), rounds)
        continuing = [o for o in continuing if o not in losers]
    return Runoff(None, (), rounds)


def tally(method: str, options: Sequence[str], eligible: int, ballots: Sequence[Ballot]) -> Tally:
    """The result of a closed vote, computed from the ballots of its current round."""
    cast = len(ballots)
    blank = sum(1 for b in ballots if b.blank)
    need = quorum_needed(eligible)
    if method == "yes_no":
        counts = {YES: 0, NO: 0}
        for b in ballots:
            if not b.blank:
                counts[b.ranking[0]] += 1
        if not quorum_met(cast, eligible):
            outcome = NO_QUORUM
        else:
            outcome = PASSED if yes_no_passes(counts[YES], counts[NO]) else FAILED
        return Tally(outcome, eligible, cast, blank, need, counts)
    if method != "ranked":
        raise ValueError(f"no tally for method '{method}'")
    run = instant_runoff((b.ranking for b in ballots if not b.blank), options)
    first = run.rounds[0] if run.rounds else dict.fromkeys(options, 0)
    if not quorum_met(cast, eligible):
        outcome = NO_QUORUM
    elif run.winner is not None:
        outcome = ELECTED
    elif run.tied:
        outcome = TIE
    else:
        outcome = NO_RESULT
    winner = run.winner if outcome == ELECTED else None
    tied = run.tied if outcome == TIE else ()
    return Tally(outcome, eligible, cast, blank, need, dict(first), winner, tied, run.rounds)


# -- ballots, periods and electorates ----------------------------------------------------


def parse_ballot(
    method: str, options: Sequence[str], body: Mapping[str, object]
) -> tuple[str, ...]:
    """The ranking a vote body asks for (empty for blank); raises ValueError saying why.

    yes/no: ``{"choice": "yes" | "no" | "blank"}``. Ranked: ``{"ranking": [option, ...]}``
    (best first, distinct, not necessarily all options) or ``{"choice": "blank"}``.
    """
    choice = body.get("choice")
    ranking = body.get("ranking")
    if choice == BLANK and not ranking:
        return ()
    if method == "yes_no":
        if choice not in YES_NO_OPTIONS:
            raise ValueError("choice is yes, no or blank")
        return (str(choice),)
    if choice not in (None, RANKED):
        raise ValueError("a ranked ballot gives 'ranking' (best first) or choice 'blank'")
    if not isinstance(ranking, list) or not ranking:
        raise ValueError("ranking is a non-empty list of options, best first")
    known = set(options)
    bad = [o for o in ranking if not isinstance(o, str) or o not in known]
    if bad:
        raise ValueError(f"not an option of this vote: {', '.join(map(str, bad))}")
    if len(set(ranking)) != len(ranking):
        raise ValueError("an option appears twice in the ranking")
    return tuple(str(o) for o in ranking)


def period_error(days: int, eligible: Collection[str], present: Collection[str]) -> str | None:
    """Why a voting period is not allowed, or None."""
    if days > MAX_PERIOD_DAYS:
        return f"a vote runs at most {MAX_PERIOD_DAYS} days"
    if days < 0:
        return "the period is a number of days"
    if days < MIN_PERIOD_DAYS and not set(eligible) <= set(present):
        missing = sorted(set(eligible) - set(present))
        return (
            f"a vote runs {MIN_PERIOD_DAYS} days; a shorter period needs every voting member "
            f"present (not present: {', '.join(missing)})"
        )
    return None


def closes_at(opened_at: datetime, days: int) -> datetime:
    return opened_at + timedelta(days=days)


def may_close(
    now: datetime, ends: datetime, eligible: Collection[str], voted: Collection[str]
) -> bool:
    """A vote closes when its period is over, or earlier once every eligible voter has voted
    (ballots are final, so the result can no longer change)."""
    return now >= ends or (bool(eligible) and set(eligible) <= set(voted))


ACTIONS = ("vote", "call_vote", "record_consensus", "close", "withdraw")


def allowed_actions(status: str, *, admin: bool, may_vote: bool, closable: bool) -> list[str]:
    """What a caller may do with a decision now, in ``ACTIONS`` order: members with a ballot
    due vote on an open vote; admins and chairs call the vote on a proposal or record its
    consensus, close an open vote once ``may_close`` allows it, and withdraw either."""
    allowed = {
        "vote": status == "open" and may_vote,
        "call_vote": admin and status == "proposed",
        "record_consensus": admin and status == "proposed",
        "close": admin and status == "open" and closable,
        "withdraw": admin and status in ("proposed", "open"),
    }
    return [a for a in ACTIONS if allowed[a]]


def electorate(roles_by_member: Mapping[str, Collection[str]]) -> list[str]:
    """Who may vote: members who have the ``vote`` capability on the day the vote opens."""
    return sorted(u for u, roles in roles_by_member.items() if Caller(u, frozenset(roles)).vote)
