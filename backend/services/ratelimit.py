# SPDX-License-Identifier: Apache-2.0
"""Sliding-window rate limits kept in the database (shared by all replicas)."""

from __future__ import annotations

import math
from datetime import datetime, timedelta
from typing import NoReturn

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
FORGET = delete(table(RateEvent)).where(EVENTS.bucket == bindparam("bucket"))
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
    conn = connection_of(db)
    if conn.dialect.name == "postgresql":
        since = now - timedelta(seconds=window)
        params = {"bucket": bucket, "since": since, "limit": limit, "now": now}
        count, oldest = conn.execute(HIT, params).one()
        if count >= limit:
            refuse(oldest, since)
        return
    count, oldest = recent(db, bucket, window=window, now=now)
    if count >= limit:
        refuse(oldest, now - timedelta(seconds=window))
    count_one(db, bucket, window=window, now=now)


def recent(
    db: Session, bucket: str, *, window: int, now: datetime
) -> tuple[int, datetime | None]:
    """How many events ``bucket`` holds in the last ``window`` seconds, and the
    oldest one's time (a read: fit for a read-only transaction)."""
    params = {"bucket": bucket, "since": now - timedelta(seconds=window)}
    count, oldest = connection_of(db).execute(COUNT, params).one()
    return int(count), oldest


def count_one(db: Session, bucket: str, *, window: int, now: datetime) -> None:
    """Count one event in ``bucket`` (no check); events older than ``window``
    seconds are deleted on the way."""
    conn = connection_of(db)
    conn.execute(EXPIRE, {"bucket": bucket, "since": now - timedelta(seconds=window)})
    conn.execute(COUNT_ONE, {"bucket": bucket, "at": now})


def forget(db: Session, bucket: str) -> None:
    """Drop every event of ``bucket`` (e.g. failures before a success)."""
    connection_of(db).execute(FORGET, {"bucket": bucket})


def refuse(oldest: datetime | None, since: datetime) -> NoReturn:
    """RateLimitedError with ``Retry-After``: when the oldest counted event
    leaves the window that began at ``since``."""
    gap = (oldest - since).total_seconds() if oldest is not None else 0
    # strictly after: an event exactly at the window's start still counts
    retry = max(1, math.floor(gap) + 1)
    raise RateLimitedError(
        "too many requests, try again later",
        detail={"retry_after": retry},
        headers={"Retry-After": str(retry)},
    )
