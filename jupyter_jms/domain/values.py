"""Plain values read from registry documents and requests: usernames, language tags, days."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

USERNAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@+-]{0,99}$")
LANG_RE = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")


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
