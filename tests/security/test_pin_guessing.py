# SPDX-License-Identifier: Apache-2.0
"""A finder guesses the PIN of a real demo card at the kiosk (its card jobs over
the virtual card's APDUs): the card's counter blocks it, the block survives a
power cycle and the file, the holder key refuses to sign, and the backend
never sees a signature. SECURITY.md "PIN guessing", "the well-known initial PIN"."""

from __future__ import annotations

from pathlib import Path

import pytest

from backend_client import BackendClient
from card.auth import bind_challenge
from card.connection import GetResponseConnection
from card.errors import (
    InvalidPinFormatError,
    PinBlockedError,
    SecurityStatusError,
    WrongPinError,
)
from card.trace import TracingConnection
from card.virtual import VirtualCard, VirtualConnection
from card.virtual.bundled import DEMO_CA_CERTIFICATE
from kiosk import cardjobs
from tests.security.conftest import SecurityBackend


def _conn(path: Path) -> GetResponseConnection:
    return GetResponseConnection(VirtualConnection(VirtualCard.load(path)))


def test_guessing_blocks_the_card_for_good(
    live: SecurityBackend, client: BackendClient, tmp_path: Path
) -> None:
    demo = live.copy_card(live.card("active", 11), tmp_path)
    conn = _conn(demo.path)
    tries = cardjobs.read_card(conn, _ca()).tries_left
    assert tries >= 3
    guesses = [f"{(int(demo.pin) + k) % 1_000_000:06d}" for k in range(1, tries + 1)]
    left = []
    for guess in guesses[:-1]:
        with pytest.raises(WrongPinError) as caught:
            cardjobs.verify_pin(conn, guess)
        left.append(caught.value.tries_left)
    assert left == list(range(tries - 1, 0, -1))
    with pytest.raises((WrongPinError, PinBlockedError)):
        cardjobs.verify_pin(conn, guesses[-1])
    with pytest.raises(PinBlockedError):
        cardjobs.verify_pin(conn, demo.pin)  # even the right PIN, now
    again = _conn(demo.path)  # pulled and put back: the counter is in the image
    with pytest.raises(PinBlockedError):
        cardjobs.verify_pin(again, demo.pin)
    challenge = client.challenge(demo.card_number)
    digest = bind_challenge(challenge.nonce, live.kiosk.kiosk_id, demo.card_number)
    with pytest.raises(SecurityStatusError):
        cardjobs.sign(again, digest)  # key 82 needs a verified PIN


@pytest.mark.parametrize("new", ["123456", "12345", "abcdef", "1234567"])
def test_initial_or_malformed_new_pin_is_refused_before_the_card(
    live: SecurityBackend, tmp_path: Path, new: str
) -> None:
    demo = live.copy_card(live.card("active", 11), tmp_path)
    traced = TracingConnection(VirtualConnection(VirtualCard.load(demo.path)))
    conn = GetResponseConnection(traced)
    with pytest.raises(InvalidPinFormatError):
        cardjobs.change_pin(conn, demo.pin, new)
    sent = [e.command[:2] for e in traced.trace.entries()]
    assert b"\x80\x5e" not in sent  # refused before any CHANGE PIN reached the card
    cardjobs.verify_pin(conn, demo.pin)  # the PIN is unchanged


def _ca():  # type: ignore[no-untyped-def]
    from cryptography import x509

    return x509.load_pem_x509_certificate((DEMO_CA_CERTIFICATE).read_bytes())
