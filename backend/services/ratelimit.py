# SPDX-License-Identifier: Apache-2.0
"""Sliding-window rate limits kept in the database (shared by all replicas)."""

from __future__ import annotations

import math
from datetime import datetime, timedelta

from sqlalchemy import bindparam, delete, func, insert, select
from sqlalchemy.orm import Session

from backend.errors import RateLimitedError
from backend.models import RateEvent

EVENTS = RateEvent.__table__.c
# built once: no per-call statement construction or cache-key walk
EXPIRE = delete(RateEvent.__table__).where(
    EVENTS.bucket == bindparam("bucket"), EVENTS.at < bindparam("since")
)
COUNT = select(func.count(EVENTS.id), func.min(EVENTS.at)).where(
    EVENTS.bucket == bindparam("bucket"), EVENTS.at >= bindparam("since")
)
COUNT_ONE = insert(RateEvent.__table__)


def hit(db: Session, bucket: str, *, limit: int, window: int, now: datetime) -> None:
    """Count one event in ``bucket``; RateLimitedError (429) when over ``limit``.

    The refused attempt is not counted, so a client waiting ``Retry-After``
    seconds gets through.
    """
    since = now - timedelta(seconds=window)
    conn = db.connection()
    conn.execute(EXPIRE, {"bucket": bucket, "since": since})
    count, oldest = conn.execute(COUNT, {"bucket": bucket, "since": since}).one()
    if count >= limit:
        retry = max(1, math.ceil((oldest - since).total_seconds()))
        raise RateLimitedError(
            "too many requests, try again later",
            detail={"retry_after": retry},
            headers={"Retry-After": str(retry)},
        )
    conn.execute(COUNT_ONE, {"bucket": bucket, "at": now})
