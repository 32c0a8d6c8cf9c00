# SPDX-License-Identifier: Apache-2.0
"""The PostgreSQL engine (backend.pg): killed connections, deferred writes.

A pooled connection terminated server-side (``pg_terminate_backend``) is
found by the unit's first statement; the unit, which committed nothing, runs
again on a fresh connection and the kiosk sees no error. A connection lost
while COMMIT is on its way is ambiguous: the unit is not run again, the
error answers 503. Writes deferred to the next message are seen by the
statements after them, and one that fails fails the COMMIT: nothing of the
unit is kept.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from datetime import UTC, datetime

import pytest
from sqlalchemy import (
    Connection,
    Engine,
    Integer,
    bindparam,
    cast,
    create_engine,
    func,
    literal_column,
    select,
    text,
)
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError
from sqlalchemy.orm import Session

from backend.api.auth import NEW_CHALLENGE
from backend.api.calls import run_unit
from backend.api.deps import KIOSK_AND_CARD
from backend.models import AuditEntry, Challenge, ServiceRequest
from backend.pg import prepared
from backend.services import audit
from card.auth import canonical_json
from tests.backend.conftest import Env

CARD = "D00000190"

# PostgreSQL only: the shared env fixture, without its SQLite copy (which
# would only skip)
pytestmark = [
    pytest.mark.postgres,
    pytest.mark.parametrize("env", ["postgres"], indirect=True),
]


@pytest.fixture
def pg(env: Env) -> Env:
    """The PostgreSQL env."""
    assert env.ctx.engine.dialect.name == "postgresql"
    return env


def _kill_pool(engine: Engine) -> int:
    """Terminate every server process of ``engine``'s database but ours."""
    admin = create_engine(engine.url)
    try:
        with admin.connect() as conn:
            killed = conn.scalar(
                text(
                    "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                    " WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )
            )
            conn.commit()
    finally:
        admin.dispose()
    return int(killed or 0)


def _audit_count(engine: Engine, action: str) -> int:
    with Session(engine) as db:
        return int(
            db.scalar(
                select(func.count(AuditEntry.id)).where(AuditEntry.action == action)
            )
            or 0
        )


def test_killed_pooled_connections_are_replaced_transparently(pg: Env) -> None:
    resident = pg.login(CARD)
    assert pg.client.get("/api/v1/accounts", headers=resident).status_code == 200
    assert _kill_pool(pg.ctx.engine) >= 1
    assert pg.client.get("/api/v1/accounts", headers=resident).status_code == 200
    assert _kill_pool(pg.ctx.engine) >= 1
    assert pg.client.get("/healthz").json()["database"] == "ok"
    path, body = "/api/v1/transfers", {"kind": "medical", "to_region": "310000"}
    headers = pg.signer(CARD).submission_headers(pg.kiosk, path, canonical_json(body))
    assert _kill_pool(pg.ctx.engine) >= 1
    got = pg.client.post(path, json=body, headers=headers)
    assert got.status_code in (201, 409), got.text  # 409: an open one from another test
    with Session(pg.ctx.engine) as db:
        stored = db.scalar(
            select(func.count(ServiceRequest.id)).where(
                ServiceRequest.reference == got.json().get("reference", "-")
            )
        )
    assert stored == (1 if got.status_code == 201 else 0)


def test_unit_losing_its_connection_before_commit_runs_again(pg: Env) -> None:
    action, calls = f"test-{uuid.uuid4().hex[:8]}", []

    def work(db: Session) -> int:
        calls.append(1)
        db.execute(
            AuditEntry.__table__.insert(),
            {
                "at": pg.ctx.now(),
                "actor": "test",
                "action": action,
                "entity": "test",
                "entity_id": "1",
                "reason": "",
                "data": {},
            },
        )
        if len(calls) == 1:  # the server ends this connection mid-transaction
            db.execute(text("SELECT pg_terminate_backend(pg_backend_pid())"))
        return len(calls)

    assert asyncio.run(run_unit(pg.ctx, work)) == 2
    assert _audit_count(pg.ctx.engine, action) == 1  # the first attempt rolled back


def test_unit_losing_its_connection_during_commit_is_not_retried(pg: Env) -> None:
    action, calls = f"test-{uuid.uuid4().hex[:8]}", []

    def work(db: Session) -> None:
        calls.append(1)
        db.execute(text("SET LOCAL idle_in_transaction_session_timeout = 50"))
        db.execute(
            AuditEntry.__table__.insert(),
            {
                "at": pg.ctx.now(),
                "actor": "test",
                "action": action,
                "entity": "test",
                "entity_id": "1",
                "reason": "",
                "data": {},
            },
        )
        # the server drops the session while the transaction is idle, so the
        # COMMIT that follows finds the connection gone (outcome unknown to us)
        time.sleep(0.5)

    with pytest.raises(OperationalError):
        asyncio.run(run_unit(pg.ctx, work))
    assert calls == [1]
    assert _audit_count(pg.ctx.engine, action) == 0


def _audit(db: Session, action: str) -> None:
    audit.record(
        db,
        actor="test",
        action=action,
        entity="test",
        entity_id="1",
        at=datetime.now(UTC),
    )


