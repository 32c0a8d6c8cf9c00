# SPDX-License-Identifier: Apache-2.0
"""The card side of personalization: ``card.perso`` calls the orchestrator makes.

Kept apart from :mod:`staff.personalize` so that the step logic reads as
the card profile's Part C and the byte-level adaptation lives in one place.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from card import formats
from card.auth import KeyRef
from card.connection import Connection, ConnectionWrapper, GetResponseConnection
from card.errors import RecordNotFoundError
from card.perso import PersoSession
from card.readers import ReaderProvider
from card.ssse import Holder, IssuerData, SsseSession
from staff.errors import WrongBlankError
from staff.models import Allocation, Resident

log = logging.getLogger(__name__)

KEYS: dict[str, KeyRef] = {"81": KeyRef.CARD, "82": KeyRef.HOLDER}


class CountingConnection(ConnectionWrapper):
    """Counts APDUs and the time spent waiting for the card (bench, results)."""

    def __init__(self, inner: Connection | None) -> None:
        self.inner = inner  # type: ignore[assignment]
        self.count = 0
        self.seconds = 0.0

    def transmit(self, apdu: bytes) -> tuple[bytes, int]:
        started = time.perf_counter()
        try:
            return self.inner.transmit(apdu)
        finally:
            self.seconds += time.perf_counter() - started
            self.count += 1

    @property
    def atr(self) -> bytes:
        return self.inner.atr if self.inner is not None else b""

    def close(self) -> None:
        if self.inner is not None:
            self.inner.close()


def open_perso(conn: Connection) -> PersoSession:
    """A personalization session on ``conn`` (61xx/6Cxx handled below it)."""
    return PersoSession(GetResponseConnection(conn))


def issuer_data(alloc: Allocation) -> IssuerData:
    """EF05 content for an allocation (card profile Part A, EF05)."""
    return IssuerData(
        recognition_code=alloc.recognition_code,
        card_type=alloc.card_type,
        spec_version=alloc.spec_version,
        init_institution=alloc.init_institution,
        issue_date=alloc.issue_date,
        expiry_date=alloc.expiry_date,
        card_number=alloc.card_number,
    )


def holder(resident: Resident) -> Holder:
    """EF06 content for a resident (card profile Part A, EF06)."""
    return Holder(
        ssn=resident.ssn,
        name=resident.name,
        gender=resident.gender,
        ethnic_group=resident.ethnic,
        birthplace=resident.birthplace,
        birth_date=resident.birth_date,
    )


def write_data(session: PersoSession, alloc: Allocation, resident: Resident) -> None:
    """UPDATE/APPEND RECORD into EF05 and EF06 (Part C "Write data")."""
    session.write_issuer(issuer_data(alloc))
    session.write_holder(holder(resident), name_extension=alloc.spec_version >= "2.00")


def uncompressed_point(key: ec.EllipticCurvePublicKey) -> bytes:
    """The X9.62 uncompressed point (``04 || x || y``) the backend certifies."""
    return key.public_bytes(Encoding.X962, PublicFormat.UncompressedPoint)


def generate_keys(session: PersoSession) -> dict[str, bytes]:
    """GENERATE ASYMMETRIC KEY PAIR 81 and 82; return their public points."""
    return {
        name: uncompressed_point(session.generate_key_pair(ref))
        for name, ref in KEYS.items()
    }


def write_certificates(session: PersoSession, certificates: dict[str, bytes]) -> None:
    """UPDATE BINARY the two certificates into their EFs (Part B, Part C)."""
    for name, der in certificates.items():
        session.write_certificate(KEYS[name], x509.load_der_x509_certificate(der))


MacSource = Callable[[bytes, bytes], bytes]


def reload_pin(
    session: PersoSession, pin: str, retry_limit: int, mac_for: MacSource
) -> None:
    """RELOAD PIN to ``pin`` with ``retry_limit``, the MAC answered by the backend.

    ``mac_for(challenge, pin_block)`` asks the backend; the PIN block is never
    logged.
    """
    challenge = session.get_challenge()
    mac = mac_for(challenge, formats.encode_pin(pin))
    session.reload_pin(pin, mac, retry_limit=retry_limit)


def blank_recognition_code(conn: Connection) -> bytes | None:
    """The recognition code the card in the reader carries from manufacture
    (EF05 tag 01), or None when it carries none. Spends no try."""
    try:
        return SsseSession(GetResponseConnection(conn)).read_recognition_code()
    except RecordNotFoundError:
        return None


def read_blank_code(provider: ReaderProvider, reader: str) -> bytes | None:
    """:func:`blank_recognition_code` of the card in ``reader`` (own connection)."""
    with provider.connect(reader) as conn:
        return blank_recognition_code(conn)


def check_blank(conn: Connection, alloc: Allocation) -> None:
    """WrongBlankError unless the card carries the allocation's recognition
    code: checked before issuer authentication, so another card in the
    reader costs no issuer-key try."""
    code = blank_recognition_code(conn)
    if code is not None and code != alloc.recognition_code:
        raise WrongBlankError(
            f"the card in the reader is not the blank card {alloc.card_number} "
            "was allocated for"
        )


def read_card_number(conn: Connection) -> str:
    """The card number in EF05 tag 07 (card profile Part A)."""
    return SsseSession(GetResponseConnection(conn)).read_issuer().card_number
