# SPDX-License-Identifier: Apache-2.0
"""Card look-ups with the temporary-loss lapse applied, and key-82 checks."""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from datetime import datetime
from functools import lru_cache

from cryptography import x509
from cryptography.hazmat.primitives import serialization
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
from card.errors import CardError, CertificateExpiredError

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


CERT_CACHE_SIZE = 4096
_verified: OrderedDict[tuple[bytes, bytes, str], x509.Certificate] = OrderedDict()
_verified_lock = threading.Lock()


def holder_certificate(
    card: Card, ca_cert: x509.Certificate, now: datetime
) -> x509.Certificate:
    """The card's registered key-82 certificate, checked against the issuer CA.

    A certificate that passed the full check (parse, CA signature, validity,
    card number) is kept per process, keyed by its DER bytes, the CA's and the
    card number; later only the validity at ``now`` is checked again. Failures
    are never cached. The signature over each message is always checked."""
    if not card.cert_holder:
        raise CertificateInvalidError("no holder certificate registered")
    key = (bytes(card.cert_holder), _der(ca_cert), card.card_number)
    try:
        with _verified_lock:
            cert = _verified.get(key)
            if cert is not None:
                _verified.move_to_end(key)
        if cert is not None:
            _check_validity(cert, ca_cert, now)
            return cert
        cert = certs.load_certificate(key[0])
        certs.verify_certificate(cert, ca_cert, now=now, card_number=card.card_number)
    except CardError as exc:
        raise CertificateInvalidError(
            f"registered certificate unusable: {exc}"
        ) from exc
    with _verified_lock:
        _verified[key] = cert
        while len(_verified) > CERT_CACHE_SIZE:
            _verified.popitem(last=False)
    return cert


@lru_cache(maxsize=8)
def _der(ca_cert: x509.Certificate) -> bytes:
    return ca_cert.public_bytes(serialization.Encoding.DER)


def _check_validity(
    cert: x509.Certificate, ca_cert: x509.Certificate, now: datetime
) -> None:
    """The time part of ``certs.verify_certificate`` (same error, same order)."""
    for c, what in ((cert, "card certificate"), (ca_cert, "issuer CA certificate")):
        if not c.not_valid_before_utc <= now <= c.not_valid_after_utc:
            raise CertificateExpiredError(f"{what} is outside its validity period")


def check_holder_signature(
    cert: x509.Certificate, message: bytes, signature: bytes
) -> None:
    """SignatureInvalidError unless ``signature`` (r||s) verifies over ``message``."""
    try:
        certs.verify_signature(cert, message, signature)
    except CardError as exc:
        raise SignatureInvalidError("card signature does not verify") from exc
