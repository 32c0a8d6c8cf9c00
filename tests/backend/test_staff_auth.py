# SPDX-License-Identifier: Apache-2.0
"""Staff sign-in on both engines: throttling per source address, lockout per
username (answered like a wrong password, lifting on time), every failure
audited without the password, logout, and tokens ending on a password reset
and on disabling the operator."""

from __future__ import annotations

import dataclasses
import sqlite3
import uuid
from collections.abc import Iterator
from datetime import datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, select, text

from backend.app import create_app
from backend.context import AppContext
from backend.models import AuditEntry, utcnow
from backend.services import staffauth
from backend.services.operators import disable_operator, upsert_operator
from tests.backend.conftest import Env, error_code

STAFF = "/api/v1/staff"
PER_USER, PER_ADDRESS, WINDOW_S = 3, 6, 600
SECRET_PASSWORD = "s3cret-Password-for-tests"


@dataclasses.dataclass
class Clock:
    """A clock the test moves forward."""

    at: datetime

    def __call__(self) -> datetime:
        return self.at


@dataclasses.dataclass
class Station:
    """An app over the env's database with small login limits and our clock."""

    env: Env
    ctx: AppContext
    clock: Clock

    def client(self, address: str) -> TestClient:
        return TestClient(
            create_app(self.ctx.settings, ctx=self.ctx), client=(address, 40000)
        )

    def operator(self, *roles: str) -> str:
        """A fresh operator (its own lockout bucket) with ``SECRET_PASSWORD``."""
        name = f"op-{uuid.uuid4().hex[:10]}"
        with self.ctx.sessions() as db:
            upsert_operator(
                db, name, SECRET_PASSWORD, set(roles or ("issuer",)), now=self.clock()
            )
            db.commit()
        return name

    def audit(self, username: str = "", address: str = "") -> list[AuditEntry]:
        with self.ctx.sessions() as db:
            rows = db.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
        return [
            r
            for r in rows
            if (username and r.entity_id == username)
            or (address and r.actor == f"address:{address}")
        ]


@pytest.fixture
def station(env: Env) -> Iterator[Station]:
    clock = Clock(utcnow())
    settings = dataclasses.replace(
        env.ctx.settings,
        rate_limits=dataclasses.replace(
            env.ctx.settings.rate_limits,
            staff_login_failures_per_user=PER_USER,
            staff_login_failures_per_address=PER_ADDRESS,
            staff_login_window_seconds=WINDOW_S,
        ),
    )
    ctx = AppContext(
        settings=settings, engine=env.ctx.engine, sessions=env.ctx.sessions, clock=clock
    )
    yield Station(env=env, ctx=ctx, clock=clock)


def _address() -> str:
    return (
        f"10.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}"
    )


def _login(client: TestClient, username: str, password: str):  # type: ignore[no-untyped-def]
    return client.post(
        f"{STAFF}/login", json={"username": username, "password": password}
    )


def test_lockout_answers_like_a_wrong_password_and_lifts_on_time(
    station: Station,
) -> None:
    name = station.operator()
    http = station.client(_address())
    wrong = [_login(http, name, f"wrong-{i}") for i in range(PER_USER)]
    assert {(r.status_code, error_code(r)) for r in wrong} == {
        (401, "staff_unauthorized")
    }
    locked = _login(http, name, SECRET_PASSWORD)  # the right password, locked
    assert (locked.status_code, locked.json()["error"]["message"]) == (
        wrong[0].status_code,
        wrong[0].json()["error"]["message"],
    )
    other = station.client(_address())  # the lock is per username, any address
    assert _login(other, name, SECRET_PASSWORD).status_code == 401
    station.clock.at += timedelta(seconds=WINDOW_S + 1)  # the failures age out
    assert _login(other, name, SECRET_PASSWORD).status_code == 200


def test_unknown_usernames_lock_alike(station: Station) -> None:
    """The lock does not tell which usernames exist."""
    http = station.client(_address())
    ghost = f"ghost-{uuid.uuid4().hex[:8]}"
    answers = {
        (r.status_code, r.json()["error"]["message"])
        for r in (_login(http, ghost, "whatever-1") for _ in range(PER_USER + 1))
    }
    assert len(answers) == 1


def test_address_is_rate_limited_then_waits(station: Station) -> None:
    address = _address()
    http = station.client(address)
    for i in range(PER_ADDRESS):  # distinct usernames: no lockout involved
        assert (
            _login(http, f"nobody-{i}-{uuid.uuid4().hex[:6]}", "x" * 8).status_code
            == 401
        )
    name = station.operator()
    refused = _login(http, name, SECRET_PASSWORD)
    assert (refused.status_code, error_code(refused)) == (429, "rate_limited")
    assert int(refused.headers["Retry-After"]) > 0
    assert _login(station.client(_address()), name, SECRET_PASSWORD).status_code == 200
    station.clock.at += timedelta(seconds=int(refused.headers["Retry-After"]))
    assert _login(http, name, SECRET_PASSWORD).status_code == 200


