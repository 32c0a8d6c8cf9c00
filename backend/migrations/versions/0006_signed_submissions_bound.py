# SPDX-License-Identifier: Apache-2.0
"""Idempotency records bound to card and kiosk, refusals recorded; PIN state.

An idempotency key now belongs to one kiosk and one card (unique on the key
alone), records the signing time, and stores a refusal as well as a created
request, so a refused signed request stays refused. Existing records take the
card of the request they created. ``cards.pin_initial`` says the card is still
on a PIN the issuer loaded; existing cards start as changed (the backend had
no record of it; the kiosk's screens enforced the change).

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

OLD, NEW = "idempotency_records", "idempotency_records_v3"


def upgrade() -> None:
    with op.batch_alter_table("cards", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "pin_initial", sa.Boolean(), nullable=False, server_default=sa.false()
            )
        )
    op.create_table(
        NEW,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kiosk_id", sa.String(length=64), nullable=False),
        sa.Column("card_number", sa.String(length=9), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("body_hash", sa.String(length=64), nullable=False),
        sa.Column("signed_at", sa.BigInteger(), nullable=False),
        sa.Column("status", sa.Integer(), nullable=False),
        sa.Column("reference", sa.String(length=24), nullable=True),
        sa.Column("error", sa.JSON(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("key", name="uq_idempotency_records_key"),
    )
    # the first holder of a key keeps it; signed_at 0: signed before times were
    op.execute(
        "INSERT INTO idempotency_records_v3 (id, kiosk_id, card_number, key, "
        "body_hash, signed_at, status, reference, error, created_at) "
        "SELECT i.id, i.kiosk_id, COALESCE(r.card_number, ''), i.key, "
        "i.body_hash, 0, 201, i.reference, NULL, i.created_at "
        "FROM idempotency_records i "
        "LEFT JOIN service_requests r ON r.reference = i.reference "
        "WHERE i.id = "
        "(SELECT MIN(j.id) FROM idempotency_records j WHERE j.key = i.key)"
    )
    op.drop_table(OLD)
    op.rename_table(NEW, OLD)


def downgrade() -> None:
    op.create_table(
        NEW,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kiosk_id", sa.String(length=64), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("body_hash", sa.String(length=64), nullable=False),
        sa.Column("reference", sa.String(length=24), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("kiosk_id", "key"),
    )
    op.execute(
        "INSERT INTO idempotency_records_v3 "
        "(id, kiosk_id, key, body_hash, reference, created_at) "
        "SELECT id, kiosk_id, key, body_hash, reference, created_at "
        "FROM idempotency_records WHERE reference IS NOT NULL"
    )
    op.drop_table(OLD)
    op.rename_table(NEW, OLD)
    with op.batch_alter_table("cards", schema=None) as batch_op:
        batch_op.drop_column("pin_initial")
