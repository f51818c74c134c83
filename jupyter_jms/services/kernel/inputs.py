"""Parsing what requests carry, in one place: ids, versions, cursors, timestamps, days,
years, flags, enums and free text. Every refusal is a 4xx (``InvalidInput`` or ``NotFound``),
so bad input never reaches the database or a 500.

Written by hand because the rules are small and specific to this API (which ids are 404,
which versions are optional); a schema library would still need each of them spelled out.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Collection
from datetime import date, datetime, timezone, tzinfo
from typing import Any

import yaml

from ...domain.participation import FIRST_YEAR, LAST_YEAR
from ...domain.values import MAX_YEAR, MIN_YEAR
from ...domain.values import ascii_int as _ascii_int
from ...errors import InvalidInput, NotFound, StaleVersion

# Ids are signed 64-bit integers on both databases (BIGINT on PostgreSQL, INTEGER on SQLite).
MAX_ID = 2**63 - 1
# Years a calendar question (participation, reports) may ask about.
MIN_CALENDAR_YEAR = 2000

# NUL is legal in a Python str but not in a PostgreSQL text value; a lone surrogate cannot
# be encoded as UTF-8 at all.
_UNSTORABLE = re.compile(r"[\x00\ud800-\udfff]")


# -- ids ----------------------------------------------------------------------------------------
def object_id(value: Any, what: str = "draft") -> int:
    """The id in a URL: a positive signed 64-bit integer, or the object does not exist (404)."""
    n = _ascii_int(value)
    if n is None or not 0 < n <= MAX_ID or (isinstance(value, str) and not value.isdecimal()):
        raise NotFound(f"No {what} '{value}'.")
    return n


def ref_id(value: Any, field: str, what: str) -> int:
    """An id a JSON body refers to (``{"decision": 7}``): a wrong type or range is a 400."""
    n = _ascii_int(value)
    if n is None:
        raise InvalidInput(f"{field} is a {what} id (an integer).", field=field)
    if not 0 < n <= MAX_ID:
        raise InvalidInput(f"No {what} '{value}'.", field=field)
    return n


def integer(value: Any, field: str, *, lo: int, hi: int, default: int | None = None) -> int:
    """A bounded integer from a query string or a body; absent or empty gives ``default``."""
    if (value is None or value == "") and default is not None:
        return default
    n = _ascii_int(value)
    if n is None or not lo <= n <= hi:
        raise InvalidInput(f"{field} must be an integer from {lo} to {hi}.", field=field)
    return n


def year(value: Any, field: str = "year", *, default: int | None = None) -> int:
    """A calendar year (the participation rules and reports); ``year=0`` and an empty
    ``year=`` are refused."""
    if value == "":
        raise InvalidInput("year is empty: give a calendar year or leave it out.", field=field)
    # The range is the participation rule's: the one place that says which years it covers.
    return integer(value, field, lo=FIRST_YEAR, hi=LAST_YEAR, default=default)


# -- versions -------------------------------------------------------------------------------
def _version(given: Any) -> int:
    n = _ascii_int(given)
    if n is None or (isinstance(given, str) and not given.strip().isdecimal()):
        raise InvalidInput("if_version must be an integer.", field="if_version")
    return n


def optional_version(current: int, given: Any, what: str = "draft") -> None:
    """Writes where the guard is optional (meetings, resubmits): none given means the write is
    not guarded; a stale one is a 409."""
    if given is None:
        return
    n = _version(given)
    if n != current:
        raise StaleVersion(
            f"The {what} changed since you loaded it (version {n}, now {current}): reload it."
        )


def require_version(current: int, given: Any, what: str) -> None:
    """Writes to an existing registry object (and draft transitions) must name the version
    they were based on."""
    if given is None:
        raise InvalidInput(
            f"if_version (the {what}'s current version) is required.", field="if_version"
        )
    optional_version(current, given, what)


# -- cursors ----------------------------------------------------------------------------------
def encode_cursor(last_id: int) -> str:
    return base64.urlsafe_b64encode(f"d:{last_id}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> int:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        kind, value = raw.split(":", 1)
        n = _ascii_int(value)
        if kind != "d" or n is None or not value.isdecimal() or not 0 < n <= MAX_ID:
            raise ValueError(kind)
        return n
    except (ValueError, UnicodeDecodeError):
        raise InvalidInput("The cursor is not one this server gave out.", field="cursor") from None


# -- timestamps and days ----------------------------------------------------------------------
def label(field: str) -> str:
    """A field's name in plain words for a message: ``publish_at`` -> "Publish at"."""
    return field.rsplit(".", 1)[-1].replace("_", " ").capitalize()


_TIMESTAMP_HELP = "use a date and time with its zone, such as 2026-12-01T09:00:00Z."


def _in_range(d: date, field: str) -> None:
    if not MIN_YEAR <= d.year <= MAX_YEAR:
        raise InvalidInput(
            f"{label(field)}: must fall between the years {MIN_YEAR} and {MAX_YEAR}.",
            field=field,
        )


