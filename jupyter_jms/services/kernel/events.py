"""Reading the audit trail."""

from __future__ import annotations

from datetime import timezone
from typing import Any

from sqlalchemy import select

from ...domain.access import Caller
from ...errors import Forbidden, InvalidInput
from ...store.models import Event
from . import inputs
from .common import event_dict
from .context import Context

MAX_EVENTS = 1000


class EventService:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    def list(self, caller: Caller, *, since: str | None = None, limit: int = 200) -> dict[str, Any]:
        """Events after ``since`` (an event id, or an ISO timestamp), oldest first."""
        if not caller.read_governance:
            raise Forbidden("The audit trail is for editors and admins.")
        if not 1 <= limit <= MAX_EVENTS:
            raise InvalidInput(f"limit must be between 1 and {MAX_EVENTS}.", field="limit")
        q = select(Event).order_by(Event.id).limit(limit)
        if since:
            if since.isdecimal():
                n = inputs.integer(since, "since", lo=0, hi=inputs.MAX_ID)
                q = q.where(Event.id > n)
            else:
                try:
                    ts = inputs.timestamp(since, "since", zone=timezone.utc)
                except InvalidInput:
                    raise InvalidInput(
                        "since is an event id or an ISO 8601 timestamp.", field="since"
                    ) from None
                q = q.where(Event.at > ts.astimezone(timezone.utc))
        with self.ctx.read() as s:
            items = [event_dict(e) for e in s.scalars(q)]
        return {"items": items, "last": items[-1]["id"] if items else since}
