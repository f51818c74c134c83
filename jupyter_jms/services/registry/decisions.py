"""Decisions by the Jupyter Decision-Making Guide: proposals, consensus records and votes.

A decision is one of

- a *proposal* (``status: proposed``) under discussion; it ends as a consensus record, a
  vote, or withdrawn;
- a *consensus record* (``method: consensus``), closed when recorded;
- a *vote* (``method: yes_no`` or ``ranked``), called by an admin or chair and seconded by
  another voting member, open for its period, then closed with a computed result.

A decision may carry a channel change (create, delegate, retire, pause, activate, prefer):
it is applied when the decision carries and linked from the channel.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...domain import votes as rules
from ...domain.access import Caller
from ...errors import Conflict, Forbidden, InvalidInput, NotFound, ServiceError
from ...store.locks import get_for_update
from ...store.models import Decision, Vote, utcnow
from ..kernel.common import bump, clean_text, history, iso, require_admin
from ..kernel.context import Context, record
from ..kernel.inputs import object_id, require_version
from .channel_changes import apply_channel_change
from .decision_inputs import channel_link, electorate_today, options_for, usernames
from .decision_views import (
    ballot_dict,
    ballot_of,
    current_ballots,
    decision_dict,
)

TYPES = ("proposal", "consensus", "vote")
STATUSES = ("proposed", "open", "closed", "withdrawn")
MAX_TITLE, MAX_BODY, MAX_OPTION = 300, 20_000, 200


class DecisionService:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    # -- reading ------------------------------------------------------------------------------
    def list(self, *, status: str | None = None, channel: str | None = None) -> dict[str, Any]:
        if status is not None and status not in STATUSES:
            raise InvalidInput(f"status is one of {', '.join(STATUSES)}.", field="status")
        q = select(Decision).order_by(Decision.id.desc())
        if status:
            q = q.where(Decision.status == status)
        if channel:
            q = q.where(Decision.channel_id == channel)
        with self.ctx.read() as s:
            return {"items": [decision_dict(d) for d in s.scalars(q)]}

    def get(self, caller: Caller, decision_id: str) -> dict[str, Any]:
        with self.ctx.read() as s:
            d = s.get(Decision, object_id(decision_id, "decision"))
            if d is None:
                raise NotFound(f"No decision '{decision_id}'.")
            out = decision_dict(d, detail=True)
            out["history"] = history(s, "decision", str(d.id))
            out["can_vote"] = (
                d.status == "open"
                and caller.username in (d.eligible or [])
                and caller.username not in out["voted"]
            )
            closable = d.closes_at is not None and rules.may_close(
                utcnow(), d.closes_at, d.eligible or [], out["voted"]
            )
            out["allowed_actions"] = rules.allowed_actions(
                d.status, admin=caller.is_admin, may_vote=out["can_vote"], closable=closable
            )
            return out

    # -- writing ------------------------------------------------------------------------------
    def create(self, caller: Caller, body: Mapping[str, Any]) -> dict[str, Any]:
        """Record a proposal, a consensus, or call a vote (admins and chairs)."""
        require_admin(caller, "record decisions")
        kind = body.get("type", "proposal")
        if kind not in TYPES:
            raise InvalidInput(f"type is one of {', '.join(TYPES)}.", field="type")
        title = clean_text(body, "title", limit=MAX_TITLE, required=True)
        text = clean_text(body, "body", limit=MAX_BODY)
        link = clean_text(body, "link", limit=500)
        method = "consensus" if kind == "consensus" else body.get("question", "yes_no")
        if method not in ("yes_no", "ranked"):
            if kind != "consensus":
                raise InvalidInput("question is yes_no or ranked.", field="question")
        options = options_for(method, body.get("options"))
        with self.ctx.write() as s:
            cid, action, change = channel_link(s, body)
            if method == "ranked" and action is not None:
                raise InvalidInput(
                    "A channel change is decided by a yes/no vote or a consensus.",
                    field="channel_action",
                )
            d = Decision(
                title=title,
                body=text,
                link=link,
                method=method,
                status="proposed",
                options=options,
                created_by=caller.username,
                channel_id=cid,
                channel_action=action,
                channel_change=change,
            )
            s.add(d)
            s.flush()
            record(
                s,
                actor=caller.username,
                action="decision.proposed",
                subject_type="decision",
                subject_id=d.id,
                data={"title": title, "type": kind, "channel": cid, "channel_action": action},
            )
            if kind == "vote":
                self._open(s, d, caller, body)
            elif kind == "consensus":
                self._consensus(s, d, caller, body)
            return decision_dict(d, detail=True)

    def _open(self, s: Session, d: Decision, caller: Caller, body: Mapping[str, Any]) -> None:
        """Call the vote: the electorate is fixed now, the period starts now."""
        eligible = electorate_today(s)
        if not eligible:
            raise Conflict("Nobody holds a voting role today, so nobody could vote.")
        seconder = body.get("seconded_by")
        if not isinstance(seconder, str) or not seconder:
            raise InvalidInput("A vote is seconded: seconded_by is required.", field="seconded_by")
        if seconder == caller.username:
            raise InvalidInput("Another member seconds the vote.", field="seconded_by")
        if seconder not in eligible:
            raise InvalidInput(f"{seconder} is not a voting member.", field="seconded_by")
        present = usernames(s, body.get("present"), "present")
        days = body.get("period_days", rules.MIN_PERIOD_DAYS)
        if isinstance(days, bool) or not isinstance(days, int):
            raise InvalidInput("period_days is a whole number of days.", field="period_days")
        error = rules.period_error(days, eligible, present)
        if error:
            raise InvalidInput(error[0].upper() + error[1:] + ".", field="period_days")
        now = utcnow()
        d.status = "open"
        d.called_by = caller.username
        d.seconded_by = seconder
        d.eligible = eligible
        d.present = present
        d.period_days = days
        d.opened_at = now
        d.closes_at = rules.closes_at(now, days)
        _changed(
            s,
            d,
            caller,
            "decision.vote_opened",
            {
                "seconded_by": seconder,
                "eligible": eligible,
                "period_days": days,
                "closes_at": iso(d.closes_at),
            },
            now,
        )

    def _consensus(self, s: Session, d: Decision, caller: Caller, body: Mapping[str, Any]) -> None:
        d.method = "consensus"
        d.options = []
        d.present = usernames(s, body.get("present"), "present")
        self._finish(s, d, caller, rules.CONSENSUS, {"outcome": rules.CONSENSUS}, None)

    def _finish(
        self,
        s: Session,
        d: Decision,
        caller: Caller,
        outcome: str,
        tally: dict[str, Any],
        winner: str | None,
    ) -> None:
        now = utcnow()
        d.status = "closed"
        d.closed_at = now
        d.closed_by = caller.username
        d.outcome = outcome
        d.winner = winner
        if d.channel_action and outcome in rules.CARRIED:
            pending = s.info.setdefault("jms_events", [])
            mark = len(pending)
            try:
                with s.begin_nested():
                    apply_channel_change(s, d, actor=caller.username)
                tally["channel_change"] = {"applied": True}
            except ServiceError as exc:
                # The decision stands; the change no longer fits the registry (say why).
                del pending[mark:]
                tally["channel_change"] = {"applied": False, "reason": exc.message}
        d.tally = tally
        _changed(
            s,
            d,
            caller,
            "decision.closed",
            {
                "outcome": outcome,
                "winner": winner,
                "channel": d.channel_id,
                "channel_action": d.channel_action,
                "channel_change_applied": tally.get("channel_change", {}).get("applied"),
            },
            now,
        )

    def _load(self, s: Session, decision_id: str) -> Decision:
        d = get_for_update(s, Decision, object_id(decision_id, "decision"))
        if d is None:
            raise NotFound(f"No decision '{decision_id}'.")
        return d

    def update(self, caller: Caller, decision_id: str, body: Mapping[str, Any]) -> dict[str, Any]:
        """Amend (an open vote restarts its period), call the vote, or withdraw."""
        require_admin(caller, "change decisions")
        status = body.get("status")
        if status is not None and status not in ("open", "withdrawn"):
            raise InvalidInput(
                "status is 'open' (call the vote) or 'withdrawn'; a vote ends with close.",
                field="status",
            )
        with self.ctx.write() as s:
            d = self._load(s, decision_id)
            require_version(d.version, body.get("if_version"), "decision")
            if d.status in ("closed", "withdrawn"):
                raise Conflict(f"Decision {d.id} is {d.status}.")
            amended = self._amend(s, d, caller, body)
            if status == "open":
                if d.status != "proposed":
                    raise Conflict(f"Decision {d.id} is already {d.status}.")
                method = body.get("question", d.method)
                if method not in ("yes_no", "ranked"):
                    raise InvalidInput("question is yes_no or ranked.", field="question")
                if method != d.method or "options" in body:
                    d.method = method
                    d.options = options_for(method, body.get("options", d.options))
                if method == "ranked" and d.channel_action:
                    raise InvalidInput(
                        "A channel change is decided by a yes/no vote.", field="question"
                    )
                self._open(s, d, caller, body)
            elif status == "withdrawn":
                d.status = "withdrawn"
                d.closed_at = utcnow()
                d.closed_by = caller.username
                bump(d, d.closed_at)
                record(
                    s,
                    actor=caller.username,
                    action="decision.withdrawn",
                    subject_type="decision",
                    subject_id=d.id,
                    data={"reason": clean_text(body, "reason", limit=2000)},
                )
            elif not amended:
                raise InvalidInput("Nothing to change: give title, body, options, link or status.")
            return decision_dict(d, detail=True)

    def _amend(self, s: Session, d: Decision, caller: Caller, body: Mapping[str, Any]) -> bool:
        changes: dict[str, Any] = {}
        if "title" in body:
            changes["title"] = clean_text(body, "title", limit=MAX_TITLE, required=True)
        if "body" in body:
            changes["body"] = clean_text(body, "body", limit=MAX_BODY)
        if "link" in body:
            changes["link"] = clean_text(body, "link", limit=500)
        if "options" in body and d.method == "ranked" and body.get("status") != "open":
            changes["options"] = options_for("ranked", body["options"])
        changed = sorted(k for k, v in changes.items() if getattr(d, k) != v)
        if not changed:
            return False
        for k in changed:
            setattr(d, k, changes[k])
        now = utcnow()
        data: dict[str, Any] = {"fields": changed}
        if d.status == "open":
            # The Guide: amending the proposal restarts the voting period. Earlier ballots
            # were cast on other words, so they stay on record but stop counting.
            d.round += 1
            d.opened_at = now
            d.closes_at = rules.closes_at(now, d.period_days)
            data.update(round=d.round, closes_at=iso(d.closes_at))
        _changed(s, d, caller, "decision.amended", data, now)
        return True

    def vote(self, caller: Caller, decision_id: str, body: Mapping[str, Any]) -> dict[str, Any]:
        """Cast a ballot: eligible voters only, once per round, while the vote is open."""
        with self.ctx.write() as s:
            d = self._load(s, decision_id)
            if d.status != "open":
                raise Conflict(f"Decision {d.id} is {d.status}: it takes no votes.")
            if caller.username not in (d.eligible or []):
                raise Forbidden("Only the members eligible when the vote opened may vote on it.")
            # A zero-day vote is held within a meeting where every voter is present: it takes
            # ballots until it is closed.
            if d.period_days > 0 and d.closes_at is not None and utcnow() >= d.closes_at:
                raise Conflict(f"The voting period ended at {iso(d.closes_at)}.")
            if any(v.voter == caller.username for v in current_ballots(d)):
                raise Conflict("You have already voted on this proposal; ballots are final.")
            try:
                ranking = rules.parse_ballot(d.method, d.options or [], body)
            except ValueError as exc:
                raise InvalidInput(
                    str(exc) + ".", field="ranking" if d.method == "ranked" else "choice"
                ) from None
            if not ranking:
                choice = rules.BLANK
            elif d.method == "yes_no":
                choice = ranking[0]
            else:
                choice = rules.RANKED
            v = Vote(
                decision_id=d.id,
                round=d.round,
                voter=caller.username,
                choice=choice,
                ranking=list(ranking) if d.method == "ranked" else [],
            )
            s.add(v)
            s.flush()
            s.expire(d, ["votes"])
            record(
                s,
                actor=caller.username,
                action="decision.voted",
                subject_type="decision",
                subject_id=d.id,
                data={"voter": caller.username, "round": d.round},
            )
            return {"decision": str(d.id), "round": v.round, **ballot_dict(v)}

    def close(self, caller: Caller, decision_id: str, body: Mapping[str, Any]) -> dict[str, Any]:
        """Close a vote with its computed result, or record a proposal's consensus."""
        require_admin(caller, "close decisions")
        with self.ctx.write() as s:
            d = self._load(s, decision_id)
            if body.get("if_version") is not None:
                require_version(d.version, body.get("if_version"), "decision")
            if d.status == "proposed":
                if body.get("consensus") is not True:
                    raise Conflict(
                        'A proposal closes by recording consensus ({"consensus": true}) '
                        "or by calling a vote (PATCH status 'open')."
                    )
                self._consensus(s, d, caller, body)
                return decision_dict(d, detail=True)
            if d.status != "open":
                raise Conflict(f"Decision {d.id} is already {d.status}.")
            ballots = current_ballots(d)
            now = utcnow()
            assert d.closes_at is not None
            if not rules.may_close(now, d.closes_at, d.eligible or [], [b.voter for b in ballots]):
                left = d.closes_at - now
                raise Conflict(
                    f"The vote runs until {iso(d.closes_at)} "
                    f"({_human(left)} left) unless every eligible member votes first."
                )
            result = rules.tally(
                d.method,
                d.options or [],
                len(d.eligible or []),
                [ballot_of(d, b) for b in ballots],
            )
            self._finish(s, d, caller, result.outcome, result.as_dict(), result.winner)
            return decision_dict(d, detail=True)


def _changed(
    s: Session, d: Decision, caller: Caller, action: str, data: dict[str, Any], at: datetime
) -> None:
    """A decision changed: the next version, and the change on record."""
    bump(d, at)
    record(
        s,
        actor=caller.username,
        action=action,
        subject_type="decision",
        subject_id=d.id,
        data=data,
    )


def _human(delta: timedelta) -> str:
    hours = int(delta.total_seconds() // 3600)
    return f"{hours // 24} days {hours % 24} hours" if hours >= 24 else f"{max(hours, 0)} hours"
