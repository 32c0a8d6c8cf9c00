# SPDX-License-Identifier: Apache-2.0
"""Store the organisational-transfer claim of a pension transfer.

A transfer arranged by the organisation or personnel authorities (组织人事部门
批准调动) is exempt from the age rule of the 2010 measures (article 5(3)) once
staff confirm it: ``none`` (not claimed), ``claimed``, ``confirmed`` or
``rejected``. Existing requests claimed nothing. Batch mode, so SQLite
rebuilds the table for the CHECK constraint.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

CHECK = "ck_service_requests_organisational_transfer"


def upgrade() -> None:
    with op.batch_alter_table("service_requests", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "organisational_transfer",
                sa.String(length=10),
                nullable=False,
                server_default="none",
            )
        )
        batch_op.create_check_constraint(
            CHECK,
            "organisational_transfer IN ('none', 'claimed', 'confirmed', 'rejected')",
        )


def downgrade() -> None:
    with op.batch_alter_table("service_requests", schema=None) as batch_op:
        batch_op.drop_constraint(CHECK, type_="check")
        batch_op.drop_column("organisational_transfer")
