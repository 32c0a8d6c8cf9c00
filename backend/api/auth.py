# SPDX-License-Identifier: Apache-2.0
"""Kiosk auth: challenge -> key-82 signature -> session token -> logout."""

from __future__ import annotations

import logging
import secrets
import uuid
from datetime import timedelta
from typing import Annotated, Literal

from fastapi import APIRouter, Header, Response
from pydantic import BaseModel, Field
from sqlalchemy import select, update

from backend.api.deps import Ctx, Db, KioskDep, PlainRoute
from backend.errors import (
    ChallengeExpiredError,
    ChallengeReplayedError,
    ChallengeWrongCardError,
    ChallengeWrongKioskError,
    NotFoundError,
)
from backend.models import Challenge, ResidentSession
from backend.rules.cards import CardStatus
from backend.security import new_token, token_hash
from backend.services import audit
from backend.services.cards import (
    check_holder_signature,
    find_card,
    holder_certificate,
    require_status,
)
from card.auth import bind_challenge

log = logging.getLogger(__name__)
router = APIRouter(prefix="/api/v1/auth", tags=["auth"], route_class=PlainRoute)

CARD_NUMBER = Field(min_length=9, max_length=9, pattern=r"^[0-9A-Z]{9}$")
PURPOSE_STATUS = {
    "session": CardStatus.ACTIVE,
    "cancel_loss": CardStatus.TEMPORARILY_LOST,
}


class ChallengeIn(BaseModel):
    """Body of POST /auth/challenge."""

    card_number: str = CARD_NUMBER
    purpose: Literal["session", "cancel_loss"] = "session"


class SessionIn(BaseModel):
    """Body of POST /auth/session."""

    challenge_id: str = Field(min_length=1, max_length=36)
    card_number: str = CARD_NUMBER
    signature: str = Field(pattern=r"^[0-9a-fA-F]{128}$")


@router.post("/challenge")
def create_challenge(body: ChallengeIn, ctx: Ctx, db: Db, kiosk: KioskDep) -> dict:
    """A single-use nonce for this kiosk and card (docs/api.md, Kiosk auth)."""
    now = ctx.now()
    limits = ctx.settings.rate_limits
    from backend.services.ratelimit import hit

    hit(
        db,
        f"challenge:kiosk:{kiosk.id}",
        limit=limits.challenges_per_kiosk,
        window=limits.challenge_window_seconds,
        now=now,
    )
    card = find_card(db, body.card_number, now)
    require_status(card, PURPOSE_STATUS[body.purpose])
    challenge = Challenge(
        id=str(uuid.uuid4()),
        nonce=secrets.token_bytes(32),
        kiosk_id=kiosk.id,
        card_number=card.card_number,
        purpose=body.purpose,
        created_at=now,
        expires_at=now + timedelta(seconds=ctx.settings.challenge_lifetime_seconds),
    )
    db.add(challenge)
    db.commit()
    return {
        "challenge_id": challenge.id,
        "nonce": challenge.nonce.hex(),
        "expires_at": challenge.expires_at.isoformat(),
    }


def _consume(ctx: Ctx, db: Db, kiosk_id: str, challenge_id: str) -> Challenge:
    """Load and mark the challenge used, whatever happens next (single use)."""
    challenge = db.get(Challenge, challenge_id)
    if challenge is None:
        raise NotFoundError("unknown challenge")
    if challenge.kiosk_id != kiosk_id:
        raise ChallengeWrongKioskError("challenge issued to another kiosk")
    used = db.execute(
        update(Challenge)
        .where(Challenge.id == challenge_id, Challenge.used_at.is_(None))
        .values(used_at=ctx.now())
    )
    db.commit()
    if used.rowcount != 1:  # type: ignore[attr-defined]
        raise ChallengeReplayedError("challenge already used")
    if challenge.expires_at <= ctx.now():
        raise ChallengeExpiredError("challenge expired")
    return challenge


@router.post("/session")
def create_session(body: SessionIn, ctx: Ctx, db: Db, kiosk: KioskDep) -> dict:
    """Verify the key-82 signature over the bound nonce; answer a session token."""
    challenge = _consume(ctx, db, kiosk.id, body.challenge_id)
    if challenge.card_number != body.card_number:
        raise ChallengeWrongCardError("challenge issued for another card")
    now = ctx.now()
    card = find_card(db, body.card_number, now)
    require_status(card, PURPOSE_STATUS[challenge.purpose])
    cert = holder_certificate(card, ctx.ca_certificate, now)
    message = bind_challenge(challenge.nonce, kiosk.id, card.card_number)
    check_holder_signature(cert, message, bytes.fromhex(body.signature))
    token = new_token()
    session = ResidentSession(
        token_hash=token_hash(token),
        kiosk_id=kiosk.id,
        card_id=card.id,
        purpose=challenge.purpose,
        created_at=now,
        expires_at=now + timedelta(seconds=ctx.settings.session_lifetime_seconds),
    )
    db.add(session)
    audit.record(
        db,
        actor=f"card:{card.card_number}",
        action="session_opened",
        entity="card",
        entity_id=card.card_number,
        at=now,
        data={"kiosk": kiosk.id, "purpose": challenge.purpose},
    )
    db.commit()
    return {
        "token": token,
        "expires_at": session.expires_at.isoformat(),
        "purpose": challenge.purpose,
    }


@router.delete("/session", status_code=204)
def end_session(
    ctx: Ctx,
    db: Db,
    kiosk: KioskDep,
    authorization: Annotated[str | None, Header()] = None,
) -> Response:
    """Log out: the token stops working at once (idempotent)."""
    token = (authorization or "")[7:].strip()
    found = db.scalars(
        select(ResidentSession).where(
            ResidentSession.token_hash == token_hash(token),
            ResidentSession.kiosk_id == kiosk.id,
        )
    ).first()
    if found is not None and found.ended_at is None:
        found.ended_at = ctx.now()
        db.commit()
    return Response(status_code=204)
