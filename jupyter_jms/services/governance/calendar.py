"""iCalendar (RFC 5545) export and import of meeting series and ad hoc meetings.

A series is one VEVENT with DTSTART in its IANA zone and the RRULE; cancelled slots are
EXDATEs and moved ones are VEVENTs with the same UID and a RECURRENCE-ID (the slot's
identity), which is how calendar programs say the same things.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from typing import Any

from icalendar import Calendar, vRecur
from icalendar import Event as VEvent
from sqlalchemy import select

from ...domain import meetings as dm
from ...domain.access import Caller
from ...errors import InvalidInput
from ...store.models import MeetingOccurrence, MeetingSeries
from ..kernel.context import Context
from .meetings import MeetingService
from .occurrences import require_reader, require_recorder, series_rule

PRODID = "-//Project Jupyter//jupyter-jms meetings//EN"
MAX_ICS_BYTES = 1_000_000


def _until_before(row: MeetingSeries) -> str:
    """The rule with the series' end folded into UNTIL (COUNT cannot say "stop here")."""
    rule = series_rule(row)
    assert row.ends_at is not None
    start = datetime(1900, 1, 1, tzinfo=timezone.utc)
    slots = rule.slots(start, dm.as_utc(row.ends_at))
    parts = [p for p in row.rrule.split(";") if not p.startswith(("COUNT=", "UNTIL="))]
    last = slots[-1] if slots else dm.as_utc(row.ends_at) - timedelta(seconds=1)
    parts.insert(1, f"UNTIL={dm.utc_stamp(last)}")
    return ";".join(parts)


@dataclass
class _Planned:
    uid: str
    title: str
    rrule: str | None
    tz: str
    start: datetime
    duration: int
    cancelled: list[datetime] = field(default_factory=list)
    moved: list[tuple[datetime, datetime]] = field(default_factory=list)


def _instant(
    component: Any, key: str, where: str, errors: list[tuple[str, str]]
) -> tuple[datetime, str] | None:
    prop = component.get(key)
    if prop is None:
        errors.append((where, f"{key.upper()} is missing"))
        return None
    value = prop.dt
    if isinstance(value, date) and not isinstance(value, datetime):
        errors.append((where, "all-day events are not meetings: give a start time"))
        return None
    tzid = prop.params.get("TZID")
    if value.tzinfo is None:
        errors.append((where, f"{key.upper()} has no time zone (floating time)"))
        return None
    name = (
        tzid
        or getattr(value.tzinfo, "key", None)
        or ("UTC" if value.utcoffset() == timedelta(0) else None)
    )
    try:
        dm.zone(name)  # type: ignore[arg-type]
    except dm.RuleError:
        errors.append((where, f"'{name}' is not an IANA time zone"))
        return None
    return value, str(name)


