"""Meeting series: an RRULE in an IANA time zone, expanded into slots on the wall clock.

A series keeps its start time on the local wall clock (17:00 in Berlin stays 17:00 across
daylight-saving changes), so occurrences are expanded from a zone-aware DTSTART and only
then converted to UTC. Every rule carries an explicit WKST because with ``INTERVAL=2`` and
several ``BYDAY`` values the week start changes which weeks are "every other week".

A slot is identified by its series and the UTC instant the rule put it at; a moved meeting
keeps that identity, so its attendance and its place in the count do not change.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from functools import lru_cache
from zoneinfo import ZoneInfo, available_timezones

from dateutil.rrule import rrule as RRule
from dateutil.rrule import rrulestr

from .values import MAX_YEAR, MIN_YEAR, ascii_int

WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
FREQUENCIES = ("DAILY", "WEEKLY", "MONTHLY", "YEARLY")
# Parts a meeting rule may use; time-of-day parts are left out because a series has one
# start time, the one in DTSTART.
RULE_PARTS = (
    "FREQ",
    "INTERVAL",
    "COUNT",
    "UNTIL",
    "BYDAY",
    "BYMONTHDAY",
    "BYMONTH",
    "BYSETPOS",
    "BYYEARDAY",
    "BYWEEKNO",
    "WKST",
)
DEFAULT_WKST = "MO"
# An expansion never yields more slots than this (30 years of weekly meetings).
MAX_SLOTS = 1600
MAX_RULE_LENGTH = 400
# INTERVAL=10000 is every 10,000 weeks (nearly two centuries) and COUNT=10000 is two centuries
# of weekly meetings: past that a rule means nothing for a working group. The bound also keeps
# both far inside RFC 5545's 32-bit integers, which the iCalendar export cannot write past.
MAX_INTERVAL = 10_000
MAX_COUNT = 10_000
# RFC 5545's ranges of the numeric parts; ``signed`` parts may count from the end (-1: last).
_NUMBER_PARTS: dict[str, tuple[int, int, bool]] = {
    "INTERVAL": (1, MAX_INTERVAL, False),
    "COUNT": (1, MAX_COUNT, False),
    "BYMONTHDAY": (1, 31, True),
    "BYMONTH": (1, 12, False),
    "BYSETPOS": (1, 366, True),
    "BYYEARDAY": (1, 366, True),
    "BYWEEKNO": (1, 53, True),
}
_BYDAY = re.compile(r"^([+-]?[0-9]+)?([A-Z]{2})$")

_SLOT_ID = re.compile(r"^s([0-9]{1,18})-([0-9]{8}T[0-9]{6}Z)$")
_AD_HOC_ID = re.compile(r"^a([0-9]{1,18})$")
# [0-9], not \d: \d also matches digits of other scripts, which strptime then reads.
_UNTIL_DATE = re.compile(r"^[0-9]{8}$")
_UNTIL_LOCAL = re.compile(r"^[0-9]{8}T[0-9]{6}$")
_UNTIL_UTC = re.compile(r"^[0-9]{8}T[0-9]{6}Z$")


class RuleError(ValueError):
    """A series definition that cannot be used; ``field`` names the offending input."""

    def __init__(self, message: str, field: str = "rrule") -> None:
        super().__init__(message)
        self.message = message
        self.field = field


@lru_cache(maxsize=1)
def _zone_names() -> frozenset[str]:
    return frozenset(available_timezones())


def zone(name: str) -> ZoneInfo:
    """The IANA zone ``name`` (e.g. ``Europe/Berlin``); RuleError when there is none."""
    if not isinstance(name, str) or name not in _zone_names():
        raise RuleError(
            f"'{name}' is not an IANA time zone (e.g. Europe/Berlin, America/New_York, UTC).",
            field="tz",
        )
    return ZoneInfo(name)


def to_utc(dt: datetime) -> datetime:
    return dt.astimezone(timezone.utc)


def local_day(instant: datetime, tz: str) -> date:
    """The calendar day ``instant`` falls on in zone ``tz``."""
    return instant.astimezone(zone(tz)).date()


def _split_rule(text: str) -> dict[str, str]:
    body = text.strip()
    if body.upper().startswith("RRULE:"):
        body = body[6:]
    if not body or "\n" in body:
        raise RuleError("An RRULE is one line such as FREQ=WEEKLY;INTERVAL=2;WKST=MO.")
    parts: dict[str, str] = {}
    for chunk in body.split(";"):
        if not chunk:
            continue
        key, sep, value = chunk.partition("=")
        key = key.strip().upper()
        if not sep or not value.strip():
            raise RuleError(f"'{chunk}' is not a KEY=VALUE part of an RRULE.")
        if key not in RULE_PARTS:
            raise RuleError(
                f"{key} is not supported in a meeting rule (allowed: {', '.join(RULE_PARTS)})."
            )
        if key in parts:
            raise RuleError(f"{key} appears twice in the RRULE.")
        parts[key] = value.strip().upper()
    return parts


def utc_stamp(dt: datetime) -> str:
    """``YYYYMMDDTHHMMSSZ`` with a four-digit year: ``strftime("%Y")`` does not pad years
    before 1000 on every platform, and the id must read back."""
    return f"{dt.year:04d}{dt.month:02d}{dt.day:02d}T{dt.hour:02d}{dt.minute:02d}{dt.second:02d}Z"


def _utc_until(value: str, tz: ZoneInfo) -> str:
    """UNTIL in UTC, as RFC 5545 wants it with a zoned DTSTART."""
    shape = f"UNTIL={value} is not a date (YYYYMMDD) or time (YYYYMMDDTHHMMSSZ)."
    if not (_UNTIL_UTC.match(value) or _UNTIL_DATE.match(value) or _UNTIL_LOCAL.match(value)):
        raise RuleError(shape)
    # The same years as every other date: near year 1 or 9999 the shift to UTC overflows.
    if not MIN_YEAR <= int(value[:4]) <= MAX_YEAR:
        raise RuleError(f"UNTIL={value} must fall between the years {MIN_YEAR} and {MAX_YEAR}.")
    try:
        if _UNTIL_UTC.match(value):
            datetime.strptime(value, "%Y%m%dT%H%M%SZ")
            return value
        if _UNTIL_DATE.match(value):
            # A date-only UNTIL includes that whole local day.
            day = datetime.strptime(value, "%Y%m%d").date()
            local = datetime.combine(day, time(23, 59, 59), tzinfo=tz)
        else:
            local = datetime.strptime(value, "%Y%m%dT%H%M%S").replace(tzinfo=tz)
    except ValueError:
        raise RuleError(shape) from None
    return utc_stamp(to_utc(local))


def _number(key: str, text: str, lo: int, hi: int, signed: bool) -> int:
    """One value of a numeric part, in ASCII digits and within ``lo..hi`` (or its negative)."""
    n = ascii_int(text)
    if n is None or not (lo <= n <= hi or (signed and -hi <= n <= -lo)):
        within = f"{lo} to {hi}" + (f" or -{hi} to -{lo}" if signed else "")
        raise RuleError(f"{key}={text} is not a whole number from {within}.")
    return n


def _numbers(key: str, text: str, lo: int, hi: int, signed: bool) -> str:
    """A numeric part in canonical form; only the BY parts are lists."""
    items = text.split(",") if key.startswith("BY") else [text]
    return ",".join(str(_number(key, v, lo, hi, signed)) for v in items)


def _weekday(text: str) -> str:
    """One BYDAY value, such as ``MO`` or ``-1FR`` (the last Friday: ordinals are -53..53)."""
    m = _BYDAY.match(text.strip())
    if not m or m.group(2) not in WEEKDAYS:
        raise RuleError(f"BYDAY={text} is not a weekday such as MO, 2TU or -1FR.")
    if m.group(1) is None:
        return m.group(2)
    n = ascii_int(m.group(1))
    if n is None or not 1 <= abs(n) <= 53:
        raise RuleError(f"BYDAY={text}: a weekday's ordinal is from 1 to 53 or -53 to -1.")
    return f"{n}{m.group(2)}"


def normalize_rule(text: str, tz: str, *, wkst: str | None = None) -> str:
    """Validate a meeting RRULE and return it in canonical form with an explicit WKST.

    ``wkst`` fills in the week start when the rule has none; a rule whose own WKST
    disagrees with ``wkst`` is refused rather than silently picking one.
    """
    if not isinstance(text, str) or len(text) > MAX_RULE_LENGTH:
        raise RuleError(f"The RRULE must be a string of at most {MAX_RULE_LENGTH} characters.")
    zi = zone(tz)
    parts = _split_rule(text)
    freq = parts.get("FREQ")
    if freq is None:
        raise RuleError("The RRULE needs a FREQ (e.g. FREQ=WEEKLY;INTERVAL=2).")
    if freq not in FREQUENCIES:
        raise RuleError(f"FREQ={freq} is not one of {', '.join(FREQUENCIES)}.")
    if "COUNT" in parts and "UNTIL" in parts:
        raise RuleError("An RRULE has COUNT or UNTIL, not both.")
    for key, bounds in _NUMBER_PARTS.items():
        if key in parts:
            parts[key] = _numbers(key, parts[key], *bounds)
    if "BYDAY" in parts:
        parts["BYDAY"] = ",".join(_weekday(v) for v in parts["BYDAY"].split(","))
    if wkst is not None:
        wkst = wkst.upper()
        if wkst not in WEEKDAYS:
            raise RuleError(f"wkst must be one of {', '.join(WEEKDAYS)}.", field="wkst")
    own = parts.get("WKST")
    if own is not None and own not in WEEKDAYS:
        raise RuleError(f"WKST={own} is not one of {', '.join(WEEKDAYS)}.")
    if own is not None and wkst is not None and own != wkst:
        raise RuleError(f"The RRULE says WKST={own} but wkst is {wkst}.", field="wkst")
    parts["WKST"] = own or wkst or DEFAULT_WKST
    if "UNTIL" in parts:
        parts["UNTIL"] = _utc_until(parts["UNTIL"], zi)
    ordered = [f"{k}={parts[k]}" for k in RULE_PARTS if k in parts]
    return ";".join(ordered)


@dataclass(frozen=True)
class SeriesRule:
    """What expansion needs: the canonical rule, its zone and the local start."""

    rrule: str
    tz: str
    dtstart: datetime  # naive: wall-clock time in ``tz``
    ends_at: datetime | None = None  # aware; slots at or after it are not generated

    def build(self) -> RRule:
        zi = zone(self.tz)
        start = self.dtstart.replace(tzinfo=zi)
        try:
            rule = rrulestr(self.rrule, dtstart=start)
        except (ValueError, TypeError, KeyError, IndexError) as exc:
            raise RuleError(f"The RRULE cannot be read: {exc}.") from None
        if not isinstance(rule, RRule):
            raise RuleError("One RRULE per series.")
        return rule

    def slots(self, start: datetime, end: datetime) -> list[datetime]:
        """UTC instants of the rule's slots in ``[start, end)`` (both aware)."""
        if self.ends_at is not None and self.ends_at < end:
            end = self.ends_at
        if end <= start:
            return []
        out: list[datetime] = []
        for dt in self.build().xafter(start, inc=True):
            utc = to_utc(dt)
            if utc >= end:
                break
            if utc >= start:
                out.append(utc)
            if len(out) >= MAX_SLOTS:
                raise RuleError(
                    f"More than {MAX_SLOTS} meetings in the requested range: ask for a shorter one.",
                    field="to",
                )
        return out

    def first(self) -> datetime | None:
        nxt = self.build().after(self.dtstart.replace(tzinfo=zone(self.tz)), inc=True)
        return to_utc(nxt) if nxt is not None else None

    def is_slot(self, instant: datetime) -> bool:
        """Whether the rule puts a meeting exactly at ``instant``."""
        return instant in self.slots(instant, instant + timedelta(seconds=1))


