"""Export and import of the whole registry (members, channels, grants, decisions) as YAML.

The export is lossless: importing it into an empty database and exporting again gives the
same document. An import is all or nothing: the whole document is validated first (every
error listed), then applied in one transaction, so a bad file changes nothing. Importing
adds and updates; it never deletes (the registry keeps its history).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import yaml
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from ...domain.access import Caller
from ...errors import InvalidInput
from ...store.models import (
    Channel,
    ChannelDecision,
    Decision,
    Grant,
    Member,
    RoleInterval,
    Vote,
)
from ..kernel.common import bump, iso, require_admin
from ..kernel.context import Context, record
from .channel_changes import check_registry
from .document_parse import DECISION_LISTS, DECISION_TIMES, FORMAT, cross_check, parse_document
from .grants import grant_record
from .roster import role_text

MAX_IMPORT_BYTES = 20 * 1024 * 1024


# -- export -----------------------------------------------------------------------------------


def _member_out(m: Member) -> dict[str, Any]:
    roles = sorted(m.roles, key=lambda r: (r.since, r.role, r.id))
    return {
        "username": m.username,
        "name": m.name,
        "affiliation": m.affiliation,
        "aliases": list(m.aliases or []),
        "roles": [role_text(r.role, r.since, r.until, r.languages) for r in roles],
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
    "connector",
    "api_url",
)


def _channel_out(c: Channel) -> dict[str, Any]:
    out: dict[str, Any] = {"id": c.id}
    for key in CHANNEL_FIELDS:
        value = getattr(c, key)
        out[key] = list(value or []) if key in ("owners", "delegates") else value
    out["retired_on"] = iso(c.retired_on)
    return out


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
        "grants": [grant_record(g) for g in session.scalars(select(Grant).order_by(Grant.id))],
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
            cross_check(s, doc)
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
            bump(row)
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
            bump(row)
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
            bump(row)
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
            bump(row)
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
