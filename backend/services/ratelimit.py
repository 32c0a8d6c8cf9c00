# SPDX-License-Identifier: Apache-2.0
"""Sliding-window rate limits kept in the database (shared by all replicas)."""

from __future__ import annotations

import math
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from backend.errors import RateLimitedError
from backend.models import RateEvent


def hit(db: Session, bucket: str, *, limit: int, window: int, now: datetime) -> None:
    """Count one event in ``bucket``; RateLimitedError (429) when over ``limit``.

    The refused attempt is not counted, so a client waiting ``Retry-After``
    seconds gets through.
    """
    since = now - timedelta(seconds=window)
    db.execute(
        delete(RateEvent).where(RateEvent.bucket == bucket, RateEvent.at < since)
    )
    count, oldest = db.execute(
        select(func.count(RateEvent.id), func.min(RateEvent.at)).where(
            RateEvent.bucket == bucket, RateEvent.at >= since
        )
    ).one()
    if count >= limit:
        retry = max(1, math.ceil((oldest - since).total_seconds()))
        raise RateLimitedError(
            "too many requests, try again later",
            detail={"retry_after": retry},
            headers={"Retry-After": str(retry)},
        )
    db.add(RateEvent(bucket=bucket, at=now))
