"""Export and import of the whole registry (members, channels, grants, decisions) as YAML.

The export is lossless: importing it into an empty database and exporting again gives the
same document. An import is all or nothing: the whole document is validated first (every
error listed), then applied in one transaction, so a bad file changes nothing. Importing
adds and updates; it never deletes (the registry keeps its history).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, datetime, timezone
from typing import Any

import yaml
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from ..domain import channels as channel_rules
from ..domain import votes as vote_rules
from ..domain.channels import ACCESS_LEVELS
from ..domain.secrets import secret_reason, vault_ref_error
from ..domain.states import Caller
from ..store.models import (
    Channel,
    ChannelDecision,
    Decision,
    Grant,
    Member,
    RoleInterval,
    Vote,
)
from .channels import check_registry, iso, require_admin
from .context import Context, record
from .errors import InvalidInput
from .members import parse_roster

FORMAT = "jupyter-jms-registry/1"
DECISION_STATUSES = ("proposed", "open", "closed", "withdrawn")
MAX_IMPORT_BYTES = 20 * 1024 * 1024


# -- export -----------------------------------------------------------------------------------


def _member_out(m: Member) -> dict[str, Any]:
    roles = sorted(m.roles, key=lambda r: (r.since, r.role, r.id))
    return {
        "username": m.username,
        "name": m.name,
        "affiliation": m.affiliation,
        "aliases": list(m.aliases or []),
        "roles": [
            {
                "role": r.role,
                "since": r.since.isoformat(),
                "until": r.until.isoformat() if r.until else None,
                "languages": list(r.languages or []),
            }
            for r in roles
        ],
    }


CHANNEL_FIELDS = (
    "name",
    "platform",
    "kind",
    "url",
    "handle",
    "stewardship",
    "mode",
    "status",
    "preferred",
    "char_limit",
    "owners",
    "delegates",
    "description",
)


def _channel_out(c: Channel) -> dict[str, Any]:
    out: dict[str, Any] = {"id": c.id}
    for key in CHANNEL_FIELDS:
        value = getattr(c, key)
        out[key] = list(value or []) if key in ("owners", "delegates") else value
    out["retired_on"] = iso(c.retired_on)
    return out


def _grant_out(g: Grant) -> dict[str, Any]:
    return {
        "id": g.id,
        "channel": g.channel_id,
        "username": g.username,
        "access": g.access,
        "vault_ref": g.vault_ref,
        "reason": g.reason,
        "granted_by": g.granted_by,
        "granted_at": iso(g.granted_at),
        "reauthorized_at": iso(g.reauthorized_at),
        "verified_post_at": iso(g.verified_post_at),
        "revoked_by": g.revoked_by,
        "revoked_at": iso(g.revoked_at),
        "revoke_reason": g.revoke_reason,
        "decision": g.decision_id,
    }


DECISION_SCALARS = (
    "title",
    "body",
    "link",
    "method",
    "status",
    "created_by",
    "called_by",
    "seconded_by",
    "period_days",
    "round",
    "closed_by",
    "outcome",
    "winner",
)
DECISION_TIMES = ("opened_at", "closes_at", "closed_at", "created_at")
DECISION_LISTS = ("options", "eligible", "present")


def _decision_out(d: Decision) -> dict[str, Any]:
    out: dict[str, Any] = {"id": d.id}
    for key in DECISION_SCALARS:
        out[key] = getattr(d, key)
    for key in DECISION_LISTS:
        out[key] = list(getattr(d, key) or [])
    for key in DECISION_TIMES:
        out[key] = iso(getattr(d, key))
    out["tally"] = dict(d.tally or {})
    out["channel"] = d.channel_id
    out["channel_action"] = d.channel_action
    out["channel_change"] = dict(d.channel_change or {})
    out["votes"] = [
        {
            "round": v.round,
            "voter": v.voter,
            "choice": v.choice,
            "ranking": list(v.ranking or []),
            "cast_at": iso(v.cast_at),
        }
        for v in d.votes
    ]
    return out


def export_data(session: Session) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "members": [
            _member_out(m) for m in session.scalars(select(Member).order_by(Member.username))
        ],
        "channels": [
            _channel_out(c) for c in session.scalars(select(Channel).order_by(Channel.id))
        ],
        "grants": [_grant_out(g) for g in session.scalars(select(Grant).order_by(Grant.id))],
        "decisions": [
            _decision_out(d) for d in session.scalars(select(Decision).order_by(Decision.id))
        ],
        "channel_decisions": [
            {
                "channel": link.channel_id,
                "decision": link.decision_id,
                "action": link.action,
                "at": iso(link.at),
            }
            for link in session.scalars(select(ChannelDecision).order_by(ChannelDecision.id))
        ],
    }


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
        ts = value
    elif isinstance(value, str):
        try:
            ts = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            errors.add(where, "an ISO 8601 timestamp")
            return None
    else:
        errors.add(where, "an ISO 8601 timestamp")
        return None
    return ts if ts.tzinfo else ts.replace(tzinfo=timezone.utc)


def _day(value: Any, where: str, errors: _Errors) -> date | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    errors.add(where, "a date (YYYY-MM-DD)")
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
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
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
        if isinstance(did, bool) or not isinstance(did, int) or did <= 0:
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
        if isinstance(gid, bool) or not isinstance(gid, int) or gid <= 0:
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
        if decision is not None and (isinstance(decision, bool) or not isinstance(decision, int)):
            errors.add(f"{where}.decision", "a decision id")
            decision = None
        e["decision_id"] = decision
        out.append(e)
    return out


def parse_document(text_: str) -> dict[str, Any]:
    """Every section, validated and cross-checked; raises InvalidInput listing all errors."""
    try:
        data = yaml.safe_load(text_)
    except yaml.YAMLError as exc:
        raise InvalidInput(f"The registry file is not valid YAML: {exc}") from None
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


def _cross_check(s: Session, doc: dict[str, Any]) -> None:
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


# -- import ---------------------------------------------------------------------------------------


def _sync(row: Any, values: Mapping[str, Any]) -> list[str]:
    changed = sorted(k for k, v in values.items() if getattr(row, k) != v)
    for k in changed:
        setattr(row, k, values[k])
    return changed


class RegistryIO:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    def export_yaml(self, caller: Caller) -> str:
        require_admin(caller, "export the registry")
        with self.ctx.read() as s:
            data = export_data(s)
        header = "# jupyter-jms registry export: members, channels, grants and decisions.\n"
        return header + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)

    def import_yaml(self, caller: Caller, text_: str) -> dict[str, int]:
        require_admin(caller, "import the registry")
        return self.import_text(text_, actor=caller.username)

    def import_text(self, text_: str, *, actor: str) -> dict[str, int]:
        """Validate everything, then apply in one transaction (nothing on error)."""
        if len(text_.encode()) > MAX_IMPORT_BYTES:
            raise InvalidInput("The registry file is too large.")
        doc = parse_document(text_)
        counts = dict.fromkeys(("created", "updated", "unchanged"), 0)
        with self.ctx.write() as s:
            _cross_check(s, doc)
            tick = _counter(counts, s, actor)
            for m in doc["members"]:
                self._member(s, m, tick)
            for c in doc["channels"]:
                self._channel(s, c, tick)
            for d in doc["decisions"]:
                self._decision(s, d, tick)
            for g in doc["grants"]:
                self._grant(s, g, tick)
            for link in doc["links"]:
                exists = s.scalars(
                    select(ChannelDecision).where(
                        ChannelDecision.channel_id == link["channel_id"],
                        ChannelDecision.decision_id == link["decision_id"],
                        ChannelDecision.action == link["action"],
                    )
                ).first()
                if exists is None:
                    s.add(ChannelDecision(**link))
            s.flush()
            check_registry(s)
            if not self.ctx.store.is_sqlite:
                for table in (
                    "decisions",
                    "channel_grants",
                    "decision_votes",
                    "channel_decisions",
                    "member_roles",
                ):
                    s.execute(
                        text(
                            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                            f"GREATEST((SELECT MAX(id) FROM {table}), 1))"
                        )
                    )
        return counts

    @staticmethod
    def _member(s: Session, m: dict[str, Any], tick: Callable[..., None]) -> None:
        row = s.get(Member, m["username"])
        created = row is None
        if row is None:
            row = Member(username=m["username"])
            s.add(row)
        changed = _sync(
            row, {"name": m["name"], "affiliation": m["affiliation"], "aliases": m["aliases"]}
        )
        s.flush()
        existing = {(r.role, r.since): r for r in row.roles}
        for role in m["roles"]:
            cur = existing.get((role["role"], role["since"]))
            if cur is None:
                s.add(RoleInterval(username=row.username, **role))
                changed.append(f"roles.{role['role']}")
            elif _sync(cur, {"until": role["until"], "languages": role["languages"]}):
                changed.append(f"roles.{role['role']}")
        if changed and not created:
            row.version += 1
        s.flush()
        s.expire(row, ["roles"])
        tick("member", row.username, created, changed)

    @staticmethod
    def _channel(s: Session, c: dict[str, Any], tick: Callable[..., None]) -> None:
        row = s.get(Channel, c["id"])
        created = row is None
        if row is None:
            row = Channel(id=c["id"])
            s.add(row)
        values = {k: v for k, v in c.items() if k != "id"}
        changed = _sync(row, values)
        if changed and not created:
            row.version += 1
        tick("channel", row.id, created, changed)

    @staticmethod
    def _decision(s: Session, d: dict[str, Any], tick: Callable[..., None]) -> None:
        row = s.get(Decision, d["id"])
        created = row is None
        if row is None:
            row = Decision(id=d["id"])
            s.add(row)
        values = {k: v for k, v in d.items() if k not in ("id", "votes")}
        changed = _sync(row, values)
        s.flush()
        have = {(v.round, v.voter) for v in row.votes}
        for v in d["votes"]:
            if (v["round"], v["voter"]) not in have:
                s.add(Vote(decision_id=row.id, **v))
                changed.append("votes")
        if changed and not created:
            row.version += 1
        s.flush()
        s.expire(row, ["votes"])
        tick("decision", row.id, created, changed)

    @staticmethod
    def _grant(s: Session, g: dict[str, Any], tick: Callable[..., None]) -> None:
        row = s.get(Grant, g["id"])
        created = row is None
        if row is None:
            row = Grant(id=g["id"])
            s.add(row)
        changed = _sync(row, {k: v for k, v in g.items() if k != "id"})
        if changed and not created:
            row.version += 1
        tick("grant", row.id, created, changed)


def _counter(counts: dict[str, int], s: Session, actor: str) -> Callable[..., None]:
    def tick(kind: str, key: Any, created: bool, changed: list[str]) -> None:
        if not created and not changed:
            counts["unchanged"] += 1
            return
        counts["created" if created else "updated"] += 1
        s.flush()
        record(
            s,
            actor=actor,
            action=f"{kind}.imported",
            subject_type=kind,
            subject_id=key,
            data={"created": created, "fields": sorted(set(changed)) if not created else []},
        )

    return tick
