"""Reading roster entries (members, aliases, role intervals) from documents and requests:
every error listed with where it is, before anything is written."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from ...domain.roles import ROLES
from ...domain.values import LANG_RE, USERNAME_RE, as_day
from ...errors import InvalidInput
from ...store.models import RoleInterval
from ..kernel.common import today


def role_text(role: str, since: date, until: date | None, languages: Any) -> dict[str, Any]:
    """A role interval as the audit trail, the API and registry files show it."""
    return {
        "role": role,
        "since": since.isoformat(),
        "until": until.isoformat() if until else None,
        "languages": list(languages or []),
    }


def interval_dict(r: RoleInterval) -> dict[str, Any]:
    return {"id": str(r.id), **role_text(r.role, r.since, r.until, r.languages)}


def as_date(value: Any, where: str, errors: list[tuple[str, str]]) -> date | None:
    if value is None:
        return None
    day = as_day(value)
    if day is None:
        errors.append((where, "must be a date (YYYY-MM-DD)"))
    return day


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
            since = as_date(r.get("since"), f"{rw}.since", errors)
            if since is None:
                if r.get("since") is None:
                    errors.append((f"{rw}.since", "required"))
                continue
            until = as_date(r.get("until"), f"{rw}.until", errors)
            if until is not None and until <= since:
                errors.append((f"{rw}.until", "must be after since"))
            langs = r.get("languages") or []
            if not language_list(langs):
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
                    role_text(r["role"], r["since"], r["until"], r["languages"]) for r in roles
                ],
            }
        )
    if errors:
        raise InvalidInput(f"The roster has {len(errors)} error(s).", errors=errors)
    return out


def language_list(value: Any) -> bool:
    """Whether ``value`` is a list of BCP 47 language tags."""
    return isinstance(value, list) and all(isinstance(x, str) and LANG_RE.match(x) for x in value)


def _refuse_unknown(body: Mapping[str, Any], allowed: set[str]) -> None:
    unknown = sorted(set(body) - allowed)
    if unknown:
        raise InvalidInput(
            f"Unknown field(s): {', '.join(unknown)}.",
            errors=[(k, "unknown field") for k in unknown],
        )


def member_entry(body: Mapping[str, Any]) -> dict[str, Any]:
    """One new member from a request body, read like a roster entry."""
    _refuse_unknown(body, {"username", "name", "affiliation", "aliases", "roles"})
    try:
        entries = parse_roster({"members": [dict(body)]})
    except InvalidInput as exc:
        exc.errors = [(f.replace("members[0].", ""), m) for f, m in exc.errors]
        raise
    if not entries:
        raise InvalidInput("username is required.", field="username")
    return entries[0]


def alias_list(value: Any) -> list[str]:
    if not isinstance(value, list) or not all(
        isinstance(a, str) and USERNAME_RE.match(a) for a in value
    ):
        raise InvalidInput("aliases is a list of usernames.", field="aliases")
    return list(dict.fromkeys(value))


def role_entry(body: Mapping[str, Any], where: str) -> dict[str, Any]:
    """One role interval from a request body (``since`` defaults to today)."""
    _refuse_unknown(body, {"role", "since", "until", "languages", "if_version"})
    roles = {k: v for k, v in body.items() if k != "if_version"}
    if "since" not in roles:
        roles["since"] = today().isoformat()
    try:
        entry = parse_roster({"members": [{"username": "x", "roles": [roles]}]})[0]
    except InvalidInput as exc:
        exc.errors = [(f.replace("members[0].roles[0].", where), m) for f, m in exc.errors]
        raise
    role: dict[str, Any] = entry["roles"][0]
    return role
