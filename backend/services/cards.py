# SPDX-License-Identifier: Apache-2.0
"""Card look-ups with the temporary-loss lapse applied, and key-82 checks."""

from __future__ import annotations

import logging
from datetime import datetime

from cryptography import x509
from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session, joinedload

from backend.errors import (
    CardNotActiveError,
    CertificateInvalidError,
    NotFoundError,
    SignatureInvalidError,
)
from backend.models import Card
from backend.rules.cards import CardStatus, effective_status
from backend.services import audit
from card import certs
from card.errors import CardError

log = logging.getLogger(__name__)
# built once; the person comes in the same query (card.person is always needed)
CARD_BY_NUMBER = (
    select(Card)
    .options(joinedload(Card.person, innerjoin=True))
    .where(Card.card_number == bindparam("number"))
)


def find_card(db: Session, card_number: str, now: datetime) -> Card:
    """The card, with an elapsed temporary loss turned back to active (audited)."""
    card = db.scalars(CARD_BY_NUMBER, {"number": card_number}).first()
    if card is None:
        raise NotFoundError("unknown card")
    apply_lapse(db, card, now)
    return card


def apply_lapse(db: Session, card: Card, now: datetime) -> None:
    """Lapse a temporary loss whose time has come (DOMAIN.md: 7 days default)."""
    current = effective_status(card.status, card.temp_loss_lapses_at, now)
    if current.lapsed:
        card.status = CardStatus.ACTIVE
        card.temp_loss_lapses_at = None
        audit.record(
            db,
            actor="system",
            action="temporary_loss_lapsed",
            entity="card",
            entity_id=card.card_number,
            at=now,
            reason="temporary loss report lapsed by itself",
        )


def require_status(card: Card, *allowed: CardStatus) -> None:
    """CardNotActiveError (403, ``detail.status``) unless the status is allowed."""
    if card.status not in allowed:
        raise CardNotActiveError(
            f"card is {card.status}", detail={"status": card.status}
        )


def holder_certificate(
    card: Card, ca_cert: x509.Certificate, now: datetime
) -> x509.Certificate:
    """The card's registered key-82 certificate, checked against the issuer CA."""
    if not card.cert_holder:
        raise CertificateInvalidError("no holder certificate registered")
    try:
        cert = certs.load_certificate(card.cert_holder)
        certs.verify_certificate(cert, ca_cert, now=now, card_number=card.card_number)
    except CardError as exc:
        raise CertificateInvalidError(
            f"registered certificate unusable: {exc}"
        ) from exc
    return cert


def check_holder_signature(
    cert: x509.Certificate, message: bytes, signature: bytes
) -> None:
    """SignatureInvalidError unless ``signature`` (r||s) verifies over ``message``."""
    try:
        certs.verify_signature(cert, message, signature)
    except CardError as exc:
        raise SignatureInvalidError("card signature does not verify") from exc