def test_deferred_writes_are_seen_by_later_statements_and_committed(pg: Env) -> None:
    action = f"test-{uuid.uuid4().hex[:8]}"

    def work(db: Session) -> int:
        _audit(db, action)  # deferred: goes with the next statement
        return int(
            db.scalar(
                select(func.count(AuditEntry.id)).where(AuditEntry.action == action)
            )
            or 0
        )

    assert asyncio.run(run_unit(pg.ctx, work)) == 1
    assert _audit_count(pg.ctx.engine, action) == 1


def test_a_failing_deferred_write_fails_the_commit_and_rolls_back(pg: Env) -> None:
    action, challenge = f"test-{uuid.uuid4().hex[:8]}", str(uuid.uuid4())
    row = {
        "id": challenge,
        "nonce": b"\0" * 32,
        "kiosk_id": pg.kiosk_id,
        "card_number": CARD,
        "purpose": "session",
        "created_at": datetime.now(UTC),
        "expires_at": datetime.now(UTC),
    }

    def work(db: Session) -> None:
        _audit(db, action)
        db.connection().execute(NEW_CHALLENGE, row)
        db.connection().execute(NEW_CHALLENGE, row)  # same id: fails at COMMIT

    with pytest.raises(IntegrityError):
        asyncio.run(run_unit(pg.ctx, work))
    assert _audit_count(pg.ctx.engine, action) == 0
    with Session(pg.ctx.engine) as db:
        assert db.get(Challenge, challenge) is None
    # the connection went back to the pool usable (not inside the aborted
    # transaction): cycle through every pooled connection (a FIFO queue)
    for _ in range(pg.ctx.engine.pool.size() + 5):
        assert asyncio.run(run_unit(pg.ctx, lambda db: db.scalar(select(1)))) == 1


# --- prepared statements (backend.pg.prepared) --------------------------------

PREPARED_TEXT = prepared(
    select(
        literal_column("'50%'").label("literal"),
        # typed in SQL: PREPARE infers parameter types from their context
        cast(bindparam("a"), Integer) + cast(bindparam("b"), Integer),
        cast(bindparam("a"), Integer) * 2,
    )
)


def _prepared_names(conn: Connection) -> list[str]:
    return list(conn.scalars(text("SELECT name FROM pg_prepared_statements")))


def test_a_prepared_statement_is_prepared_once_per_connection(pg: Env) -> None:
    with pg.ctx.engine.connect() as conn:
        before = _prepared_names(conn)
        for a in range(5):  # a repeated name and a literal %, through PREPARE
            row = conn.execute(PREPARED_TEXT, {"a": a, "b": 10}).one()
            assert tuple(row) == ("50%", a + 10, a * 2)
        conn.rollback()
        made = [n for n in _prepared_names(conn) if n not in before]
        assert len(made) == 1 and made[0].startswith("ssc_")
        # still there after the rollback: PREPARE is not transactional
        assert conn.execute(PREPARED_TEXT, {"a": 1, "b": 1}).one()[1] == 2
        assert len(_prepared_names(conn)) == len(before) + 1


def test_a_failed_first_use_prepares_again_under_a_new_name(pg: Env) -> None:
    bad = {"a": 2**40, "b": 1}  # out of range for integer: the EXECUTE fails
    with pg.ctx.engine.connect() as conn:
        raw = conn.connection.dbapi_connection
        fresh = dict(raw.ssc_prepared)
        with pytest.raises(DBAPIError):
            conn.execute(PREPARED_TEXT, bad)
        conn.rollback()
        assert raw.ssc_prepared == fresh  # not recorded: the message failed
        assert conn.execute(PREPARED_TEXT, {"a": 3, "b": 4}).one()[1] == 7
        conn.rollback()


def test_a_hot_kiosk_statement_prepared_answers_as_unprepared(pg: Env) -> None:
    """The kiosk-and-card look-up runs as a prepared statement and returns the
    same row as the same statement sent as plain SQL."""
    params = {"kiosk_id": pg.kiosk_id, "number": CARD}
    plain = KIOSK_AND_CARD.execution_options(ssc_prepare=False)
    with pg.ctx.engine.connect() as conn:
        before = set(_prepared_names(conn))
        answers = [tuple(conn.execute(KIOSK_AND_CARD, params).one()) for _ in range(7)]
        made = conn.scalars(
            text(
                "SELECT statement FROM pg_prepared_statements WHERE name = ANY(:names)"
            ),
            {"names": [n for n in _prepared_names(conn) if n not in before]},
        ).all()
        assert tuple(conn.execute(plain, params).one()) == answers[0]
        conn.rollback()
    assert len(set(answers)) == 1 and answers[0][2] is not None  # the card row
    assert len(made) <= 1  # none if this pooled connection prepared it before
    assert all("kiosks" in m and "$1" in m and "%(" not in m for m in made)


def test_prepared_statements_off_sends_marked_statements_plain(pg: Env) -> None:
    """``[database] prepared_statements = false`` (behind a transaction pooler):
    a statement marked prepared runs, with the same answer, and no statement
    is PREPAREd on the server connection."""
    from backend.pg import make_postgres_engine

    engine = make_postgres_engine(
        pg.ctx.engine.url.render_as_string(hide_password=False),
        prepared_statements=False,
    )
    try:
        with engine.connect() as conn:
            for a in range(3):
                assert conn.execute(PREPARED_TEXT, {"a": a, "b": 1}).one()[1] == a + 1
            assert _prepared_names(conn) == []
            assert conn.connection.dbapi_connection.ssc_prepared == {}
            conn.rollback()
    finally:
        engine.dispose()
