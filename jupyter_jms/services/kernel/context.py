"""What every service shares: the store, settings, and the audit trail."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection
from sqlalchemy.orm import Session

from ...events import schema_id, subject_types
from ...store.db import Store
from ...store.models import Event

EmitFn = Callable[[str, dict[str, Any]], None]


@dataclass
class Settings:
    required_approvals: int = 1
    max_notebook_bytes: int = 20 * 1024 * 1024
    # Per member, over their open drafts; 0 is no limit.
    max_open_drafts_per_member: int = 20
    max_stored_bytes_per_member: int = 200 * 1024 * 1024
    stale_grant_days: int = 90
    # How long a member token's lookup (who, with which roles) may be reused; 0 turns it off.
    # Any write in this process ends every reuse at once; see TokenService.caller_for_hash.
    caller_cache_seconds: float = 2.0


class Context:
    """The store plus an audit trail that both persists and emits every change.

    Events are written in the same transaction as the change they describe and emitted
    through jupyter_events only once that transaction has committed.
    """

    def __init__(self, store: Store, settings: Settings | None = None, emit: EmitFn | None = None):
        self.store = store
        self.settings = settings or Settings()
        self.emit = emit
        self._known_subjects = set(subject_types())

    def read(self) -> AbstractContextManager[Session]:
        return self.store.read()

    def query(self) -> AbstractContextManager[Connection]:
        """For a read that is a single statement (see ``Store.query``)."""
        return self.store.query()

    @contextmanager
    def write(self) -> Iterator[Session]:
        pending: list[Event] = []
        with self.store.write() as session:
            session.info["jms_events"] = pending
            yield session
        if self.emit is None:
            return
        for ev in pending:
            if ev.subject_type not in self._known_subjects:
                continue
            self.emit(
                schema_id(ev.subject_type),
                {
                    "action": ev.action,
                    "actor": ev.actor,
                    "subject_id": ev.subject_id,
                    "event_id": ev.id,
                    "details": ev.data,
                },
            )


def record(
    session: Session,
    *,
    actor: str,
    action: str,
    subject_type: str,
    subject_id: str | int,
    data: dict[str, Any] | None = None,
) -> Event:
    """Add an audit row in the current write transaction."""
    ev = Event(
        actor=actor,
        action=action,
        subject_type=subject_type,
        subject_id=str(subject_id),
        data=data or {},
    )
    session.add(ev)
    session.flush()
    session.info.setdefault("jms_events", []).append(ev)
    return ev
