"""The engine, sessions and schema-revision handling.

Reads and writes use separate session kinds. On SQLite a write transaction starts with
``BEGIN IMMEDIATE`` so two writers queue on the busy timeout instead of failing with
"database is locked" when both try to upgrade a read lock; on PostgreSQL writers lock the
rows they change (``SELECT ... FOR UPDATE``), through ``locks.py``'s helpers.
"""

from __future__ import annotations

import os
import select
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine, create_engine, event, inspect
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.orm import Session, sessionmaker

if TYPE_CHECKING:
    # Alembic is imported where a revision is read or a migration runs: importing it costs
    # about 0.3 s, which every process that only reads and writes rows would pay.
    from alembic.config import Config

MIGRATIONS = Path(__file__).with_name("migrations")
SQLITE_BUSY_TIMEOUT_MS = 30_000


class SchemaMismatch(RuntimeError):
    """The database is at another schema revision than this code expects."""


class MissingDriver(RuntimeError):
    """The database URL names a driver that is not installed; the message says what to run."""


def describe_url(url: str) -> str:
    """The database as people read it, never with its password: ``sqlite:////path`` or
    ``postgresql://user@host:port/db``."""
    parsed = make_url(normalize_url(url))
    shown = URL.create(
        parsed.get_backend_name(),
        username=parsed.username,
        host=parsed.host,
        port=parsed.port,
        database=parsed.database,
    )
    return shown.render_as_string(hide_password=False)


def default_database_url() -> str:
    """``JMS_DATABASE_URL``, else SQLite under the Jupyter data dir."""
    env = os.environ.get("JMS_DATABASE_URL")
    if env:
        return env
    from jupyter_core.paths import jupyter_data_dir

    return f"sqlite:///{Path(jupyter_data_dir()) / 'jms' / 'jms.sqlite'}"


def normalize_url(url: str) -> str:
    """Route plain ``postgresql://`` URLs to psycopg 3."""
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


