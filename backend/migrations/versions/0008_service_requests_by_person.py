# SPDX-License-Identifier: Apache-2.0
"""Service requests indexed by (person, category, created): a resident's list;
indexes that only repeat another's prefix go.

GET /transfers and GET /claims read one person's requests of one category,
newest first. The index on category alone served no query, and the planner
could pick it for that list (one category of the whole province, filtered
by person) when the category's statistics made it look selective; the
index on person alone is the new index's prefix. Both go. So does the index
on accounts' person: the unique (person, insurance, region) serves every
look-up it did, and the import pays for each index on every row it writes.

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

NEW = "ix_service_requests_person_category_created"
OLD = {
    "ix_service_requests_person_id": ("service_requests", ["person_id"]),
    "ix_service_requests_category": ("service_requests", ["category"]),
    "ix_accounts_person_id": ("accounts", ["person_id"]),
}


def upgrade() -> None:
    op.create_index(NEW, "service_requests", ["person_id", "category", "created_at"])
    for name, (table, _) in OLD.items():
        op.drop_index(name, table_name=table)


def downgrade() -> None:
    for name, (table, columns) in OLD.items():
        op.create_index(name, table, columns)
    op.drop_index(NEW, table_name="service_requests")
