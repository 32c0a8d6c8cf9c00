# SPDX-License-Identifier: Apache-2.0
"""Engine, sessions and Alembic migrations (the only way the schema is made).

SQLite runs in WAL mode with a bounded busy timeout, and every transaction starts
with ``BEGIN IMMEDIATE``: a deferred transaction that reads and then writes can
deadlock against another writer, so writers take the lock up front;
``synchronous=NORMAL`` drops the fsync of every commit. Writers of
one process first queue on an in-process gate (SQLite's own busy handler polls
with sleeps of up to 100 ms, which made p99 latencies of seconds under load);
transactions marked with :func:`read_only` start a plain deferred ``BEGIN``,
which in WAL mode neither waits for nor blocks a writer.
"""

from __future__ import annotations

import functools
import logging
import sqlite3
import threading
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

log = logging.getLogger(__name__)

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
READ_ONLY = "ssc_read_only"
NO_WAIT = "ssc_no_wait"
UNIT_CONNECTION = "ssc_unit_connection"
# A writer waits at most about 9 s (gate, then SQLite's busy handler) and then
# answers 503 service_unavailable with Retry-After: within the kiosk client's
# 10 s read timeout, so a locked file is reported as such instead of as silence.
GATE_TIMEOUT = 4.0
BUSY_TIMEOUT_MS = 5_000


class WriterBusy(Exception):  # noqa: N818 - a signal, not an error to report
    """A no-wait transaction could not start at once (another writer holds
    SQLite's lock); nothing was done, the caller runs the work where it may wait."""


def begin_unit(db: Session, *, no_wait: bool, readonly: bool = False) -> None:
    """Begin ``db``'s transaction, marked ``no_wait`` (SQLite: raise
    :class:`WriterBusy` at BEGIN instead of waiting for the writer lock; for
    work run on the event loop) and/or read-only (see :func:`read_only`), and
    keep its connection for :func:`connection_of` until :func:`end_unit`."""
    options = {NO_WAIT: no_wait, READ_ONLY: readonly}
    db.info[UNIT_CONNECTION] = db.connection(execution_options=options)


def end_unit(db: Session) -> None:
    """Forget the connection :func:`begin_unit` kept (the transaction ended)."""
    db.info.pop(UNIT_CONNECTION, None)


def connection_of(db: Session) -> Connection:
    """The connection of ``db``'s transaction: the one a unit kept (no walk
    through the session's transaction state per statement), else
    ``db.connection()``. A unit's session has one bind and one transaction, so
    its connection cannot change while it runs."""
    conn: Connection | None = db.info.get(UNIT_CONNECTION)
    return conn if conn is not None else db.connection()


KEEP_ON_ERROR = "ssc_keep_on_error"


def keep_on_error(db: Session) -> None:
    """Commit what this unit wrote so far even if it then fails with an ApiError
    (a used challenge, a recorded refusal: backend.api.calls)."""
    db.info[KEEP_ON_ERROR] = True


def read_only(db: Session) -> None:
    """Run ``db``'s next transaction as read-only (SQLite: deferred ``BEGIN``).

    Only for transactions that never write: a deferred SQLite transaction that
    later writes fails with "database is locked" if another writer got in first.
    A no-op when a transaction is already open.
    """
    if not db.in_transaction():
        db.connection(execution_options={READ_ONLY: True})


