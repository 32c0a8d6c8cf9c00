# SPDX-License-Identifier: Apache-2.0
"""Kiosk requests as one unit of database work: one session, one transaction.

The hot kiosk routes (challenge, session, accounts, submissions, logout) are
``async def``: their dependencies only collect headers, and the endpoint hands
one function to :meth:`KioskCall.run`, which opens a session, checks the
kiosk's credential (and the resident's session), runs the work and commits,
all in one transaction. On SQLite that runs on the event loop itself: the work
is short and local, and its transaction must not wait for the writer lock
(``db.NO_WAIT``): when another writer holds it, nothing has been done and the
unit runs again in a worker thread where waiting is harmless (a foreign
process's lock must not stall /healthz). On PostgreSQL every statement is a
network round trip, so the unit runs in one worker-thread hop (a sync endpoint
with sync dependencies cost two or three) on :data:`UNIT_THREADS`.

An error rolls the transaction back, except after :func:`backend.db.keep_on_error`: a
consumed challenge stays consumed when the signature then fails.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from contextvars import copy_context
from dataclasses import dataclass
from functools import partial
from typing import Any, TypeVar

from fastapi import Request
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from backend.api.deps import (
    KIOSK_AND_CARD,
    KIOSK_WIDTH,
    ResidentView,
    bearer,
    check_kiosk,
    kiosk_row,
    signed_in,
)
from backend.context import AppContext
from backend.db import (
    KEEP_ON_ERROR,
    WriterBusy,
    begin_unit,
    end_unit,
    is_disconnect,
)
from backend.errors import ApiError
from backend.models import KioskRef
from backend.services.cards import card_view, prefetch_card

log = logging.getLogger(__name__)

T = TypeVar("T")
# The worker threads of units (PostgreSQL; SQLite when the writer lock is
# taken): a plain executor hands work over through a C queue, where anyio's
# to_thread (a Condition-based queue, a capacity limiter and cancel scopes) cost
# about a tenth of the server's CPU under load. A unit is never abandoned:
# once handed over, it runs to its commit or rollback.
# Four threads: a unit is mostly Python (it lets the GIL go only while its
# statements are at the database), so four keep both the interpreter and the
# database busy. More only queue for the GIL in whatever order the OS wakes
# them, where the executor's own queue is first come, first served: with 32,
# twenty kiosks at saturation cost 13-16 ms of server CPU per session against
# 11 with four, in alternated runs (context switches; docs/decisions.md,
# "The server freezes its start-up heap").
UNIT_THREADS = ThreadPoolExecutor(max_workers=4, thread_name_prefix="ssc-unit")


def _unit(ctx: AppContext, work: Callable[[Session], T], no_wait: bool) -> T:
    """``work`` in one session and one transaction, committed on success.

    Run again once on a fresh connection when the connection turns out dead
    before the commit was sent (the server then never committed anything of
    the unit: it is one transaction). A connection lost DURING the commit is
    ambiguous and not retried: the OperationalError answers 503."""
    try:
        return _unit_once(ctx, work, no_wait)
    except DBAPIError as error:
        # SQLAlchemy reports a failed COMMIT (or connect) without a statement
        if not is_disconnect(error) or error.statement is None:
            raise
        log.warning("database connection lost before commit; unit runs again")
    return _unit_once(ctx, work, no_wait)


def _unit_once(ctx: AppContext, work: Callable[[Session], T], no_wait: bool) -> T:
    with ctx.sessions() as db:
        begin_unit(db, no_wait=no_wait)
        try:
            result = work(db)
        except ApiError:
            if db.info.pop(KEEP_ON_ERROR, False):
                db.commit()
            raise
        else:
            db.commit()
        finally:
            end_unit(db)
        return result


async def run_unit(ctx: AppContext, work: Callable[[Session], T]) -> T:
    """Run ``work`` as one unit: inline on SQLite unless the writer lock is
    taken, else in one worker-thread hop."""
    if ctx.inline_db:
        try:
            return _unit(ctx, work, True)
        except WriterBusy:
            log.debug("writer lock held: unit goes to a worker thread")
    loop = asyncio.get_running_loop()
    # the copied context carries the request id into the unit's log lines
    unit = partial(copy_context().run, _unit, ctx, work, False)
    return await loop.run_in_executor(UNIT_THREADS, unit)


@dataclass(frozen=True, kw_only=True)
class KioskCall:
    """The calling kiosk's credential, checked inside the unit it runs."""

    ctx: AppContext
    kiosk_id: str | None
    kiosk_key: str | None

    async def run(
        self, work: Callable[[Session, KioskRef], T], card_number: str | None = None
    ) -> T:
        """``work(db, kiosk)`` after the credential check, as one unit; with
        ``card_number``, the card is read in the same statement as the
        credential and the unit's ``find_card`` of it takes that row."""

        def unit(db: Session) -> T:
            if card_number is None:
                return work(db, check_kiosk(db, self.kiosk_id, self.kiosk_key))
            return work(db, self._with_card(db, card_number))

        return await run_unit(self.ctx, unit)

    def _with_card(self, db: Session, card_number: str) -> KioskRef:
        kiosk, row = kiosk_row(
            db, KIOSK_AND_CARD, self.kiosk_id, self.kiosk_key, {"number": card_number}
        )
        found = row is not None and row.id is not None  # LEFT JOIN: all NULL
        card = card_view(row[KIOSK_WIDTH:]) if found and row is not None else None
        prefetch_card(db, card_number, card)
        return kiosk


KIOSK_HEADERS = ("x-kiosk-id", "x-kiosk-key")
RESIDENT_HEADERS = ("authorization", *KIOSK_HEADERS)


def header_params(*names: str) -> dict[str, Any]:
    """``openapi_extra`` documenting optional string headers exactly as a
    ``Header()`` parameter would; the routes read them from the request (a
    header is always a string: FastAPI's per-header validation adds nothing)."""
    schema = {"anyOf": [{"type": "string"}, {"type": "null"}]}
    return {
        "parameters": [
            {
                "in": "header",
                "name": name,
                "required": False,
                "schema": {**schema, "title": name.title()},
            }
            for name in names
        ]
    }


def kiosk_call(request: Request) -> KioskCall:
    """The kiosk headers of a request, read by the endpoint itself: a
    ``Depends`` would cost FastAPI's dependency solving per request and adds
    nothing to the OpenAPI document (the headers are in ``header_params``)."""
    headers = request.headers
    return KioskCall(
        ctx=request.app.state.ctx,
        kiosk_id=headers.get("x-kiosk-id"),
        kiosk_key=headers.get("x-kiosk-key"),
    )


@dataclass(frozen=True, kw_only=True)
class ResidentCall:
    """A kiosk call that also carries a resident's bearer token."""

    kiosk: KioskCall
    token: str | None

    @property
    def ctx(self) -> AppContext:
        """The app's shared context."""
        return self.kiosk.ctx

    async def run(self, work: Callable[[Session, ResidentView], T]) -> T:
        """``work(db, resident)`` for a normal session on an active card (the
        kiosk credential and the session read in one statement)."""
        kiosk = self.kiosk

        def unit(db: Session) -> T:
            who = signed_in(kiosk.ctx, db, kiosk.kiosk_id, kiosk.kiosk_key, self.token)
            return work(db, who)

        return await run_unit(self.ctx, unit)


def resident_call(request: Request) -> ResidentCall:
    """The kiosk and bearer headers of a resident request (see :func:`kiosk_call`)."""
    kiosk = kiosk_call(request)
    return ResidentCall(kiosk=kiosk, token=bearer(request.headers.get("authorization")))
