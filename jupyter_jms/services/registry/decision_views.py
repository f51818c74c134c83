"""How a decision, its ballots and the members' part in votes are shown."""

from __future__ import annotations

from typing import Any

from ...domain import votes as rules
from ...store.models import Decision, Vote
from ..kernel.common import iso


def current_ballots(d: Decision) -> list[Vote]:
    return [v for v in d.votes if v.round == d.round]


def ballot_of(d: Decision, v: Vote) -> rules.Ballot:
    if v.choice == rules.BLANK:
        return rules.Ballot(v.voter)
    if d.method == "ranked":
        return rules.Ballot(v.voter, tuple(v.ranking or ()))
    return rules.Ballot(v.voter, (v.choice,))


def decision_dict(d: Decision, *, detail: bool = False) -> dict[str, Any]:
    ballots = current_ballots(d)
    out: dict[str, Any] = {
        "id": str(d.id),
        "title": d.title,
        "body": d.body,
        "link": d.link,
        "method": d.method,
        "status": d.status,
        "options": list(d.options or []),
        "created_by": d.created_by,
        "called_by": d.called_by,
        "seconded_by": d.seconded_by,
        "eligible": list(d.eligible or []),
        "present": list(d.present or []),
        "period_days": d.period_days,
        "round": d.round,
        "quorum_needed": rules.quorum_needed(len(d.eligible or []))
        if d.method != "consensus"
        else None,
        "opened_at": iso(d.opened_at),
        "closes_at": iso(d.closes_at),
        "closed_at": iso(d.closed_at),
        "closed_by": d.closed_by,
        "outcome": d.outcome,
        "winner": d.winner,
        "tally": dict(d.tally or {}),
        "channel": d.channel_id,
        "channel_action": d.channel_action,
        "channel_change": dict(d.channel_change or {}),
        "voted": sorted(v.voter for v in ballots),
        "version": d.version,
        "created_at": iso(d.created_at),
        "updated_at": iso(d.updated_at),
    }
    if detail and d.status == "closed":
        # Ballots are shown once the vote has closed, so nobody votes with the trend.
        out["ballots"] = [ballot_dict(v) for v in ballots]
    return out


def ballot_dict(v: Vote) -> dict[str, Any]:
    return {
        "voter": v.voter,
        "choice": v.choice,
        "ranking": list(v.ranking or []),
        "cast_at": iso(v.cast_at),
    }
