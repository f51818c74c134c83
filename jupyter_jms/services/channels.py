"""The channel registry: official channels, their lifecycle and the preferred channel.

Every change runs in one write transaction that ends by checking the registry's invariants
(at most one preferred channel, and it is active; only the preferred social channel is
two-way), so a request that would break them changes nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

import yaml
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..domain import channels as rules
from ..domain.channels import ChannelRuleError, ChannelState
from ..domain.secrets import secret_reason
from ..domain.states import Caller
from ..domain.votes import CARRIED
from ..store.models import Channel, ChannelDecision, Decision, Event, utcnow
from .context import Context, record
from .errors import Conflict, Forbidden, InvalidInput, NotFound, StaleVersion

# Kept for callers of the core module.
KINDS = rules.KINDS
STEWARDSHIP = rules.STEWARDSHIP
MODES = rules.MODES
ID_RE = rules.ID_RE


# -- helpers shared by the registry services -----------------------------------------------


def iso(value: datetime | date | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.isoformat().replace("+00:00", "Z")
    return value.isoformat()


def require_admin(caller: Caller, what: str = "change the registry") -> None:
    if not caller.is_admin:
        raise Forbidden(f"Only admins and chairs {what}.")


def check_version(current: int, given: Any, what: str) -> None:
    """Writes to an existing object name the version they were based on."""
    if given is None:
        raise InvalidInput(
            f"if_version (the {what}'s current version) is required.", field="if_version"
        )
    try:
        ok = not isinstance(given, bool) and int(given) == current
    except (TypeError, ValueError):
        raise InvalidInput("if_version must be an integer.", field="if_version") from None
    if not ok:
        raise StaleVersion(
            f"The {what} changed since you loaded it (version {given}, now {current}): reload it."
        )


def clean_text(body: Mapping[str, Any], key: str, *, limit: int, required: bool = False) -> str:
    """A free-text field, refused when it looks like it holds a credential."""
    value = body.get(key)
    if value is None:
        value = ""
    if not isinstance(value, str) or len(value) > limit:
        raise InvalidInput(f"{key} is a string of at most {limit} characters.", field=key)
    value = value.strip()
    if required and not value:
        raise InvalidInput(f"{key} is required.", field=key)
    what = secret_reason(value)
    if what:
        raise InvalidInput(
            f"{key} looks like it contains {what}: never paste credentials into the registry.",
            field=key,
        )
    return value


def event_dict(e: Event) -> dict[str, Any]:
    return {
        "id": str(e.id),
        "at": iso(e.at),
        "actor": e.actor,
        "action": e.action,
        "subject_type": e.subject_type,
        "subject_id": e.subject_id,
        "data": e.data,
    }


def history(session: Session, subject_type: str, subject_id: str) -> list[dict[str, Any]]:
    q = (
        select(Event)
        .where(Event.subject_type == subject_type, Event.subject_id == str(subject_id))
        .order_by(Event.id)
    )
    return [event_dict(e) for e in session.scalars(q)]


# -- channels -------------------------------------------------------------------------------


def channel_dict(c: Channel) -> dict[str, Any]:
    return {
        "id": c.id,
        "name": c.name,
        "platform": c.platform,
        "kind": c.kind,
        "url": c.url,
        "handle": c.handle,
        "stewardship": c.stewardship,
        "mode": c.mode,
        "status": c.status,
        "preferred": c.preferred,
        "char_limit": c.char_limit,
        "owners": list(c.owners or []),
        "delegates": list(c.delegates or []),
        "description": c.description or "",
        "retired_on": iso(c.retired_on),
        "version": c.version,
        "created_at": iso(c.created_at),
        "updated_at": iso(c.updated_at),
    }


def parse_channels(data: Any) -> tuple[list[dict[str, Any]], str | None]:
    """Validate a channel list shaped like data/jupyter-channels.yaml; all errors at once."""
    if not isinstance(data, Mapping) or not isinstance(data.get("channels"), list):
        raise InvalidInput("A channel file is a mapping with a 'channels' list.", field="channels")
    errors: list[tuple[str, str]] = []
    out: list[dict[str, Any]] = []
    seen: set[str] = set()
    flagged: list[str] = []
    groups = [
        ("channels", "active", data["channels"]),
        ("retired", "retired", data.get("retired") or []),
    ]
    for group, default_status, items in groups:
        if not isinstance(items, list):
            errors.append((group, "must be a list"))
            continue
        for i, c in enumerate(items):
            where = f"{group}[{i}]"
            if not isinstance(c, Mapping):
                errors.append((where, "must be a mapping"))
                continue
            cid = c.get("id")
            if not isinstance(cid, str) or not ID_RE.match(cid):
                errors.append((f"{where}.id", "lower-case letters, digits, - and _"))
                continue
            if cid in seen:
                errors.append((f"{where}.id", f"'{cid}' appears twice"))
            seen.add(cid)
            fields, errs = rules.validate_fields(dict(c), where)
            errors.extend(errs)
            status = c.get("status", default_status)
            if status not in rules.STATUSES or (group == "retired") != (status == "retired"):
                errors.append((f"{where}.status", f"'{status}' does not belong under {group}"))
            if group == "retired" and c.get("retired") is not None:
                day, errs = rules.validate_fields(
                    {"retired_on": c.get("retired")}, where, partial=True
                )
                if errs:
                    errors.append((f"{where}.retired", "a date (YYYY-MM-DD)"))
                fields.update(day)
            if c.get("preferred") is True:
                flagged.append(cid)
            fields["name"] = fields.get("name") or cid
            fields["platform"] = fields.get("platform") or cid
            out.append({"id": cid, **fields, "status": status})
    preferred = data.get("preferred")
    if preferred is not None and not isinstance(preferred, str):
        errors.append(
            ("preferred", "exactly one channel id (two preferred channels are not allowed)")
        )
        preferred = None
    candidates = set(flagged) | ({preferred} if preferred else set())
    if len(candidates) > 1:
        errors.append(
            ("preferred", f"exactly one channel is preferred, not {', '.join(sorted(candidates))}")
        )
    elif candidates:
        preferred = candidates.pop()
        if preferred not in {c["id"] for c in out if c["status"] == "active"}:
            errors.append(("preferred", f"'{preferred}' is not an active channel in the file"))
    if errors:
        raise InvalidInput(f"The channel file has {len(errors)} error(s).", errors=errors)
    return out, preferred


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
    try:
        n = int(decision_id)
    except (TypeError, ValueError):
        raise InvalidInput("decision is a decision id.", field="decision") from None
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


def _bump(row: Channel) -> None:
    row.version += 1
    row.updated_at = utcnow()


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
    if target.preferred:
        return
    previous = []
    for row in session.scalars(select(Channel).where(Channel.preferred.is_(True))):
        row.preferred = False
        if row.kind == "social":
            row.mode = "broadcast"
        _bump(row)
        previous.append(row.id)
        record(
            session,
            actor=actor,
            action="channel.unpreferred",
            subject_type="channel",
            subject_id=row.id,
            data={"preferred": target.id, "mode": row.mode, "decision": _sid(decision_id)},
        )
    target.preferred = True
    if target.kind == "social":
        target.mode = "two_way"
    _bump(target)
    if decision_id is not None:
        link_decision(session, target, decision_id, "prefer")
    record(
        session,
        actor=actor,
        action="channel.preferred",
        subject_type="channel",
        subject_id=target.id,
        data={"previous": previous, "mode": target.mode, "decision": _sid(decision_id)},
    )


def _sid(decision_id: int | None) -> str | None:
    return None if decision_id is None else str(decision_id)


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
    _bump(row)
    action = "create" if before == "proposed" and target == "active" else STATUS_ACTIONS[target]
    if decision_id is not None:
        link_decision(session, row, decision_id, action)
    record(
        session,
        actor=actor,
        action="channel.retired" if target == "retired" else "channel.status_changed",
        subject_type="channel",
        subject_id=row.id,
        data={"from": before, "to": target, "decision": _sid(decision_id)},
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
    if decision_id is not None:
        link_decision(session, row, decision_id, "create")
    record(
        session,
        actor=actor,
        action="channel.created",
        subject_type="channel",
        subject_id=row.id,
        data={"status": status, "decision": _sid(decision_id)},
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
    _bump(row)
    delegated = bool({"owners", "delegates"} & set(changed))
    if decision_id is not None and delegated:
        link_decision(session, row, decision_id, "delegate")
    record(
        session,
        actor=actor,
        action="channel.delegated" if delegated else "channel.updated",
        subject_type="channel",
        subject_id=row.id,
        data={
            "fields": changed,
            "before": before,
            "after": {k: _plain(fields[k]) for k in changed},
            "decision": _sid(decision_id),
        },
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
        target = {"retire": "retired", "pause": "paused", "activate": "active"}[action]
        if row.status == target:
            raise Conflict(f"'{row.id}' is already {target}.")
        change_status(session, row, target, actor=actor, decision_id=decision.id)
    check_registry(session)


class ChannelService:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    def list(self, status: str | None = None) -> list[dict[str, Any]]:
        if status is not None and status not in rules.STATUSES:
            raise InvalidInput(f"status is one of {', '.join(rules.STATUSES)}.", field="status")
        q = select(Channel).order_by(Channel.id)
        if status:
            q = q.where(Channel.status == status)
        with self.ctx.read() as s:
            return [channel_dict(c) for c in s.scalars(q)]

    def get(self, channel_id: str) -> dict[str, Any]:
        """One channel with the decisions behind it and its history."""
        with self.ctx.read() as s:
            row = s.get(Channel, channel_id)
            if row is None:
                raise NotFound(f"No channel '{channel_id}'.")
            out = channel_dict(row)
            links = s.execute(
                select(ChannelDecision, Decision)
                .join(Decision, Decision.id == ChannelDecision.decision_id)
                .where(ChannelDecision.channel_id == channel_id)
                .order_by(ChannelDecision.id)
            )
            out["decisions"] = [
                {
                    "id": str(d.id),
                    "action": link.action,
                    "title": d.title,
                    "outcome": d.outcome,
                    "closed_at": iso(d.closed_at),
                    "at": iso(link.at),
                }
                for link, d in links
            ]
            out["history"] = history(s, "channel", channel_id)
            return out

    def create(self, caller: Caller, body: Mapping[str, Any]) -> dict[str, Any]:
        """Add a channel (proposed by default, or active); optionally preferred at once."""
        require_admin(caller)
        cid = body.get("id")
        if not isinstance(cid, str) or not ID_RE.match(cid):
            raise InvalidInput("id: lower-case letters, digits, - and _ (1-64).", field="id")
        fields, errors = rules.validate_fields(body)
        if not fields.get("name"):
            errors.append(("name", "required"))
        status = body.get("status", "proposed")
        if status not in ("proposed", "active"):
            errors.append(("status", "a new channel is proposed or active"))
        preferred = body.get("preferred", False)
        if not isinstance(preferred, bool):
            errors.append(("preferred", "true or false"))
        if errors:
            raise InvalidInput("The channel is not valid.", errors=errors)
        fields.pop("retired_on", None)
        fields["platform"] = fields.get("platform") or cid
        with self.ctx.write() as s:
            decision = carried_decision(s, body["decision"]) if body.get("decision") else None
            row = create_channel(
                s,
                {"id": cid, **fields},
                actor=caller.username,
                status=status,
                decision_id=decision.id if decision else None,
            )
            if preferred:
                set_preferred(s, row, actor=caller.username)
            check_registry(s)
            return channel_dict(row)

    def update(self, caller: Caller, channel_id: str, body: Mapping[str, Any]) -> dict[str, Any]:
        """Edit fields, move the status, make the channel preferred; ``if_version`` required."""
        require_admin(caller)
        unknown = sorted(
            set(body)
            - set(rules.EDITABLE)
            - {"status", "preferred", "decision", "if_version", "retired_on", "id"}
        )
        if unknown:
            raise InvalidInput(
                f"Unknown field(s): {', '.join(unknown)}.",
                errors=[(k, "unknown field") for k in unknown],
            )
        if "id" in body and body["id"] != channel_id:
            raise InvalidInput("A channel's id never changes.", field="id")
        fields, errors = rules.validate_fields(
            {k: v for k, v in body.items() if k in rules.EDITABLE or k == "retired_on"},
            partial=True,
        )
        status = body.get("status")
        if status is not None and status not in rules.STATUSES:
            errors.append(("status", f"one of {', '.join(rules.STATUSES)}"))
        preferred = body.get("preferred")
        if preferred is not None and preferred is not True:
            errors.append(
                ("preferred", "only true: make another channel preferred to move the flag")
            )
        if errors:
            raise InvalidInput("The change is not valid.", errors=errors)
        retired_on = fields.pop("retired_on", None)
        with self.ctx.write() as s:
            row = s.get(Channel, channel_id, with_for_update=not self.ctx.store.is_sqlite)
            if row is None:
                raise NotFound(f"No channel '{channel_id}'.")
            check_version(row.version, body.get("if_version"), "channel")
            decision = carried_decision(s, body["decision"]) if body.get("decision") else None
            did = decision.id if decision else None
            if row.status == "retired" and (fields or preferred) and status in (None, "retired"):
                raise Conflict(f"'{row.id}' is retired; a retired channel no longer changes.")
            update_fields(s, row, fields, actor=caller.username, decision_id=did)
            if status is not None:
                change_status(
                    s, row, status, actor=caller.username, decision_id=did, retired_on=retired_on
                )
            if preferred:
                set_preferred(s, row, actor=caller.username, decision_id=did)
            check_registry(s)
            return channel_dict(row)

    # -- import ------------------------------------------------------------------------------
    def import_text(self, text: str, *, actor: str) -> dict[str, int]:
        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            raise InvalidInput(f"The channel file is not valid YAML: {exc}") from exc
        entries, preferred = parse_channels(data)
        return self.import_channels(entries, preferred, actor=actor)

    def import_channels(
        self, entries: list[dict[str, Any]], preferred: str | None, *, actor: str
    ) -> dict[str, int]:
        """Add or update channels in one transaction; the preferred flag moves atomically."""
        counts = {"created": 0, "updated": 0}
        with self.ctx.write() as s:
            if preferred is not None:
                # Move the flag before statuses change, so the old preferred channel may retire.
                target = s.get(Channel, preferred)
                if target is None:
                    entry = next(e for e in entries if e["id"] == preferred)
                    fields = {k: v for k, v in entry.items() if k != "status"}
                    target = create_channel(s, fields, actor=actor, status=entry["status"])
                    counts["created"] += 1
                elif target.status != "active":
                    change_status(s, target, "active", actor=actor)
                set_preferred(s, target, actor=actor)
            for e in entries:
                fields = {k: v for k, v in e.items() if k != "status"}
                row = s.get(Channel, e["id"])
                if row is None:
                    create_channel(s, fields, actor=actor, status=e["status"])
                    counts["created"] += 1
                    continue
                if preferred == row.id:
                    fields.pop("mode", None)
                changed = update_fields(s, row, fields, actor=actor)
                moved = row.status != e["status"]
                if moved:
                    change_status(s, row, e["status"], actor=actor, retired_on=e.get("retired_on"))
                if changed or moved:
                    counts["updated"] += 1
            check_registry(s)
        return counts
