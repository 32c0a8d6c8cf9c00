# SPDX-License-Identifier: Apache-2.0
""":class:`VirtualConnection`: the connection port over a VirtualCard.

docs/architecture.md, convention 2.
"""

from __future__ import annotations

import logging

from card.connection import Connection, check_sw_bytes
from card.errors import CardRemovedError
from card.virtual.card import VirtualCard

logger = logging.getLogger(__name__)


class VirtualConnection(Connection):
    """Talk to a :class:`VirtualCard` in process.

    Powers the card on if it is off. Raises :class:`CardRemovedError` once the
    card is torn, powered off or reset by someone else (it was "removed").
    """

    def __init__(self, card: VirtualCard) -> None:
        self.card = card
        with card.lock:
            if not card.powered or card.torn:
                card.power_on()
            self._cycle = card.power_cycle
        self._closed = False

    def transmit(self, apdu: bytes) -> tuple[bytes, int]:
        card = self.card
        with card.lock:
            if (
                self._closed
                or card.torn
                or not card.powered
                or (card.power_cycle != self._cycle)
            ):
                raise CardRemovedError("virtual card removed")
            raw = card.process(apdu if type(apdu) is bytes else bytes(apdu))
        if len(raw) >= 2:
            return raw[:-2], raw[-2] << 8 | raw[-1]  # check_sw_bytes, inline
        if not raw:
            raise CardRemovedError("virtual card pulled during the command")
        return check_sw_bytes(raw)  # raises MalformedDataError

    @property
    def atr(self) -> bytes:
        return self.card.atr

    def close(self) -> None:
        self._closed = True
