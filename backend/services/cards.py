# SPDX-License-Identifier: Apache-2.0
"""Card look-ups with the temporary-loss lapse applied, and key-82 checks."""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from functools import lru_cache
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.types import CertificatePublicKeyTypes
from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import Session

from backend.db import connection_of
from backend.errors import (
    CardNotActiveError,
    CertificateInvalidError,
    NotFoundError,
    SignatureInvalidError,
)
from backend.models import Card, Person, table
from backend.pg import deferred, prepared
from backend.rules.cards import CardStatus, effective_status
from backend.services import audit
from card import certs
from card.errors import CardError

log = logging.getLogger(__name__)
CARDS, PERSONS = table(Card), table(Person)
PREFETCHED = "ssc_prefetched_card"


@dataclass(frozen=True, kw_only=True)
class PersonView:
    """A person as read for one kiosk unit (a Core row, not an ORM entity)."""

    id: int
    ssn: str
    name: str
    gender: str
    birth_date: date
    hukou_region: str
    mobile: str


@dataclass(frozen=True, kw_only=True)
class CardView:
    """A card and its person as read for one kiosk unit (read-only: a change
    to a card is an explicit UPDATE, see :func:`lapse_view`)."""

    id: int
    card_number: str
    person_id: int
    status: str
    issue_date: date
    expiry_date: date
    cert_holder: bytes | None
    temp_loss_lapses_at: datetime | None
    pin_initial: bool
    person: PersonView


CARD_FIELDS = tuple(f for f in CardView.__dataclass_fields__ if f != "person")
PERSON_FIELDS = tuple(PersonView.__dataclass_fields__)
# the columns of a card view then of its person view, in field order
CARD_COLUMNS = [CARDS.c[f] for f in CARD_FIELDS] + [
    PERSONS.c[f].label(f"owner_{f}") for f in PERSON_FIELDS
]
# built once; the person comes in the same query (card.person is always needed)
CARD_BY_NUMBER = prepared(
    select(*CARD_COLUMNS)
    .join_from(CARDS, PERSONS, PERSONS.c.id == CARDS.c.person_id)
    .where(CARDS.c.card_number == bindparam("number"))
)
# the lapse of a temporary loss (what the ORM flush of apply_lapse writes);
# nothing reads it back in the unit: on PostgreSQL it rides with the next
# statement or the COMMIT, before the audit entry (backend.pg)
LAPSE = deferred(
    update(CARDS)
    .where(CARDS.c.id == bindparam("b_id"))
    .values(status=CardStatus.ACTIVE.value, temp_loss_lapses_at=None)
)


def card_view(row: Sequence[Any]) -> CardView:
    """The card view of a row whose columns start with :data:`CARD_COLUMNS`."""
    n = len(CARD_FIELDS)
    people = zip(PERSON_FIELDS, row[n : n + len(PERSON_FIELDS)], strict=True)
    person = PersonView(**dict(people))
    return CardView(**dict(zip(CARD_FIELDS, row[:n], strict=True)), person=person)


def prefetch_card(db: Session, card_number: str, card: CardView | None) -> None:
    """Hand ``find_card`` of this unit the card already read (None: no such
    card) with the unit's first statement (api/calls.py: one round trip less)."""
    db.info[PREFETCHED] = (card_number, card)


def find_card(db: Session, card_number: str, now: datetime) -> CardView:
    """The card, with an elapsed temporary loss turned back to active (audited).

    A card prefetched for this number in this transaction is used (once)
    instead of reading it again."""
    ahead = db.info.pop(PREFETCHED, None)
    if ahead is not None and ahead[0] == card_number:
        card = ahead[1]
    else:
        params = {"number": card_number}
        row = connection_of(db).execute(CARD_BY_NUMBER, params).first()
        card = card_view(row) if row is not None else None
    if card is None:
        raise NotFoundError("unknown card")
    return lapse_view(db, card, now)


def lapse_view(db: Session, card: CardView, now: datetime) -> CardView:
    """:func:`apply_lapse` for a card view: the same UPDATE and audit entry,
    written as Core statements; the answer is the card as it now is."""
    if not effective_status(card.status, card.temp_loss_lapses_at, now).lapsed:
        return card
    connection_of(db).execute(LAPSE, {"b_id": card.id})
    _audit_lapse(db, card.card_number, now)
    return replace(card, status=CardStatus.ACTIVE.value, temp_loss_lapses_at=None)


