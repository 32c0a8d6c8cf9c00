# SPDX-License-Identifier: Apache-2.0
"""FastAPI dependencies: database session, kiosk, resident and staff identity."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Coroutine
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any

from fastapi import Depends, Header, Request
from fastapi.routing import APIRoute
from sqlalchemy import Row, Select, bindparam, literal_column, select
from sqlalchemy.orm import Session, joinedload
from starlette.responses import Response

from backend.api.inputs import refuse_forbidden
from backend.context import AppContext
from backend.db import connection_of, read_only
from backend.errors import (
    ForbiddenRoleError,
    KioskUnauthorizedError,
    SessionInvalidError,
    SessionWrongKioskError,
    StaffUnauthorizedError,
)
from backend.models import (
    Card,
    Kiosk,
    KioskRef,
    Operator,
    Person,
    ResidentSession,
    StaffSession,
)
from backend.pg import prepared
from backend.rules.cards import CardStatus
from backend.security import same_text, token_hash
from backend.services.cards import (
    CARD_COLUMNS,
    CARDS,
    PERSONS,
    CardView,
    PersonView,
    apply_lapse,
    card_view,
    lapse_view,
    require_status,
)

# The highest page a paged listing accepts: the OFFSET stays far inside a 64-bit
# integer on SQLite and PostgreSQL (a larger page answers 400, not 500).
MAX_PAGE = 100_000


class PlainRoute(APIRoute):
    """A route whose answer is not re-validated against a response model, and
    whose request is refused (400) when it carries a character no input may
    hold (:mod:`backend.api.inputs`) before anything else looks at it.

    FastAPI validates a sync endpoint's return value in another worker-thread
    hop; with SQLite (BEGIN IMMEDIATE) the write lock would be held across that
    hop, and a pool of threads all waiting for the lock could never run it.
    Each dependency therefore ends its transaction before returning, and the
    endpoint's last one ends in the async session clean-up.
    """

    def __init__(self, path: str, endpoint: Callable[..., Any], **kwargs: Any) -> None:
        kwargs["response_model"] = None
        super().__init__(path, endpoint, **kwargs)

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def checked(request: Request) -> Response:
            await refuse_forbidden(request)
            return await handler(request)

        return checked


async def get_ctx(request: Request) -> AppContext:
    """The app's shared context (async: a sync dependency costs a thread hop)."""
    ctx: AppContext = request.app.state.ctx
    return ctx


Ctx = Annotated[AppContext, Depends(get_ctx)]


async def get_db(ctx: Ctx) -> AsyncIterator[Session]:
    """One database session per request; handlers commit what they change.

    Async on purpose: the session is closed on the event loop, not in the
    worker thread pool, so a pool full of requests waiting for the database
    can never starve the clean-up that would free a connection.
    """
    db = ctx.sessions()
    try:
        yield db
    finally:
        db.close()


Db = Annotated[Session, Depends(get_db)]


def bearer(authorization: str | None) -> str | None:
    """The token of an ``Authorization: Bearer`` header, or None."""
    if not authorization or not authorization.lower().startswith("bearer "):
        return None
    return authorization[7:].strip() or None


KIOSKS = Kiosk.__table__.c
KIOSK_CREDENTIAL = prepared(
    select(KIOSKS.secret_hash, KIOSKS.revoked).where(KIOSKS.id == bindparam("kiosk_id"))
)


# the session with its card and the card's person: one query
SESSION_BY_TOKEN = (
    select(ResidentSession, Card)
    .join(Card, Card.id == ResidentSession.card_id)
    .options(joinedload(Card.person, innerjoin=True))
    .where(ResidentSession.token_hash == bindparam("hash"))
)


def check_kiosk(db: Session, kiosk_id: str | None, kiosk_key: str | None) -> KioskRef:
    """The kiosk with this credential; 401 kiosk_unauthorized when missing,
    wrong or revoked (in the caller's transaction)."""
    return kiosk_row(db, KIOSK_CREDENTIAL, kiosk_id, kiosk_key, {})[0]


