"""Meeting input parsing, serialization, and the occurrences behind public ids.

Shared by the meeting, attendance and calendar services and the reports.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ...domain import meetings as dm
from ...domain.access import Caller
from ...domain.text import text_problem
from ...errors import Forbidden, InvalidInput, NotFound
from ...store.models import MeetingOccurrence, MeetingSeries, utcnow
from ..kernel import inputs
from ..kernel.common import iso

DEFAULT_PAST_DAYS = 180
DEFAULT_FUTURE_DAYS = 90
MAX_RANGE_DAYS = 6 * 366
MAX_DURATION = 24 * 60


def require_reader(caller: Caller) -> None:
    """Meetings and attendance are read by editors, admins and the chair."""
    if not caller.read_governance:
        raise Forbidden("Meetings and attendance are for editors, admins and the chair.")


def require_recorder(caller: Caller) -> None:
    """Meetings and attendance are recorded by admins and the chair."""
    if not caller.record_attendance:
        raise Forbidden("Only admins and the chair record meetings and attendance.")


def rule_error(exc: dm.RuleError) -> InvalidInput:
    return InvalidInput(exc.message, field=exc.field)


def parse_instant(value: Any, field: str, tz: str | None = None) -> datetime:
    """An ISO 8601 timestamp; one without an offset is read as wall time in ``tz``."""
    zone = dm.zone(tz) if tz is not None else None
    return inputs.timestamp(value, field, zone=zone).astimezone(timezone.utc)


def parse_day(value: Any, field: str) -> date:
    return inputs.day(value, field)


def title_text(value: Any, field: str = "title", required: bool = True) -> str:
    if value is None and not required:
        return ""
    if not isinstance(value, str) or (required and not value.strip()):
        raise InvalidInput("A non-empty title is required.", field=field)
    problem = text_problem(value, max_length=300)
    if problem:
        raise InvalidInput(f"The {field} {problem}.", field=field)
    return value.strip()


def duration_value(value: Any, default: int = 60) -> int:
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_DURATION:
        raise InvalidInput(
            f"duration_minutes is a whole number from 1 to {MAX_DURATION}.",
            field="duration_minutes",
        )
    return value


def series_rule(row: MeetingSeries) -> dm.SeriesRule:
    return dm.SeriesRule(row.rrule, row.tz, row.dtstart, row.ends_at)


def series_dict(row: MeetingSeries) -> dict[str, Any]:
    rule = series_rule(row)
    nxt = rule.slots(utcnow(), utcnow() + timedelta(days=400))
    return {
        "id": str(row.id),
        "uid": row.uid,
        "title": row.title,
        "rrule": row.rrule,
        "wkst": dict(p.split("=", 1) for p in row.rrule.split(";")).get("WKST"),
        "tz": row.tz,
        "dtstart": row.dtstart.isoformat(),
        "duration_minutes": row.duration_minutes,
        "ends_at": iso(row.ends_at),
        "next": iso(nxt[0]) if nxt else None,
        "created_by": row.created_by,
        "created_at": iso(row.created_at),
        "version": row.version,
    }


def occurrence_dict(
    occ: dm.Occurrence, row: MeetingOccurrence | None, series: MeetingSeries | None
) -> dict[str, Any]:
    local = occ.start.astimezone(dm.zone(occ.tz))
    return {
        "id": occ.id,
        "series": str(occ.series_id) if occ.series_id is not None else None,
        "kind": occ.kind,
        "status": occ.status,
        "start": iso(occ.start),
        "local_start": local.isoformat(),
        "date": occ.day.isoformat(),
        "tz": occ.tz,
        "slot": iso(occ.slot),
        "moved": occ.moved,
        "title": (row.title if row is not None and row.title else None)
        or (series.title if series is not None else ""),
        "duration_minutes": row.duration_minutes
        if row is not None
        else (series.duration_minutes if series is not None else 60),
        "note": row.note if row is not None else "",
        "version": row.version if row is not None else 0,
    }


def ad_hoc_occurrence(row: MeetingOccurrence) -> dm.Occurrence:
    return dm.Occurrence(
        id=dm.ad_hoc_id(row.id),
        series_id=None,
        kind=dm.AD_HOC,
        status=row.status,
        start=dm.as_utc(row.start),
        slot=None,
        tz=row.tz,
    )


def overrides_of(rows: list[MeetingOccurrence]) -> dict[datetime, dm.Override]:
    return {
        dm.as_utc(r.slot_start): dm.Override(dm.as_utc(r.slot_start), r.status, dm.as_utc(r.start))
        for r in rows
        if r.slot_start is not None
    }


def occurrences_between(
    s: Session, start: datetime, end: datetime, series_id: int | None = None
) -> list[tuple[dm.Occurrence, MeetingOccurrence | None, MeetingSeries | None]]:
    """Every occurrence (of every series, and ad hoc) actually starting in ``[start, end)``."""
    q = select(MeetingSeries).order_by(MeetingSeries.id)
    if series_id is not None:
        q = q.where(MeetingSeries.id == series_id)
    out: list[tuple[dm.Occurrence, MeetingOccurrence | None, MeetingSeries | None]] = []
    for series in s.scalars(q):
        rows = list(
            s.scalars(select(MeetingOccurrence).where(MeetingOccurrence.series_id == series.id))
        )
        by_slot = {dm.as_utc(r.slot_start): r for r in rows if r.slot_start is not None}
        try:
            occs = dm.series_occurrences(
                series.id, series_rule(series), overrides_of(rows), start, end
            )
        except dm.RuleError as exc:
            raise rule_error(exc) from None
        out.extend((o, by_slot.get(o.slot) if o.slot else None, series) for o in occs)
    if series_id is None:
        for row in s.scalars(
            select(MeetingOccurrence).where(
                MeetingOccurrence.series_id.is_(None),
                MeetingOccurrence.start >= start,
                MeetingOccurrence.start < end,
            )
        ):
            out.append((ad_hoc_occurrence(row), row, None))
    out.sort(key=lambda t: (t[0].start, t[0].id))
    return out


def resolve_occurrence(
    s: Session, occurrence_id: str, *, materialize: str | None = None
) -> tuple[dm.Occurrence, MeetingOccurrence | None, MeetingSeries | None]:
    """The occurrence behind a public id; with ``materialize`` (an actor) its row is created.

    Ids that no rule produces and no row holds are NotFound, exactly like unknown ids.
    """
    try:
        kind, num, slot = dm.parse_occurrence_id(occurrence_id)
    except ValueError:
        raise NotFound(f"No meeting occurrence '{occurrence_id}'.") from None
    if kind == "ad_hoc":
        row = s.get(MeetingOccurrence, num)
        if row is None or row.series_id is not None:
            raise NotFound(f"No meeting occurrence '{occurrence_id}'.")
        return ad_hoc_occurrence(row), row, None
    series = s.get(MeetingSeries, num)
    assert slot is not None
    if series is None:
        raise NotFound(f"No meeting occurrence '{occurrence_id}'.")
    row = s.scalar(
        select(MeetingOccurrence).where(
            MeetingOccurrence.series_id == series.id, MeetingOccurrence.slot_start == slot
        )
    )
    if row is None:
        if not series_rule(series).is_slot(slot):
            raise NotFound(f"No meeting occurrence '{occurrence_id}'.")
        if materialize is not None:
            row = MeetingOccurrence(
                series_id=series.id,
                slot_start=slot,
                start=slot,
                tz=series.tz,
                duration_minutes=series.duration_minutes,
                kind=dm.REGULAR,
                status=dm.SCHEDULED,
                created_by=materialize,
            )
            try:
                # Two writers may touch the same untouched slot at once (PostgreSQL lets
                # both look): the loser takes the winner's row instead of failing.
                with s.begin_nested():
                    s.add(row)
                    s.flush()
            except IntegrityError:
                row = s.scalar(
                    select(MeetingOccurrence).where(
                        MeetingOccurrence.series_id == series.id,
                        MeetingOccurrence.slot_start == slot,
                    )
                )
    status = row.status if row is not None else dm.SCHEDULED
    start = dm.as_utc(row.start) if row is not None else slot
    occ = dm.Occurrence(occurrence_id, series.id, dm.REGULAR, status, start, slot, series.tz)
    return occ, row, series
