"""Channel registry rules: the status lifecycle, the preferred channel, stale grants.

From the charter: exactly one active channel is *preferred* (today Mastodon); among social
channels only it is two-way, the others broadcast. The blog is the primary channel.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from .publishing import validate_channel_fields
from .values import USERNAME_RE, as_day

KINDS = ("blog", "social", "forum", "chat", "video", "newsletter")
STEWARDSHIP = ("primary", "community")
MODES = ("broadcast", "two_way")
STATUSES = ("proposed", "active", "paused", "retired")
ACCESS_LEVELS = ("admin", "publisher", "viewer")
# Channel changes a decision can make when it carries.
CHANNEL_ACTIONS = ("create", "delegate", "retire", "pause", "activate", "prefer")

TRANSITIONS: dict[str, frozenset[str]] = {
    "proposed": frozenset({"active", "retired"}),
    "active": frozenset({"paused", "retired"}),
    "paused": frozenset({"active", "retired"}),
    "retired": frozenset(),
}


class ChannelRuleError(ValueError):
    """A change the registry's rules do not allow (the service answers 409)."""


def check_transition(current: str, target: str) -> None:
    if target not in STATUSES:
        raise ChannelRuleError(f"'{target}' is not a channel status")
    if target == current:
        return
    if target not in TRANSITIONS.get(current, frozenset()):
        raise ChannelRuleError(f"A channel that is {current} cannot become {target}.")


@dataclass(frozen=True)
class ChannelState:
    """What the invariants look at."""

    id: str
    kind: str
    status: str
    preferred: bool
    mode: str


def registry_errors(channels: Iterable[ChannelState]) -> list[str]:
    """Every broken invariant of a registry (empty when it is consistent).

    An empty registry, or one with no active channel, needs no preferred channel.
    """
    rows = list(channels)
    errors: list[str] = []
    preferred = [c for c in rows if c.preferred]
    active = [c for c in rows if c.status == "active"]
    if len(preferred) > 1:
        errors.append(
            "exactly one channel is preferred, not "
            f"{len(preferred)} ({', '.join(c.id for c in preferred)})"
        )
    for c in preferred:
        if c.status != "active":
            errors.append(f"the preferred channel '{c.id}' must be active, not {c.status}")
    if active and not preferred:
        errors.append("one active channel must be preferred")
    for c in rows:
        if c.kind == "social" and c.mode == "two_way" and not c.preferred and c.status != "retired":
            errors.append(
                f"'{c.id}' is social and not preferred, so it broadcasts only (mode broadcast)"
            )
    return errors


def may_hold_grant(
    username: str, holds_role: bool, owners: Iterable[str], delegates: Iterable[str]
) -> bool:
    """Access to a channel goes to members holding a role today and to the channel's owners
    and delegates."""
    return holds_role or username in set(owners) | set(delegates)


def grant_stale_reasons(
    *,
    access: str,
    granted_at: datetime,
    reauthorized_at: datetime | None,
    verified_post_at: datetime | None,
    now: datetime,
    days: int,
) -> list[str]:
    """Why a live grant is stale: not re-authorised, or (publishing access) not used, in
    ``days`` days. A flag for admins to look at, never an automatic revocation."""
    reasons: list[str] = []
    limit = timedelta(days=days)
    last_auth = max(d for d in (granted_at, reauthorized_at) if d is not None)
    if now - last_auth > limit:
        reasons.append(f"not re-authorised for over {days} days")
    if access in ("admin", "publisher"):
        last_used = verified_post_at or granted_at
        if now - last_used > limit:
            reasons.append(f"no verified post for over {days} days")
    return reasons


# -- field validation ----------------------------------------------------------------------

ID_RE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
TEXT_LIMITS = {"name": 200, "platform": 40, "url": 500, "handle": 200, "description": 5000}
EDITABLE = (
    "name",
    "platform",
    "kind",
    "url",
    "handle",
    "stewardship",
    "mode",
    "char_limit",
    "owners",
    "delegates",
    "description",
    "connector",
    "api_url",
)


def validate_fields(
    data: Mapping[str, Any], where: str = "", *, partial: bool = False
) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """Clean channel fields and every error in them, as ``(field, message)`` pairs.

    ``partial`` checks only the fields given (an update); otherwise defaults fill the rest.
    """
    pre = f"{where}." if where else ""
    errors: list[tuple[str, str]] = []
    out: dict[str, Any] = {}

    def given(key: str) -> bool:
        return key in data or not partial

    for key, limit in TEXT_LIMITS.items():
        if not given(key):
            continue
        value = data.get(key)
        if value is None:
            value = ""
        if not isinstance(value, str) or len(value) > limit:
            errors.append((pre + key, f"a string of at most {limit} characters"))
            continue
        out[key] = value.strip()
    for key, choices, default in (
        ("kind", KINDS, "social"),
        ("stewardship", STEWARDSHIP, "primary"),
        ("mode", MODES, "broadcast"),
    ):
        if not given(key):
            continue
        value = data.get(key, default)
        if value not in choices:
            errors.append((pre + key, f"one of {', '.join(choices)}"))
            continue
        out[key] = value
    if given("char_limit"):
        chars = data.get("char_limit")
        if chars is not None and (
            isinstance(chars, bool) or not isinstance(chars, int) or chars <= 0
        ):
            errors.append((pre + "char_limit", "a positive integer or null"))
        else:
            out["char_limit"] = chars
    for key in ("owners", "delegates"):
        if not given(key):
            continue
        value = data.get(key) or []
        if not isinstance(value, list) or not all(
            isinstance(u, str) and USERNAME_RE.match(u) for u in value
        ):
            errors.append((pre + key, "a list of member usernames"))
            continue
        out[key] = list(dict.fromkeys(value))
    if "url" in out and out["url"] and not re.match(r"^https?://\S+$", out["url"]):
        errors.append((pre + "url", "an http(s) URL"))
    publishing, errs = validate_channel_fields(data, pre, partial=partial)
    out.update(publishing)
    errors.extend(errs)
    if given("retired_on") and data.get("retired_on") is not None:
        day = as_day(data.get("retired_on"))
        if day is None:
            errors.append((pre + "retired_on", "a date (YYYY-MM-DD)"))
        else:
            out["retired_on"] = day
    return out, errors
