"""The channel registry: official channels, their lifecycle and the preferred channel.

Every change runs in one write transaction that ends by checking the registry's invariants
(at most one preferred channel, and it is active; only the preferred social channel is
two-way), so a request that would break them changes nothing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import select

from ...domain import channels as rules
from ...domain.access import Caller
from ...domain.publishing import CONNECTORS
from ...errors import Conflict, InvalidInput, NotFound
from ...store.locks import get_for_update
from ...store.models import Channel, ChannelDecision, Decision
from ..kernel import inputs
from ..kernel.common import history, iso, require_admin
from ..kernel.context import Context
from ..kernel.inputs import require_version
from .channel_changes import (
    carried_decision,
    change_status,
    check_registry,
    create_channel,
    lock_registry,
    set_preferred,
    update_fields,
)

# Kept for callers of the core module.
KINDS = rules.KINDS
STEWARDSHIP = rules.STEWARDSHIP
MODES = rules.MODES
ID_RE = rules.ID_RE
# The statuses a channel may be created in.
NEW_STATUSES = ("proposed", "active")


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
        "connector": c.connector,
        "api_url": c.api_url,
        # Where the lifecycle lets the channel go next, for forms that offer only those.
        "next_statuses": [
            st for st in rules.STATUSES if st in rules.TRANSITIONS.get(c.status, frozenset())
        ],
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


class ChannelService:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    @staticmethod
    def choices() -> dict[str, list[str]]:
        """The values a channel's enumerated fields take, in the order forms offer them."""
        return {
            "kinds": list(rules.KINDS),
            "modes": list(rules.MODES),
            "stewardship": list(rules.STEWARDSHIP),
            "connectors": list(CONNECTORS),
            "new_statuses": list(NEW_STATUSES),
        }

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
        if status not in NEW_STATUSES:
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
            if preferred:
                # Every channel row, before this one alone: two swaps that each held their own
                # row first and then waited for all the others would deadlock.
                lock_registry(s)
            row = get_for_update(s, Channel, channel_id)
            if row is None:
                raise NotFound(f"No channel '{channel_id}'.")
            require_version(row.version, body.get("if_version"), "channel")
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
        data = inputs.yaml_document(text, "channel file")
        entries, preferred = parse_channels(data)
        return self.import_channels(entries, preferred, actor=actor)

    def import_channels(
        self, entries: Sequence[dict[str, Any]], preferred: str | None, *, actor: str
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
