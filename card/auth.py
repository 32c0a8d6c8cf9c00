# SPDX-License-Identifier: Apache-2.0
"""The authentication application (CARD_PROFILE Part B) and the challenge bindings
of docs/api.md.

:class:`AuthSession` selects ``PKI.社会保障`` and its ADF ``SS.CERT.ADF1`` in
its constructor; :func:`verify_card` proves a card genuine with key 81.
"""

from __future__ import annotations

import hashlib
import json
import logging
import secrets
from collections.abc import Mapping
from datetime import datetime
from enum import IntEnum
from typing import Any

from cryptography import x509

from card.apdu import CommandApdu, split_template
from card.certs import load_certificate, utc_now, verify_certificate, verify_signature
from card.connection import (
    Answer,
    Batch,
    Connection,
    send_all,
    status_error,
)
from card.errors import MalformedDataError, StatusWordError
from card.profile import (
    ADF_NAME,
    CARD_CERTIFICATE_FID,
    HOLDER_CERTIFICATE_FID,
    PKI_AID,
)
from card.sw import SW

logger = logging.getLogger(__name__)

CHALLENGE_LENGTH = 32
SIGNATURE_LENGTH = 64
MAX_CERTIFICATE = 0x7FFF


class KeyRef(IntEnum):
    """Card key references (Part B): 81 card authentication, 82 holder."""

    CARD = 0x81
    HOLDER = 0x82


CERTIFICATE_FID = {
    KeyRef.CARD: CARD_CERTIFICATE_FID,
    KeyRef.HOLDER: HOLDER_CERTIFICATE_FID,
}

# The session's fixed commands, encoded once (none carries a secret).
SELECT_APPLICATIONS = tuple(
    CommandApdu(cla=0, ins=0xA4, p1=4, p2=0x0C, data=name).to_bytes()
    for name in (PKI_AID, ADF_NAME)
)
SELECT_APPLICATIONS_WHAT = ("SELECT PKI", "SELECT ADF")
_SELECT_CERTIFICATE = {
    key: CommandApdu(cla=0, ins=0xA4, p1=0, p2=0x0C, data=fid).to_bytes()
    for key, fid in CERTIFICATE_FID.items()
}
_AUTHENTICATE_WHAT = {key: f"INTERNAL AUTHENTICATE {key:02X}" for key in KeyRef}


def authenticate_template(key: int) -> tuple[bytes, bytes]:
    """INTERNAL AUTHENTICATE ``00 88 00 <key> 20 … 00`` split around the challenge."""
    return split_template(
        CommandApdu(
            cla=0, ins=0x88, p1=0, p2=int(key), data=bytes(CHALLENGE_LENGTH), le=256
        )
    )


_AUTHENTICATE = {key: authenticate_template(key) for key in KeyRef}
_OK, _END_OF_FILE, _WRONG_LENGTH = (
    int(SW.OK),
    int(SW.WARNING_END_OF_FILE),
    int(SW.WRONG_LENGTH),
)


def read_binary_apdu(offset: int, le: int) -> bytes:
    """READ BINARY ``00 B0 <offset> <Le>``, extended when Le is over 256."""
    return CommandApdu(
        cla=0, ins=0xB0, p1=offset >> 8, p2=offset & 0xFF, le=le, extended=le > 256
    ).to_bytes()


_READ_FROM_START = {le: read_binary_apdu(0, le) for le in (256, 65536)}


def bind_challenge(nonce: bytes, kiosk_id: str, card_number: str) -> bytes:
    """SHA-256(b"SSC-AUTH-1" || nonce || kiosk_id || 00 || card_number), docs/api.md."""
    if len(nonce) != 32:
        raise MalformedDataError("nonce", f"{len(nonce)} bytes, need 32")
    return hashlib.sha256(
        b"SSC-AUTH-1"
        + nonce
        + kiosk_id.encode("utf-8")
        + b"\x00"
        + card_number.encode("ascii")
    ).digest()


# the digest's version: -2 binds the signing time (-1 bound none)
SUBMISSION_DOMAIN = b"SSC-SUBMIT-2"


def bind_submission(
    kiosk_id: str,
    card_number: str,
    idempotency_key: str,
    method: str,
    path: str,
    body: bytes,
    *,
    signed_at: int,
) -> bytes:
    """The 32 bytes key 82 signs for a submission (docs/api.md, "Submissions").

    ``signed_at`` is the kiosk's clock at signing, whole seconds since the
    Unix epoch (UTC): the backend accepts the signature only within a bounded
    window after it, so a captured request cannot be replayed later."""
    if signed_at < 0:
        raise ValueError("signed_at must be seconds since the epoch")
    parts = [
        kiosk_id.encode("utf-8"),
        card_number.encode("ascii"),
        idempotency_key.encode("ascii"),
        str(signed_at).encode("ascii"),
        method.encode("ascii"),
        path.encode("ascii"),
    ]
    return hashlib.sha256(
        SUBMISSION_DOMAIN + b"\x00".join(parts) + b"\x00" + body
    ).digest()


def canonical_json(payload: Mapping[str, Any]) -> bytes:
    """The canonical body of a submission, the ``body`` :func:`bind_submission`
    binds: UTF-8 JSON, keys sorted, no spaces, non-ASCII characters as they
    are (docs/api.md, "Submissions"). The kiosk's client serialises every
    request body this way and the backend the validated body it verifies, so
    both hash the same bytes."""
    text = json.dumps(
        payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False
    )
    return text.encode("utf-8")


