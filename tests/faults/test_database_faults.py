# SPDX-License-Identifier: Apache-2.0
"""The backend's database locked (SQLite) or restarted (PostgreSQL) while a
kiosk submits through the real client and the durable outbox.

SQLite: another connection holds ``BEGIN EXCLUSIVE`` on the backend's file.
PostgreSQL: a private server (initdb + pg_ctl into a temporary directory, the
mechanism scripts/start-postgres.sh falls back to) is stopped and started
under the running backend; a private one so that other test runs on the
shared server are not disturbed. The backend is never restarted: it must
recover by itself (a dead pooled connection is replaced and the request run
again). Records are counted in the database.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import requests
import sqlalchemy as sa

from backend_client import EntryState, Outbox, RetryPolicy, prepare_submission
from backend_client.outbox import OutboxEntry
from tests.conftest import skip_or_fail
from tests.faults.support import MATRIX, request_count
from tests.live_backend import CardHolder, LiveBackend, free_port

ONE_TRY = RetryPolicy(attempts=1)
READ_TIMEOUT_S = 2.0


def _target_region(live: LiveBackend, holder: CardHolder) -> str:
    """Sign in once (while the database is fine) and pick another region."""
    with live.client() as client:
        session = holder.sign_in(client)
        own = session.me().person.hukou_region
        region = next(r.code for r in session.regions() if r.code != own)
        session.logout()
    return region


def _submit(
    live: LiveBackend,
    holder: CardHolder,
    outbox: Outbox,
    to_region: str,
    read_timeout: float = READ_TIMEOUT_S,
) -> OutboxEntry:
    """Card-signed transfer, stored in the outbox, delivered once (short timeout)."""
    prepared = prepare_submission(
        "transfer",
        {"kind": "medical", "to_region": to_region},
        live.kiosk.kiosk_id,
        holder.card_number,
    )
    entry_id = outbox.enqueue(prepared, holder.sign(prepared.digest))
    with live.client(read_timeout=read_timeout, retries=ONE_TRY) as client:
        return outbox.deliver(client, entry_id)


def _health(url: str) -> int:
    return requests.get(f"{url}/healthz", timeout=READ_TIMEOUT_S + 3).status_code


@contextmanager
def _exclusive_lock(db_path: Path) -> Iterator[None]:
    """Another connection holds ``BEGIN EXCLUSIVE`` on the backend's file."""
    locker = sqlite3.connect(db_path, isolation_level=None, timeout=30)
    try:
        locker.execute("BEGIN EXCLUSIVE")
        yield
    finally:
        locker.rollback()
        locker.close()


def _resident(
    live: LiveBackend, tmp_path: Path, index: int
) -> tuple[CardHolder, str, int, Outbox]:
    """A demo card's holder, a target region, its request count, a fresh outbox."""
    live.start()
    holder = CardHolder(live.copy_card(live.card("active", index), tmp_path))
    to_region = _target_region(live, holder)
    before = request_count(live.db_path, holder.card_number)
    outbox = Outbox(tmp_path / "outbox.sqlite3", retry_base_s=0.01, retry_max_s=0.02)
    return holder, to_region, before, outbox


def test_sqlite_locked_by_another_writer(live: LiveBackend, tmp_path: Path) -> None:
    """A foreign exclusive lock: the client gives up within its timeout, the
    entry stays pending, nothing is stored; released, exactly one record."""
    holder, to_region, before, outbox = _resident(live, tmp_path, 8)
    with _exclusive_lock(live.db_path):
        started = time.monotonic()
        entry = _submit(live, holder, outbox, to_region)
        waited = time.monotonic() - started
        health = _health(live.url)  # WAL: readers are not blocked
        during = request_count(live.db_path, holder.card_number) - before
    MATRIX.add(
        "sqlite locked (BEGIN EXCLUSIVE)",
        "submit (outbox)",
        f"{entry.state.value}: {entry.error_code}",
        during,
        f"gave up after {waited:.1f}s; healthz {health}",
    )
    assert entry.state is EntryState.PENDING and during == 0
    assert waited < READ_TIMEOUT_S + 3
    assert health == 200
    with live.client(read_timeout=30) as client:
        delivered = outbox.deliver_pending(client)
        again = outbox.deliver_pending(client)
    outbox.close()
    after = request_count(live.db_path, holder.card_number) - before
    MATRIX.add(
        "sqlite locked (BEGIN EXCLUSIVE)",
        "released, outbox flush",
        ", ".join(f"{e.state.value} (HTTP {e.result_status})" for e in delivered)
        or "nothing sent",
        after,
    )
    assert [e.state for e in delivered] == [EntryState.DELIVERED]
    assert again == [] and after == 1


def test_sqlite_locked_answers_503_within_the_kiosk_read_timeout(
    live: LiveBackend, tmp_path: Path
) -> None:
    """With the kiosk's own 10 s read timeout the backend gives up first: 503
    service_unavailable (not silence), the entry stays pending, nothing stored."""
    from backend.db import BUSY_TIMEOUT_MS, GATE_TIMEOUT

    holder, to_region, before, outbox = _resident(live, tmp_path, 9)
    with _exclusive_lock(live.db_path):
        started = time.monotonic()
        entry = _submit(live, holder, outbox, to_region, read_timeout=10.0)
        waited = time.monotonic() - started
    during = request_count(live.db_path, holder.card_number) - before
    MATRIX.add(
        "sqlite locked (BEGIN EXCLUSIVE)",
        "submit, 10 s read timeout",
        f"{entry.state.value}: {entry.error_code} (HTTP {entry.result_status})",
        during,
        f"answered after {waited:.1f}s",
    )
    assert entry.state is EntryState.PENDING
    assert entry.error_code == "service_unavailable"
    assert during == 0
    assert waited < 10.0 and GATE_TIMEOUT + BUSY_TIMEOUT_MS / 1000 < 10.0
    with live.client(read_timeout=30) as client:
        # Retry-After may not have passed yet: deliver this entry now, as the
        # kiosk does for the resident still at the screen
        assert outbox.deliver(client, entry.entry_id).state is EntryState.DELIVERED
    outbox.close()
    assert live.reject_open_requests(holder.demo.ssn) == 1