def _duration(ev: Any, start: datetime) -> int:
    if ev.get("duration") is not None:
        return max(1, min(24 * 60, int(ev.decoded("duration").total_seconds() // 60)))
    if ev.get("dtend") is not None:
        end = ev.decoded("dtend")
        if isinstance(end, datetime):
            return max(1, min(24 * 60, int((end - start).total_seconds() // 60)))
    return 60


def plan_import(text: str) -> list[_Planned]:
    """Read the calendar and check every event; InvalidInput lists each problem."""
    if len(text.encode()) > MAX_ICS_BYTES:
        raise InvalidInput("The calendar is over 1 MB.", field="ics")
    try:
        cal = Calendar.from_ical(text)
    except (ValueError, KeyError, IndexError) as exc:
        raise InvalidInput(f"Not an iCalendar document: {exc}", field="ics") from None
    errors: list[tuple[str, str]] = []
    masters: dict[str, _Planned] = {}
    overrides: list[tuple[str, Any, str]] = []
    for i, ev in enumerate(cal.walk("VEVENT")):
        where = f"VEVENT[{i}]"
        uid = str(ev.get("uid") or "")
        if not uid or len(uid) > 255:
            errors.append((where, "UID is missing or longer than 255 characters"))
            continue
        if ev.get("recurrence-id") is not None:
            overrides.append((uid, ev, where))
            continue
        got = _instant(ev, "dtstart", where, errors)
        if got is None:
            continue
        start, tz = got
        title = str(ev.get("summary") or "Meeting")[:300]
        rrule = ev.get("rrule")
        if isinstance(rrule, list):
            errors.append((where, "one RRULE per meeting series"))
            continue
        rule_text = rrule.to_ical().decode() if rrule is not None else None
        if rule_text is not None:
            try:
                dm.check_series(rule_text, tz, start)
            except dm.RuleError as exc:
                errors.append((where, exc.message))
                continue
        if uid in masters:
            errors.append((where, f"UID {uid} appears twice"))
            continue
        planned = _Planned(uid, title, rule_text, tz, start, _duration(ev, start))
        if str(ev.get("status") or "").upper() == "CANCELLED":
            planned.cancelled.append(start)
        exdates = ev.get("exdate")
        for group in exdates if isinstance(exdates, list) else ([exdates] if exdates else []):
            for d in group.dts:
                if isinstance(d.dt, datetime) and d.dt.tzinfo is not None:
                    planned.cancelled.append(d.dt)
                else:
                    errors.append((where, "EXDATE values need a time and a zone"))
        masters[uid] = planned
    for uid, ev, where in overrides:
        master = masters.get(uid)
        if master is None or master.rrule is None:
            errors.append((where, f"RECURRENCE-ID for UID {uid} without its recurring event"))
            continue
        slot = _instant(ev, "recurrence-id", where, errors)
        new = _instant(ev, "dtstart", where, errors)
        if slot is None or new is None:
            continue
        if str(ev.get("status") or "").upper() == "CANCELLED":
            master.cancelled.append(slot[0])
        else:
            master.moved.append((slot[0], new[0]))
    if errors:
        raise InvalidInput(f"The calendar has {len(errors)} problem(s).", errors=errors)
    return list(masters.values())


class CalendarService:
    """The meetings as iCalendar, out and in; every change goes through the meeting service."""

    def __init__(self, ctx: Context, meetings: MeetingService) -> None:
        self.ctx = ctx
        self.meetings = meetings

    def export_ics(self, caller: Caller, series_id: str | None = None) -> str:
        """The meetings as an iCalendar document (one series, or every series and ad hoc one)."""
        require_reader(caller)
        cal = Calendar()
        cal.add("prodid", PRODID)
        cal.add("version", "2.0")
        with self.ctx.read() as s:
            q = select(MeetingSeries).order_by(MeetingSeries.id)
            if series_id is not None:
                row = self.meetings._series(s, series_id)
                q = q.where(MeetingSeries.id == row.id)
            for series in s.scalars(q):
                zi = dm.zone(series.tz)
                ev = VEvent()
                ev.add("uid", series.uid)
                ev.add("summary", series.title)
                ev.add("dtstart", series.dtstart.replace(tzinfo=zi))
                ev.add("duration", timedelta(minutes=series.duration_minutes))
                rule = _until_before(series) if series.ends_at else series.rrule
                ev.add("rrule", vRecur.from_ical(rule))
                rows = list(
                    s.scalars(
                        select(MeetingOccurrence)
                        .where(MeetingOccurrence.series_id == series.id)
                        .order_by(MeetingOccurrence.slot_start)
                    )
                )
                cancelled = [
                    dm.as_utc(r.slot_start).astimezone(zi)
                    for r in rows
                    if r.status == dm.CANCELLED and r.slot_start
                ]
                if cancelled:
                    ev.add("exdate", cancelled)
                cal.add_component(ev)
                for r in rows:
                    if r.status == dm.CANCELLED or r.slot_start is None:
                        continue
                    if dm.as_utc(r.start) == dm.as_utc(r.slot_start):
                        continue
                    moved = VEvent()
                    moved.add("uid", series.uid)
                    moved.add("summary", r.title or series.title)
                    moved.add("recurrence-id", dm.as_utc(r.slot_start).astimezone(zi))
                    moved.add("dtstart", dm.as_utc(r.start).astimezone(zi))
                    moved.add("duration", timedelta(minutes=r.duration_minutes))
                    cal.add_component(moved)
            if series_id is None:
                for r in s.scalars(
                    select(MeetingOccurrence)
                    .where(MeetingOccurrence.series_id.is_(None))
                    .order_by(MeetingOccurrence.start)
                ):
                    ev = VEvent()
                    ev.add("uid", f"jms-ad-hoc-{r.id}@jupyter-jms")
                    ev.add("summary", r.title)
                    ev.add("dtstart", dm.as_utc(r.start).astimezone(dm.zone(r.tz)))
                    ev.add("duration", timedelta(minutes=r.duration_minutes))
                    if r.status == dm.CANCELLED:
                        ev.add("status", "CANCELLED")
                    cal.add_component(ev)
        cal.add_missing_timezones()
        ical: bytes = cal.to_ical()
        return ical.decode()

    def import_ics(self, caller: Caller, text: Any) -> dict[str, Any]:
        """Create the calendar's series and ad hoc meetings; UIDs already known are skipped."""
        require_recorder(caller)
        if not isinstance(text, str) or not text.strip():
            raise InvalidInput("The calendar is empty.", field="ics")
        planned = plan_import(text)
        meetings = self.meetings
        with self.ctx.read() as s:
            known = set(s.scalars(select(MeetingSeries.uid)))
            ad_hoc_known = {
                (dm.as_utc(r.start), r.title)
                for r in s.scalars(
                    select(MeetingOccurrence).where(MeetingOccurrence.series_id.is_(None))
                )
            }
        out: dict[str, Any] = {
            "series": [],
            "ad_hoc": [],
            "skipped": [],
            "cancelled": 0,
            "moved": 0,
        }
        for p in planned:
            if p.rrule is None:
                if (dm.as_utc(p.start), p.title) in ad_hoc_known:
                    out["skipped"].append(p.uid)
                    continue
                occ = meetings.create_ad_hoc(
                    caller,
                    {
                        "title": p.title,
                        "tz": p.tz,
                        "start": p.start.isoformat(),
                        "duration_minutes": p.duration,
                    },
                )
                if p.cancelled:
                    meetings.update_occurrence(caller, occ["id"], {"status": dm.CANCELLED})
                out["ad_hoc"].append(occ["id"])
                continue
            if p.uid in known:
                out["skipped"].append(p.uid)
                continue
            series = meetings.create_series(
                caller,
                {
                    "title": p.title,
                    "rrule": p.rrule,
                    "tz": p.tz,
                    "dtstart": p.start.astimezone(dm.zone(p.tz)).replace(tzinfo=None).isoformat(),
                    "duration_minutes": p.duration,
                    "uid": p.uid,
                },
            )
            sid = int(series["id"])
            for slot in p.cancelled:
                meetings.update_occurrence(caller, dm.slot_id(sid, slot), {"status": dm.CANCELLED})
                out["cancelled"] += 1
            for slot, new in p.moved:
                meetings.update_occurrence(
                    caller, dm.slot_id(sid, slot), {"start": new.isoformat()}
                )
                out["moved"] += 1
            out["series"].append(series["id"])
        return out
