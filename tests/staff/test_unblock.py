# SPDX-License-Identifier: Apache-2.0
"""PIN unblock at the counter through the virtual card (real APDUs)."""

from __future__ import annotations

import pytest

from card.connection import GetResponseConnection
from card.errors import IssuerAuthenticationError, PinBlockedError, WrongPinError
from card.ssse import SsseSession
from card.virtual import VirtualConnection
from staff.unblock import WrongCardError, unblock_pin
from tests.staff.local_issuer import LocalIssuer
from tests.staff.test_personalize import Factory, run


def _blocked_card() -> tuple[LocalIssuer, Factory, str]:
    issuer, factory = LocalIssuer(), Factory()
    result, _ = run(issuer, factory)
    ssse = SsseSession(GetResponseConnection(VirtualConnection(factory.card)))
    ssse.verify_pin("123456")
    ssse.change_pin("123456", "271828")
    for _ in range(6):
        with pytest.raises((WrongPinError, PinBlockedError)):
            ssse.verify_pin("000000")
    with pytest.raises(PinBlockedError):
        ssse.verify_pin("271828")
    return issuer, factory, result.allocation.card_number


def test_unblock_resets_to_the_initial_pin_with_a_full_counter() -> None:
    issuer, factory, number = _blocked_card()
    with VirtualConnection(factory.card) as conn:
        assert unblock_pin(issuer, conn, expected_card=number) == number
    ssse = SsseSession(GetResponseConnection(VirtualConnection(factory.card)))
    assert ssse.pin_tries_left() == 6  # the retry limit set at personalization
    with pytest.raises(WrongPinError):
        ssse.verify_pin("271828")
    ssse.verify_pin("123456")
    assert "pin_reload_mac" in issuer.calls


def test_unblock_refuses_another_card() -> None:
    issuer, factory, _ = _blocked_card()
    with VirtualConnection(factory.card) as conn, pytest.raises(WrongCardError):
        unblock_pin(issuer, conn, expected_card="B00000000")
    ssse = SsseSession(GetResponseConnection(VirtualConnection(factory.card)))
    with pytest.raises(PinBlockedError):
        ssse.verify_pin("123456")


def test_a_wrong_mac_is_refused_by_the_card() -> None:
    issuer, factory, number = _blocked_card()
    rogue = LocalIssuer(master_key=bytes(range(16)))
    rogue.cards[number] = issuer.cards[number]
    with (
        VirtualConnection(factory.card) as conn,
        pytest.raises(IssuerAuthenticationError),
    ):
        unblock_pin(rogue, conn)
