# SPDX-License-Identifier: Apache-2.0
"""PostgreSQL engine: BEGIN sent with the first statement, no ping per checkout.

psycopg2 sends ``BEGIN`` as a round trip of its own before the first statement
of every transaction. Here the driver connection runs in autocommit mode and
the dialect sends ``BEGIN;`` in the same message as the transaction's first
statement (PostgreSQL's simple query protocol runs both; the result is the
statement's), then ``COMMIT``/``ROLLBACK`` itself when a transaction is open.
Transactions are exactly as before (same isolation level, same statements);
one round trip per transaction less.

``pool_pre_ping`` (a ``SELECT 1`` round trip per checkout) is replaced by a
ping only for connections that sat idle in the pool longer than
:data:`IDLE_PING_S`; a connection that died under a busy pool is found by its
first statement, SQLAlchemy then invalidates the whole pool, and the hot units
(:mod:`backend.api.calls`) and /healthz run again once on a fresh connection.
"""

from __future__ import annotations

import logging
import time
from typing import Any

import psycopg2.extensions
from sqlalchemy import Engine, create_engine, event, exc

log = logging.getLogger(__name__)

IDLE_PING_S = 10.0
_IDLE = psycopg2.extensions.TRANSACTION_STATUS_IDLE


class _Connection(psycopg2.extensions.connection):
    """A psycopg2 connection in autocommit mode with a pending-BEGIN flag."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.autocommit = True
        self.ssc_begin = False


def _raw(conn: Any) -> Any:
    """The driver connection behind a pool proxy (or itself)."""
    return getattr(conn, "dbapi_connection", conn)


def _with_begin(cursor: Any, statement: str) -> str:
    """``statement`` prefixed with the pending BEGIN of its connection."""
    conn = cursor.connection
    if getattr(conn, "ssc_begin", False):
        conn.ssc_begin = False
        return "BEGIN;" + statement
    return statement


def _install_dialect(engine: Engine) -> None:
    """Replace the dialect's transaction and execute hooks (see module doc)."""
    dialect: Any = engine.dialect
    plain_executemany = dialect.do_executemany

    def do_begin(conn: Any) -> None:
        _raw(conn).ssc_begin = True

    def _end(conn: Any, sql: str) -> None:
        raw = _raw(conn)
        raw.ssc_begin = False  # nothing was sent: nothing to end
        if raw.info.transaction_status != _IDLE:
            with raw.cursor() as cursor:
                cursor.execute(sql)

    def do_execute(cursor: Any, statement: str, params: Any, _ctx: Any = None) -> None:
        cursor.execute(_with_begin(cursor, statement), params)

    def do_execute_no_params(cursor: Any, statement: str, context: Any = None) -> None:
        cursor.execute(_with_begin(cursor, statement))

    def do_executemany(cursor: Any, sql: str, params: Any, ctx: Any = None) -> None:
        if getattr(cursor.connection, "ssc_begin", False):
            cursor.connection.ssc_begin = False
            cursor.execute("BEGIN")
        plain_executemany(cursor, sql, params, ctx)

    dialect.do_begin = do_begin
    dialect.do_commit = lambda conn: _end(conn, "COMMIT")
    dialect.do_rollback = lambda conn: _end(conn, "ROLLBACK")
    dialect.do_execute = do_execute
    dialect.do_execute_no_params = do_execute_no_params
    dialect.do_executemany = do_executemany


def _install_idle_ping(engine: Engine) -> None:
    """Ping a connection on checkout only when it sat idle for a while."""

    @event.listens_for(engine, "checkin")
    def _checked_in(_dbapi_conn: Any, record: Any) -> None:
        record.info["ssc_idle_since"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _checked_out(dbapi_conn: Any, record: Any, _proxy: Any) -> None:
        since = record.info.get("ssc_idle_since")
        if since is None or time.monotonic() - since < IDLE_PING_S:
            return
        try:
            alive = engine.dialect.do_ping(dbapi_conn)
        except engine.dialect.loaded_dbapi.Error as error:
            if not engine.dialect.is_disconnect(error, dbapi_conn, None):
                raise
            alive = False
        if not alive:
            log.info("idle pooled connection is gone; reconnecting")
            raise exc.DisconnectionError("idle connection closed by the server")


def make_postgres_engine(url: str) -> Engine:
    """An engine for PostgreSQL ``url`` (psycopg2; see module doc)."""
    engine = create_engine(
        url,
        connect_args={"connection_factory": _Connection},
        pool_size=20,
        max_overflow=30,
    )
    _install_dialect(engine)
    _install_idle_ping(engine)
    return engine

