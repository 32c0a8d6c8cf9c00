# SPDX-License-Identifier: Apache-2.0
"""Index contributions by (person, insurance, month).

A transfer preview reads one insurance's months of a person in month order,
and GET /accounts looks up the region of an insurance's last paid month;
with only the person index both read and filter every row of the person.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

NAME = "ix_contributions_person_insurance_month"


def upgrade() -> None:
    with op.batch_alter_table("contributions", schema=None) as batch_op:
        batch_op.create_index(NAME, ["person_id", "insurance", "month"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("contributions", schema=None) as batch_op:
        batch_op.drop_index(NAME)
