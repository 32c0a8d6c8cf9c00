# SPDX-License-Identifier: Apache-2.0
"""Reading the card certificate in as few APDUs as the card allows (Part B)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from card.auth import AuthSession, KeyRef
from card.connection import ConnectionWrapper
from card.virtual import VirtualCard
from tests.card.conftest import connect


class CountingConnection(ConnectionWrapper):
    """Counts READ BINARY commands; optionally plays a card without extended length."""

    def __init__(self, inner: Any, *, refuse_extended: bool = False) -> None:
        super().__init__(inner)
        self.reads: list[bytes] = []
        self.refuse_extended = refuse_extended

    def transmit(self, apdu: bytes) -> tuple[bytes, int]:
        if apdu[1] == 0xB0:
            self.reads.append(apdu)
            if self.refuse_extended and len(apdu) == 7:
                return b"", 0x6700
        return self.inner.transmit(apdu)


def test_certificate_read_whole_with_one_extended_read_binary(
    make_card: Callable[..., VirtualCard],
) -> None:
    conn = CountingConnection(connect(make_card()))
    cert = AuthSession(conn).read_certificate(KeyRef.CARD)
    assert len(conn.reads) == 1
    assert conn.reads[0][4:] == b"\x00\x00\x00"  # extended Le = 0000: "all"
    assert cert.serial_number > 0


def test_card_without_extended_length_falls_back_to_short_reads(
    make_card: Callable[..., VirtualCard],
) -> None:
    conn = CountingConnection(connect(make_card()), refuse_extended=True)
    cert = AuthSession(conn).read_certificate(KeyRef.HOLDER)
    plain = AuthSession(connect(make_card())).read_certificate(KeyRef.HOLDER)
    assert len(cert.public_bytes(encoding=_der())) > 256
    assert len(conn.reads) >= 3  # refused extended, then 256 + the rest
    assert all(len(r) == 5 for r in conn.reads[1:])
    assert cert.subject == plain.subject


def _der() -> Any:
    from cryptography.hazmat.primitives.serialization import Encoding

    return Encoding.DER
