"""Reading a decision request: who, which options, and the channel change it would make
(checked when the decision is made, so that closing it can apply the change)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...domain import channels as channel_rules
from ...domain import votes as rules
from ...domain.roles import active_roles
from ...errors import InvalidInput
from ...store.models import Channel, Member
from ..kernel.common import today
from .members import spans_of

MAX_OPTION = 200


def usernames(session: Session, value: Any, field: str) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(u, str) for u in value):
        raise InvalidInput(f"{field} is a list of usernames.", field=field)
    unknown = [u for u in value if session.get(Member, u) is None]
    if unknown:
        raise InvalidInput(f"Not on the roster: {', '.join(unknown)}.", field=field)
    return sorted(set(value))


def options_for(method: str, value: Any) -> list[str]:
    if method != "ranked":
        return list(rules.YES_NO_OPTIONS) if method == "yes_no" else []
    if not isinstance(value, list) or not all(isinstance(o, str) and o.strip() for o in value):
        raise InvalidInput("options is a list of option names.", field="options")
    options = [o.strip() for o in value]
    if len(set(options)) != len(options):
        raise InvalidInput("Every option appears once.", field="options")
    if not 2 <= len(options) <= rules.MAX_OPTIONS:
        raise InvalidInput(f"A ranked vote has 2 to {rules.MAX_OPTIONS} options.", field="options")
    if any(len(o) > MAX_OPTION for o in options) or rules.BLANK in options:
        raise InvalidInput(
            f"Options are at most {MAX_OPTION} characters; 'blank' is always offered.",
            field="options",
        )
    return options


def electorate_today(session: Session) -> list[str]:
    day = today()
    members = session.scalars(select(Member)).all()
    return rules.electorate({m.username: active_roles(spans_of(m), day) for m in members})


def channel_link(
    session: Session, body: Mapping[str, Any]
) -> tuple[str | None, str | None, dict[str, Any]]:
    """The channel change a decision would make; checked now so closing can apply it."""
    action = body.get("channel_action")
    cid = body.get("channel")
    change = body.get("channel_change") or {}
    if action is None and cid is None:
        return None, None, {}
    if action not in channel_rules.CHANNEL_ACTIONS:
        raise InvalidInput(
            f"channel_action is one of {', '.join(channel_rules.CHANNEL_ACTIONS)}.",
            field="channel_action",
        )
    if not isinstance(cid, str) or not channel_rules.ID_RE.match(cid):
        raise InvalidInput("channel is a channel id.", field="channel")
    if not isinstance(change, Mapping):
        raise InvalidInput("channel_change is an object.", field="channel_change")
    row = session.get(Channel, cid)
    if action == "create":
        if row is not None and row.status != "proposed":
            raise InvalidInput(f"'{cid}' already exists ({row.status}).", field="channel")
        if row is None:
            fields, errors = channel_rules.validate_fields(change)
            if not fields.get("name"):
                errors.append(("channel_change.name", "required"))
            if errors:
                raise InvalidInput("The proposed channel is not valid.", errors=errors)
        return cid, action, dict(change)
    if row is None:
        raise InvalidInput(f"No channel '{cid}'.", field="channel")
    if action == "delegate":
        extra = set(change) - {"owners", "delegates"}
        fields, errors = channel_rules.validate_fields(change, "channel_change", partial=True)
        if extra or not fields:
            errors.append(("channel_change", "a delegation sets owners and/or delegates"))
        if errors:
            raise InvalidInput("The delegation is not valid.", errors=errors)
        return cid, action, fields
    target = {"retire": "retired", "pause": "paused", "activate": "active", "prefer": "active"}[
        action
    ]
    if action == "prefer":
        if row.status != "active" or row.preferred:
            raise InvalidInput(
                f"'{cid}' is {'already preferred' if row.preferred else row.status}.",
                field="channel_action",
            )
        return cid, action, {}
    if row.status == target:
        raise InvalidInput(f"'{cid}' is already {target}.", field="channel_action")
    try:
        channel_rules.check_transition(row.status, target)
    except channel_rules.ChannelRuleError as exc:
        raise InvalidInput(str(exc), field="channel_action") from None
    return cid, action, {}
