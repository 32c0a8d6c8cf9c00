# SPDX-License-Identifier: Apache-2.0
"""What the kiosk asks of a card, as plain functions over a connection (no Qt).

Each job runs on the card worker's thread; a session class does the bytes
(CARD_PROFILE Part A for SSSE and the PIN, Part B for keys 81 and 82).
"""

from __future__ import annotations

import datetime as dt
import logging
import secrets
from dataclasses import dataclass

from cryptography import x509

from card.auth import CHALLENGE_LENGTH, AuthSession, KeyRef
from card.connection import Connection
from card.errors import CertificateExpiredError
from card.identify import read_identity, verify_identity
from card.profile import INITIAL_PIN
from card.ssse import Holder, IssuerData, SsseSession

log = logging.getLogger(__name__)


@dataclass(frozen=True, kw_only=True)
class CardRead:
    """A card that proved genuine: its public data and PIN tries left."""

    issuer: IssuerData
    holder: Holder
    tries_left: int


@dataclass(frozen=True, kw_only=True)
class PinVerified:
    """VERIFY succeeded; ``initial`` when it was the well-known initial PIN."""

    initial: bool


def read_card(
    conn: Connection, ca_cert: x509.Certificate, today: dt.date | None = None
) -> CardRead:
    """SELECT SSSE, read EF05/EF06 and tries left, prove the card genuine (key 81).

    The card I/O goes as one batch (card.identify); the checks come after it."""
    identity = read_identity(
        conn, secrets.token_bytes(CHALLENGE_LENGTH), tries_left=True
    )
    issuer = identity.issuer
    if issuer.expiry_date < (today or dt.date.today()):
        raise CertificateExpiredError(f"card expired on {issuer.expiry_date}")
    verify_identity(identity, ca_cert)
    assert identity.tries_left is not None  # asked for
    log.info("card %s read and verified genuine", issuer.card_number)
    return CardRead(
        issuer=issuer, holder=identity.holder, tries_left=identity.tries_left
    )


def verify_pin(conn: Connection, pin: str) -> PinVerified:
    """VERIFY the PIN (WrongPinError / PinBlockedError come from the session)."""
    SsseSession(conn).verify_pin(pin)
    return PinVerified(initial=pin == INITIAL_PIN)


def sign(conn: Connection, digest: bytes) -> bytes:
    """Holder authentication: key 82 signs 32 bytes (PIN verified before)."""
    return AuthSession(conn).authenticate(KeyRef.HOLDER, digest)


def change_pin(conn: Connection, old: str, new: str) -> None:
    """CHANGE PIN from ``old`` to ``new``."""
    SsseSession(conn).change_pin(old, new)
