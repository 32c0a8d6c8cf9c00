# SPDX-License-Identifier: Apache-2.0
"""Personalization (CARD_PROFILE Part C), for the issuing station and the factory.

:class:`PersoSession` sends the Part C commands; :func:`personalize` runs the
whole issuing sequence, asking callbacks for what only the issuer can compute
(cryptogram, PIN MAC, certificates), so the master key can stay in the backend.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ec import EllipticCurvePublicKey

from card import formats, tlv
from card.apdu import CommandApdu
from card.auth import CERTIFICATE_FID, KeyRef
from card.certs import public_key_from_point
from card.connection import OK, Connection, send, status_error
from card.errors import (
    IssuerAuthenticationError,
    MalformedDataError,
    PinBlockedError,
    RecordNotFoundError,
)
from card.profile import ADF_NAME, HOLDER_SFI, ISSUER_SFI, PKI_AID, SSSE_NAME
from card.ssse import Holder, IssuerData
from card.sw import SW, pin_tries_left

logger = logging.getLogger(__name__)

CHUNK = 240


class PersoSession:
    """Issuer authentication, data and key writing, PIN loading, ACTIVATE."""

    def __init__(self, conn: Connection) -> None:
        self._conn = conn
        self._select_ssse()

    def _cmd(
        self,
        cla: int,
        ins: int,
        p1: int,
        p2: int,
        data: bytes = b"",
        le: int | None = None,
        what: str = "",
    ) -> bytes:
        command = CommandApdu(cla=cla, ins=ins, p1=p1, p2=p2, data=data, le=le)
        return send(self._conn, command, what=what)

    def _select_ssse(self) -> None:
        self._cmd(0, 0xA4, 4, 0x0C, SSSE_NAME, what="SELECT SSSE")

    def _select_adf(self) -> None:
        self._cmd(0, 0xA4, 4, 0x0C, PKI_AID, what="SELECT PKI")
        self._cmd(0, 0xA4, 4, 0x0C, ADF_NAME, what="SELECT ADF")

    def get_challenge(self) -> bytes:
        """GET CHALLENGE ``00 84 00 00 10``: 16 random bytes."""
        return self._cmd(0, 0x84, 0, 0, le=16, what="GET CHALLENGE")

    def external_authenticate(self, cryptogram: bytes) -> None:
        """EXTERNAL AUTHENTICATE ``00 82 00 0A 10 <cryptogram>``."""
        raw = CommandApdu(cla=0, ins=0x82, p1=0, p2=0x0A, data=cryptogram).to_bytes()
        _, sw = self._conn.transmit(raw)
        if sw == OK:
            return
        tries_left = pin_tries_left(sw)
        if tries_left is not None:
            raise IssuerAuthenticationError(
                f"issuer key refused, {tries_left} tries left"
            )
        if sw == SW.AUTH_METHOD_BLOCKED:
            raise IssuerAuthenticationError("issuer key blocked")
        raise status_error(sw, "EXTERNAL AUTHENTICATE")

    def _write_records(self, sfi: int, records: dict[int, bytes]) -> None:
        """UPDATE RECORD n, or APPEND RECORD when record n does not exist yet."""
        self._select_ssse()
        for number, (tag, value) in enumerate(records.items(), start=1):
            record = tlv.encode_simple(tag, value)
            try:
                self._cmd(0, 0xDC, number, (sfi << 3) | 4, record, what="UPDATE RECORD")
            except RecordNotFoundError:
                self._cmd(0, 0xE2, 0, sfi << 3, record, what="APPEND RECORD")

    def write_issuer(self, data: IssuerData) -> None:
        """EF05 records 01…07."""
        self._write_records(ISSUER_SFI, data.to_records())

    def write_holder(self, holder: Holder, *, name_extension: bool = True) -> None:
        """EF06 records in issuer order (08, 09, 4E, 0A, 0B, 0C, 0D)."""
        records = holder.to_records(name_extension=name_extension)
        self._write_records(HOLDER_SFI, records)

    def generate_key_pair(self, key: KeyRef) -> EllipticCurvePublicKey:
        """GENERATE ASYMMETRIC KEY PAIR ``00 46 00 <key> 00`` → public key."""
        self._select_adf()
        answer = self._cmd(0, 0x46, 0, int(key), le=256, what="GENERATE KEY PAIR")
        template = tlv.parse_ber_one(answer, 0x7F49)
        point = tlv.find(template.children(), 0x86)
        if point is None:
            raise MalformedDataError("7F49 template", "no tag 86 point")
        return public_key_from_point(point.value)

    def write_certificate(self, key: KeyRef, cert: x509.Certificate) -> None:
        """UPDATE BINARY the DER certificate into EF 0016 / 0018, 240 bytes a time."""
        self._select_adf()
        self._cmd(0, 0xA4, 0, 0x0C, CERTIFICATE_FID[key], what="SELECT cert EF")
        der = cert.public_bytes(serialization.Encoding.DER)
        for offset in range(0, len(der), CHUNK):
            piece = der[offset : offset + CHUNK]
            self._cmd(0, 0xD6, offset >> 8, offset & 0xFF, piece, what="UPDATE BINARY")

    def reload_pin(self, pin: str, mac: bytes, *, retry_limit: int = 0) -> None:
        """RELOAD PIN ``80 5E 00 <limit> 07 <PIN BCD> <MAC>`` after GET CHALLENGE."""
        if not 0 <= retry_limit <= 15:
            raise MalformedDataError("RELOAD PIN", "retry limit must be 0..15")
        raw = CommandApdu(
            cla=0x80, ins=0x5E, p1=0, p2=retry_limit, data=formats.encode_pin(pin) + mac
        ).to_bytes()
        _, sw = self._conn.transmit(raw)
        if sw == SW.SECURITY_STATUS_NOT_SATISFIED:
            raise IssuerAuthenticationError("RELOAD PIN MAC refused")
        if sw == SW.AUTH_METHOD_BLOCKED:
            raise PinBlockedError()
        if sw != OK:
            raise status_error(sw, "RELOAD PIN")

    def activate(self) -> None:
        """ACTIVATE ``00 44 00 00``: the card becomes ``personalised``."""
        self._cmd(0, 0x44, 0, 0, what="ACTIVATE")

    def erase(self) -> None:
        """ERASE ``80 0E 00 00`` (project extension): blank a half-written card."""
        self._cmd(0x80, 0x0E, 0, 0, what="ERASE")

    def terminate(self) -> None:
        """TERMINATE CARD USAGE ``00 FE 00 00`` (issuer authenticated)."""
        self._cmd(0, 0xFE, 0, 0, what="TERMINATE")


@dataclass(frozen=True, kw_only=True)
class IssuerCallbacks:
    """What only the issuer (backend) computes during personalization (Part C).

    ``cryptogram(challenge)`` answers EXTERNAL AUTHENTICATE, ``pin_mac(challenge,
    pin_block)`` answers RELOAD PIN, ``certify(key, public_key)`` issues a
    certificate. Their reprs hold no keys.
    """

    cryptogram: Callable[[bytes], bytes]
    pin_mac: Callable[[bytes, bytes], bytes]
    certify: Callable[[KeyRef, EllipticCurvePublicKey], x509.Certificate]


def personalize(
    session: PersoSession,
    *,
    issuer: IssuerData,
    holder: Holder,
    pin: str,
    retry_limit: int,
    callbacks: IssuerCallbacks,
    activate: bool = True,
) -> None:
    """The issuing sequence of Part C, each step a real command."""
    session.external_authenticate(callbacks.cryptogram(session.get_challenge()))
    session.write_issuer(issuer)
    session.write_holder(holder, name_extension=issuer.spec_version >= "2.00")
    for key in KeyRef:
        public_key = session.generate_key_pair(key)
        session.write_certificate(key, callbacks.certify(key, public_key))
    challenge = session.get_challenge()
    mac = callbacks.pin_mac(challenge, formats.encode_pin(pin))
    session.reload_pin(pin, mac, retry_limit=retry_limit)
    if activate:
        session.activate()
