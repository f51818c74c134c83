"""The report notebooks' way into the database: plain SQL through the DB-API driver.

A report runs in a fresh kernel, where importing SQLAlchemy's ORM, the models and Alembic
takes longer than the report itself (a report's papermill run is to stay within 2x an empty
notebook's: benchmarks/bench_governance.py). So the reports read the few tables they need
with plain single-table ``SELECT`` statements through the driver alone, sqlite3 from the standard library or psycopg 3 for
PostgreSQL, inside one read-only transaction, and convert the values as the models' column
types do (timestamps are stored naive in UTC, JSON columns come back as text on SQLite).
``tests/test_reports_data.py`` runs every statement and checks each table and column it
names against the models, so a renamed column fails a test rather than a report; the rules
applied to what is read are the server's own (``domain``).

The schema check compares the ``alembic_version`` row with the head revision read from
the migration files. Anything else (a database not created yet, another revision) goes
through ``Store.ensure_schema``, which creates a new database or says what to run, as the
rest of jupyter-jms does.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime, timezone
from functools import lru_cache
from pathlib import Path
from typing import Any

MIGRATIONS = Path(__file__).resolve().parent.parent / "store" / "migrations" / "versions"
_REVISION = re.compile(r"^revision\s*(?::[^=]*)?=\s*['\"]([^'\"]+)['\"]", re.MULTILINE)
_DOWN_REVISION = re.compile(r"^down_revision\s*(?::[^=]*)?=\s*(.+)$", re.MULTILINE)
_QUOTED = re.compile(r"['\"]([^'\"]+)['\"]")
_SQLITE_FILE = re.compile(r"^sqlite(?:\+pysqlite)?:///([^?]+)$")
_POSTGRES = re.compile(r"^postgres(?:ql)?(?:\+psycopg)?://")
SQLITE_BUSY_TIMEOUT_S = 30.0

Row = tuple[Any, ...]


@lru_cache(maxsize=1)
def head_revision() -> str | None:
    """The newest migration's revision id, from the files; None when it is not clear-cut.

    Reading two assignments in each file is enough to know the head of a linear history;
    when there is not exactly one head the caller falls back to Alembic itself.
    """
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in MIGRATIONS.glob("*.py"):
        text = path.read_text(encoding="utf-8")
        rev, down = _REVISION.search(text), _DOWN_REVISION.search(text)
        if rev is None or down is None:
            continue
        revisions.add(rev.group(1))
        parents.update(_QUOTED.findall(down.group(1)))
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 else None


# -- values as the models' column types give them ------------------------------------------


def utc(value: Any) -> datetime:
    """A timestamp column (stored naive in UTC) as an aware UTC datetime."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if not isinstance(value, datetime):
        raise TypeError(f"not a timestamp: {value!r}")
    if value.tzinfo is None:
        return value.replace(tzinfo=timezone.utc)
    return value.astimezone(timezone.utc)


def utc_or_none(value: Any) -> datetime | None:
    """A nullable timestamp column, as ``utc`` gives it."""
    return None if value is None else utc(value)


def wall(value: Any) -> datetime:
    """A naive timestamp column kept as wall-clock time (a series' local start)."""
    return value if isinstance(value, datetime) else datetime.fromisoformat(value)


def day(value: Any) -> date:
    """A date column."""
    if isinstance(value, datetime):
        return value.date()
    return value if isinstance(value, date) else date.fromisoformat(value)


def data(value: Any) -> Any:
    """A JSON column: text on SQLite, already decoded by psycopg."""
    if isinstance(value, (str, bytes)):
        return json.loads(value)
    return value


def in_list(values: Sequence[str]) -> str:
    """An SQL ``IN`` list of constants from the code (never of caller input)."""
    if not all(re.fullmatch(r"[a-z_]+", v) for v in values):
        raise ValueError(f"not a plain constant: {values!r}")
    return "(" + ", ".join(f"'{v}'" for v in values) + ")"


# -- connections ----------------------------------------------------------------------------


class Reader:
    """One read-only transaction: ``rows(sql)`` returns every row of a ``SELECT``."""

    def __init__(self, connection: Any) -> None:
        self._conn = connection

    def rows(self, sql: str) -> list[Row]:
        cur = self._conn.cursor()
        try:
            cur.execute(sql)
            return [tuple(r) for r in cur.fetchall()]
        finally:
            cur.close()


def database_url(db_url: str = "") -> str:
    """``db_url``, else ``$JMS_DATABASE_URL``, else the default SQLite file."""
    if db_url:
        return db_url
    env = os.environ.get("JMS_DATABASE_URL")
    if env:
        return env
    # Only now: importing the store module imports SQLAlchemy.
    from ..store.db import default_database_url

    return default_database_url()


def _connect(url: str) -> Any | None:
    """A DB-API connection in a read-only snapshot transaction.

    None when the URL names no database file yet or needs SQLAlchemy's own URL handling.
    """
    sqlite = _SQLITE_FILE.match(url)
    if sqlite and sqlite.group(1) != ":memory:":
        import sqlite3

        path = Path(sqlite.group(1))
        if not path.is_file():
            return None
        lite = sqlite3.connect(path, timeout=SQLITE_BUSY_TIMEOUT_S, isolation_level=None)
        lite.execute("PRAGMA query_only = ON")
        # One snapshot for every statement that follows (WAL keeps writers going meanwhile).
        lite.execute("BEGIN")
        return lite
    if _POSTGRES.match(url):
        import psycopg

        # libpq reads the same URL syntax SQLAlchemy does once the driver name is dropped.
        pg = psycopg.connect("postgresql://" + url.split("://", 1)[1])
        pg.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        pg.read_only = True
        return pg
    return None


def _schema_is_current(reader: Reader) -> bool:
    head = head_revision()
    try:
        found = reader.rows("SELECT version_num FROM alembic_version")
    except Exception:  # noqa: BLE001 - no such table yet: Store decides what that means
        return False
    return head is not None and found == [(head,)]


@contextmanager
def reading(db_url: str = "") -> Iterator[Reader]:
    """A read-only transaction on the report's database; the schema must be current.

    A report never migrates a database: one at another revision raises ``SchemaMismatch``
    with what to run; a database that does not exist yet is created empty, as the CLI and
    the server do.
    """
    url = database_url(db_url)
    conn = _connect(url)
    if conn is not None and not _schema_is_current(Reader(conn)):
        conn.close()
        conn = None
    engine = None
    if conn is None:
        # The complete path: Alembic creates a new database or explains the mismatch.
        from . import open_store

        store = open_store(url)
        conn = _connect(url)
        if conn is None:
            # A URL only SQLAlchemy knows how to open (another driver, options, memory).
            engine = store.engine
            conn = engine.raw_connection()
        else:
            store.dispose()
    try:
        yield Reader(conn)
    finally:
        try:
            conn.rollback()
        finally:
            conn.close()
            if engine is not None:
                engine.dispose()
