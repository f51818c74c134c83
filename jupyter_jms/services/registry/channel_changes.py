"""Changes to channels that keep the registry's invariants, shared by the channel service,
decisions (a carried decision applies its channel change) and imports.

Every change bumps the channel's version and is recorded; a change made by a decision links
the decision to the channel.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...domain import channels as rules
from ...domain.channels import ChannelRuleError, ChannelState
from ...domain.votes import CARRIED
from ...errors import Conflict, InvalidInput, NotFound
from ...store.locks import lock_all
from ...store.models import Channel, ChannelDecision, Decision, utcnow
from ..kernel.common import bump
from ..kernel.context import record
from ..kernel.inputs import ref_id


def check_registry(session: Session) -> None:
    """Refuse the transaction when the registry's invariants no longer hold."""
    session.flush()
    states = [
        ChannelState(c.id, c.kind, c.status, c.preferred, c.mode)
        for c in session.scalars(select(Channel))
    ]
    errors = rules.registry_errors(states)
    # A registry that never had a preferred channel is allowed until one is chosen.
    errors = [e for e in errors if not e.startswith("one active channel must be preferred")]
    if errors:
        raise InvalidInput(
            "The change would break the registry: " + "; ".join(errors),
            errors=[("channels", e) for e in errors],
        )


def carried_decision(session: Session, decision_id: Any) -> Decision:
    """A closed decision that carried, to link a channel change or a grant to."""
    n = ref_id(decision_id, "decision", "decision")
    decision = session.get(Decision, n)
    if decision is None:
        raise InvalidInput(f"No decision '{decision_id}'.", field="decision")
    if decision.status != "closed" or decision.outcome not in CARRIED:
        raise InvalidInput(
            f"Decision {n} did not carry (status {decision.status}, outcome "
            f"{decision.outcome or 'none'}): link a closed decision that passed.",
            field="decision",
        )
    return decision


def link_decision(session: Session, channel: Channel, decision_id: int, action: str) -> None:
    session.add(ChannelDecision(channel_id=channel.id, decision_id=decision_id, action=action))


def lock_registry(session: Session) -> None:
    """Serialise changes of the preferred flag across concurrent writers.

    On PostgreSQL two swaps running at once could each clear the flag they saw and leave two
    preferred channels; locking every channel row makes the second wait and then see the
    first one's result.
    """
    lock_all(session, Channel)


def set_preferred(
    session: Session, target: Channel, *, actor: str, decision_id: int | None = None
) -> None:
    """Make ``target`` the one preferred channel in one step.

    The charter's preferred channel is the only two-way social channel, so the swap also
    turns the new preferred social channel two-way and the previous one broadcast.
    """
    if target.status != "active":
        raise Conflict(
            f"Only an active channel can be preferred; '{target.id}' is {target.status}."
        )
    lock_registry(session)
    if target.preferred:
        return
    previous = []
    for row in session.scalars(select(Channel).where(Channel.preferred.is_(True))):
        row.preferred = False
        if row.kind == "social":
            row.mode = "broadcast"
        bump(row)
        previous.append(row.id)
        _recorded(
            session,
            row,
            "channel.unpreferred",
            {"preferred": target.id, "mode": row.mode},
            actor=actor,
            decision_id=decision_id,
        )
    target.preferred = True
    if target.kind == "social":
        target.mode = "two_way"
    bump(target)
    _recorded(
        session,
        target,
        "channel.preferred",
        {"previous": previous, "mode": target.mode},
        actor=actor,
        decision_id=decision_id,
        link="prefer",
    )


def _recorded(
    session: Session,
    row: Channel,
    action: str,
    data: dict[str, Any],
    *,
    actor: str,
    decision_id: int | None,
    link: str | None = None,
) -> None:
    """A channel change on record, naming the decision that made it; ``link`` lists the
    decision among the channel's own (as what it did: create, delegate, retire...)."""
    if decision_id is not None and link is not None:
        link_decision(session, row, decision_id, link)
    record(
        session,
        actor=actor,
        action=action,
        subject_type="channel",
        subject_id=row.id,
        data={**data, "decision": None if decision_id is None else str(decision_id)},
    )


