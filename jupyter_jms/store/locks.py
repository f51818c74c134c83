"""How a write transaction keeps others out of what it is about to change.

One place for the two databases' difference, so a service says what it needs and never asks
which database it runs on:

- ``get_for_update(session, Model, key)``: the row, locked until the transaction ends.
- ``lock_all(session, Model)``: every row of a table, locked and reloaded (for a change that
  must see the whole table as it is, such as moving the one preferred channel).
- ``serialize_on(session, key)``: writers naming the same key run one at a time, for checks
  that look for rows which do not exist yet (no row to lock), such as "no open draft for this
  path" or "fewer than N open drafts for this member".

On PostgreSQL these are ``SELECT ... FOR UPDATE`` and a transaction-scoped advisory lock,
both released at commit or rollback. On SQLite they do nothing, and need not: every write
transaction starts with ``BEGIN IMMEDIATE`` (see ``db.py``), so writers already run one at a
time and a write transaction reads only its own session's rows and committed ones.

Rows chosen by a query rather than by key (a meeting's attendance sheet, the kept
attendance flags, the outbox) are locked with SQLAlchemy's own ``select(...).with_for_update()``,
which needs no branch: the SQLite dialect leaves ``FOR UPDATE`` out by itself. A queue that
must *skip* rows another worker holds (the publication outbox's claims) adds
``skip_locked=True``: a different promise from waiting for them.
"""

from __future__ import annotations

from typing import Any, TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import Session

T = TypeVar("T")


def _serialized(session: Session) -> bool:
    """Whether the database already runs write transactions one at a time (SQLite)."""
    return session.get_bind().dialect.name == "sqlite"


def get_for_update(session: Session, model: type[T], key: Any) -> T | None:
    """The row with primary key ``key`` as committed now, locked against other writers until
    this transaction ends; None when there is none."""
    if _serialized(session):
        return session.get(model, key)
    # populate_existing: a row this session loaded before the lock is read again, so the
    # caller decides on what it now holds rather than on what it saw earlier.
    return session.get(model, key, with_for_update=True, populate_existing=True)


def lock_all(session: Session, model: type[Any]) -> None:
    """Lock every row of ``model``'s table and reload them into the session."""
    if _serialized(session):
        return
    session.execute(select(model).with_for_update().execution_options(populate_existing=True)).all()


def serialize_on(session: Session, key: str) -> None:
    """Make other write transactions that name ``key`` wait until this one ends."""
    if _serialized(session):
        return
    session.execute(select(func.pg_advisory_xact_lock(func.hashtext(key))))