def _sqlite_engine(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.database and parsed.database != ":memory:":
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(
        url,
        connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000, "check_same_thread": False},
        pool_size=8,
        max_overflow=16,
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        # Let us issue BEGIN ourselves (pysqlite's own BEGIN is always DEFERRED).
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        mode = conn.get_execution_options().get("jms_begin", "DEFERRED")
        if mode:  # "" runs each statement in autocommit (see Store.query)
            conn.exec_driver_sql(f"BEGIN {mode}")

    return engine


def make_engine(url: str) -> Engine:
    url = normalize_url(url)
    if url.startswith("sqlite"):
        return _sqlite_engine(url)
    try:
        engine = create_engine(url, pool_size=10, max_overflow=20)
    except ModuleNotFoundError as exc:
        backend = make_url(url).get_backend_name()
        hint = (
            "pip install 'jupyter-jms[postgres]'"
            if (exc.name or "").startswith("psycopg")
            else f"install the Python package {exc.name}"
        )
        raise MissingDriver(
            f"The {backend} database driver ({exc.name}) is not installed: {hint}."
        ) from None
    event.listen(engine, "checkout", _drop_closed_pg_connection)
    return engine


def _readable(fd: int) -> bool:
    """Whether a socket has bytes (or an end of file) waiting; never blocks."""
    if hasattr(select, "poll"):  # any descriptor number, unlike select() on POSIX
        poller = select.poll()
        poller.register(fd, select.POLLIN)
        return bool(poller.poll(0))
    return bool(select.select([fd], [], [], 0)[0])


def _drop_closed_pg_connection(dbapi_conn: Any, _record: Any, _proxy: Any) -> None:
    """Replace a pooled PostgreSQL connection the server has closed, without a round trip.

    SQLAlchemy's ``pool_pre_ping`` sends a query on every checkout, which on a busy host costs
    about as much as the request's own query. An idle connection in the pool has nothing to
    read unless the server ended it (restart, ``pg_terminate_backend``, idle timeouts send a
    FATAL message and close the socket), so a readable socket means the connection is gone:
    ``DisconnectionError`` makes the pool retry with a fresh one. A connection cut without a
    word (a dead network) is still caught the optimistic way: its first statement fails,
    SQLAlchemy invalidates the pool, and the next request reconnects.
    """
    if dbapi_conn.closed or dbapi_conn.broken:  # a psycopg.Connection
        raise DisconnectionError("the PostgreSQL connection is closed")
    try:
        readable = _readable(dbapi_conn.fileno())
    except (OSError, dbapi_conn.OperationalError):
        raise DisconnectionError("the PostgreSQL connection is closed") from None
    if readable:
        raise DisconnectionError("the PostgreSQL server closed the connection")


def alembic_config(url: str) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


class Store:
    """Owns the engine; hands out read and write sessions."""

    def __init__(self, url: str | None = None) -> None:
        self.url = normalize_url(url or default_database_url())
        self.engine = make_engine(self.url)
        self.is_sqlite = self.engine.dialect.name == "sqlite"
        write_bind = (
            self.engine.execution_options(jms_begin="IMMEDIATE") if self.is_sqlite else self.engine
        )
        # PostgreSQL reads run in autocommit: no BEGIN/COMMIT round trips for a request that
        # only looks. Each statement still sees a consistent snapshot of its own.
        read_bind = (
            self.engine
            if self.is_sqlite
            else self.engine.execution_options(isolation_level="AUTOCOMMIT")
        )
        self._query = self.engine.execution_options(jms_begin="") if self.is_sqlite else read_bind
        self._read = sessionmaker(read_bind, expire_on_commit=False)
        self.writes = 0
        self._write = sessionmaker(write_bind, expire_on_commit=False)

    # -- sessions -------------------------------------------------------------------------
    @contextmanager
    def read(self) -> Iterator[Session]:
        with self._read() as session, session.begin():
            yield session

    @contextmanager
    def query(self) -> Iterator[Connection]:
        """A connection for a read that is one statement, run without a transaction.

        One statement is a consistent snapshot on its own on both databases, so the
        ``BEGIN``/``COMMIT`` round trips and the ORM session are pure overhead there. Reads of
        several statements that must agree use ``read``."""
        with self._query.connect() as conn:
            yield conn

    @contextmanager
    def write(self) -> Iterator[Session]:
        try:
            with self._write() as session, session.begin():
                yield session
        finally:
            # Bumped once the transaction has ended (committed or not): whatever was read
            # before it may be stale. Caches of rows a write can change compare this.
            self.writes += 1

    def dispose(self) -> None:
        self.engine.dispose()

    # -- schema ---------------------------------------------------------------------------
    def head_revision(self) -> str | None:
        from alembic.script import ScriptDirectory

        return ScriptDirectory.from_config(alembic_config(self.url)).get_current_head()

    def current_revision(self) -> str | None:
        from alembic.runtime.migration import MigrationContext

        with self.engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()

    def is_empty(self) -> bool:
        return not inspect(self.engine).get_table_names()

    def ensure_schema(self) -> None:
        """Create a fresh database; refuse one at another revision, saying what to run."""
        if self.is_empty():
            self.upgrade(backup=False)
            return
        current, head = self.current_revision(), self.head_revision()
        if current == head:
            return
        from alembic.script import ScriptDirectory

        known = {
            s.revision
            for s in ScriptDirectory.from_config(alembic_config(self.url)).walk_revisions()
        }
        if current in known or current is None:
            raise SchemaMismatch(
                f"The jupyter-jms database at {self.display_url()} is at schema revision "
                f"{current or 'none'}, this version needs {head}. Run `jupyter jms db upgrade` "
                "(SQLite databases are backed up first)."
            )
        raise SchemaMismatch(
            f"The jupyter-jms database at {self.display_url()} is at schema revision {current}, "
            "which this version does not know: it was written by a newer jupyter-jms. "
            "Upgrade the package (`pip install --upgrade jupyter-jms`)."
        )

    def backup_sqlite(self) -> Path | None:
        """Copy the SQLite file beside itself before a migration; returns the copy's path."""
        if not self.is_sqlite:
            return None
        db = make_url(self.url).database
        if not db or db == ":memory:" or not Path(db).exists():
            return None
        stamp = datetime.now(timezone.utc).strftime("%Y%m%d-%H%M%S")
        target = Path(f"{db}.{self.current_revision() or 'none'}.{stamp}.bak")
        # sqlite's backup API copies a consistent snapshot even with WAL in use.
        raw = self.engine.raw_connection()
        try:
            import sqlite3

            dest = sqlite3.connect(str(target))
            try:
                raw.driver_connection.backup(dest)  # type: ignore[union-attr]
            finally:
                dest.close()
        finally:
            raw.close()
        shutil.copymode(db, target)
        return target

    def upgrade(self, backup: bool = True, revision: str = "head") -> Path | None:
        from alembic import command

        copy = self.backup_sqlite() if backup else None
        cfg = alembic_config(self.url)
        with self.engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, revision)
        return copy

    def display_url(self) -> str:
        return describe_url(self.url)
