# SPDX-License-Identifier: Apache-2.0
"""Kiosk auth: challenge -> key-82 signature -> session token -> logout."""

from __future__ import annotations

import logging
import secrets
import uuid
from datetime import timedelta
from typing import Any, Literal

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from sqlalchemy import Row, bindparam, insert, select, update
from sqlalchemy.orm import Session

from backend.api.calls import (
    KIOSK_HEADERS,
    RESIDENT_HEADERS,
    header_params,
    kiosk_call,
)
from backend.api.deps import PlainRoute
from backend.context import AppContext
from backend.db import connection_of, keep_on_error
from backend.errors import (
    ChallengeExpiredError,
    ChallengeReplayedError,
    ChallengeWrongCardError,
    ChallengeWrongKioskError,
    ChallengeWrongPurposeError,
    NotFoundError,
)
from backend.models import Challenge, KioskRef, ResidentSession, table
from backend.pg import deferred, prepared
from backend.rules.cards import CardStatus
from backend.security import new_token, token_hash
from backend.services import audit
from backend.services.cards import (
    CardView,
    check_holder_signature,
    find_card,
    holder_key,
    require_status,
)
from backend.services.ratelimit import hit
from card.auth import bind_challenge

log = logging.getLogger(__name__)
router = APIRouter(prefix="/api/v1/auth", tags=["auth"], route_class=PlainRoute)

CARD_NUMBER = Field(min_length=9, max_length=9, pattern=r"^[0-9A-Z]{9}$")
CHALLENGES, SESSIONS = table(Challenge), table(ResidentSession)
# built once: no per-call statement construction or cache-key walk
# writes whose result is not read: on PostgreSQL they ride with the next
# statement or the COMMIT (backend.pg)
NEW_CHALLENGE = deferred(insert(CHALLENGES).inline())
CHALLENGE = select(CHALLENGES.c.kiosk_id, CHALLENGES.c.used_at).where(
    CHALLENGES.c.id == bindparam("id")
)
# marks the challenge used and reads it in one statement (one round trip);
# only a challenge of this kiosk not used yet
USE_CHALLENGE = prepared(
    update(CHALLENGES)
    .where(
        CHALLENGES.c.id == bindparam("b_id"),
        CHALLENGES.c.kiosk_id == bindparam("b_kiosk_id"),
        CHALLENGES.c.used_at.is_(None),
    )
    .values(used_at=bindparam("now"))
    .returning(
        CHALLENGES.c.card_number,
        CHALLENGES.c.nonce,
        CHALLENGES.c.purpose,
        CHALLENGES.c.expires_at,
    )
)
NEW_SESSION = deferred(insert(SESSIONS).inline())
END_SESSION = deferred(
    update(SESSIONS)
    .where(
        SESSIONS.c.token_hash == bindparam("hash"),
        SESSIONS.c.kiosk_id == bindparam("b_kiosk_id"),
        SESSIONS.c.ended_at.is_(None),
    )
    .values(ended_at=bindparam("at"))
)
PURPOSE_STATUS = {
    "session": CardStatus.ACTIVE,
    "cancel_loss": CardStatus.TEMPORARILY_LOST,
    "pin_changed": CardStatus.ACTIVE,
}
SESSION_PURPOSES = frozenset({"session", "cancel_loss"})
Purpose = Literal["session", "cancel_loss", "pin_changed"]


class ChallengeIn(BaseModel):
    """Body of POST /auth/challenge."""

    card_number: str = CARD_NUMBER
    purpose: Purpose = "session"


class SessionIn(BaseModel):
    """Body of POST /auth/session and of POST /card/pin-changed."""

    challenge_id: str = Field(min_length=1, max_length=36)
    card_number: str = CARD_NUMBER
    signature: str = Field(pattern=r"^[0-9a-fA-F]{128}$")


@router.post("/challenge", openapi_extra=header_params(*KIOSK_HEADERS))
async def create_challenge(body: ChallengeIn, request: Request) -> JSONResponse:
    """A single-use nonce for this kiosk and card (docs/api.md, Kiosk auth)."""
    call = kiosk_call(request)
    return JSONResponse(
        await call.run(
            lambda db, kiosk: _challenge(call.ctx, db, kiosk, body), body.card_number
        )
    )


