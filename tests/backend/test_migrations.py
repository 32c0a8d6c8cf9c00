# SPDX-License-Identifier: Apache-2.0
"""Migrations on a database that already holds data (SQLite and PostgreSQL)."""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from backend.db import MIGRATIONS, alembic_config, migrate
from backend.models import Base
from tests.conftest import ROOT, new_postgres_database, run


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def empty_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database of each kind."""
    if request.param == "postgres":
        with new_postgres_database() as url:
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


def _contributions_at_0006(engine: sa.Engine) -> list[tuple[object, ...]]:
    """Two persons with two months of pension each, written before 0007;
    the rows as (id, ssn, insurance, month, region, employer, base)."""
    meta = sa.MetaData()
    persons = sa.Table("persons", meta, autoload_with=engine)
    contributions = sa.Table("contributions", meta, autoload_with=engine)
    with engine.begin() as conn:
        for n, ssn in enumerate(("430102197403150311", "110105198001010014")):
            person_id = conn.execute(
                persons.insert().values(
                    ssn=ssn,
                    name="张伟",
                    gender="1",
                    ethnic_group="01",
                    birth_date=date(1974, 3, 15),
                    hukou_region="430100",
                    mobile=f"1380000000{n}",
                    created_at=datetime(2026, 11, 27, 8, tzinfo=UTC),
                )
            ).inserted_primary_key[0]
            for month in ("2026-09", "2026-10"):
                conn.execute(
                    contributions.insert().values(
                        person_id=person_id,
                        insurance="pension",
                        month=month,
                        region="430100",
                        employer="长沙测试有限公司",
                        base_cents=500_000 + n,
                        employee_cents=40_000,
                        employer_cents=80_000,
                        account_credit_cents=40_000,
                    )
                )
    return _contribution_rows(engine)


def _contribution_rows(engine: sa.Engine) -> list[tuple[object, ...]]:
    query = sa.text(
        "SELECT c.id, p.ssn, c.insurance, c.month, c.region, c.employer,"
        " c.base_cents FROM contributions c JOIN persons p ON p.id = c.person_id"
        " ORDER BY c.id"
    )
    with engine.connect() as conn:
        return [tuple(row) for row in conn.execute(query)]


def _partitions(engine: sa.Engine) -> int:
    """How many partitions contributions has (0: a plain table)."""
    if engine.dialect.name != "postgresql":
        return 0
    query = sa.text(
        "SELECT count(*) FROM pg_inherits WHERE inhparent = 'contributions'::regclass"
    )
    with engine.connect() as conn:
        return int(conn.execute(query).scalar_one())


def test_0007_partitions_contributions_and_keeps_the_rows(empty_url: str) -> None:
    config = alembic_config(empty_url)
    command.upgrade(config, "0006")
    engine = sa.create_engine(empty_url)
    try:
        before = _contributions_at_0006(engine)
        command.upgrade(config, "head")
        assert _contribution_rows(engine) == before  # ids and values kept
        postgres = engine.dialect.name == "postgresql"
        assert _partitions(engine) == (16 if postgres else 0)
        keys = {
            ix["name"]: ix["unique"]
            for ix in sa.inspect(engine).get_indexes("contributions")
        }
        assert keys["uq_contributions_person_insurance_month_region"]
        # a new row gets the next id; the natural key stays unique
        add = sa.text(
            "INSERT INTO contributions (person_id, insurance, month, region,"
            " employer, base_cents, employee_cents, employer_cents,"
            " account_credit_cents) SELECT person_id, insurance, :month, region,"
            " employer, 1, 1, 1, 1 FROM contributions WHERE id = :id"
        )
        with engine.begin() as conn:
            conn.execute(add, {"month": "2026-11", "id": before[0][0]})
        after = _contribution_rows(engine)
        assert after[-1][0] == max(row[0] for row in before) + 1
        with pytest.raises(sa.exc.IntegrityError), engine.begin() as conn:
            conn.execute(add, {"month": "2026-11", "id": before[0][0]})
        command.downgrade(config, "0006")
        assert _partitions(engine) == 0
        assert _contribution_rows(engine) == after
    finally:
        engine.dispose()


def _not_a_partition(
    item: object, name: str | None, kind: str, _reflected: bool, _other: object
) -> bool:
    """Leave out contributions' partitions (and their indexes): PostgreSQL
    makes them from the partitioned table, the models know only that."""
    table = item.table.name if kind == "index" else name  # type: ignore[attr-defined]
    return not re.fullmatch(r"contributions_p\d+", str(table))


def test_the_models_are_the_migrated_schema(empty_url: str) -> None:
    """Tables, columns (and their types), indexes, unique and foreign keys of
    backend.models are what the migrations make, on each engine."""
    migrate(empty_url)
    engine = sa.create_engine(empty_url)
    try:
        with engine.connect() as conn:
            context = MigrationContext.configure(
                conn,
                opts={"compare_type": True, "include_object": _not_a_partition},
            )
            assert compare_metadata(context, Base.metadata) == []
    finally:
        engine.dispose()


@pytest.mark.postgres
def test_the_partition_count_is_chosen_with_alembic_x(tmp_path: Path) -> None:
    """docs/scale.md: ``alembic -x contribution_partitions=N upgrade head``."""
    with new_postgres_database() as url:
        ini = tmp_path / "alembic.ini"
        ini.write_text(
            f"[alembic]\nscript_location = {MIGRATIONS}\nsqlalchemy.url = {url}\n"
        )
        alembic = [sys.executable, "-m", "alembic", "-c", str(ini)]
        upgrade = ["-x", "contribution_partitions=4", "upgrade", "head"]
        done = run([*alembic, *upgrade], cwd=ROOT)
        assert done.returncode == 0, done.stderr
        engine = sa.create_engine(url)
        try:
            assert _partitions(engine) == 4
        finally:
            engine.dispose()
