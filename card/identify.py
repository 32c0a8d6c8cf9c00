# SPDX-License-Identifier: Apache-2.0
"""Step 1 of the resident flow (docs/architecture.md) as one batch.

The card's public data, its key-81 certificate, its signature over a fresh
challenge (and the PIN tries left).

The 20 commands (SELECT SSSE, EF05 and EF06 records, SELECT PKI, ADF and the
certificate EF, READ BINARY, INTERNAL AUTHENTICATE 81; an empty VERIFY when
asked for) do not depend on each other's answers, so they go in one
:class:`~card.connection.Batch`: between two round trips only the adapter's
send loop runs, and the answers are checked afterwards, in command order, by
the sessions' own checks. The error raised is therefore the one the sessions,
called one after the other, would raise. What differs: after an answer that
the sequence would have raised on before sending more (a malformed record), a
few more commands may have been sent; none of them writes or carries a
secret. A status word other than 9000 stops the batch (``transmit_many``).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from cryptography import x509

from card.auth import (
    SELECT_APPLICATIONS,
    SELECT_APPLICATIONS_WHAT,
    AuthSession,
    KeyRef,
    authenticate_apdu,
    certificate_batch,
    signature_from,
)
from card.certs import load_certificate, utc_now, verify_certificate, verify_signature
from card.connection import Batch, Connection
from card.ssse import (
    HOLDER_BATCH,
    ISSUER_BATCH,
    SELECT_SSSE,
    TRIES_LEFT,
    Holder,
    IssuerData,
    algorithm_id_from,
    holder_from,
    issuer_from,
    tries_left_from,
)

logger = logging.getLogger(__name__)

_ISSUER = 1
_HOLDER = _ISSUER + len(ISSUER_BATCH)
_SELECTS = _HOLDER + len(HOLDER_BATCH)
_CERTIFICATE = _SELECTS + len(SELECT_APPLICATIONS)
_AUTHENTICATE = _CERTIFICATE + 2
_FIXED = {
    key: (
        SELECT_SSSE,
        *ISSUER_BATCH,
        *HOLDER_BATCH,
        *SELECT_APPLICATIONS,
        *certificate_batch(key),
    )
    for key in KeyRef
}


@dataclass(frozen=True, kw_only=True)
class CardIdentity:
    """What step 1 reads: public data, the certificate of ``key`` (DER, not
    yet verified), the card's signature over ``challenge`` and, when asked
    for, the PIN tries left."""

    issuer: IssuerData
    holder: Holder
    algorithm_id: int
    key: KeyRef
    certificate_der: bytes
    challenge: bytes
    signature: bytes
    tries_left: int | None = None


def read_identity(
    conn: Connection,
    challenge: bytes,
    key: KeyRef = KeyRef.CARD,
    *,
    tries_left: bool = False,
) -> CardIdentity:
    """Send step 1's commands as one batch and check the answers in order.

    With ``tries_left`` an empty VERIFY (the PIN is card-wide, Part A) ends
    the batch. ``conn`` must handle ``61xx``/``6Cxx`` (GetResponseConnection).
    Raises what :class:`SsseSession` and :class:`AuthSession` raise.
    """
    apdus = (*_FIXED[key], authenticate_apdu(key, challenge))
    batch = Batch(conn, (*apdus, TRIES_LEFT) if tries_left else apdus)
    algorithm_id = algorithm_id_from(batch.data(0, "SELECT SSSE"))
    issuer = issuer_from(batch, _ISSUER)
    holder = holder_from(batch, _HOLDER)
    for i, what in enumerate(SELECT_APPLICATIONS_WHAT, _SELECTS):
        batch.data(i, what)
    batch.data(_CERTIFICATE, "SELECT certificate EF")
    auth = AuthSession.selected(conn)
    der = auth.certificate_from(batch.answer(_CERTIFICATE + 1))
    signature = signature_from(key, *batch.answer(_AUTHENTICATE))
    tries = tries_left_from(batch.answer(_AUTHENTICATE + 1)[1]) if tries_left else None
    return CardIdentity(
        issuer=issuer,
        holder=holder,
        algorithm_id=algorithm_id,
        key=key,
        certificate_der=der,
        challenge=challenge,
        signature=signature,
        tries_left=tries,
    )


def verify_identity(
    identity: CardIdentity, ca_cert: x509.Certificate, *, now: datetime | None = None
) -> x509.Certificate:
    """Prove the card genuine, as :func:`card.auth.verify_card` does: the
    certificate chains to ``ca_cert``, is valid now and names the card number
    read from EF05, and the signature over the challenge verifies.

    Raises UntrustedIssuerError, CertificateExpiredError,
    CertificateMismatchError or NotGenuineError; returns the certificate.
    """
    cert = load_certificate(identity.certificate_der)
    verify_certificate(
        cert, ca_cert, now=now or utc_now(), card_number=identity.issuer.card_number
    )
    verify_signature(cert, identity.challenge, identity.signature)
    return cert
