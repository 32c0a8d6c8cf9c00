# SPDX-License-Identifier: Apache-2.0
"""``ss-backend migrate`` from several replicas at once on PostgreSQL: one
upgrades under an advisory lock, the others wait and find the schema current.
Real processes, a fresh database, the password from the environment."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url

from backend.db import MIGRATION_LOCK, schema_heads
from tests.conftest import ROOT, new_postgres_database

pytestmark = pytest.mark.postgres

REPLICAS = 4


@pytest.fixture
def fresh_database() -> Iterator[str]:
    """A URL (password left out) to a new, empty PostgreSQL database."""
    with new_postgres_database("ssc_migrate") as url:
        yield make_url(url).render_as_string(hide_password=True)


def _migrate(url: str, password: str) -> subprocess.Popen[str]:
    """``ss-backend --database-url URL migrate`` (URL without its password:
    it comes from $SSC_DATABASE_PASSWORD, never the command line)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "SSC_DATABASE_PASSWORD": password}
    return subprocess.Popen(
        [sys.executable, "-m", "backend.cli", "--database-url", url, "migrate"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _password() -> str:
    return make_url(os.environ["SSC_TEST_POSTGRES_URL"]).password or ""


def _waiting(conn: sa.Connection) -> int:
    """Sessions waiting for an advisory lock in this database."""
    return int(
        conn.execute(
            sa.text(
                "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' "
                "AND NOT granted AND database = "
                "(SELECT oid FROM pg_database WHERE datname = current_database())"
            )
        ).scalar_one()
    )


def test_parallel_migrations_wait_for_the_lock_and_all_succeed(
    fresh_database: str,
) -> None:
    full = make_url(fresh_database).set(password=_password())
    holder = sa.create_engine(full)
    with holder.connect() as conn:  # an "other replica" holds the lock
        conn.execute(sa.text("SELECT pg_advisory_lock(:k)"), {"k": MIGRATION_LOCK})
        procs = [_migrate(fresh_database, _password()) for _ in range(REPLICAS)]
        deadline = time.monotonic() + 90  # Python start-up on a loaded machine
        while _waiting(conn) < REPLICAS and time.monotonic() < deadline:
            time.sleep(0.2)
        assert _waiting(conn) == REPLICAS, "not every replica waits for the lock"
        assert all(p.poll() is None for p in procs), "a replica did not wait"
        conn.execute(sa.text("SELECT pg_advisory_unlock(:k)"), {"k": MIGRATION_LOCK})
    outputs = [p.communicate(timeout=120) for p in procs]
    for proc, (out, err) in zip(procs, outputs, strict=True):
        assert proc.returncode == 0, err
        assert "database schema up to date" in out
        assert _password() not in out + err
    with holder.connect() as conn:
        versions = conn.execute(sa.text("SELECT version_num FROM alembic_version"))
        assert {row[0] for row in versions} == set(schema_heads())
    holder.dispose()


def test_replicas_started_together_all_succeed(fresh_database: str) -> None:
    procs = [_migrate(fresh_database, _password()) for _ in range(REPLICAS)]
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