def kiosk_row(
    db: Session,
    statement: Select,
    kiosk_id: str | None,
    kiosk_key: str | None,
    params: dict[str, Any],
) -> tuple[KioskRef, Row | None]:
    """The kiosk (401 kiosk_unauthorized when the credential is missing, wrong
    or revoked) and the row of ``statement``, whose first columns are the
    credential's (``KIOSK_CREDENTIAL`` or one built by :func:`_with_kiosk`)."""
    if not kiosk_id or not kiosk_key:
        raise KioskUnauthorizedError("kiosk credential missing")
    row = connection_of(db).execute(statement, {"kiosk_id": kiosk_id, **params}).first()
    return kiosk_of(row, kiosk_id, kiosk_key), row


def kiosk_of(row: Row | None, kiosk_id: str, kiosk_key: str) -> KioskRef:
    """The kiosk if ``row`` (``secret_hash``, ``revoked``; both None when no
    such kiosk) holds this credential; else 401 kiosk_unauthorized."""
    if (
        row is None
        or row.secret_hash is None
        or not same_text(row.secret_hash, token_hash(kiosk_key))
    ):
        raise KioskUnauthorizedError("kiosk credential wrong")
    if row.revoked:
        raise KioskUnauthorizedError("kiosk revoked")
    return KioskRef(id=kiosk_id)


# the kiosk credential and another look-up in one statement: both LEFT JOINed
# to one row, so either may be missing (all its columns then NULL)
_ONE = select(literal_column("1").label("one")).subquery()
KIOSK_WIDTH = 2  # the credential's columns at the start of such a row


def _with_kiosk(columns: list[Any], joined: Any, on: Any) -> Select:
    return select(KIOSKS.secret_hash, KIOSKS.revoked, *columns).select_from(
        _ONE.outerjoin(Kiosk.__table__, KIOSKS.id == bindparam("kiosk_id")).outerjoin(
            joined, on
        )
    )


CARD_JOIN = CARDS.join(PERSONS, PERSONS.c.id == CARDS.c.person_id)
KIOSK_AND_CARD = prepared(
    _with_kiosk(CARD_COLUMNS, CARD_JOIN, CARDS.c.card_number == bindparam("number"))
)


def get_kiosk(
    db: Db,
    x_kiosk_id: Annotated[str | None, Header()] = None,
    x_kiosk_key: Annotated[str | None, Header()] = None,
) -> KioskRef:
    """The calling kiosk; 401 kiosk_unauthorized when missing, wrong or revoked."""
    read_only(db)
    kiosk = check_kiosk(db, x_kiosk_id, x_kiosk_key)
    db.commit()  # end the transaction inside this thread hop (see PlainRoute)
    return kiosk


KioskDep = Annotated[KioskRef, Depends(get_kiosk)]


@dataclass(frozen=True, kw_only=True)
class Resident:
    """The resident behind a valid session: session, card and person."""

    session: ResidentSession
    card: Card
    person: Person


def check_resident(
    ctx: AppContext, db: Session, kiosk: KioskRef, token: str | None, purpose: str
) -> Resident:
    """The resident behind ``token`` at ``kiosk`` with a ``purpose`` session;
    applies a lapsed temporary loss (in the caller's transaction)."""
    if token is None:
        raise SessionInvalidError("session token missing")
    now = ctx.now()
    row = db.execute(SESSION_BY_TOKEN, {"hash": token_hash(token)}).first()
    found, card = row if row is not None else (None, None)
    if found is None or card is None:
        raise SessionInvalidError("session unknown, ended or expired")
    _check_session(found, kiosk, now, purpose)
    apply_lapse(db, card, now)
    wanted = CardStatus.ACTIVE if purpose == "session" else CardStatus.TEMPORARILY_LOST
    require_status(card, wanted)
    return Resident(session=found, card=card, person=card.person)


SESSIONS = ResidentSession.__table__.c
SESSION_FIELDS = ("kiosk_id", "purpose", "expires_at", "ended_at")
# the kiosk credential and the look-up of SESSION_BY_TOKEN as Core columns
# (session, card, person) in one statement
KIOSK_AND_SESSION = prepared(
    _with_kiosk(
        [*(SESSIONS[f] for f in SESSION_FIELDS), *CARD_COLUMNS],
        ResidentSession.__table__.join(CARD_JOIN, CARDS.c.id == SESSIONS.card_id),
        SESSIONS.token_hash == bindparam("hash"),
    )
)


