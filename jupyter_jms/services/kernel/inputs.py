"""Parsing what requests carry: ids, versions, cursors, timestamps; errors are 4xx."""

from __future__ import annotations

import base64
from datetime import datetime, timezone
from typing import Any

from ...errors import InvalidInput, NotFound, StaleVersion


def parse_id(value: str, what: str = "draft") -> int:
    try:
        n = int(value)
    except (TypeError, ValueError):
        raise NotFound(f"No {what} '{value}'.") from None
    if n <= 0 or n > 2**62:
        raise NotFound(f"No {what} '{value}'.")
    return n


def check_version(current: int, given: Any, what: str = "draft") -> None:
    """A stale ``if_version`` is a 409; none given means the write is not guarded."""
    if given is None:
        return
    # int() would also take True and 1.5 (as 1): only integers and their digit strings count.
    if isinstance(given, str) and given.strip().isdigit():
        given = int(given)
    if isinstance(given, bool) or not isinstance(given, int):
        raise InvalidInput("if_version must be an integer.", field="if_version")
    ok = given == current
    if not ok:
        raise StaleVersion(
            f"The {what} changed since you loaded it (version {given}, now {current}): reload it."
        )


def encode_cursor(last_id: int) -> str:
    return base64.urlsafe_b64encode(f"d:{last_id}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> int:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        kind, value = raw.split(":", 1)
        if kind != "d" or not value.isdigit() or not 0 < int(value) <= 2**62:
            raise ValueError(kind)
        return int(value)
    except (ValueError, UnicodeDecodeError):
        raise InvalidInput("The cursor is not one this server gave out.", field="cursor") from None


def parse_timestamp(value: Any, field: str) -> datetime:
    if not isinstance(value, str):
        raise InvalidInput("An ISO 8601 timestamp is required.", field=field)
    try:
        ts = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise InvalidInput("Not an ISO 8601 timestamp.", field=field) from None
    if ts.tzinfo is None:
        raise InvalidInput("The timestamp needs a time zone (e.g. 'Z').", field=field)
    try:
        ts.astimezone(timezone.utc)
    except OverflowError:
        raise InvalidInput("The timestamp is out of range.", field=field) from None
    return ts