def timestamp(value: Any, field: str, *, zone: tzinfo | None = None) -> datetime:
    """An ISO 8601 timestamp. One without an offset is refused, or read as wall time in
    ``zone`` when the caller has one (a meeting series' time zone)."""
    if not isinstance(value, str) or not value.isascii():
        raise InvalidInput(f"{label(field)}: {_TIMESTAMP_HELP}", field=field)
    try:
        ts = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        raise InvalidInput(f"{label(field)}: {_TIMESTAMP_HELP}", field=field) from None
    if ts.tzinfo is None:
        if zone is None:
            raise InvalidInput(
                f"{label(field)}: give the time zone too, such as 2026-12-01T09:00:00Z.",
                field=field,
            )
        ts = ts.replace(tzinfo=zone)
    _in_range(ts.date(), field)
    try:
        ts.astimezone(timezone.utc)
    except OverflowError:
        raise InvalidInput(f"{label(field)}: this date is out of range.", field=field) from None
    return ts


def day(value: Any, field: str) -> date:
    """A date (YYYY-MM-DD) in a range where a year's window around it still fits."""
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        _in_range(value, field)
        return value
    if not isinstance(value, str) or not value.isascii():
        raise InvalidInput(f"{label(field)}: use a date such as 2026-12-01.", field=field)
    try:
        d = date.fromisoformat(value.strip())
    except ValueError:
        raise InvalidInput(f"{label(field)}: use a date such as 2026-12-01.", field=field) from None
    _in_range(d, field)
    return d


# -- flags and enums --------------------------------------------------------------------------
_TRUE = ("true", "1", "yes")
_FALSE = ("false", "0", "no")


def flag(value: Any, field: str, *, default: bool = False) -> bool:
    """A boolean: JSON true/false in a body; true/false/1/0/yes/no in a query (absent gives
    ``default``; empty or anything else is a 400)."""
    if value is None:
        return default
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        lowered = value.strip().lower()
        if lowered in _TRUE:
            return True
        if lowered in _FALSE:
            return False
    raise InvalidInput(f"{field} is true or false.", field=field)


def enum(value: Any, field: str, allowed: Collection[str]) -> str | None:
    """One of ``allowed``, or None when absent; empty or unknown values are a 400."""
    if value is None:
        return None
    if not isinstance(value, str) or value not in allowed:
        listed = ", ".join(sorted(allowed))
        raise InvalidInput(f"{field} is one of: {listed} (got {value!r:.40}).", field=field)
    return value


# -- free text --------------------------------------------------------------------------------
def text_error(value: str) -> str | None:
    """Why a string cannot be stored (a NUL or a lone surrogate), or None."""
    m = _UNSTORABLE.search(value)
    if m is None:
        return None
    return "contains a NUL character" if m.group() == "\x00" else "contains a lone surrogate"


def check_text(value: Any, field: str) -> Any:
    """Refuse a string that no database can store (NUL, lone surrogates)."""
    if isinstance(value, str):
        problem = text_error(value)
        if problem:
            raise InvalidInput(f"{field} {problem}.", field=field)
    return value


def unstorable_field(data: Any, path: str = "") -> tuple[str, str] | None:
    """The first string (key or value) in a JSON document that cannot be stored, as
    ``(field path, why)``; iterative so a deep document cannot exhaust the stack."""
    stack: list[tuple[str, Any]] = [(path, data)]
    while stack:
        where, item = stack.pop()
        if isinstance(item, str):
            problem = text_error(item)
            if problem:
                return where or "body", problem
        elif isinstance(item, dict):
            for k, v in item.items():
                sub = f"{where}.{k}" if where else str(k)
                if isinstance(k, str) and text_error(k):
                    return where or "body", f"has a key that {text_error(k)}"
                stack.append((sub, v))
        elif isinstance(item, list):
            stack.extend((f"{where}.{i}" if where else str(i), v) for i, v in enumerate(item))
    return None


def check_document(data: Any, path: str = "") -> None:
    """A 400 naming the field when any string in ``data`` cannot be stored."""
    bad = unstorable_field(data, path)
    if bad:
        field, problem = bad
        field = _printable(field)
        raise InvalidInput(f"{field} {problem}.", field=field)


def _printable(field: str) -> str:
    """A field path safe to put in an error message (itself JSON-encoded later)."""
    return _UNSTORABLE.sub("?", field)


def query_text(value: str | None, field: str, *, limit: int) -> str | None:
    """A free-text query value: at most ``limit`` characters, storable; empty is absent."""
    if value is None or value == "":
        return None
    if len(value) > limit:
        raise InvalidInput(
            f"{field} is at most {limit} characters (got {len(value)}).", field=field
        )
    check_text(value, field)
    return value


# -- YAML documents ---------------------------------------------------------------------------
MAX_YAML_DEPTH = 50


class _BoundedLoader(yaml.SafeLoader):
    """PyYAML's safe loader with a nesting limit: its composer recurses once per level, so
    a document thousands of levels deep would otherwise end in a RecursionError."""

    _depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        self._depth += 1
        try:
            if self._depth > MAX_YAML_DEPTH:
                raise InvalidInput(
                    f"The document is nested more than {MAX_YAML_DEPTH} levels deep."
                )
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def yaml_document(text: str, what: str) -> Any:
    """A YAML document (roster, channel list, registry), safely loaded and bounded; any
    string in it that cannot be stored is a 400 naming where it is."""
    try:
        data = yaml.load(text, Loader=_BoundedLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        raise InvalidInput(f"The {what} is not valid YAML: {exc}") from None
    check_document(data)
    return data
