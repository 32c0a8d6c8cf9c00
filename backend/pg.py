# SPDX-License-Identifier: Apache-2.0
"""PostgreSQL engine: BEGIN sent with the first statement, no ping per checkout.

psycopg2 sends ``BEGIN`` as a round trip of its own before the first statement
of every transaction. Here the driver connection runs in autocommit mode and
the dialect sends ``BEGIN;`` in the same message as the transaction's first
statement (PostgreSQL's simple query protocol runs both; the result is the
statement's), then ``COMMIT``/``ROLLBACK`` itself when a transaction is open.
Transactions are exactly as before (same isolation level, same statements);
one round trip per transaction less.

Writes whose answer nobody reads (audit entries, timeline entries, new
challenges and sessions: statements built with ``execution_options(
ssc_defer=True)``, see :func:`deferred`) are not sent on their own: they ride
in the same message as the transaction's next statement or its COMMIT, in
order. PostgreSQL runs the statements of a message in sequence and stops at
the first error, so a failing deferred write fails that statement or the
COMMIT (and the unit rolls back) instead of its own round trip.

``pool_pre_ping`` (a ``SELECT 1`` round trip per checkout) is replaced by a
ping only for connections that sat idle in the pool longer than
:data:`IDLE_PING_S`; a connection that died under a busy pool is found by its
first statement, SQLAlchemy then invalidates the whole pool, and the hot units
(:mod:`backend.api.calls`) and /healthz run again once on a fresh connection.

Hot reads and updates marked :func:`prepared` run as SQL ``PREPARE``/``EXECUTE``
per connection, unless ``[database] prepared_statements = false`` (behind a
transaction-pooling PgBouncer, see :func:`make_postgres_engine`).
"""

from __future__ import annotations

import logging
import re
import time
from functools import lru_cache
from typing import Any, TypeVar

import psycopg2.extensions
from sqlalchemy import Engine, Executable, create_engine, event, exc

log = logging.getLogger(__name__)

IDLE_PING_S = 10.0
DEFER = "ssc_defer"
PREPARE = "ssc_prepare"
_IDLE = psycopg2.extensions.TRANSACTION_STATUS_IDLE

S = TypeVar("S", bound=Executable)


def prepared(statement: S) -> S:
    """``statement`` (a hot read or update with parameters) marked to run as a
    server-side prepared statement on PostgreSQL: parsed and planned once per
    connection instead of on every call; elsewhere it runs as usual."""
    return statement.execution_options(**{PREPARE: True})


def deferred(statement: S) -> S:
    """``statement`` (a write whose result is not needed) marked to ride with
    the next message on PostgreSQL; elsewhere it runs as usual."""
    return statement.execution_options(**{DEFER: True})


