"""Members, their role intervals, and who the caller is."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime, timezone
from typing import Any

import yaml
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..domain.roles import ROLES, RoleSpan, active_roles, council_languages
from ..domain.states import Caller
from ..store.models import Member, RoleInterval, utcnow
from .context import Context, record
from .errors import InvalidInput, NotFound

USERNAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@+-]{0,99}$")
LANG_RE = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")


def today() -> date:
    return datetime.now(timezone.utc).date()


def spans_of(member: Member) -> list[RoleSpan]:
    return [RoleSpan(r.role, r.since, r.until, tuple(r.languages or ())) for r in member.roles]


def caller_for(session: Session, username: str, day: date | None = None) -> Caller:
    """The caller with the roles they hold today (none when not on the roster)."""
    member = session.get(Member, username)
    if member is None:
        return Caller(username=username, roles=frozenset())
    day = day or today()
    spans = spans_of(member)
    return Caller(
        username=username,
        roles=frozenset(active_roles(spans, day)),
        languages=frozenset(council_languages(spans, day)),
    )


def member_dict(member: Member, day: date | None = None) -> dict[str, Any]:
    day = day or today()
    spans = spans_of(member)
    return {
        "username": member.username,
        "name": member.name,
        "affiliation": member.affiliation,
        "aliases": list(member.aliases or []),
        "roles": sorted(active_roles(spans, day)),
        "languages": sorted(council_languages(spans, day)),
        "role_intervals": [
            {
                "id": str(r.id),
                "role": r.role,
                "since": r.since.isoformat(),
                "until": r.until.isoformat() if r.until else None,
                "languages": list(r.languages or []),
            }
            for r in member.roles
        ],
        "version": member.version,
    }


class MemberService:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    def me(self, username: str) -> dict[str, Any]:
        with self.ctx.read() as s:
            member = s.get(Member, username)
            if member is None:
                return {
                    "username": username,
                    "name": "",
                    "roles": [],
                    "languages": [],
                    "member": False,
                }
            out = member_dict(member)
            out["member"] = True
            return out

    def caller(self, username: str) -> Caller:
        with self.ctx.read() as s:
            return caller_for(s, username)

    def get(self, username: str) -> dict[str, Any]:
        with self.ctx.read() as s:
            member = s.get(Member, username)
            if member is None:
                raise NotFound(f"No member '{username}'.")
            return member_dict(member)

    def list(self) -> list[dict[str, Any]]:
        with self.ctx.read() as s:
            return [member_dict(m) for m in s.scalars(select(Member).order_by(Member.username))]

    # -- roster import --------------------------------------------------------------------
    def import_roster_text(self, text: str, *, actor: str) -> dict[str, int]:
        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            raise InvalidInput(f"The roster is not valid YAML: {exc}") from exc
        entries = parse_roster(data)
        return self.import_roster(entries, actor=actor)

    def import_roster(self, entries: list[dict[str, Any]], *, actor: str) -> dict[str, int]:
        """Add or update members and their role intervals; never removes anything."""
        counts = {"created": 0, "updated": 0, "roles_added": 0}
        with self.ctx.write() as s:
            for e in entries:
                member = s.get(Member, e["username"])
                changed = False
                if member is None:
                    member = Member(
                        username=e["username"],
                        name=e["name"],
                        affiliation=e["affiliation"],
                        aliases=e["aliases"],
                    )
                    s.add(member)
                    s.flush()
                    counts["created"] += 1
                    action = "member.created"
                else:
                    action = "member.updated"
                    for key in ("name", "affiliation", "aliases"):
                        if getattr(member, key) != e[key]:
                            setattr(member, key, e[key])
                            changed = True
                existing = {(r.role, r.since): r for r in member.roles}
                for role in e["roles"]:
                    cur = existing.get((role["role"], role["since"]))
                    if cur is None:
                        s.add(
                            RoleInterval(
                                username=member.username,
                                role=role["role"],
                                since=role["since"],
                                until=role["until"],
                                languages=role["languages"],
                            )
                        )
                        counts["roles_added"] += 1
                        changed = True
                    elif (
                        cur.until != role["until"] or list(cur.languages or []) != role["languages"]
                    ):
                        cur.until = role["until"]
                        cur.languages = role["languages"]
                        changed = True
                if action == "member.created" or changed:
                    if action == "member.updated":
                        member.version += 1
                        member.updated_at = utcnow()
                        counts["updated"] += 1
                    s.flush()
                    s.expire(member, ["roles"])
                    record(
                        s,
                        actor=actor,
                        action=action,
                        subject_type="member",
                        subject_id=member.username,
                        data={"roles": e["roles_text"]},
                    )
        return counts


def _as_date(value: Any, where: str, errors: list[tuple[str, str]]) -> date | None:
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
    errors.append((where, "must be a date (YYYY-MM-DD)"))
    return None


def parse_roster(data: Any) -> list[dict[str, Any]]:
    """Validate a roster document; every error is listed, nothing is imported on error."""
    errors: list[tuple[str, str]] = []
    if not isinstance(data, Mapping) or not isinstance(data.get("members"), list):
        raise InvalidInput("A roster is a mapping with a 'members' list.", field="members")
    out: list[dict[str, Any]] = []
    seen: set[str] = set()
    for i, m in enumerate(data["members"]):
        where = f"members[{i}]"
        if not isinstance(m, Mapping):
            errors.append((where, "must be a mapping"))
            continue
        username = m.get("username")
        if not isinstance(username, str) or not USERNAME_RE.match(username):
            errors.append((f"{where}.username", "a username of letters, digits and ._@+-"))
            continue
        if username in seen:
            errors.append((f"{where}.username", f"'{username}' appears twice"))
        seen.add(username)
        aliases = m.get("aliases") or []
        if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
            errors.append((f"{where}.aliases", "a list of usernames"))
            aliases = []
        roles = []
        for j, r in enumerate(m.get("roles") or []):
            rw = f"{where}.roles[{j}]"
            if not isinstance(r, Mapping):
                errors.append((rw, "must be a mapping"))
                continue
            role = r.get("role")
            if role not in ROLES:
                errors.append((f"{rw}.role", f"one of {', '.join(ROLES)}"))
                continue
            since = _as_date(r.get("since"), f"{rw}.since", errors)
            if since is None:
                if r.get("since") is None:
                    errors.append((f"{rw}.since", "required"))
                continue
            until = _as_date(r.get("until"), f"{rw}.until", errors)
            if until is not None and until <= since:
                errors.append((f"{rw}.until", "must be after since"))
            langs = r.get("languages") or []
            if not isinstance(langs, list) or not all(
                isinstance(x, str) and LANG_RE.match(x) for x in langs
            ):
                errors.append((f"{rw}.languages", "a list of BCP 47 language tags"))
                langs = []
            if role == "council" and not langs:
                errors.append((f"{rw}.languages", "a council role lists the languages it vets"))
            roles.append({"role": role, "since": since, "until": until, "languages": list(langs)})
        out.append(
            {
                "username": username,
                "name": str(m.get("name") or ""),
                "affiliation": str(m.get("affiliation") or ""),
                "aliases": list(aliases),
                "roles": roles,
                "roles_text": [
                    {
                        "role": r["role"],
                        "since": r["since"].isoformat(),
                        "until": r["until"].isoformat() if r["until"] else None,
                        "languages": r["languages"],
                    }
                    for r in roles
                ],
            }
        )
    if errors:
        raise InvalidInput(f"The roster has {len(errors)} error(s).", errors=errors)
    return out
