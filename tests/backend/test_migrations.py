# SPDX-License-Identifier: Apache-2.0
"""Migrations on a database that already holds data (SQLite and PostgreSQL)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command

from backend.db import alembic_config
from tests.conftest import fresh_postgres


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def empty_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database of each kind."""
    if request.param == "postgres":
        with fresh_postgres() as url:
            yield url
    else:
        yield f"sqlite:///{tmp_path / 'migrations.sqlite3'}"


def _a_request_at_0002(engine: sa.Engine) -> None:
    """A person and a pension transfer written before revision 0003."""
    meta = sa.MetaData()
    persons = sa.Table("persons", meta, autoload_with=engine)
    requests = sa.Table("service_requests", meta, autoload_with=engine)
    now = datetime(2026, 11, 27, 8, tzinfo=UTC)
    with engine.begin() as conn:
        person_id = conn.execute(
            persons.insert().values(
                ssn="430102197403150311",
                name="张伟",
                gender="1",
                ethnic_group="01",
                birth_date=date(1974, 3, 15),
                hukou_region="430100",
                mobile="13800000001",
                created_at=now,
            )
        ).inserted_primary_key[0]
        conn.execute(
            requests.insert().values(
                reference="PT20261127AAAAAA",
                kind="pension",
                category="transfer",
                person_id=person_id,
                card_number="D00000011",
                kiosk_id="k",
                status="submitted",
                status_token="t",
                from_region="440300",
                to_region="310000",
                total_cents=0,
                details={},
                created_at=now,
                updated_at=now,
            )
        )


def test_0003_adds_the_organisational_transfer_state(empty_url: str) -> None:
    config = alembic_config(empty_url)
    command.upgrade(config, "0002")
    engine = sa.create_engine(empty_url)
    try:
        _a_request_at_0002(engine)
        command.upgrade(config, "0003")
        state = sa.text("SELECT organisational_transfer FROM service_requests")
        with engine.connect() as conn:
            assert conn.execute(state).scalar_one() == "none"  # claimed nothing
        change = sa.text("UPDATE service_requests SET organisational_transfer = :s")
        with engine.begin() as conn:
            conn.execute(change, {"s": "confirmed"})
        with pytest.raises(sa.exc.IntegrityError), engine.begin() as conn:
            conn.execute(change, {"s": "maybe"})
        command.downgrade(config, "0002")
        columns = {
            c["name"] for c in sa.inspect(engine).get_columns("service_requests")
        }
        assert "organisational_transfer" not in columns
        with engine.connect() as conn:
            assert (
                conn.execute(
                    sa.text("SELECT reference FROM service_requests")
                ).scalar_one()
                == "PT20261127AAAAAA"
            )
    finally:
        engine.dispose()
