# SPDX-License-Identifier: Apache-2.0
"""Start-up checks of ``ss-backend``: wait for the database, require its schema.

A database that is not up yet (the host just booted, PostgreSQL restarting) is
waited for with exponential backoff, one log line per attempt and no
traceback, up to ``[database] wait_seconds`` (``--db-wait``). ``serve`` then
refuses a schema that is not at the migrations' head: migrations stay an
explicit step (``ss-backend migrate``), run by the operator before a new
version serves.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import Engine, text
from sqlalchemy.exc import DBAPIError

from backend.db import schema_heads, schema_revisions
from backend.errors import BackendError

log = logging.getLogger(__name__)


class DatabaseUnreachableError(BackendError):
    """The database did not answer within the configured wait."""


class SchemaNotCurrentError(BackendError):
    """The database schema is not the one this version needs."""


@dataclass(frozen=True, kw_only=True)
class Backoff:
    """Delays between attempts: ``first``, doubling, at most ``ceiling`` seconds."""

    first: float = 0.5
    ceiling: float = 5.0

    def delay(self, attempt: int) -> float:
        """Seconds to wait after failed attempt number ``attempt`` (1-based)."""
        return float(min(self.ceiling, self.first * 2 ** (attempt - 1)))


def reason(error: BaseException) -> str:
    """The first line of the driver's message (no URL, no password)."""
    inner = getattr(error, "orig", None) or error
    first = (str(inner).strip().splitlines() or [""])[0]
    return f"{type(inner).__name__}: {first}" if first else type(inner).__name__


def _ping(engine: Engine) -> None:
    with engine.connect() as conn:
        conn.execute(text("SELECT 1"))


def wait_for_database(
    engine: Engine,
    *,
    limit_s: float,
    backoff: Backoff = Backoff(),  # noqa: B008 - a frozen value
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], float] = time.monotonic,
) -> int:
    """Return once ``SELECT 1`` answers (the number of attempts it took);
    :class:`DatabaseUnreachableError` when ``limit_s`` seconds have passed."""
    started = clock()
    attempt = 0
    while True:
        attempt += 1
        try:
            _ping(engine)
        except DBAPIError as error:
            waited = clock() - started
            pause = min(backoff.delay(attempt), max(0.0, limit_s - waited))
            if pause <= 0:
                raise DatabaseUnreachableError(
                    f"database not reachable after {attempt} attempts in "
                    f"{waited:.0f} s ({reason(error)}); giving up"
                ) from None
            log.warning(
                "database not reachable (attempt %d, %s); next try in %.1f s",
                attempt,
                reason(error),
                pause,
            )
            sleep(pause)
            continue
        if attempt > 1:
            log.info("database reachable after %d attempts", attempt)
        return attempt


def schema_is_current(engine: Engine) -> bool:
    """Whether the database is at the migrations' head."""
    with engine.connect() as conn:
        return schema_revisions(conn) == schema_heads()


def require_current_schema(engine: Engine) -> None:
    """:class:`SchemaNotCurrentError` unless the schema is at the head."""
    with engine.connect() as conn:
        current = schema_revisions(conn)
    needed = schema_heads()
    if current == needed:
        return
    at = ", ".join(sorted(current)) or "none (never migrated)"
    raise SchemaNotCurrentError(
        f"database schema is at revision {at}, this version needs "
        f"{', '.join(sorted(needed))}: run `ss-backend migrate` first"
    )