def check_series(
    rule_text: str, tz: str, dtstart: datetime, *, wkst: str | None = None
) -> SeriesRule:
    """Validate a whole series definition and return it normalized; RuleError otherwise."""
    if dtstart.tzinfo is not None:
        dtstart = dtstart.astimezone(zone(tz)).replace(tzinfo=None)
    rule = SeriesRule(normalize_rule(rule_text, tz, wkst=wkst), tz, dtstart.replace(microsecond=0))
    if rule.first() is None:
        raise RuleError("The RRULE produces no meetings after DTSTART.")
    return rule


# -- occurrence ids ---------------------------------------------------------------------------


def slot_id(series_id: int, slot: datetime) -> str:
    """The public id of a series slot; stable when the meeting is moved or cancelled."""
    return f"s{series_id}-{utc_stamp(to_utc(slot))}"


def ad_hoc_id(row_id: int) -> str:
    return f"a{row_id}"


def parse_occurrence_id(value: str) -> tuple[str, int, datetime | None]:
    """``("slot", series_id, slot)`` or ``("ad_hoc", row_id, None)``; ValueError otherwise."""
    m = _SLOT_ID.match(value or "")
    if m:
        slot = datetime.strptime(m.group(2), "%Y%m%dT%H%M%SZ").replace(tzinfo=timezone.utc)
        # No rule puts a slot outside the years a series may start and end in, and checking
        # one near year 9999 would overflow ``datetime``.
        if not MIN_YEAR <= slot.year <= MAX_YEAR:
            raise ValueError(f"'{value}' is outside the years meetings are held in")
        return "slot", int(m.group(1)), slot
    m = _AD_HOC_ID.match(value or "")
    if m:
        return "ad_hoc", int(m.group(1)), None
    raise ValueError(f"'{value}' is not an occurrence id")


