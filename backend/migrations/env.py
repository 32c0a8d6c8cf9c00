# SPDX-License-Identifier: Apache-2.0
"""Alembic environment: runs migrations on the URL the caller configured."""

from __future__ import annotations

from alembic import context
from sqlalchemy import text

from backend.db import MIGRATION_LOCK, make_engine
from backend.models import Base

target_metadata = Base.metadata


def run_migrations_online() -> None:
    """Run every pending migration in one transaction."""
    url = context.config.get_main_option("sqlalchemy.url")
    assert url is not None
    engine = make_engine(url)
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=connection.dialect.name == "sqlite",
        )
        with context.begin_transaction():
            if connection.dialect.name == "postgresql":
                # replicas running `ss-backend migrate` at once: one upgrades,
                # the others wait here and then find the schema current
                connection.execute(
                    text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK}
                )
            context.run_migrations()
    engine.dispose()


run_migrations_online()
