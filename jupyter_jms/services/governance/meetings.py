"""Meeting series and their occurrences: create, list, cancel, move, ad hoc.

Occurrences of a series are computed from its rule; a row is stored only for a slot
someone changed (cancelled, moved) or recorded attendance at, and for ad hoc meetings.
Public occurrence ids say which: ``s<series>-<slot in UTC>`` or ``a<row>``.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ...domain import meetings as dm
from ...domain.access import Caller
from ...errors import Conflict, InvalidInput, NotFound
from ...store.locks import get_for_update
from ...store.models import Attendance, MeetingOccurrence, MeetingSeries, utcnow
from ..kernel import inputs
from ..kernel.common import bump, iso
from ..kernel.context import Context, record
from ..kernel.inputs import object_id, optional_version
from .occurrences import (
    DEFAULT_FUTURE_DAYS,
    DEFAULT_PAST_DAYS,
    MAX_RANGE_DAYS,
    ad_hoc_occurrence,
    duration_value,
    occurrence_dict,
    occurrences_between,
    parse_instant,
    require_reader,
    require_recorder,
    resolve_occurrence,
    rule_error,
    series_dict,
    title_text,
)


class MeetingService:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    # -- series ---------------------------------------------------------------------------
    def create_series(self, caller: Caller, body: dict[str, Any]) -> dict[str, Any]:
        """A new series from ``title``, ``rrule``, ``tz``, local ``dtstart``, optional ``wkst``."""
        require_recorder(caller)
        title = title_text(body.get("title"))
        tz = body.get("tz")
        try:
            dm.zone(tz)  # type: ignore[arg-type]
            dtstart = parse_instant(body.get("dtstart"), "dtstart", tz)
            if dtstart.year < inputs.MIN_CALENDAR_YEAR:
                # A typo such as 0025 would put every meeting since then in each rule run.
                raise InvalidInput(
                    f"dtstart is before {inputs.MIN_CALENDAR_YEAR}: check the year.",
                    field="dtstart",
                )
            wkst = body.get("wkst")
            if wkst is not None and not isinstance(wkst, str):
                raise InvalidInput("wkst is a weekday code such as MO.", field="wkst")
            rrule = body.get("rrule")
            if not isinstance(rrule, str):
                raise InvalidInput(
                    "rrule is required, e.g. FREQ=WEEKLY;INTERVAL=2;WKST=MO.", field="rrule"
                )
            rule = dm.check_series(rrule, tz, dtstart, wkst=wkst)  # type: ignore[arg-type]
        except dm.RuleError as exc:
            raise rule_error(exc) from None
        duration = duration_value(body.get("duration_minutes"))
        uid = body.get("uid") or f"{uuid.uuid4()}@jupyter-jms"
        if not isinstance(uid, str) or not 1 <= len(uid) <= 255:
            raise InvalidInput("uid is a string of at most 255 characters.", field="uid")
        with self.ctx.write() as s:
            if s.scalar(select(MeetingSeries.id).where(MeetingSeries.uid == uid)) is not None:
                raise Conflict(f"A series with uid '{uid}' exists already.")
            row = MeetingSeries(
                uid=uid,
                title=title,
                rrule=rule.rrule,
                tz=rule.tz,
                dtstart=rule.dtstart,
                duration_minutes=duration,
                created_by=caller.username,
            )
            s.add(row)
            s.flush()
            record(
                s,
                actor=caller.username,
                action="meeting.series_created",
                subject_type="meeting",
                subject_id=f"series-{row.id}",
                data={
                    "title": title,
                    "rrule": rule.rrule,
                    "tz": rule.tz,
                    "dtstart": rule.dtstart.isoformat(),
                },
            )
            return series_dict(row)

    def list_series(self, caller: Caller) -> list[dict[str, Any]]:
        require_reader(caller)
        with self.ctx.read() as s:
            return [
                series_dict(r) for r in s.scalars(select(MeetingSeries).order_by(MeetingSeries.id))
            ]

    def _series(self, s: Session, series_id: str, lock: bool = False) -> MeetingSeries:
        n = object_id(series_id, "meeting series")
        row = get_for_update(s, MeetingSeries, n) if lock else s.get(MeetingSeries, n)
        if row is None:
            raise NotFound(f"No meeting series '{series_id}'.")
        return row

    def get_series(self, caller: Caller, series_id: str) -> dict[str, Any]:
        require_reader(caller)
        with self.ctx.read() as s:
            return series_dict(self._series(s, series_id))

    def update_series(self, caller: Caller, series_id: str, body: dict[str, Any]) -> dict[str, Any]:
        """Rename, change the duration, or end the series at ``ends_at`` (or reopen: null)."""
        require_recorder(caller)
        with self.ctx.write() as s:
            row = self._series(s, series_id, lock=True)
            optional_version(row.version, body.get("if_version"), "series")
            changes: dict[str, Any] = {}
            if "title" in body:
                changes["title"] = title_text(body["title"])
            if "duration_minutes" in body:
                changes["duration_minutes"] = duration_value(body["duration_minutes"])
            if "ends_at" in body:
                ends = (
                    None
                    if body["ends_at"] is None
                    else parse_instant(body["ends_at"], "ends_at", row.tz)
                )
                if ends is not None:
                    later = s.scalar(
                        select(func.count())
                        .select_from(Attendance)
                        .join(MeetingOccurrence, Attendance.occurrence_id == MeetingOccurrence.id)
                        .where(
                            MeetingOccurrence.series_id == row.id,
                            MeetingOccurrence.slot_start >= ends,
                        )
                    )
                    if later:
                        raise Conflict(
                            "Attendance is recorded for meetings after that end: "
                            "end the series after its last recorded meeting."
                        )
                changes["ends_at"] = ends
            if not changes:
                raise InvalidInput("Nothing to change: give title, duration_minutes or ends_at.")
            for key, value in changes.items():
                setattr(row, key, value)
            bump(row)
            s.flush()
            record(
                s,
                actor=caller.username,
                action="meeting.series_updated",
                subject_type="meeting",
                subject_id=f"series-{row.id}",
                data={k: (iso(v) if isinstance(v, datetime) else v) for k, v in changes.items()},
            )
            return series_dict(row)

    # -- occurrences ----------------------------------------------------------------------
    def list_occurrences(
        self,
        caller: Caller,
        *,
        start: str | None = None,
        end: str | None = None,
        series: str | None = None,
    ) -> dict[str, Any]:
        """Occurrences starting in ``[from, to)``: by default the past 180 and next 90 days."""
        require_reader(caller)
        now = utcnow()
        lo = (
            parse_instant(start, "from", "UTC")
            if start is not None
            else now - timedelta(days=DEFAULT_PAST_DAYS)
        )
        hi = (
            parse_instant(end, "to", "UTC")
            if end is not None
            else now + timedelta(days=DEFAULT_FUTURE_DAYS)
        )
        if hi <= lo:
            raise InvalidInput("'to' must be after 'from'.", field="to")
        if hi - lo > timedelta(days=MAX_RANGE_DAYS):
            raise InvalidInput(f"Ask for at most {MAX_RANGE_DAYS} days at a time.", field="to")
        with self.ctx.read() as s:
            series_id = self._series(s, series).id if series else None
            items = [occurrence_dict(*t) for t in occurrences_between(s, lo, hi, series_id)]
        return {"items": items, "from": iso(lo), "to": iso(hi)}

    def get_occurrence(self, caller: Caller, occurrence_id: str) -> dict[str, Any]:
        require_reader(caller)
        with self.ctx.read() as s:
            return occurrence_dict(*resolve_occurrence(s, occurrence_id))

    def create_ad_hoc(self, caller: Caller, body: dict[str, Any]) -> dict[str, Any]:
        """An ad hoc meeting: recorded like any other, never part of the attendance rule."""
        require_recorder(caller)
        title = title_text(body.get("title"))
        tz = body.get("tz") or "UTC"
        try:
            dm.zone(tz)
        except dm.RuleError as exc:
            raise rule_error(exc) from None
        start = parse_instant(body.get("start"), "start", tz)
        duration = duration_value(body.get("duration_minutes"))
        note = body.get("note") or ""
        if not isinstance(note, str) or len(note) > 5000:
            raise InvalidInput("note is a string of at most 5000 characters.", field="note")
        with self.ctx.write() as s:
            row = MeetingOccurrence(
                series_id=None,
                slot_start=None,
                start=start,
                tz=tz,
                duration_minutes=duration,
                kind=dm.AD_HOC,
                status=dm.SCHEDULED,
                title=title,
                note=note,
                created_by=caller.username,
            )
            s.add(row)
            s.flush()
            occ = ad_hoc_occurrence(row)
            record(
                s,
                actor=caller.username,
                action="meeting.ad_hoc_created",
                subject_type="meeting",
                subject_id=occ.id,
                data={"title": title, "start": iso(start), "tz": tz},
            )
            return occurrence_dict(occ, row, None)

    def update_occurrence(
        self, caller: Caller, occurrence_id: str, body: dict[str, Any]
    ) -> dict[str, Any]:
        """Cancel (``status: cancelled``), restore (``scheduled``), move (``start``) or annotate."""
        require_recorder(caller)
        status = body.get("status")
        if status is not None and status not in dm.OCCURRENCE_STATUSES:
            raise InvalidInput(
                f"status is one of {', '.join(dm.OCCURRENCE_STATUSES)}.", field="status"
            )
        note = body.get("note")
        if note is not None and (not isinstance(note, str) or len(note) > 5000):
            raise InvalidInput("note is a string of at most 5000 characters.", field="note")
        if status is None and note is None and "start" not in body:
            raise InvalidInput("Nothing to change: give status, start or note.")
        with self.ctx.write() as s:
            # The guard names the version the caller was shown: 0 while nothing about the
            # slot is stored, so it is checked before the slot's row is created.
            _, stored, _ = resolve_occurrence(s, occurrence_id)
            optional_version(
                stored.version if stored is not None else 0, body.get("if_version"), "meeting"
            )
            occ, row, series = resolve_occurrence(s, occurrence_id, materialize=caller.username)
            assert row is not None
            changes: dict[str, Any] = {}
            if "start" in body:
                new_start = (
                    row.slot_start
                    if body["start"] is None
                    else parse_instant(body["start"], "start", row.tz)
                )
                if new_start is None:
                    raise InvalidInput("An ad hoc meeting needs a start.", field="start")
                if dm.as_utc(new_start) != dm.as_utc(row.start):
                    changes["start"] = (iso(dm.as_utc(row.start)), iso(dm.as_utc(new_start)))
                    row.start = new_start
            if status is not None and status != row.status:
                if status == dm.CANCELLED:
                    recorded = s.scalar(
                        select(func.count())
                        .select_from(Attendance)
                        .where(Attendance.occurrence_id == row.id)
                    )
                    if recorded:
                        raise Conflict(
                            "Attendance is recorded for this meeting: it took place, so it "
                            "cannot be cancelled."
                        )
                changes["status"] = (row.status, status)
                row.status = status
            if note is not None and note != row.note:
                changes["note"] = True
                row.note = note
            if changes:
                bump(row)
                s.flush()
                action = (
                    "meeting.cancelled"
                    if changes.get("status", (None, None))[1] == dm.CANCELLED
                    else "meeting.moved"
                    if "start" in changes
                    else "meeting.updated"
                )
                record(
                    s,
                    actor=caller.username,
                    action=action,
                    subject_type="meeting",
                    subject_id=occurrence_id,
                    data={k: v for k, v in changes.items() if k != "note"}
                    | ({"note_changed": True} if "note" in changes else {}),
                )
            occ, row, series = resolve_occurrence(s, occurrence_id)
            return occurrence_dict(occ, row, series)