STATUS_ACTIONS = {"retired": "retire", "paused": "pause", "active": "activate"}


def change_status(
    session: Session,
    row: Channel,
    target: str,
    *,
    actor: str,
    decision_id: int | None = None,
    retired_on: date | None = None,
) -> None:
    try:
        rules.check_transition(row.status, target)
    except ChannelRuleError as exc:
        raise Conflict(str(exc)) from None
    if target == row.status:
        return
    if row.preferred and target != "active":
        raise Conflict(
            f"'{row.id}' is the preferred channel: make another channel preferred before it "
            f"becomes {target}."
        )
    before = row.status
    row.status = target
    if target == "retired":
        row.retired_on = retired_on or utcnow().date()
    bump(row)
    _recorded(
        session,
        row,
        "channel.retired" if target == "retired" else "channel.status_changed",
        {"from": before, "to": target},
        actor=actor,
        decision_id=decision_id,
        link="create" if before == "proposed" and target == "active" else STATUS_ACTIONS[target],
    )


def create_channel(
    session: Session,
    fields: dict[str, Any],
    *,
    actor: str,
    status: str,
    decision_id: int | None = None,
) -> Channel:
    if session.get(Channel, fields["id"]) is not None:
        raise Conflict(f"A channel '{fields['id']}' already exists.")
    row = Channel(**fields, status=status, preferred=False)
    session.add(row)
    session.flush()
    _recorded(
        session,
        row,
        "channel.created",
        {"status": status},
        actor=actor,
        decision_id=decision_id,
        link="create",
    )
    return row


def update_fields(
    session: Session,
    row: Channel,
    fields: dict[str, Any],
    *,
    actor: str,
    decision_id: int | None = None,
) -> list[str]:
    changed = sorted(k for k, v in fields.items() if getattr(row, k) != v)
    if not changed:
        return []
    before = {k: _plain(getattr(row, k)) for k in changed}
    for k in changed:
        setattr(row, k, fields[k])
    bump(row)
    delegated = bool({"owners", "delegates"} & set(changed))
    _recorded(
        session,
        row,
        "channel.delegated" if delegated else "channel.updated",
        {"fields": changed, "before": before, "after": {k: _plain(fields[k]) for k in changed}},
        actor=actor,
        decision_id=decision_id,
        link="delegate" if delegated else None,
    )
    return changed


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def apply_channel_change(session: Session, decision: Decision, *, actor: str) -> None:
    """Carry out the channel change a decision made (raises ServiceError when it cannot)."""
    action, cid, change = (
        decision.channel_action,
        decision.channel_id,
        decision.channel_change or {},
    )
    row = session.get(Channel, cid) if cid else None
    if action == "create":
        if row is None:
            fields, errors = rules.validate_fields({**change, "id": cid})
            if errors:
                raise InvalidInput("The proposed channel is not valid.", errors=errors)
            fields["platform"] = fields.get("platform") or cid
            create_channel(
                session,
                {"id": cid, **fields},
                actor=actor,
                status="active",
                decision_id=decision.id,
            )
        else:
            change_status(session, row, "active", actor=actor, decision_id=decision.id)
    elif row is None:
        raise NotFound(f"No channel '{cid}'.")
    elif action == "delegate":
        fields, errors = rules.validate_fields(change, partial=True)
        if errors:
            raise InvalidInput("The delegation is not valid.", errors=errors)
        update_fields(session, row, fields, actor=actor, decision_id=decision.id)
    elif action == "prefer":
        set_preferred(session, row, actor=actor, decision_id=decision.id)
    elif action in ("retire", "pause", "activate"):
        target = next(status for status, verb in STATUS_ACTIONS.items() if verb == action)
        if row.status == target:
            raise Conflict(f"'{row.id}' is already {target}.")
        change_status(session, row, target, actor=actor, decision_id=decision.id)
    check_registry(session)
