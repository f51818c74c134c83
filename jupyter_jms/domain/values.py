"""Plain values read from registry documents and requests: usernames, language tags, days."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

USERNAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@+-]{0,99}$")
LANG_RE = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")

# Days and timestamps stay within years where every window the services compute (a year of
# attendance, a rule's look-back, a recurrence's expansion) fits in ``date``'s range.
MIN_YEAR = 1000
MAX_YEAR = 8999

_ASCII_INT = re.compile(r"[+-]?[0-9]+\Z")


def ascii_int(value: Any) -> int | None:
    """An int (never a bool or a float) or a string of ASCII digits, else None.

    ``str.isdigit`` and ``isdecimal`` accept "²" and "٣", which ``int`` then refuses or reads."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str):
        s = value.strip()
        if s.isascii() and _ASCII_INT.match(s) and len(s) <= 40:
            return int(s)
    return None


def as_day(value: Any) -> date | None:
    """A calendar day from a date, a datetime or ``YYYY-MM-DD`` text; None when it is none."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            return None
    return None
