"""Members, their role intervals, and who the caller is."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any

from sqlalchemy import Connection, select
from sqlalchemy.orm import Session

from ...domain.access import ADMIN_ROLES, Caller
from ...domain.roles import RoleSpan, active_roles, council_languages
from ...errors import Conflict, InvalidInput, NotFound
from ...store.locks import get_for_update
from ...store.models import Member, RoleInterval
from ..kernel import inputs
from ..kernel.common import bump, require_admin, today
from ..kernel.context import Context, record
from ..kernel.inputs import object_id, require_version
from .roster import (
    alias_list,
    as_date,
    interval_dict,
    language_list,
    member_entry,
    parse_roster,
    role_entry,
)

# What a member says about themselves; roles are kept apart, as intervals.
PERSONAL = ("name", "affiliation", "aliases")


def spans_of(member: Member) -> list[RoleSpan]:
    return [RoleSpan(r.role, r.since, r.until, tuple(r.languages or ())) for r in member.roles]


# The columns ``caller_from_roles`` reads, for queries that fetch them alongside others.
ROLE_COLUMNS = (RoleInterval.role, RoleInterval.since, RoleInterval.until, RoleInterval.languages)


def caller_for(session: Session | Connection, username: str, day: date | None = None) -> Caller:
    """The caller with the roles they hold today (none when not on the roster).

    Asked on every request, so it reads the role rows alone, without loading the member."""
    rows = session.execute(select(*ROLE_COLUMNS).where(RoleInterval.username == username))
    return caller_from_roles(username, rows, day)


def holders_today(session: Session, role: str) -> set[str]:
    """Who holds ``role`` today (the role rows alone, like ``caller_for``)."""
    day = today()
    spans: dict[str, list[RoleSpan]] = {}
    rows = session.execute(
        select(RoleInterval.username, *ROLE_COLUMNS).where(RoleInterval.role == role)
    )
    for r in rows:
        spans.setdefault(r.username, []).append(RoleSpan(r.role, r.since, r.until))
    return {m for m, held in spans.items() if role in active_roles(held, day)}


def caller_from_roles(username: str, rows: Iterable[Any], day: date | None = None) -> Caller:
    """The caller from role rows (``role``, ``since``, ``until``, ``languages``); rows whose
    ``role`` is None (an outer join that found none) are skipped."""
    day = day or today()
    spans = [
        RoleSpan(r.role, r.since, r.until, tuple(r.languages or ()))
        for r in rows
        if r.role is not None
    ]
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
        "role_intervals": [interval_dict(r) for r in member.roles],
        "version": member.version,
    }


class MemberService:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    def me(self, username: str) -> dict[str, Any]:
        """Who the caller is, what they may do (capabilities) and what their queue holds."""
        with self.ctx.read() as s:
            member = s.get(Member, username)
            if member is None:
                out: dict[str, Any] = {
                    "username": username,
                    "name": "",
                    "roles": [],
                    "languages": [],
                    "member": False,
                }
                caller = Caller(username, frozenset())
            else:
                out = member_dict(member)
                out["member"] = True
                caller = caller_for(s, username)
            out["capabilities"] = caller.capabilities()
            out["review_queue"] = {
                "states": list(caller.review_queue_states),
                "vetting_first": list(caller.vetting_first),
            }
            return out

    def caller(self, username: str) -> Caller:
        with self.ctx.query() as conn:
            return caller_for(conn, username)

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
        data = inputs.yaml_document(text, "roster")
        entries = parse_roster(data)
        return self.import_roster(entries, actor=actor)

    def import_roster(self, entries: Sequence[dict[str, Any]], *, actor: str) -> dict[str, int]:
        """Add or update members and their role intervals; never removes anything."""
        counts = {"created": 0, "updated": 0, "roles_added": 0}
        with self.ctx.write() as s:
            for e in entries:
                member = s.get(Member, e["username"])
                changed = False
                if member is None:
                    member = _new_member(s, e)
                    counts["created"] += 1
                    action = "member.created"
                else:
                    action = "member.updated"
                    for key in PERSONAL:
                        if getattr(member, key) != e[key]:
                            setattr(member, key, e[key])
                            changed = True
                existing = {(r.role, r.since): r for r in member.roles}
                for role in e["roles"]:
                    cur = existing.get((role["role"], role["since"]))
                    if cur is None:
                        s.add(RoleInterval(username=member.username, **role))
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
                        bump(member)
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

    # -- roster management (admins) ---------------------------------------------------------
    def create(self, caller: Caller, body: Mapping[str, Any]) -> dict[str, Any]:
        """Add a member with optional role intervals (admins and chairs)."""
        require_admin(caller, "change the roster")
        entry = member_entry(body)
        with self.ctx.write() as s:
            if s.get(Member, entry["username"]) is not None:
                raise Conflict(f"'{entry['username']}' is already on the roster.")
            _check_aliases(s, entry["username"], entry["aliases"])
            member = _new_member(s, entry)
            for role in entry["roles"]:
                s.add(RoleInterval(username=member.username, **role))
            s.flush()
            s.expire(member, ["roles"])
            record(
                s,
                actor=caller.username,
                action="member.created",
                subject_type="member",
                subject_id=member.username,
                data={
                    "name": member.name,
                    "affiliation": member.affiliation,
                    "aliases": member.aliases,
                    "roles": entry["roles_text"],
                },
            )
            return member_dict(member)

    def update(self, caller: Caller, username: str, body: Mapping[str, Any]) -> dict[str, Any]:
        """Change name, affiliation or aliases; ``if_version`` required."""
        require_admin(caller, "change the roster")
        unknown = sorted(set(body) - {"name", "affiliation", "aliases", "if_version", "username"})
        if unknown:
            raise InvalidInput(
                f"Unknown field(s): {', '.join(unknown)} (roles change through "
                f"members/{username}/roles).",
                errors=[(k, "unknown field") for k in unknown],
            )
        changes: dict[str, Any] = {}
        for key in ("name", "affiliation"):
            if key in body:
                value = body[key]
                if not isinstance(value, str) or len(value) > 200:
                    raise InvalidInput(f"{key} is at most 200 characters.", field=key)
                changes[key] = value.strip()
        if "aliases" in body:
            changes["aliases"] = alias_list(body["aliases"])
        with self.ctx.write() as s:
            member = self._load(s, username)
            require_version(member.version, body.get("if_version"), "member")
            if "aliases" in changes:
                _check_aliases(s, username, changes["aliases"])
            changed = sorted(k for k, v in changes.items() if getattr(member, k) != v)
            if changed:
                before = {k: getattr(member, k) for k in changed}
                for k in changed:
                    setattr(member, k, changes[k])
                self._touch(
                    s,
                    member,
                    caller,
                    "member.updated",
                    {
                        "fields": changed,
                        "before": before,
                        "after": {k: changes[k] for k in changed},
                    },
                )
            return member_dict(member)

    def add_role(self, caller: Caller, username: str, body: Mapping[str, Any]) -> dict[str, Any]:
        """Open a role interval ``[since, until)`` (council roles list their languages)."""
        require_admin(caller, "change the roster")
        role = role_entry(body, "")
        with self.ctx.write() as s:
            member = self._load(s, username)
            if body.get("if_version") is not None:
                require_version(member.version, body.get("if_version"), "member")
            for r in member.roles:
                if r.role == role["role"] and _overlaps(
                    r.since, r.until, role["since"], role["until"]
                ):
                    raise Conflict(
                        f"{username} already holds {r.role} from {r.since.isoformat()}"
                        f"{' to ' + r.until.isoformat() if r.until else ''}: end that interval "
                        "first, or change it."
                    )
            row = RoleInterval(username=username, **role)
            s.add(row)
            s.flush()
            self._touch(s, member, caller, "member.role_added", interval_dict(row))
            return member_dict(member)

    def change_role(
        self, caller: Caller, username: str, role_id: str, body: Mapping[str, Any]
    ) -> dict[str, Any]:
        """End a role interval (set ``until``) or change a council role's languages."""
        require_admin(caller, "change the roster")
        unknown = sorted(set(body) - {"until", "languages", "if_version"})
        if unknown or not ({"until", "languages"} & set(body)):
            raise InvalidInput("Give until and/or languages.", field="until")
        rid = object_id(role_id, "role interval")
        with self.ctx.write() as s:
            member = self._load(s, username)
            require_version(member.version, body.get("if_version"), "member")
            row = next((r for r in member.roles if r.id == rid), None)
            if row is None:
                raise NotFound(f"No role interval '{role_id}' for {username}.")
            errors: list[tuple[str, str]] = []
            before = interval_dict(row)
            if "until" in body:
                until = as_date(body["until"], "until", errors)
                if until is not None and until <= row.since:
                    errors.append(("until", "must be after since"))
                if errors:
                    raise InvalidInput("The role change is not valid.", errors=errors)
                row.until = until
            if "languages" in body:
                langs = body["languages"]
                if not language_list(langs):
                    raise InvalidInput("languages is a list of BCP 47 tags.", field="languages")
                if row.role == "council" and not langs:
                    raise InvalidInput(
                        "A council role lists the languages it vets.", field="languages"
                    )
                row.languages = list(langs)
            s.flush()
            _keep_an_admin(s)
            self._touch(
                s,
                member,
                caller,
                "member.role_changed",
                {"before": before, "after": interval_dict(row)},
            )
            return member_dict(member)

    def _load(self, s: Session, username: str) -> Member:
        member = get_for_update(s, Member, username)
        if member is None:
            raise NotFound(f"No member '{username}'.")
        return member

    @staticmethod
    def _touch(
        s: Session, member: Member, caller: Caller, action: str, data: dict[str, Any]
    ) -> None:
        bump(member)
        s.flush()
        s.expire(member, ["roles"])
        record(
            s,
            actor=caller.username,
            action=action,
            subject_type="member",
            subject_id=member.username,
            data=data,
        )


def _new_member(s: Session, entry: Mapping[str, Any]) -> Member:
    member = Member(username=entry["username"], **{k: entry[k] for k in PERSONAL})
    s.add(member)
    s.flush()
    return member


def _check_aliases(s: Session, username: str, aliases: list[str]) -> None:
    """An alias names one member only: never another's username or alias."""
    if username in aliases:
        raise InvalidInput("A member's aliases differ from their username.", field="aliases")
    for other in s.scalars(select(Member).where(Member.username != username)):
        taken = set(aliases) & ({other.username} | set(other.aliases or []))
        if taken:
            raise Conflict(f"{', '.join(sorted(taken))} already names {other.username}.")


def _overlaps(a0: date, a1: date | None, b0: date, b1: date | None) -> bool:
    return (a1 is None or b0 < a1) and (b1 is None or a0 < b1)


def _keep_an_admin(s: Session) -> None:
    """Someone must still hold admin or chair today, or nobody could change the registry."""
    day = today()
    rows = s.scalars(select(RoleInterval).where(RoleInterval.role.in_(ADMIN_ROLES)))
    if not any(r.since <= day and (r.until is None or day < r.until) for r in rows):
        raise Conflict("That would leave nobody holding admin or chair today.")
