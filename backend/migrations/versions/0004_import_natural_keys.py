# SPDX-License-Identifier: Apache-2.0
"""Natural keys for ``ss-backend import``: contributions unique per (person,
insurance, month, region); the as-of month of an account balance; employment
spans.

The unique index replaces the two indexes it starts with (person; person,
insurance, month): every look-up they served it serves as well, and each index
is paid for on every one of the millions of rows an import writes.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

KEY = "uq_contributions_person_insurance_month_region"
OLD = "ix_contributions_person_insurance_month"


def upgrade() -> None:
    with op.batch_alter_table("contributions", schema=None) as batch_op:
        batch_op.create_index(
            KEY, ["person_id", "insurance", "month", "region"], unique=True
        )
        batch_op.drop_index(OLD)
        batch_op.drop_index("ix_contributions_person_id")
    with op.batch_alter_table("accounts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("balance_as_of", sa.String(7), nullable=True))
    op.create_table(
        "employments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("region", sa.String(length=6), nullable=False),
        sa.Column("employer", sa.String(length=120), nullable=False),
        sa.Column("start_month", sa.String(length=7), nullable=False),
        sa.Column("end_month", sa.String(length=7), nullable=True),
        sa.ForeignKeyConstraint(["person_id"], ["persons.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint(
            "person_id",
            "region",
            "employer",
            "start_month",
            name="uq_employments_person_region_employer_start",
        ),
    )


def downgrade() -> None:
    op.drop_table("employments")
    with op.batch_alter_table("accounts", schema=None) as batch_op:
        batch_op.drop_column("balance_as_of")
    with op.batch_alter_table("contributions", schema=None) as batch_op:
        batch_op.create_index("ix_contributions_person_id", ["person_id"])
        batch_op.create_index(OLD, ["person_id", "insurance", "month"])
        batch_op.drop_index(KEY)
