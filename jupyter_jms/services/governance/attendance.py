"""Attendance: records per occurrence and member, minutes import, and the rule's flags (kept in
the database by ``attendance_flags``)."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...domain import attendance_policy
from ...domain import meetings as dm
from ...domain import participation as participation_rule
from ...domain.access import Caller
from ...domain.minutes import parse_minutes, resolve_handles
from ...errors import Conflict, InvalidInput
from ...store.locks import get_for_update
from ...store.models import (
    Attendance,
    MeetingOccurrence,
    MeetingSeries,
    Member,
    utcnow,
)
from ..kernel import inputs
from ..kernel.common import bump, iso, today
from ..kernel.context import Context, record
from ..registry.members import spans_of
from .attendance_flags import keep_flags, open_flags
from .attendance_rule import compute, flags_dict, formal_votes, holds_role
from .occurrences import (
    occurrence_dict,
    parse_day,
    require_reader,
    require_recorder,
    resolve_occurrence,
)

RECORDABLE = attendance_policy.STATUSES
MAX_RECORDS = 500
MAX_MINUTES_BYTES = 200_000
# Attended or absent can only be said of a meeting that has started; regrets come early.
NOT_BEFORE_START = frozenset({attendance_policy.ATTENDED, attendance_policy.ABSENT})
UNLISTED = ("absent", "unknown")


def _policy_error(exc: attendance_policy.PolicyError) -> InvalidInput:
    return InvalidInput(exc.message, field=exc.field)


class AttendanceService:
    def __init__(self, ctx: Context, policy: attendance_policy.Policy | None = None) -> None:
        self.ctx = ctx
        self.policy = policy or attendance_policy.Policy()

    # -- records --------------------------------------------------------------------------
    def get(self, caller: Caller, occurrence_id: str) -> dict[str, Any]:
        """Everyone expected at the occurrence (role holders that day) with their status."""
        require_reader(caller)
        with self.ctx.read() as s:
            occ, row, series = resolve_occurrence(s, occurrence_id)
            return self._sheet(s, occ, row, series)

    def _sheet(
        self,
        s: Session,
        occ: dm.Occurrence,
        row: MeetingOccurrence | None,
        series: MeetingSeries | None,
    ) -> dict[str, Any]:
        records = {}
        if row is not None:
            records = {
                a.username: a
                for a in s.scalars(select(Attendance).where(Attendance.occurrence_id == row.id))
            }
        items = []
        for m in s.scalars(select(Member).order_by(Member.username)):
            a = records.get(m.username)
            expected = holds_role(spans_of(m), occ.day, self.policy.roles)
            if not expected and a is None:
                continue
            items.append(
                {
                    "username": m.username,
                    "name": m.name,
                    "status": a.status if a is not None else attendance_policy.UNKNOWN,
                    "recorded": a is not None,
                    "expected": expected,
                    "note": a.note if a is not None else "",
                    "source": a.source if a is not None else None,
                    "recorded_by": a.recorded_by if a is not None else None,
                    "recorded_at": iso(a.recorded_at) if a is not None else None,
                    "version": a.version if a is not None else 0,
                }
            )
        counts = {
            st: sum(1 for i in items if i["status"] == st) for st in attendance_policy.STATUSES
        }
        return {
            "occurrence": occurrence_dict(occ, row, series),
            "items": items,
            "counts": counts,
            "counts_toward_rule": occ.kind == dm.REGULAR and occ.status != dm.CANCELLED,
        }

    def set_records(
        self,
        caller: Caller,
        occurrence_id: str,
        body: dict[str, Any],
        *,
        source: str = "api",
    ) -> dict[str, Any]:
        """Record statuses: ``{"records": [{"username", "status", "note"?}, ...]}``.

        All or nothing: one bad entry (unknown member, someone outside their role that day,
        a status that is not one of attended/absent/excused/unknown) records none of them.
        """
        require_recorder(caller)
        entries = body.get("records")
        if entries is None and "username" in body:
            entries = [body]
        if not isinstance(entries, list) or not entries:
            raise InvalidInput(
                'records is a list of {"username", "status"} objects.', field="records"
            )
        if len(entries) > MAX_RECORDS:
            raise InvalidInput(f"At most {MAX_RECORDS} records at a time.", field="records")
        with self.ctx.write() as s:
            occ, row, series = resolve_occurrence(s, occurrence_id, materialize=caller.username)
            assert row is not None
            # Writers to one meeting take turns, so two sheets saved at once both land.
            get_for_update(s, MeetingOccurrence, row.id)
            if row.status == dm.CANCELLED:
                raise Conflict("The meeting was cancelled: there is no attendance to record.")
            wanted = self._validate(s, occ, entries)
            changed = self._apply(s, caller, occ, row, wanted, source)
            out = self._sheet(s, occ, row, series)
            out["changed"] = changed
            return out

    def _validate(
        self, s: Session, occ: dm.Occurrence, entries: list[Any]
    ) -> dict[str, tuple[str, str]]:
        errors: list[tuple[str, str]] = []
        wanted: dict[str, tuple[str, str]] = {}
        started = occ.start <= utcnow()
        for i, e in enumerate(entries):
            where = f"records[{i}]"
            if not isinstance(e, dict):
                errors.append((where, 'an object {"username", "status"}'))
                continue
            username, status, note = e.get("username"), e.get("status"), e.get("note") or ""
            if not isinstance(username, str) or not username:
                errors.append((f"{where}.username", "required"))
                continue
            if status not in RECORDABLE:
                errors.append((f"{where}.status", f"one of {', '.join(RECORDABLE)}"))
                continue
            if not isinstance(note, str) or len(note) > 500:
                errors.append((f"{where}.note", "a string of at most 500 characters"))
                continue
            member = s.get(Member, username)
            if member is None:
                errors.append((f"{where}.username", f"'{username}' is not on the roster"))
                continue
            if not holds_role(spans_of(member), occ.day, self.policy.roles):
                errors.append(
                    (
                        f"{where}.username",
                        f"{username} held no {'/'.join(sorted(self.policy.roles))} role on "
                        f"{occ.day.isoformat()}: attendance is kept for members only",
                    )
                )
                continue
            if status in NOT_BEFORE_START and not started:
                errors.append((f"{where}.status", "the meeting has not started yet"))
                continue
            if username in wanted:
                errors.append((f"{where}.username", f"{username} appears twice"))
                continue
            wanted[username] = (status, note)
        if errors:
            raise InvalidInput(f"{len(errors)} attendance record(s) cannot be kept.", errors=errors)
        return wanted

    def _apply(
        self,
        s: Session,
        caller: Caller,
        occ: dm.Occurrence,
        row: MeetingOccurrence,
        wanted: dict[str, tuple[str, str]],
        source: str,
    ) -> list[dict[str, Any]]:
        existing = {
            a.username: a
            for a in s.scalars(
                select(Attendance).where(Attendance.occurrence_id == row.id).with_for_update()
            )
        }
        changed = []
        for username, (status, note) in sorted(wanted.items()):
            a = existing.get(username)
            before = a.status if a is not None else None
            if a is not None and a.status == status and a.note == note:
                continue
            if a is None:
                a = Attendance(
                    occurrence_id=row.id,
                    username=username,
                    status=status,
                    note=note,
                    source=source,
                    recorded_by=caller.username,
                )
                s.add(a)
            else:
                a.status, a.note, a.source = status, note, source
                a.recorded_by, a.recorded_at = caller.username, utcnow()
                bump(a)
            changed.append({"username": username, "from": before, "to": status})
        if changed:
            s.flush()
            record(
                s,
                actor=caller.username,
                action="attendance.recorded",
                subject_type="attendance",
                subject_id=occ.id,
                data={"date": occ.day.isoformat(), "source": source, "changes": changed},
            )
        return changed

    # -- minutes --------------------------------------------------------------------------
    def import_minutes(
        self, caller: Caller, occurrence_id: str, text: Any, *, unlisted: str = "absent"
    ) -> dict[str, Any]:
        """Record attendance from Markdown minutes (``## Present`` / ``## Regrets``).

        Present is attended, Regrets is excused; members expected at the meeting but not
        listed are recorded ``absent`` (or left unknown with ``unlisted="unknown"``).
        Unknown handles stop the import and are listed: nothing is guessed.
        """
        require_recorder(caller)
        if not isinstance(text, str) or not text.strip():
            raise InvalidInput("The minutes are empty.", field="markdown")
        if len(text.encode()) > MAX_MINUTES_BYTES:
            raise InvalidInput("The minutes are over 200 kB.", field="markdown")
        if unlisted not in UNLISTED:
            raise InvalidInput(f"unlisted is one of {', '.join(UNLISTED)}.", field="unlisted")
        minutes = parse_minutes(text)
        if "present" not in minutes.sections_found:
            raise InvalidInput(
                "The minutes have no '## Present' section listing @handles.", field="markdown"
            )
        if minutes.conflicts:
            raise InvalidInput(
                "Some handles are listed in two sections.",
                errors=[("markdown", f"@{h} is listed twice") for h in minutes.conflicts],
            )
        with self.ctx.read() as s:
            roster = {m.username: list(m.aliases or []) for m in s.scalars(select(Member))}
            occ, _, _ = resolve_occurrence(s, occurrence_id)
            members = {m.username: m for m in s.scalars(select(Member))}
        resolution = resolve_handles(minutes.statuses, roster)
        if resolution.unknown:
            raise InvalidInput(
                f"{len(resolution.unknown)} handle(s) in the minutes match no member: "
                "fix them or add the aliases to the roster (guests go under '## Guests').",
                errors=[("markdown", f"@{h} is not on the roster") for h in resolution.unknown],
            )
        records: dict[str, str] = {}
        for handle, status in minutes.statuses.items():
            records[resolution.usernames[handle]] = status
        if unlisted == "absent":
            for username, m in members.items():
                if username not in records and holds_role(spans_of(m), occ.day, self.policy.roles):
                    records[username] = attendance_policy.ABSENT
        body = {"records": [{"username": u, "status": st} for u, st in sorted(records.items())]}
        out = self.set_records(caller, occurrence_id, body, source="minutes")
        out["resolved"] = {
            h: resolution.usernames[h]
            for h in minutes.statuses
            if resolution.usernames[h].lower() != h
        }
        return out

    # -- the rule -------------------------------------------------------------------------
    def policy_with(self, overrides: dict[str, Any] | None) -> attendance_policy.Policy:
        if not overrides:
            return self.policy
        try:
            return attendance_policy.Policy.from_mapping({**self.policy.as_dict(), **overrides})
        except attendance_policy.PolicyError as exc:
            raise _policy_error(exc) from None

    def flags(
        self,
        caller: Caller,
        as_of: str | date | None = None,
        overrides: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        """The rule's flags and incomplete windows as of a day (default today)."""
        require_reader(caller)
        day = parse_day(as_of, "as_of") if as_of is not None else today()
        policy = self.policy_with(overrides)
        with self.ctx.read() as s:
            return flags_dict(compute(s, policy, day), open_flags(s))

    def record_flags(self, caller: Caller, as_of: str | date | None = None) -> dict[str, Any]:
        """Keep the flags as of a day: new ones are raised, gone ones cleared, none doubled."""
        require_recorder(caller)
        day = parse_day(as_of, "as_of") if as_of is not None else today()
        with self.ctx.write() as s:
            return keep_flags(s, caller.username, self.policy, day)

    # -- vote participation ---------------------------------------------------------------
    def participation(self, caller: Caller, year: int | None = None) -> dict[str, Any]:
        """Formal-vote participation for a calendar year (default: this one), reported like
        attendance. Those who read governance see everyone, any other caller themselves."""
        year = inputs.year(year, default=today().year)
        with self.ctx.read() as s:
            votes = formal_votes(s)
            spans = {m.username: spans_of(m) for m in s.scalars(select(Member))}
        expected = participation_rule.expected_voters(spans, year, today())
        return participation_rule.summary(votes, year, reader=caller, expected=expected)