def test_every_failure_is_audited_without_the_password(station: Station) -> None:
    address = _address()
    http = station.client(address)
    name = station.operator()
    _login(http, name, SECRET_PASSWORD + "-typo")
    _login(http, SECRET_PASSWORD, "the password typed as the username")
    entries = station.audit(address=address)
    assert [(e.action, e.entity_id, e.data["reason"]) for e in entries] == [
        ("staff_login_failed", name, "wrong_password"),
        ("staff_login_failed", "", "unknown_user"),
    ]
    assert all(e.data["address"] == address for e in entries)
    everything = repr(
        [
            (e.actor, e.entity_id, e.reason, e.data)
            for e in station.audit(username=name, address=address)
        ]
    )
    assert SECRET_PASSWORD not in everything


def _bearer(http: TestClient, username: str) -> dict[str, str]:
    token = _login(http, username, SECRET_PASSWORD).json()["token"]
    return {"Authorization": f"Bearer {token}"}


def _me(http: TestClient, token: str) -> int:
    got = http.get(f"{STAFF}/reviews", headers={"Authorization": f"Bearer {token}"})
    return got.status_code


def test_logout_ends_the_token(station: Station) -> None:
    http = station.client(_address())
    name = station.operator("reviewer")
    token = _login(http, name, SECRET_PASSWORD).json()["token"]
    assert _me(http, token) == 200
    bearer = {"Authorization": f"Bearer {token}"}
    assert http.post(f"{STAFF}/logout", headers=bearer).status_code == 204
    assert _me(http, token) == 401
    assert http.post(f"{STAFF}/logout", headers=bearer).status_code == 204  # idempotent
    assert [e.action for e in station.audit(username=name)][-1] == "staff_logout"


def test_password_reset_and_disable_end_every_token(station: Station) -> None:
    http = station.client(_address())
    name = station.operator("reviewer")
    tokens = [_login(http, name, SECRET_PASSWORD).json()["token"] for _ in range(2)]
    with station.ctx.sessions() as db:
        upsert_operator(
            db, name, "another-password-1", {"reviewer"}, now=station.clock()
        )
        db.commit()
    assert [_me(http, t) for t in tokens] == [401, 401]
    token = _login(http, name, "another-password-1").json()["token"]
    with station.ctx.sessions() as db:
        assert disable_operator(db, name, now=station.clock(), reason="left") == 1
        db.commit()
    assert _me(http, token) == 401
    assert _login(http, name, "another-password-1").status_code == 401


def test_admin_lists_and_disables_operators(station: Station) -> None:
    http = station.client(_address())
    admin = station.operator("admin")
    victim = station.operator("issuer")
    victim_token = _login(http, victim, SECRET_PASSWORD).json()["token"]
    bearer = _bearer(http, admin)
    listed = http.get(f"{STAFF}/operators", headers=bearer).json()["items"]
    mine = next(o for o in listed if o["username"] == victim)
    assert (mine["roles"], mine["disabled"], mine["open_sessions"]) == (
        ["issuer"],
        False,
        1,
    )
    assert "password_hash" not in mine
    done = http.post(
        f"{STAFF}/operators/{victim}/disable", json={"reason": "left"}, headers=bearer
    )
    assert done.status_code == 200, done.text
    assert (done.json()["disabled"], done.json()["open_sessions"]) == (True, 0)
    assert _me(http, victim_token) == 401
    self_disable = http.post(
        f"{STAFF}/operators/{admin}/disable", json={"reason": "x"}, headers=bearer
    )
    assert (self_disable.status_code, error_code(self_disable)) == (409, "conflict")
    unknown = http.post(
        f"{STAFF}/operators/nobody-{uuid.uuid4().hex[:6]}/disable",
        json={"reason": "x"},
        headers=bearer,
    )
    assert unknown.status_code == 404
    issuer = _bearer(http, station.operator("issuer"))
    assert (
        error_code(http.get(f"{STAFF}/operators", headers=issuer)) == "forbidden_role"
    )


def _open_transactions_elsewhere(station: Station) -> bool:
    """Whether any connection of the app has a transaction open right now:
    SQLite, another connection cannot take the writer lock; PostgreSQL, a
    session of this database is idle in a transaction."""
    url = station.ctx.settings.database_url
    if url.startswith("sqlite"):
        probe = sqlite3.connect(url.removeprefix("sqlite:///"), timeout=0)
        try:
            probe.execute("BEGIN IMMEDIATE")
            probe.rollback()
            return False
        except sqlite3.OperationalError:
            return True
        finally:
            probe.close()
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            waiting = conn.execute(
                text(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = "
                    "current_database() AND state LIKE 'idle in transaction%'"
                )
            ).scalar_one()
    finally:
        engine.dispose()
    return bool(waiting)


def test_no_transaction_is_open_while_the_password_is_checked(
    station: Station, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The slow hash runs outside any transaction: on SQLite a writing one
    would hold the writer lock and stall every kiosk meanwhile."""
    seen: list[bool] = []
    real_check = staffauth.check_secret

    def check_and_look(secret: str, stored: str) -> bool:
        seen.append(_open_transactions_elsewhere(station))
        return real_check(secret, stored)

    monkeypatch.setattr(staffauth, "check_secret", check_and_look)
    http = station.client(_address())
    name = station.operator()
    assert _login(http, name, "wrong password!").status_code == 401
    assert _login(http, name, SECRET_PASSWORD).status_code == 200
    assert seen == [False, False]
