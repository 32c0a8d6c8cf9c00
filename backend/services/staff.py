# SPDX-License-Identifier: Apache-2.0
"""Staff-side card work: allocation, issuer cryptograms, certification, states."""

from __future__ import annotations

import secrets
from datetime import date, datetime, time

from cryptography.hazmat.primitives.serialization import Encoding
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from backend.context import AppContext
from backend.errors import ConflictError, InvalidRequestError, NotFoundError
from backend.keys import CardKeyRef
from backend.models import Card, Person
from backend.rules.cards import CardStatus
from backend.services import audit
from backend.services.batches import batch_of
from backend.services.requests import CHINA
from card import certs, profile
from card.auth import KeyRef
from card.errors import CardError


def new_card_number(prefix: str = "B") -> str:
    """Prefix + 7 random digits + check digit (sum of digits mod 10)."""
    digits = "".join(secrets.choice("0123456789") for _ in range(7))
    return prefix + digits + str(sum(int(c) for c in digits) % 10)


def add_years(day: date, years: int) -> date:
    """The same day ``years`` later (28 February for 29 February)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def allocate(
    ctx: AppContext,
    db: Session,
    person: Person,
    actor: str,
    today: date,
    recognition_code: bytes | None = None,
) -> Card:
    """A new card number in status ``allocated`` for the blank that carries
    ``recognition_code`` (read from the card by the issuing station).

    The blank must be in an imported batch and not be any card yet
    (ConflictError, before the station spends an issuer-authentication try).
    Without a code, only a demo configuration allocates one itself, for a
    simulated blank made afterwards."""
    code, batch = _blank_for(ctx, db, person, recognition_code)
    number = new_card_number()
    while db.scalars(select(Card.id).where(Card.card_number == number)).first():
        number = new_card_number()
    card = Card(
        card_number=number,
        person_id=person.id,
        recognition_code=code.hex().upper(),
        batch_id=batch,
        card_type="3",
        spec_version="3.00",
        status=CardStatus.ALLOCATED,
        pin_initial=True,  # personalization loads the issuer's initial PIN
        issue_date=today,
        expiry_date=add_years(today, ctx.settings.card_validity_years),
    )
    db.add(card)
    try:
        db.flush()
    except IntegrityError:  # another station took the same blank just now
        raise ConflictError("this blank is already being issued") from None
    audit.record(
        db,
        actor=actor,
        action="card_allocated",
        entity="card",
        entity_id=number,
        at=ctx.now(),
        data={"ssn": person.ssn, "batch": batch},
    )
    return card


def _blank_for(
    ctx: AppContext, db: Session, person: Person, code: bytes | None
) -> tuple[bytes, str | None]:
    """The recognition code and batch of the card to allocate."""
    if code is None:
        if not ctx.settings.demo:
            raise InvalidRequestError(
                "recognition_code required: read it from the blank card"
            )
        return profile.new_recognition_code(bytes.fromhex(person.hukou_region)), None
    try:
        profile.check_recognition_code(code)
    except CardError:
        raise InvalidRequestError(
            "recognition_code is not a card recognition code"
        ) from None
    used = db.scalars(
        select(Card.card_number).where(Card.recognition_code == code.hex().upper())
    ).first()
    if used is not None:
        raise ConflictError(
            f"this blank is already card {used}", detail={"reason": "blank_used"}
        )
    return code, batch_of(db, code)


def key_ref(card: Card) -> CardKeyRef:
    """Which diversified key the card holds (its code and batch)."""
    return CardKeyRef(
        recognition_code=bytes.fromhex(card.recognition_code), batch_id=card.batch_id
    )


def hex_bytes(text: str, size: int | None, what: str) -> bytes:
    """Hex input to bytes; InvalidRequestError (400) when malformed."""
    try:
        raw = bytes.fromhex(text)
    except ValueError:
        raise InvalidRequestError(f"{what} is not hex") from None
    if size is not None and len(raw) != size:
        raise InvalidRequestError(f"{what} must be {size} bytes")
    return raw


def certify(ctx: AppContext, card: Card, key: str, point: bytes) -> bytes:
    """Certify a card public key with the issuer CA; the DER is registered."""
    if card.status != CardStatus.ALLOCATED:
        raise ConflictError("only a card being issued can get certificates")
    try:
        public = certs.public_key_from_point(point)
    except CardError:
        raise InvalidRequestError("public_key is not a P-256 point") from None
    ref = KeyRef.CARD if key == "81" else KeyRef.HOLDER
    # issue and expiry dates are China's calendar days (requests.local_date)
    not_before = datetime.combine(card.issue_date, time(), tzinfo=CHINA)
    not_after = datetime.combine(card.expiry_date, time(23, 59, 59), tzinfo=CHINA)
    cert = ctx.keys.certify(card.card_number, int(ref), public, not_before, not_after)
    der = cert.public_bytes(Encoding.DER)
    if ref is KeyRef.CARD:
        card.cert_auth = der
    else:
        card.cert_holder = der
    return der


def find_allocated_or_any(db: Session, card_number: str) -> Card:
    """A card by number (any status), or NotFoundError."""
    card = db.scalars(select(Card).where(Card.card_number == card_number)).first()
    if card is None:
        raise NotFoundError("unknown card")
    return card