class WriterGate:
    """An in-process queue for SQLite's single writer lock.

    Held from ``BEGIN IMMEDIATE`` until the connection goes back to the pool
    (a session returns it as its transaction ends; a connection that begins
    again before that keeps it), owned by the DBAPI connection, releasable from any
    thread. SQLite's lock stays the real guard: a gate not obtained within
    ``GATE_TIMEOUT`` seconds is skipped, so other processes sharing the file
    and a lost release can slow writers down but never let two in at once.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._owner: object | None = None

    def acquire(self, owner: object) -> None:
        """Wait for the gate on behalf of ``owner`` (a DBAPI connection)."""
        if self._owner is owner:
            return
        if self._lock.acquire(timeout=GATE_TIMEOUT):
            self._owner = owner
        else:
            log.warning("SQLite writer gate not obtained; relying on busy timeout")

    def try_acquire(self, owner: object) -> bool:
        """Take the gate for ``owner`` only if that needs no waiting."""
        if self._owner is owner:
            return True
        if self._lock.acquire(blocking=False):
            self._owner = owner
            return True
        return False

    def release(self, owner: object) -> None:
        """Open the gate if ``owner`` holds it (idempotent)."""
        if self._owner is owner and owner is not None:
            self._owner = None
            self._lock.release()


def make_engine(url: str, *, prepared_statements: bool = True) -> Engine:
    """An engine for ``url``; SQLite gets WAL, busy timeout and BEGIN IMMEDIATE.
    ``prepared_statements``: PostgreSQL's hot statements PREPAREd per connection
    (off behind a transaction-pooling PgBouncer; backend/pg.py)."""
    if make_url(url).get_driver_name() == "psycopg2":
        from backend.pg import make_postgres_engine

        return make_postgres_engine(url, prepared_statements=prepared_statements)
    if not url.startswith("sqlite"):
        return create_engine(url, pool_pre_ping=True, pool_size=20, max_overflow=30)
    if url.startswith("sqlite:///") and url != "sqlite:///:memory:":
        Path(url[len("sqlite:///") :]).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(
        url,
        connect_args={"timeout": BUSY_TIMEOUT_MS / 1000, "check_same_thread": False},
        pool_size=10,
        max_overflow=50,
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # we emit BEGIN ourselves
        cursor = dbapi_conn.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        # WAL + NORMAL: no fsync per commit (only at checkpoints); the database
        # stays consistent, a power cut may lose the last commits (not a crash
        # of the process). Production runs PostgreSQL (docs/backend.md).
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.close()

    _install_begin(engine, WriterGate())
    return engine


def _install_begin(engine: Engine, gate: WriterGate) -> None:
    """``BEGIN IMMEDIATE`` behind ``gate``, or ``BEGIN`` for read-only work."""

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        options = conn.get_execution_options()
        if options.get(READ_ONLY):
            conn.exec_driver_sql("BEGIN")
            return
        owner = conn.connection.dbapi_connection
        if options.get(NO_WAIT):
            _begin_no_wait(owner, gate)
            return
        gate.acquire(owner)
        try:
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        except BaseException:
            gate.release(owner)
            raise

    # the commit/rollback events fire BEFORE the statement runs: release when
    # the connection is back in the pool (a Session returns it right after)
    def _returned(dbapi_conn: Any, *_: Any) -> None:
        gate.release(dbapi_conn)

    event.listen(engine.pool, "checkin", _returned)
    event.listen(engine.pool, "invalidate", _returned)


def _begin_no_wait(owner: Any, gate: WriterGate) -> None:
    """``BEGIN IMMEDIATE`` only if neither the gate nor SQLite's lock is held."""
    if not gate.try_acquire(owner):
        raise WriterBusy("writer gate held")
    owner.execute("PRAGMA busy_timeout=0")
    try:
        owner.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as exc:
        gate.release(owner)
        raise WriterBusy("SQLite writer lock held") from exc
    except BaseException:
        gate.release(owner)
        raise
    finally:
        owner.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")


def is_disconnect(error: BaseException) -> bool:
    """Whether ``error`` is SQLAlchemy's report of a lost database connection
    (the connection, and the pool's older ones, are then invalidated)."""
    return isinstance(error, DBAPIError) and error.connection_invalidated


def make_sessionmaker(engine: Engine) -> sessionmaker[Session]:
    """Sessions that keep loaded objects usable after commit."""
    return sessionmaker(engine, expire_on_commit=False)


def alembic_config(url: str) -> Any:
    """An Alembic config pointing at our migrations and ``url``."""
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


# the PostgreSQL advisory lock held around an upgrade (migrations/env.py), so
# replicas running `ss-backend migrate` at once upgrade one after the other
MIGRATION_LOCK = 0x5353_435F_4D49_4752  # "SSC_MIGR"


def migrate(url: str) -> None:
    """Bring the database at ``url`` to the newest schema revision."""
    from alembic import command

    log.info("running migrations")
    command.upgrade(alembic_config(url), "head")


@functools.cache
def schema_heads() -> frozenset[str]:
    """The head revision(s) of our migrations: the schema this code needs."""
    from alembic.script import ScriptDirectory

    return frozenset(ScriptDirectory.from_config(alembic_config("")).get_heads())


def schema_revisions(conn: Connection) -> frozenset[str]:
    """The revision(s) the database at ``conn`` is at (empty: never migrated)."""
    from alembic.runtime.migration import MigrationContext

    return frozenset(MigrationContext.configure(conn).get_current_heads())
