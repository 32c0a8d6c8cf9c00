# SPDX-License-Identifier: Apache-2.0
"""Sliding-window rate limits kept in the database (shared by all replicas)."""

from __future__ import annotations

import math
from datetime import datetime, timedelta

from sqlalchemy import bindparam, delete, func, insert, select
from sqlalchemy.orm import Session

from backend.db import connection_of
from backend.errors import RateLimitedError
from backend.models import RateEvent, table
from backend.pg import prepared

EVENTS = RateEvent.__table__.c
# built once: no per-call statement construction or cache-key walk
EXPIRE = delete(table(RateEvent)).where(
    EVENTS.bucket == bindparam("bucket"), EVENTS.at < bindparam("since")
)
COUNT = select(func.count(EVENTS.id), func.min(EVENTS.at)).where(
    EVENTS.bucket == bindparam("bucket"), EVENTS.at >= bindparam("since")
)
COUNT_ONE = insert(table(RateEvent))
# PostgreSQL: the three steps in one statement (one round trip). Every part
# sees the same snapshot: the count skips expired rows by itself, and the new
# event is inserted only when the count is under the limit.
_expired = EXPIRE.cte("expired")
_current = (
    select(func.count(EVENTS.id).label("n"), func.min(EVENTS.at).label("oldest"))
    .where(EVENTS.bucket == bindparam("bucket"), EVENTS.at >= bindparam("since"))
    .cte("current")
)
_counted = (
    insert(table(RateEvent))
    .from_select(
        ["bucket", "at"],
        select(
            bindparam("bucket", type_=EVENTS.bucket.type),
            bindparam("now", type_=EVENTS.at.type),
        ).where(_current.c.n < bindparam("limit")),
    )
    .cte("counted")
)
HIT = prepared(select(_current.c.n, _current.c.oldest).add_cte(_expired, _counted))


def hit(db: Session, bucket: str, *, limit: int, window: int, now: datetime) -> None:
    """Count one event in ``bucket``; RateLimitedError (429) when over ``limit``.

    The refused attempt is not counted, so a client waiting ``Retry-After``
    seconds gets through.
    """
    since = now - timedelta(seconds=window)
    conn = connection_of(db)
    params = {"bucket": bucket, "since": since}
    if conn.dialect.name == "postgresql":
        params.update({"limit": limit, "now": now})
        count, oldest = conn.execute(HIT, params).one()
    else:
        conn.execute(EXPIRE, params)
        count, oldest = conn.execute(COUNT, params).one()
    if count >= limit:
        retry = max(1, math.ceil((oldest - since).total_seconds()))
        raise RateLimitedError(
            "too many requests, try again later",
            detail={"retry_after": retry},
            headers={"Retry-After": str(retry)},
        )
    if conn.dialect.name != "postgresql":
        conn.execute(COUNT_ONE, {"bucket": bucket, "at": now})