@dataclass(frozen=True, kw_only=True)
class SessionView:
    """A resident session as read for one kiosk unit."""

    kiosk_id: str
    purpose: str
    expires_at: datetime
    ended_at: datetime | None


@dataclass(frozen=True, kw_only=True)
class ResidentView:
    """:class:`Resident` as Core rows for the hot kiosk units (read-only)."""

    session: SessionView
    card: CardView
    person: PersonView


def signed_in(
    ctx: AppContext,
    db: Session,
    kiosk_id: str | None,
    kiosk_key: str | None,
    token: str | None,
) -> ResidentView:
    """:func:`check_kiosk` then :func:`check_resident` for a normal session, in
    one statement and without ORM entities: the same checks in the same order,
    the same errors and lapse (an explicit UPDATE and the same audit entry)."""
    if token is None:
        check_kiosk(db, kiosk_id, kiosk_key)
        raise SessionInvalidError("session token missing")
    params = {"hash": token_hash(token)}
    kiosk, row = kiosk_row(db, KIOSK_AND_SESSION, kiosk_id, kiosk_key, params)
    now = ctx.now()
    if row is None or row.kiosk_id is None:
        raise SessionInvalidError("session unknown, ended or expired")
    n = KIOSK_WIDTH + len(SESSION_FIELDS)
    found = SessionView(**dict(zip(SESSION_FIELDS, row[KIOSK_WIDTH:n], strict=True)))
    _check_session(found, kiosk, now, "session")
    card = lapse_view(db, card_view(row[n:]), now)
    require_status(card, CardStatus.ACTIVE)
    return ResidentView(session=found, card=card, person=card.person)


def _check_session(
    found: ResidentSession | SessionView, kiosk: KioskRef, now: datetime, purpose: str
) -> None:
    """SessionInvalidError / SessionWrongKioskError unless ``found`` is open, at
    ``kiosk`` and for ``purpose``."""
    if found.ended_at is not None or found.expires_at <= now:
        raise SessionInvalidError("session unknown, ended or expired")
    if found.kiosk_id != kiosk.id:
        raise SessionWrongKioskError("session belongs to another kiosk")
    if found.purpose != purpose:
        raise SessionInvalidError(f"a {found.purpose} session cannot do this")


def _resident(
    ctx: Ctx, db: Db, kiosk: KioskDep, authorization: str | None, purpose: str
) -> Resident:
    resident = check_resident(ctx, db, kiosk, bearer(authorization), purpose)
    db.commit()  # keeps a lapsed temporary loss; frees SQLite's write lock
    return resident


def get_resident(
    ctx: Ctx,
    db: Db,
    kiosk: KioskDep,
    authorization: Annotated[str | None, Header()] = None,
) -> Resident:
    """A resident with a normal session on an active card."""
    return _resident(ctx, db, kiosk, authorization, "session")


def get_cancel_loss_resident(
    ctx: Ctx,
    db: Db,
    kiosk: KioskDep,
    authorization: Annotated[str | None, Header()] = None,
) -> Resident:
    """A resident with a ``cancel_loss`` session on a temporarily lost card."""
    return _resident(ctx, db, kiosk, authorization, "cancel_loss")


ResidentDep = Annotated[Resident, Depends(get_resident)]


def get_operator(
    ctx: Ctx, db: Db, authorization: Annotated[str | None, Header()] = None
) -> Operator:
    """The logged-in operator; 401 staff_unauthorized otherwise."""
    token = bearer(authorization)
    if token is None:
        raise StaffUnauthorizedError("staff token missing")
    found = db.scalars(
        select(StaffSession).where(StaffSession.token_hash == token_hash(token))
    ).first()
    if found is None or found.expires_at <= ctx.now():
        raise StaffUnauthorizedError("staff token unknown or expired")
    operator = db.get(Operator, found.operator_id)
    if operator is None or operator.disabled:
        raise StaffUnauthorizedError("operator disabled")
    db.commit()
    return operator


def require_role(role: str) -> Callable[..., Operator]:
    """A dependency admitting only operators holding ``role`` (server-side check)."""

    def check(operator: Annotated[Operator, Depends(get_operator)]) -> Operator:
        if role not in operator.role_set():
            raise ForbiddenRoleError(f"needs role {role}")
        return operator

    return check
