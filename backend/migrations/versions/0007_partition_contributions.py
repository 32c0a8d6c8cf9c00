# SPDX-License-Identifier: Apache-2.0
"""PostgreSQL: contributions partitioned by HASH (person_id); SQLite unchanged.

Every resident read of contributions names one person (GET /accounts, GET
/contributions, the transfer previews), so hashing on the person prunes each
of them to one partition; the monthly import writes one month for everyone
and touches every partition either way (docs/decisions.md, docs/scale.md).

The existing rows move: the old table is renamed, the partitioned one made
with its partitions, the rows copied (ids kept, the same sequence goes on),
the natural-key unique index and the foreign key to persons made on the
full table, the old table dropped. A key of a partitioned table must contain
its partition key: the natural key (person, insurance, month, region) does,
and is the table's key on PostgreSQL; nothing references ``contributions.id``
(it only orders two rows of one month, paid in two regions), so it keeps its
values and sequence but no index, and becomes a bigint (a province's history
can pass 2^31 rows). SQLite keeps its plain table.

The number of partitions is fixed when this revision runs: ``PARTITIONS``,
or ``alembic -x contribution_partitions=N upgrade head``. Changing it later
means re-partitioning (docs/scale.md, "Growing").

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

from alembic import context, op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

PARTITIONS = 16
TABLE = "contributions"
OLD = "contributions_unpartitioned"
KEY = "uq_contributions_person_insurance_month_region"
FK = "contributions_person_id_fkey"
SEQUENCE = "contributions_id_seq"
COLUMNS = (
    "id, person_id, insurance, month, region, employer, base_cents, "
    "employee_cents, employer_cents, account_credit_cents"
)
SHAPE = (
    "person_id INTEGER NOT NULL, insurance VARCHAR(20) NOT NULL, "
    "month VARCHAR(7) NOT NULL, region VARCHAR(6) NOT NULL, "
    "employer VARCHAR(120) NOT NULL, base_cents BIGINT NOT NULL, "
    "employee_cents BIGINT NOT NULL, employer_cents BIGINT NOT NULL, "
    "account_credit_cents BIGINT NOT NULL"
)


def partition_count() -> int:
    """``-x contribution_partitions=N`` if given, else :data:`PARTITIONS`."""
    given = context.get_x_argument(as_dictionary=True).get("contribution_partitions")
    count = PARTITIONS if given is None else int(given)
    if not 1 <= count <= 1024:
        raise ValueError("contribution_partitions must be from 1 to 1024")
    return count


def partition_name(remainder: int, count: int) -> str:
    """``contributions_p07`` (width enough for ``count`` partitions)."""
    return f"{TABLE}_p{remainder:0{len(str(count - 1))}d}"


def _set_aside() -> None:
    """Rename the current table and what is named after it out of the way."""
    op.execute(f"ALTER TABLE {TABLE} RENAME TO {OLD}")
    op.execute(f"ALTER INDEX {KEY} RENAME TO {KEY}_old")
    op.execute(f"ALTER TABLE {OLD} RENAME CONSTRAINT {FK} TO {FK}_old")
    op.execute(f"ALTER SEQUENCE {SEQUENCE} OWNED BY NONE")


def _finish(id_type: str) -> None:
    """Copy the rows over, key and link the new table, drop the old one."""
    copy = f"INSERT INTO {TABLE} ({COLUMNS}) SELECT {COLUMNS} FROM {OLD}"  # noqa: S608 - this module's constants
    op.execute(copy)
    op.execute(f"DROP TABLE {OLD}")
    op.execute(f"ALTER SEQUENCE {SEQUENCE} AS {id_type} OWNED BY {TABLE}.id")
    op.execute(
        f"CREATE UNIQUE INDEX {KEY} ON {TABLE} (person_id, insurance, month, region)"
    )
    op.execute(
        f"ALTER TABLE {TABLE} ADD CONSTRAINT {FK} "
        "FOREIGN KEY (person_id) REFERENCES persons (id)"
    )
    op.execute(f"ANALYZE {TABLE}")


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    count = partition_count()
    _set_aside()
    op.execute(
        f"CREATE TABLE {TABLE} (id BIGINT NOT NULL DEFAULT nextval('{SEQUENCE}'), "
        f"{SHAPE}) PARTITION BY HASH (person_id)"
    )
    for remainder in range(count):
        op.execute(
            f"CREATE TABLE {partition_name(remainder, count)} PARTITION OF {TABLE} "
            f"FOR VALUES WITH (MODULUS {count}, REMAINDER {remainder})"
        )
    _finish("bigint")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    _set_aside()
    op.execute(
        f"CREATE TABLE {TABLE} (id INTEGER NOT NULL DEFAULT nextval('{SEQUENCE}'), "
        f"{SHAPE}, CONSTRAINT {TABLE}_pkey PRIMARY KEY (id))"
    )
    _finish("integer")