class _Connection(psycopg2.extensions.connection):
    """A psycopg2 connection in autocommit mode with a pending-BEGIN flag."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.autocommit = True
        self.ssc_begin = False
        self.ssc_deferred: list[bytes] = []
        self.ssc_prepared: dict[str, str] = {}  # statement text -> prepared name
        self.ssc_names = 0

    def pending(self) -> bytes:
        """The pending BEGIN and deferred writes as one message prefix (taken)."""
        head = b"BEGIN;" if self.ssc_begin else b""
        self.ssc_begin = False
        head += b"".join(sql + b";" for sql in self.ssc_deferred)
        self.ssc_deferred.clear()
        return head


def _raw(conn: Any) -> Any:
    """The driver connection behind a pool proxy (or itself)."""
    return getattr(conn, "dbapi_connection", conn)


def _send(
    cursor: Any, statement: str, params: Any, context: Any, prepare: bool = True
) -> None:
    """Execute ``statement``, with what is pending on its connection, or defer it
    (``prepare``: statements marked :func:`prepared` run as PREPARE/EXECUTE)."""
    conn = cursor.connection
    options = context.execution_options if context is not None else {}
    if options.get(DEFER):
        conn.ssc_deferred.append(cursor.mogrify(statement, params))
        return
    if prepare and options.get(PREPARE) and isinstance(params, dict) and params:
        _send_prepared(cursor, statement, params)
        return
    head = conn.pending()
    if not head:
        if params is None:
            cursor.execute(statement)
        else:
            cursor.execute(statement, params)
    else:  # one message; already interpolated, so no parameters are passed
        cursor.execute(head + cursor.mogrify(statement, params))


_PLACEHOLDER = re.compile(r"%\(([^)]+)\)s|%%")


@lru_cache(maxsize=512)
def _positional(statement: str) -> tuple[bytes, bytes]:
    """``statement`` (pyformat) as PREPARE text with $n parameters, and the
    pyformat argument list of its EXECUTE (each name once, in order)."""
    names: list[str] = []

    def number(match: re.Match[str]) -> str:
        if match.group(0) == "%%":
            return "%"
        if match.group(1) not in names:
            names.append(match.group(1))
        return f"${names.index(match.group(1)) + 1}"

    text = _PLACEHOLDER.sub(number, statement)
    arguments = ", ".join(f"%({name})s" for name in names)
    return text.encode(), arguments.encode()


def _send_prepared(cursor: Any, statement: str, params: dict[str, Any]) -> None:
    """``EXECUTE`` the connection's prepared form of ``statement``, preparing
    it first (in the same message) on the connection's first use.

    A name is recorded only once its message succeeded; after a failure the
    next use prepares under a new name (PREPARE is not undone by a rollback,
    so reusing the name could collide with a statement that did get made)."""
    conn = cursor.connection
    text, arguments = _positional(statement)
    name = conn.ssc_prepared.get(statement)
    head = conn.pending()
    new = name is None
    if new:
        conn.ssc_names += 1
        name = f"ssc_{conn.ssc_names}"
        head += b"PREPARE " + name.encode() + b" AS " + text + b";"
    call = b"EXECUTE " + name.encode() + b"(" + arguments + b")"
    cursor.execute(head + cursor.mogrify(call, params))
    if new:
        conn.ssc_prepared[statement] = name


def _abandon(raw: Any) -> None:
    """Roll back what a failed message left open: SQLAlchemy takes a failed
    commit as the end of the transaction and resets nothing afterwards."""
    if raw.closed or raw.info.transaction_status == _IDLE:
        return
    try:
        with raw.cursor() as cursor:
            cursor.execute("ROLLBACK")
    except psycopg2.Error:
        log.warning("rollback after a failed commit failed")


def _install_dialect(engine: Engine, prepare: bool) -> None:
    """Replace the dialect's transaction and execute hooks (see module doc)."""
    dialect: Any = engine.dialect
    plain_executemany = dialect.do_executemany

    def do_begin(conn: Any) -> None:
        _raw(conn).ssc_begin = True

    def do_commit(conn: Any) -> None:
        raw = _raw(conn)
        if raw.ssc_deferred:  # BEGIN (if pending), the deferred writes, COMMIT
            try:
                with raw.cursor() as cursor:
                    cursor.execute(raw.pending() + b"COMMIT")
            except psycopg2.Error:
                _abandon(raw)  # a write failed before COMMIT ran
                raise
            return
        raw.ssc_begin = False  # nothing was sent: nothing to end
        if raw.info.transaction_status != _IDLE:
            with raw.cursor() as cursor:
                cursor.execute("COMMIT")

    def do_rollback(conn: Any) -> None:
        raw = _raw(conn)
        raw.ssc_begin = False
        raw.ssc_deferred.clear()  # never sent: nothing to undo
        if raw.info.transaction_status != _IDLE:
            with raw.cursor() as cursor:
                cursor.execute("ROLLBACK")

    def do_execute(cursor: Any, sql: str, params: Any, ctx: Any = None) -> None:
        _send(cursor, sql, params, ctx, prepare)

    def do_execute_no_params(cursor: Any, sql: str, ctx: Any = None) -> None:
        _send(cursor, sql, None, ctx, prepare)

    def do_executemany(cursor: Any, sql: str, params: Any, ctx: Any = None) -> None:
        head = cursor.connection.pending()
        if head:
            cursor.execute(head)
        plain_executemany(cursor, sql, params, ctx)

    dialect.do_begin = do_begin
    dialect.do_commit = do_commit
    dialect.do_rollback = do_rollback
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


def make_postgres_engine(url: str, *, prepared_statements: bool = True) -> Engine:
    """An engine for PostgreSQL ``url`` (psycopg2; see module doc).

    ``prepared_statements=False`` sends the statements marked :func:`prepared`
    as plain ones: a pooler in transaction mode (PgBouncer's
    ``pool_mode = transaction``) hands each transaction whichever server
    connection is free, where a statement PREPAREd on another one is unknown
    (docs/scale.md)."""
    engine = create_engine(
        url,
        connect_args={"connection_factory": _Connection},
        pool_size=20,
        max_overflow=30,
    )
    _install_dialect(engine, prepared_statements)
    _install_idle_ping(engine)
    return engine