def der_length(header: bytes) -> int:
    """Total length of a DER SEQUENCE from its first bytes (X.690 §8.1.3)."""
    if len(header) < 2 or header[0] != 0x30:
        raise MalformedDataError("certificate", "not a DER SEQUENCE")
    first = header[1]
    if first < 0x80:
        return 2 + first
    count = first & 0x7F
    if count not in (1, 2) or len(header) < 2 + count:
        raise MalformedDataError("certificate", "unsupported DER length")
    return 2 + count + int.from_bytes(header[2 : 2 + count], "big")


class AuthSession:
    """Read card certificates and have the card sign challenges (Part B)."""

    def __init__(self, conn: Connection, *, extended_length: bool = True) -> None:
        self._conn = conn
        self._extended = extended_length
        send_all(conn, SELECT_APPLICATIONS, SELECT_APPLICATIONS_WHAT)

    @classmethod
    def selected(cls, conn: Connection, *, extended_length: bool = True) -> AuthSession:
        """A session on the ADF selected already (``SELECT_APPLICATIONS`` sent)."""
        session = cls.__new__(cls)
        session._conn = conn
        session._extended = extended_length
        return session

    def _read_binary(self, offset: int, le: int) -> bytes:
        """READ BINARY (ISO 7816-4 §11.3.3) at ``offset``, checked by
        :func:`_binary_data`."""
        apdu = offset == 0 and _READ_FROM_START.get(le) or read_binary_apdu(offset, le)
        return _binary_data(*self._conn.transmit(apdu))

    def read_certificate(self, key: KeyRef) -> x509.Certificate:
        """The certificate of ``key``, read and parsed (MalformedDataError if bad)."""
        return load_certificate(self.read_certificate_der(key))

    def read_certificate_der(self, key: KeyRef) -> bytes:
        """SELECT the certificate EF, READ BINARY until the DER length is read.

        One READ BINARY asking for everything (extended Le 0000, or short Le
        00) reads a typical certificate whole; it goes in one batch with the
        SELECT (the batch stops if that fails)."""
        batch = Batch(self._conn, certificate_batch(key, self._extended))
        batch.data(0, "SELECT certificate EF")
        return self.certificate_from(batch.answer(1))

    def certificate_from(self, first: Answer) -> bytes:
        """The certificate DER from ``first``, the answer to READ BINARY from
        offset 0 with the largest Le (:func:`certificate_batch`), reading on
        until the DER length is read."""
        chunk_max = 65536 if self._extended else 256
        try:
            der = _binary_data(*first)
        except StatusWordError as exc:
            if exc.sw != _WRONG_LENGTH or chunk_max == 256:
                raise
            chunk_max = 256  # a card without extended length: fall back to short Le
            der = self._read_binary(0, chunk_max)
        total = der_length(der)
        if total > MAX_CERTIFICATE:
            raise MalformedDataError("certificate", f"{total} bytes is too long")
        while len(der) < total:
            chunk = self._read_binary(len(der), min(total - len(der), chunk_max))
            if not chunk:
                raise MalformedDataError("certificate", "card returned no data")
            der += chunk
        return der if len(der) == total else der[:total]

    def authenticate(self, key: KeyRef, challenge: bytes) -> bytes:
        """INTERNAL AUTHENTICATE ``00 88 00 <key> 20 <challenge> 00`` → r||s."""
        answer = self._conn.transmit(authenticate_apdu(key, challenge))
        return signature_from(key, *answer)


def certificate_batch(key: KeyRef, extended_length: bool = True) -> tuple[bytes, bytes]:
    """SELECT the certificate EF of ``key``; READ BINARY from 0, largest Le."""
    return (
        _SELECT_CERTIFICATE[key],
        _READ_FROM_START[65536 if extended_length else 256],
    )


def authenticate_apdu(key: KeyRef, challenge: bytes) -> bytes:
    """INTERNAL AUTHENTICATE with key ``key`` over ``challenge`` (32 bytes)."""
    if len(challenge) != CHALLENGE_LENGTH:
        raise MalformedDataError("challenge", f"{len(challenge)} bytes, need 32")
    head, tail = _AUTHENTICATE.get(key) or authenticate_template(key)
    return head + challenge + tail


def signature_from(key: KeyRef, data: bytes, sw: int) -> bytes:
    """The signature r||s in an answer to INTERNAL AUTHENTICATE, else raise."""
    if sw != _OK:
        raise status_error(
            sw, _AUTHENTICATE_WHAT.get(key) or f"INTERNAL AUTHENTICATE {key:02X}"
        )
    if len(data) != SIGNATURE_LENGTH:
        raise MalformedDataError("signature", f"{len(data)} bytes, need 64")
    return data


def _binary_data(data: bytes, sw: int) -> bytes:
    """The data of a READ BINARY answer; ``6282`` (end of file before Le bytes)
    still carries the data read."""
    if sw == _END_OF_FILE and data:
        return data
    if sw != _OK:
        raise status_error(sw, "READ BINARY")
    return data


def verify_card(
    session: AuthSession,
    ca_cert: x509.Certificate,
    *,
    card_number: str,
    now: datetime | None = None,
) -> x509.Certificate:
    """Prove the card genuine (ARCHITECTURE step 1): key-81 certificate chained to
    the issuer CA, valid now, naming ``card_number``, and a fresh signature.

    Raises UntrustedIssuerError, CertificateExpiredError, CertificateMismatchError
    or NotGenuineError; returns the key-81 certificate.
    """
    cert = session.read_certificate(KeyRef.CARD)
    verify_certificate(cert, ca_cert, now=now or utc_now(), card_number=card_number)
    challenge = secrets.token_bytes(CHALLENGE_LENGTH)
    verify_signature(cert, challenge, session.authenticate(KeyRef.CARD, challenge))
    return cert
