# SPDX-License-Identifier: Apache-2.0
"""Blank card batches from manufacturers, and one card per recognition code.

A blank carries its recognition code from manufacture; the backend learns
the codes of a batch from the manufacturer's delivery note
(``ss-backend import-batch``) and personalizes only those. A card row names
its batch, whose transport key its issuer key was diversified from.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

UNIQUE_CODE = "uq_cards_recognition_code"
BATCH_FK = "fk_cards_batch_id_blank_batches"


def upgrade() -> None:
    op.create_table(
        "blank_batches",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("manufacturer", sa.String(length=100), nullable=False),
        sa.Column("transport_key_kcv", sa.String(length=6), nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "blank_cards",
        sa.Column("recognition_code", sa.String(length=32), nullable=False),
        sa.Column("batch_id", sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(["batch_id"], ["blank_batches.id"]),
        sa.PrimaryKeyConstraint("recognition_code"),
    )
    op.create_index("ix_blank_cards_batch_id", "blank_cards", ["batch_id"])
    with op.batch_alter_table("cards", schema=None) as batch_op:
        batch_op.add_column(sa.Column("batch_id", sa.String(length=40), nullable=True))
        batch_op.create_foreign_key(BATCH_FK, "blank_batches", ["batch_id"], ["id"])
        batch_op.create_unique_constraint(UNIQUE_CODE, ["recognition_code"])


def downgrade() -> None:
    with op.batch_alter_table("cards", schema=None) as batch_op:
        batch_op.drop_constraint(UNIQUE_CODE, type_="unique")
        batch_op.drop_constraint(BATCH_FK, type_="foreignkey")
        batch_op.drop_column("batch_id")
    op.drop_index("ix_blank_cards_batch_id", table_name="blank_cards")
    op.drop_table("blank_cards")
    op.drop_table("blank_batches")
