"""Reading a registry YAML document: every section validated and cross-checked, every
error listed with where it is, before anything is written."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, timezone
from typing import Any

from sqlalchemy.orm import Session

from ...domain import channels as channel_rules
from ...domain import votes as vote_rules
from ...domain.channels import ACCESS_LEVELS
from ...domain.secrets import secret_reason, vault_ref_error
from ...errors import InvalidInput
from ...store.models import Channel, Decision, Member
from ..kernel import inputs
from .roster import parse_roster

FORMAT = "jupyter-jms-registry/1"
DECISION_STATUSES = ("proposed", "open", "closed", "withdrawn")
DECISION_TIMES = ("opened_at", "closes_at", "closed_at", "created_at")
DECISION_LISTS = ("options", "eligible", "present")


# -- validation ---------------------------------------------------------------------------------


class _Errors(list):  # type: ignore[type-arg]
    def add(self, where: str, message: str) -> None:
        self.append((where, message))


def _ts(value: Any, where: str, errors: _Errors, *, required: bool = False) -> datetime | None:
    if value is None:
        if required:
            errors.add(where, "required")
        return None
    if isinstance(value, datetime):
        value = value.isoformat()
    try:
        # an export has no offset-less times, but a hand-written file may: read them as UTC
        return inputs.timestamp(value, where, zone=timezone.utc)
    except InvalidInput as exc:
        errors.add(where, exc.message)
        return None


def _day(value: Any, where: str, errors: _Errors) -> date | None:
    if value is None:
        return None
    try:
        return inputs.day(value, where)
    except InvalidInput as exc:
        errors.add(where, exc.message)
        return None


def _str(
    m: Mapping[str, Any],
    key: str,
    where: str,
    errors: _Errors,
    *,
    limit: int = 2000,
    required: bool = False,
    nullable: bool = False,
) -> Any:
    value = m.get(key)
    if value is None:
        if required:
            errors.add(f"{where}.{key}", "required")
        return None if nullable else ""
    if not isinstance(value, str) or len(value) > limit:
        errors.add(f"{where}.{key}", f"a string of at most {limit} characters")
        return None if nullable else ""
    return value


def _int(
    m: Mapping[str, Any], key: str, where: str, errors: _Errors, *, nullable: bool = False
) -> Any:
    value = m.get(key)
    if value is None and nullable:
        return None
    # 32-bit: the counts (period_days, round) are INTEGER columns on PostgreSQL
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < 2**31:
        errors.add(f"{where}.{key}", "a whole number")
        return 0
    return value


def _strlist(m: Mapping[str, Any], key: str, where: str, errors: _Errors) -> list[str]:
    value = m.get(key) or []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        errors.add(f"{where}.{key}", "a list of strings")
        return []
    return list(value)


def _items(
    data: Mapping[str, Any], key: str, errors: _Errors
) -> list[tuple[str, Mapping[str, Any]]]:
    value = data.get(key) or []
    if not isinstance(value, list):
        errors.add(key, "must be a list")
        return []
    out = []
    for i, item in enumerate(value):
        if not isinstance(item, Mapping):
            errors.add(f"{key}[{i}]", "must be a mapping")
            continue
        out.append((f"{key}[{i}]", item))
    return out


def _no_secret(value: str, where: str, errors: _Errors) -> None:
    what = secret_reason(value or "")
    if what:
        errors.add(where, f"looks like it contains {what}")


def parse_members(data: Mapping[str, Any], errors: _Errors) -> list[dict[str, Any]]:
    raw = data.get("members") or []
    try:
        return parse_roster({"members": raw})
    except InvalidInput as exc:
        errors.extend(exc.errors or [("members", exc.message)])
        return []


def parse_channels(data: Mapping[str, Any], errors: _Errors) -> list[dict[str, Any]]:
    out = []
    seen: set[str] = set()
    for where, c in _items(data, "channels", errors):
        cid = c.get("id")
        if not isinstance(cid, str) or not channel_rules.ID_RE.match(cid):
            errors.add(f"{where}.id", "lower-case letters, digits, - and _")
            continue
        if cid in seen:
            errors.add(f"{where}.id", f"'{cid}' appears twice")
        seen.add(cid)
        fields, errs = channel_rules.validate_fields(dict(c), where)
        errors.extend(errs)
        status = c.get("status", "active")
        if status not in channel_rules.STATUSES:
            errors.add(f"{where}.status", f"one of {', '.join(channel_rules.STATUSES)}")
        preferred = c.get("preferred", False)
        if not isinstance(preferred, bool):
            errors.add(f"{where}.preferred", "true or false")
        fields.setdefault("retired_on", None)
        if not fields.get("name"):
            errors.add(f"{where}.name", "required")
        out.append({"id": cid, **fields, "status": status, "preferred": preferred is True})
    flagged = [c["id"] for c in out if c["preferred"]]
    if len(flagged) > 1:
        errors.add("channels", f"exactly one channel is preferred, not {', '.join(flagged)}")
    return out


def parse_decisions(data: Mapping[str, Any], errors: _Errors) -> list[dict[str, Any]]:
    out = []
    seen: set[int] = set()
    for where, d in _items(data, "decisions", errors):
        did = d.get("id")
        if isinstance(did, bool) or not isinstance(did, int) or not 0 < did <= inputs.MAX_ID:
            errors.add(f"{where}.id", "a positive whole number")
            continue
        if did in seen:
            errors.add(f"{where}.id", f"{did} appears twice")
        seen.add(did)
        e: dict[str, Any] = {"id": did}
        e["title"] = _str(d, "title", where, errors, limit=300, required=True)
        e["body"] = _str(d, "body", where, errors, limit=20_000)
        e["link"] = _str(d, "link", where, errors, limit=500)
        for key in ("title", "body", "link"):
            _no_secret(e[key], f"{where}.{key}", errors)
        e["method"] = d.get("method")
        if e["method"] not in vote_rules.METHODS:
            errors.add(f"{where}.method", f"one of {', '.join(vote_rules.METHODS)}")
        e["status"] = d.get("status")
        if e["status"] not in DECISION_STATUSES:
            errors.add(f"{where}.status", f"one of {', '.join(DECISION_STATUSES)}")
        e["created_by"] = _str(d, "created_by", where, errors, limit=100, required=True)
        for key in ("called_by", "seconded_by", "closed_by", "winner"):
            e[key] = _str(d, key, where, errors, limit=200, nullable=True)
        e["outcome"] = _str(d, "outcome", where, errors, limit=30, nullable=True)
        e["period_days"] = _int(d, "period_days", where, errors)
        e["round"] = max(1, _int(d, "round", where, errors))
        for key in DECISION_LISTS:
            e[key] = _strlist(d, key, where, errors)
        for key in DECISION_TIMES:
            e[key] = _ts(d.get(key), f"{where}.{key}", errors, required=key == "created_at")
        for key in ("tally", "channel_change"):
            value = d.get(key) or {}
            if not isinstance(value, Mapping):
                errors.add(f"{where}.{key}", "a mapping")
                value = {}
            e[key] = dict(value)
        e["channel_id"] = _str(d, "channel", where, errors, limit=64, nullable=True)
        action = d.get("channel_action")
        if action is not None and action not in channel_rules.CHANNEL_ACTIONS:
            errors.add(
                f"{where}.channel_action", f"one of {', '.join(channel_rules.CHANNEL_ACTIONS)}"
            )
        e["channel_action"] = action
        votes = []
        keys: set[tuple[int, str]] = set()
        for j, v in enumerate(d.get("votes") or []):
            vw = f"{where}.votes[{j}]"
            if not isinstance(v, Mapping):
                errors.add(vw, "must be a mapping")
                continue
            vote = {
                "round": _int(v, "round", vw, errors),
                "voter": _str(v, "voter", vw, errors, limit=100, required=True),
                "choice": v.get("choice"),
                "ranking": _strlist(v, "ranking", vw, errors),
                "cast_at": _ts(v.get("cast_at"), f"{vw}.cast_at", errors, required=True),
            }
            if vote["choice"] not in (
                vote_rules.YES,
                vote_rules.NO,
                vote_rules.BLANK,
                vote_rules.RANKED,
            ):
                errors.add(f"{vw}.choice", "yes, no, blank or ranked")
            if (vote["round"], vote["voter"]) in keys:
                errors.add(vw, f"{vote['voter']} voted twice in round {vote['round']}")
            keys.add((vote["round"], vote["voter"]))
            votes.append(vote)
        e["votes"] = votes
        out.append(e)
    return out


def parse_grants(data: Mapping[str, Any], errors: _Errors) -> list[dict[str, Any]]:
    out = []
    seen: set[int] = set()
    for where, g in _items(data, "grants", errors):
        gid = g.get("id")
        if isinstance(gid, bool) or not isinstance(gid, int) or not 0 < gid <= inputs.MAX_ID:
            errors.add(f"{where}.id", "a positive whole number")
            continue
        if gid in seen:
            errors.add(f"{where}.id", f"{gid} appears twice")
        seen.add(gid)
        e: dict[str, Any] = {"id": gid}
        e["channel_id"] = _str(g, "channel", where, errors, limit=64, required=True)
        e["username"] = _str(g, "username", where, errors, limit=100, required=True)
        e["access"] = g.get("access")
        if e["access"] not in ACCESS_LEVELS:
            errors.add(f"{where}.access", f"one of {', '.join(ACCESS_LEVELS)}")
        e["vault_ref"] = _str(g, "vault_ref", where, errors, limit=500)
        problem = vault_ref_error(e["vault_ref"])
        if problem:
            errors.add(f"{where}.vault_ref", problem)
        e["reason"] = _str(g, "reason", where, errors)
        e["revoke_reason"] = _str(g, "revoke_reason", where, errors)
        _no_secret(e["reason"], f"{where}.reason", errors)
        _no_secret(e["revoke_reason"], f"{where}.revoke_reason", errors)
        e["granted_by"] = _str(g, "granted_by", where, errors, limit=100, required=True)
        e["revoked_by"] = _str(g, "revoked_by", where, errors, limit=100, nullable=True)
        e["granted_at"] = _ts(g.get("granted_at"), f"{where}.granted_at", errors, required=True)
        for key in ("reauthorized_at", "verified_post_at", "revoked_at"):
            e[key] = _ts(g.get(key), f"{where}.{key}", errors)
        decision = g.get("decision")
        if decision is not None and (
            isinstance(decision, bool)
            or not isinstance(decision, int)
            or not 0 < decision <= inputs.MAX_ID
        ):
            errors.add(f"{where}.decision", "a decision id")
            decision = None
        e["decision_id"] = decision
        out.append(e)
    return out


def parse_document(text_: str) -> dict[str, Any]:
    """Every section, validated and cross-checked; raises InvalidInput listing all errors."""
    data = inputs.yaml_document(text_, "registry file")
    if not isinstance(data, Mapping):
        raise InvalidInput("A registry file is a mapping (members, channels, grants, decisions).")
    errors = _Errors()
    fmt = data.get("format", FORMAT)
    if fmt != FORMAT:
        errors.add("format", f"this version reads {FORMAT}")
    unknown = sorted(
        set(data) - {"format", "members", "channels", "grants", "decisions", "channel_decisions"}
    )
    for key in unknown:
        errors.add(str(key), "unknown section")
    doc = {
        "members": parse_members(data, errors),
        "channels": parse_channels(data, errors),
        "decisions": parse_decisions(data, errors),
        "grants": parse_grants(data, errors),
        "links": [],
    }
    for where, link in _items(data, "channel_decisions", errors):
        doc["links"].append(
            {
                "channel_id": _str(link, "channel", where, errors, limit=64, required=True),
                "decision_id": _int(link, "decision", where, errors),
                "action": link.get("action"),
                "at": _ts(link.get("at"), f"{where}.at", errors, required=True),
            }
        )
        if link.get("action") not in channel_rules.CHANNEL_ACTIONS:
            errors.add(f"{where}.action", f"one of {', '.join(channel_rules.CHANNEL_ACTIONS)}")
    if errors:
        raise InvalidInput(
            f"The registry file has {len(errors)} error(s); nothing was imported.",
            errors=list(errors),
        )
    return doc


def cross_check(s: Session, doc: dict[str, Any]) -> None:
    """References point at members, channels and decisions in the file or the database."""
    errors = _Errors()
    members = {m["username"] for m in doc["members"]}
    channels = {c["id"] for c in doc["channels"]}
    decisions = {d["id"] for d in doc["decisions"]}

    def known(model: Any, key: Any, pool: set[Any]) -> bool:
        return key in pool or s.get(model, key) is not None

    for i, g in enumerate(doc["grants"]):
        if not known(Channel, g["channel_id"], channels):
            errors.add(f"grants[{i}].channel", f"no channel '{g['channel_id']}'")
        if not known(Member, g["username"], members):
            errors.add(f"grants[{i}].username", f"'{g['username']}' is not on the roster")
        if g["decision_id"] is not None and not known(Decision, g["decision_id"], decisions):
            errors.add(f"grants[{i}].decision", f"no decision {g['decision_id']}")
    for i, link in enumerate(doc["links"]):
        if not known(Channel, link["channel_id"], channels):
            errors.add(f"channel_decisions[{i}].channel", f"no channel '{link['channel_id']}'")
        if not known(Decision, link["decision_id"], decisions):
            errors.add(f"channel_decisions[{i}].decision", f"no decision {link['decision_id']}")
    if errors:
        raise InvalidInput(
            f"The registry file has {len(errors)} error(s); nothing was imported.",
            errors=list(errors),
        )