def _audit_lapse(db: Session, card_number: str, now: datetime) -> None:
    audit.record(
        db,
        actor="system",
        action="temporary_loss_lapsed",
        entity="card",
        entity_id=card_number,
        at=now,
        reason="temporary loss report lapsed by itself",
    )


def apply_lapse(db: Session, card: Card, now: datetime) -> None:
    """Lapse a temporary loss whose time has come (docs/domain.md: 7 days default)."""
    current = effective_status(card.status, card.temp_loss_lapses_at, now)
    if current.lapsed:
        card.status = CardStatus.ACTIVE
        card.temp_loss_lapses_at = None
        _audit_lapse(db, card.card_number, now)


def require_status(card: Card | CardView, *allowed: CardStatus) -> None:
    """CardNotActiveError (403, ``detail.status``) unless the status is allowed."""
    if card.status not in allowed:
        raise CardNotActiveError(
            f"card is {card.status}", detail={"status": card.status}
        )


CERT_CACHE_SIZE = 4096


@dataclass(frozen=True, slots=True)
class HolderKey:
    """What a verified key-82 certificate is used for afterwards: its public key
    and its validity period.

    The cache keeps this and not the certificate: a parsed certificate whose
    names and extensions were read keeps about 30 objects the garbage collector
    tracks (names, attributes, extensions), so 4,096 cached certificates were
    about 120,000 objects that every full collection walked, and a full
    collection grew from 10-15 ms to 45-55 ms over a bench run (docs/decisions.md,
    "The certificate cache holds keys"). This is a handful."""

    public_key: CertificatePublicKeyTypes
    not_before: datetime
    not_after: datetime


_verified: OrderedDict[tuple[bytes, bytes, str], HolderKey] = OrderedDict()
_verified_lock = threading.Lock()


def holder_key(
    card: Card | CardView, ca_cert: x509.Certificate, now: datetime
) -> HolderKey:
    """The key of the card's registered key-82 certificate, checked against
    the issuer CA.

    A certificate that passed the full check (parse, CA signature, validity,
    card number) is kept per process as its :class:`HolderKey`, keyed by its
    DER bytes, the CA's and the card number; later only the validity at
    ``now`` is checked again. Failures are never cached. The signature over
    each message is always checked."""
    if not card.cert_holder:
        raise CertificateInvalidError("no holder certificate registered")
    key = (bytes(card.cert_holder), _der(ca_cert), card.card_number)
    try:
        with _verified_lock:
            holder = _verified.get(key)
            if holder is not None:
                _verified.move_to_end(key)
        if holder is not None:
            _check_validity(holder, ca_cert, now)
            return holder
        cert = certs.load_certificate(key[0])
        certs.verify_certificate(cert, ca_cert, now=now, card_number=card.card_number)
    except CardError as exc:
        raise CertificateInvalidError(
            f"registered certificate unusable: {exc}"
        ) from exc
    holder = HolderKey(
        public_key=cert.public_key(),
        not_before=cert.not_valid_before_utc,
        not_after=cert.not_valid_after_utc,
    )
    with _verified_lock:
        _verified[key] = holder
        while len(_verified) > CERT_CACHE_SIZE:
            _verified.popitem(last=False)
    return holder


@lru_cache(maxsize=8)
def _der(ca_cert: x509.Certificate) -> bytes:
    return ca_cert.public_bytes(serialization.Encoding.DER)


def _check_validity(
    holder: HolderKey, ca_cert: x509.Certificate, now: datetime
) -> None:
    """The time part of ``certs.verify_certificate`` (same error, same order)."""
    certs.check_validity(
        now,
        (holder.not_before, holder.not_after, "card certificate"),
        certs.period(ca_cert, "issuer CA certificate"),
    )


def check_holder_signature(holder: HolderKey, message: bytes, signature: bytes) -> None:
    """SignatureInvalidError unless ``signature`` (r||s) verifies over ``message``."""
    try:
        certs.verify_key_signature(holder.public_key, message, signature)
    except CardError as exc:
        raise SignatureInvalidError("card signature does not verify") from exc
