"""What services share: timestamps, admin checks, versions, safe free text, and an
object's history from the audit trail."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, timezone
from typing import Any, Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...domain.access import Caller
from ...domain.secrets import secret_reason
from ...errors import Forbidden, InvalidInput
from ...store.models import Event, utcnow


def today() -> date:
    return datetime.now(timezone.utc).date()


def iso(value: datetime | date | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.isoformat().replace("+00:00", "Z")
    return value.isoformat()


class Versioned(Protocol):
    version: int


def bump(row: Versioned, at: datetime | None = None) -> None:
    """A versioned row changed: the next version, and, where the table keeps one, its
    ``updated_at`` set to ``at`` (now by default). Attendance rows and attendance flags keep
    their own times instead (``recorded_at``; ``last_seen_at``, ``cleared_at``)."""
    row.version += 1
    if hasattr(row, "updated_at"):
        row.updated_at = at or utcnow()


def require_admin(caller: Caller, what: str = "change the registry") -> None:
    if not caller.is_admin:
        raise Forbidden(f"Only admins and chairs {what}.")


def clean_text(body: Mapping[str, Any], key: str, *, limit: int, required: bool = False) -> str:
    """A free-text field, refused when it looks like it holds a credential."""
    value = body.get(key)
    if value is None:
        value = ""
    if not isinstance(value, str) or len(value) > limit:
        raise InvalidInput(f"{key} is a string of at most {limit} characters.", field=key)
    value = value.strip()
    if required and not value:
        raise InvalidInput(f"{key} is required.", field=key)
    what = secret_reason(value)
    if what:
        raise InvalidInput(
            f"{key} looks like it contains {what}: never paste credentials into the registry.",
            field=key,
        )
    return value


def event_dict(e: Event) -> dict[str, Any]:
    return {
        "id": str(e.id),
        "at": iso(e.at),
        "actor": e.actor,
        "action": e.action,
        "subject_type": e.subject_type,
        "subject_id": e.subject_id,
        "data": e.data,
    }


def history(session: Session, subject_type: str, subject_id: str | int) -> list[dict[str, Any]]:
    """An object's audit events, oldest first."""
    q = (
        select(Event)
        .where(Event.subject_type == subject_type, Event.subject_id == str(subject_id))
        .order_by(Event.id)
    )
    return [event_dict(e) for e in session.scalars(q)]