def _challenge(
    ctx: AppContext, db: Session, kiosk: KioskRef, body: ChallengeIn
) -> dict:
    now = ctx.now()
    limits = ctx.settings.rate_limits
    hit(
        db,
        f"challenge:kiosk:{kiosk.id}",
        limit=limits.challenges_per_kiosk,
        window=limits.challenge_window_seconds,
        now=now,
    )
    card = find_card(db, body.card_number, now)
    require_status(card, PURPOSE_STATUS[body.purpose])
    challenge_id, nonce = str(uuid.uuid4()), secrets.token_bytes(32)
    expires = now + timedelta(seconds=ctx.settings.challenge_lifetime_seconds)
    connection_of(db).execute(
        NEW_CHALLENGE,
        {
            "id": challenge_id,
            "nonce": nonce,
            "kiosk_id": kiosk.id,
            "card_number": card.card_number,
            "purpose": body.purpose,
            "created_at": now,
            "expires_at": expires,
        },
    )
    return {
        "challenge_id": challenge_id,
        "nonce": nonce.hex(),
        "expires_at": expires.isoformat(),
    }


def _consume(ctx: AppContext, db: Session, kiosk_id: str, challenge_id: str) -> Row:
    """Load and mark the challenge used, whatever happens next (single use)."""
    conn = connection_of(db)
    params = {"b_id": challenge_id, "b_kiosk_id": kiosk_id, "now": ctx.now()}
    challenge = conn.execute(USE_CHALLENGE, params).first()
    if challenge is None:  # why not: another kiosk's challenges stay untouched
        found = conn.execute(CHALLENGE, {"id": challenge_id}).first()
        if found is None:
            raise NotFoundError("unknown challenge")
        if found.kiosk_id != kiosk_id:
            raise ChallengeWrongKioskError("challenge issued to another kiosk")
        raise ChallengeReplayedError("challenge already used")
    keep_on_error(db)  # used, whatever happens next
    if challenge.expires_at <= ctx.now():
        raise ChallengeExpiredError("challenge expired")
    return challenge


@router.post("/session", openapi_extra=header_params(*KIOSK_HEADERS))
async def create_session(body: SessionIn, request: Request) -> JSONResponse:
    """Verify the key-82 signature over the bound nonce; answer a session token."""
    call = kiosk_call(request)
    return JSONResponse(
        await call.run(
            lambda db, kiosk: _session(call.ctx, db, kiosk, body), body.card_number
        )
    )


def signed_challenge(
    ctx: AppContext,
    db: Session,
    kiosk: KioskRef,
    body: SessionIn,
    purposes: frozenset[str],
) -> tuple[Row[Any], CardView]:
    """The challenge (used up) and the card, once the card's key-82 signature
    over the bound nonce verified for a challenge of one of ``purposes``."""
    challenge = _consume(ctx, db, kiosk.id, body.challenge_id)
    if challenge.card_number != body.card_number:
        raise ChallengeWrongCardError("challenge issued for another card")
    if challenge.purpose not in purposes:
        raise ChallengeWrongPurposeError("challenge issued for another purpose")
    now = ctx.now()
    card = find_card(db, body.card_number, now)
    require_status(card, PURPOSE_STATUS[challenge.purpose])
    holder = holder_key(card, ctx.ca_certificate, now)
    message = bind_challenge(challenge.nonce, kiosk.id, card.card_number)
    check_holder_signature(holder, message, bytes.fromhex(body.signature))
    return challenge, card


def _session(ctx: AppContext, db: Session, kiosk: KioskRef, body: SessionIn) -> dict:
    challenge, card = signed_challenge(ctx, db, kiosk, body, SESSION_PURPOSES)
    now = ctx.now()
    token = new_token()
    expires = now + timedelta(seconds=ctx.settings.session_lifetime_seconds)
    connection_of(db).execute(
        NEW_SESSION,
        {
            "token_hash": token_hash(token),
            "kiosk_id": kiosk.id,
            "card_id": card.id,
            "purpose": challenge.purpose,
            "created_at": now,
            "expires_at": expires,
        },
    )
    audit.record(
        db,
        actor=f"card:{card.card_number}",
        action="session_opened",
        entity="card",
        entity_id=card.card_number,
        at=now,
        data={"kiosk": kiosk.id, "purpose": challenge.purpose},
    )
    return {
        "token": token,
        "expires_at": expires.isoformat(),
        "purpose": challenge.purpose,
    }


@router.delete(
    "/session", status_code=204, openapi_extra=header_params(*RESIDENT_HEADERS)
)
async def end_session(request: Request) -> Response:
    """Log out: the token stops working at once (idempotent)."""
    call = kiosk_call(request)
    token = (request.headers.get("authorization") or "")[7:].strip()

    def end(db: Session, kiosk: KioskRef) -> None:
        connection_of(db).execute(
            END_SESSION,
            {"hash": token_hash(token), "b_kiosk_id": kiosk.id, "at": call.ctx.now()},
        )

    await call.run(end)
    return Response(status_code=204)