class PrivatePostgres:
    """A PostgreSQL server of our own on a free loopback port (initdb + pg_ctl)."""

    def __init__(self) -> None:
        found = sorted(
            Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"),
            key=lambda p: int(p.parts[-3]),
        )
        if not found:
            skip_or_fail("PostgreSQL server binaries are not installed")
        self.bindir = found[-1].parent
        # /tmp/pytest-of-root is private: the server user must reach its data
        self.root = Path(tempfile.mkdtemp(prefix="ssc-pg-fault-"))
        self.data = self.root / "data"
        self.port = free_port()
        self.url = f"postgresql+psycopg2://postgres@127.0.0.1:{self.port}/postgres"

    def _run(self, tool: str, *args: str) -> None:
        cmd = [str(self.bindir / tool), *args]
        if os.getuid() == 0:
            cmd = ["runuser", "-u", "postgres", "--", *cmd]
        done = subprocess.run(
            cmd, capture_output=True, text=True, timeout=60, check=False
        )
        if done.returncode != 0:
            raise RuntimeError(f"{tool} failed: {done.stdout}\n{done.stderr}")

    def init(self) -> None:
        os.chmod(self.root, 0o755)
        self.data.mkdir()
        if os.getuid() == 0:
            shutil.chown(self.data, "postgres", "postgres")
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "-A", "trust")

    def start(self) -> None:
        self._run(
            "pg_ctl",
            "-D",
            str(self.data),
            "-l",
            str(self.data / "log"),
            "-o",
            f"-p {self.port} -k {self.data} -c listen_addresses=127.0.0.1",
            "-w",
            "start",
        )

    def stop(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")

    def running(self) -> bool:
        return (self.data / "postmaster.pid").exists()

    def destroy(self) -> None:
        if self.running():
            self.stop()
        shutil.rmtree(self.root, ignore_errors=True)


@pytest.fixture
def pg_backend(tmp_path: Path) -> Iterator[tuple[PrivatePostgres, LiveBackend]]:
    """The backend subprocess on a private PostgreSQL server, demo data seeded."""
    server = PrivatePostgres()
    try:
        server.init()
        server.start()
        backend = LiveBackend(tmp_path / "backend")
        backend.database_url = server.url
        backend.seed()
        backend.start()
        try:
            yield server, backend
        finally:
            backend.stop()
    finally:
        server.destroy()


def _pg_count(url: str, card_number: str) -> int:
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            return int(
                conn.scalar(
                    sa.text(
                        "SELECT count(*) FROM service_requests WHERE card_number = :c"
                    ),
                    {"c": card_number},
                )
            )
    finally:
        engine.dispose()


@pytest.mark.postgres
def test_postgres_restarted_under_the_backend(
    pg_backend: tuple[PrivatePostgres, LiveBackend], tmp_path: Path
) -> None:
    """Server down: healthz 503, submissions stay pending, nothing stored.
    Server back: the same backend process answers again (stale pooled
    connections are replaced) and each entry is delivered exactly once."""
    server, live = pg_backend
    holders = [
        CardHolder(live.copy_card(live.card("active", i), tmp_path / str(i)))
        for i in (8, 9)
    ]
    regions = {h.card_number: _target_region(live, h) for h in holders}
    outbox = Outbox(tmp_path / "outbox.sqlite3", retry_base_s=0.01, retry_max_s=0.02)
    server.stop()
    try:
        health_down = _health(live.url)
        entries = [_submit(live, h, outbox, regions[h.card_number]) for h in holders]
    finally:
        server.start()
    stored = {
        h.card_number: _pg_count(live.database_url, h.card_number) for h in holders
    }
    during = sum(stored.values())
    for entry in entries:
        MATRIX.add(
            "postgres restarted",
            f"submit while down ({entry.card_number})",
            f"{entry.state.value}: {entry.error_code}",
            stored[entry.card_number],
            f"healthz {health_down}",
        )
    assert health_down == 503
    assert [e.state for e in entries] == [EntryState.PENDING] * 2 and during == 0
    # the backend says "database unavailable, retry later", not a server fault
    assert {e.error_code for e in entries} == {"service_unavailable"}
    health_up = _health(live.url)
    with live.client(read_timeout=30) as client:
        delivered = outbox.deliver_pending(client)
        again = outbox.deliver_pending(client)
    outbox.close()
    after = {
        h.card_number: _pg_count(live.database_url, h.card_number) for h in holders
    }
    MATRIX.add(
        "postgres restarted",
        "server back, outbox flush (same backend)",
        ", ".join(f"{e.state.value} (HTTP {e.result_status})" for e in delivered)
        or "nothing sent",
        sum(after.values()),
        f"healthz {health_up}",
    )
    assert live.running and health_up == 200
    assert [e.state for e in delivered] == [EntryState.DELIVERED] * 2
    assert again == [] and set(after.values()) == {1}
    server.stop()  # a quiet restart: no request sees the outage, the pool
    server.start()  # still holds connections to the old server
    quiet = _health(live.url)
    MATRIX.add(
        "postgres restarted", "quiet restart, first request", f"healthz {quiet}", "-"
    )
    assert quiet == 200
