# SPDX-License-Identifier: Apache-2.0
"""PIN unblock at the counter (card profile Part A "PIN", Part C).

GET CHALLENGE, then RELOAD PIN with the MAC the backend computes over the
challenge and the initial PIN's block (the issuer's proof: the card key never
leaves the backend). The well-known initial PIN gets a fresh counter; the
kiosk forces a change at its next use.
"""

from __future__ import annotations

import logging

from card.connection import Connection
from card.profile import INITIAL_PIN
from staff import cardio
from staff.errors import StaffError
from staff.personalize import IssuingBackend

log = logging.getLogger(__name__)

KEEP_RETRY_LIMIT = 0  # RELOAD PIN P2 00 keeps the card's retry limit


class WrongCardError(StaffError):
    """The card in the reader is not the one the operator selected."""


def unblock_pin(
    backend: IssuingBackend, conn: Connection, *, expected_card: str | None = None
) -> str:
    """Reset the PIN of the card on ``conn`` to the initial PIN; return its number."""
    card_number = cardio.read_card_number(conn)
    if expected_card and card_number != expected_card:
        raise WrongCardError(
            f"the card in the reader is {card_number}, not {expected_card}"
        )
    session = cardio.open_perso(conn)
    cardio.reload_pin(
        session,
        INITIAL_PIN,
        KEEP_RETRY_LIMIT,
        lambda ch, block: backend.pin_reload_mac(card_number, ch, block),
    )
    log.info("PIN of card %s reset to the initial PIN", card_number)
    return card_number