# -- occurrences ------------------------------------------------------------------------------

SCHEDULED = "scheduled"
CANCELLED = "cancelled"
OCCURRENCE_STATUSES = (SCHEDULED, CANCELLED)
REGULAR = "regular"
AD_HOC = "ad_hoc"


@dataclass(frozen=True)
class Override:
    """A stored change to one slot: cancelled, or moved to ``start``."""

    slot: datetime
    status: str
    start: datetime


@dataclass(frozen=True)
class Occurrence:
    id: str
    series_id: int | None
    kind: str
    status: str
    start: datetime  # UTC, where it actually happens
    slot: datetime | None  # UTC, where the rule put it (None for ad hoc)
    tz: str

    @property
    def moved(self) -> bool:
        return self.slot is not None and self.start != self.slot

    @property
    def day(self) -> date:
        """The local day the meeting is held, which is what role intervals are compared to."""
        return local_day(self.start, self.tz)


def series_occurrences(
    series_id: int,
    rule: SeriesRule,
    overrides: dict[datetime, Override],
    start: datetime,
    end: datetime,
) -> list[Occurrence]:
    """The series' occurrences whose actual start is in ``[start, end)``.

    ``overrides`` is every stored change of the series keyed by slot; a meeting moved
    into the range from a slot outside it is included, one moved out of it is not.
    """
    out: dict[datetime, Occurrence] = {}
    slots = set(rule.slots(start, end))
    for o in overrides.values():
        if o.slot not in slots and start <= o.start < end and rule.is_slot(o.slot):
            slots.add(o.slot)
    for slot in slots:
        change = overrides.get(slot)
        actual = change.start if change is not None else slot
        if not start <= actual < end:
            continue
        out[slot] = Occurrence(
            id=slot_id(series_id, slot),
            series_id=series_id,
            kind=REGULAR,
            status=change.status if change is not None else SCHEDULED,
            start=actual,
            slot=slot,
            tz=rule.tz,
        )
    return sorted(out.values(), key=lambda x: (x.start, x.id))


def as_utc(value: datetime) -> datetime:
    """An aware datetime in UTC; naive values are taken to be UTC already."""
    if value.tzinfo is None:
        return value.replace(tzinfo=timezone.utc)
    return value.astimezone(timezone.utc)
