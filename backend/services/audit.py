# SPDX-License-Identifier: Apache-2.0
"""The append-only audit log: one entry per state change (actor, reason, time)."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from sqlalchemy import insert
from sqlalchemy.orm import Session

from backend.db import connection_of
from backend.models import AuditEntry, table
from backend.pg import deferred

log = logging.getLogger(__name__)
# nothing reads the new entry back: on PostgreSQL it rides with the next
# statement or the COMMIT (backend.pg)
APPEND = deferred(insert(table(AuditEntry)).inline())


def record(
    db: Session,
    *,
    actor: str,
    action: str,
    entity: str,
    entity_id: str,
    at: datetime,
    reason: str = "",
    data: dict[str, Any] | None = None,
) -> None:
    """Add an audit entry to the current transaction (never secrets in ``data``).

    A Core insert on the session's connection, in the same transaction as the
    change it records (no ORM flush per entry; sent with the transaction's
    next statement or its COMMIT on PostgreSQL)."""
    connection_of(db).execute(
        APPEND,
        {
            "at": at,
            "actor": actor,
            "action": action,
            "entity": entity,
            "entity_id": entity_id,
            "reason": reason,
            "data": data or {},
        },
    )
    log.debug("audit %s %s %s by %s", action, entity, entity_id, actor)
