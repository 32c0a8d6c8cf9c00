# SPDX-License-Identifier: Apache-2.0
"""A card connected through PC/SC, behind the narrow port.

docs/architecture.md, convention 2.

pyscard's lists of ints, protocol constants and share modes stay here: the
caller sends ``bytes`` and gets ``(data, sw)`` back (ISO 7816-4 §5.1).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Sequence
from enum import IntEnum
from typing import NoReturn

from smartcard import scard

from card.connection import Answer, Connection
from card.errors import CardError, CardRemovedError, CardUnresponsiveError
from card.pcsc import _scard
from card.sw import SW

log = logging.getLogger(__name__)

# SW1 and SW2 of 9000 as plain ints, checked on pyscard's lists between round trips
_OK_SW1, _OK_SW2 = SW.OK >> 8, SW.OK & 0xFF
_transmit = _scard.transmit


class Protocol(IntEnum):
    """Transmission protocol to negotiate (PC/SC ``SCARD_PROTOCOL_*``)."""

    T0 = scard.SCARD_PROTOCOL_T0
    T1 = scard.SCARD_PROTOCOL_T1
    ANY = scard.SCARD_PROTOCOL_T0 | scard.SCARD_PROTOCOL_T1


class ShareMode(IntEnum):
    """Access mode (PC/SC ``SCARD_SHARE_*``)."""

    SHARED = scard.SCARD_SHARE_SHARED
    EXCLUSIVE = scard.SCARD_SHARE_EXCLUSIVE


class PcscConnection(Connection):
    """One card handle on its own PC/SC context; close() releases both."""

    def __init__(
        self,
        reader: str,
        *,
        protocol: Protocol = Protocol.ANY,
        mode: ShareMode = ShareMode.SHARED,
    ) -> None:
        self.reader = reader
        self._lock = threading.Lock()
        self._context = _scard.establish_context()
        try:
            rc, card, active = scard.SCardConnect(
                self._context, reader, int(mode), int(protocol)
            )
            _scard.check(rc, f"connecting to {reader!r}")
        except BaseException:
            _scard.release_context(self._context)
            raise
        self._card: int | None = card
        self.protocol = Protocol(active)
        self._protocol = int(active)
        self._atr = self._read_atr()
        log.info("connected to %s, T=%d", reader, 0 if active == Protocol.T0 else 1)

    def _read_atr(self) -> bytes:
        rc, _reader, _state, _proto, atr = scard.SCardStatus(self._card)
        _scard.check(rc, f"reading the status of {self.reader!r}", transmitting=True)
        return bytes(atr)

    @property
    def atr(self) -> bytes:
        return self._atr

    @property
    def closed(self) -> bool:
        return self._card is None

    def transmit(self, apdu: bytes) -> tuple[bytes, int]:
        """Send ``apdu`` (ISO 7816-4 §5.1); PC/SC failures become card errors.

        Every APDU of every session passes here: the usual answer (success,
        data and a status word) takes no more than the call and two copies.
        """
        with self._lock:
            card = self._card
            if card is None:
                raise CardRemovedError(f"{self.reader}: connection already closed")
            rc, response = _transmit(card, self._protocol, list(apdu))
            if rc or len(response) < 2:
                self._transmit_failed(rc)
        return bytes(response[:-2]), response[-2] << 8 | response[-1]

    def transmit_many(self, apdus: Sequence[bytes], answers: list[Answer]) -> None:
        """:meth:`transmit` for each command until an answer is not ``9000``
        (:meth:`Connection.transmit_many`), under one lock hold.

        Between two round trips only the call and the checks run: pyscard's
        lists are made before the first command and the answers converted
        after the last one (or when a command fails, before its error goes up).
        """
        commands = [list(apdu) for apdu in apdus]
        responses: list[list[int]] = []
        with self._lock:
            card = self._card
            if card is None:
                raise CardRemovedError(f"{self.reader}: connection already closed")
            protocol, append = self._protocol, responses.append
            try:
                for command in commands:
                    rc, response = _transmit(card, protocol, command)
                    if rc or len(response) < 2:
                        self._transmit_failed(rc)
                    append(response)
                    if response[-2] != _OK_SW1 or response[-1] != _OK_SW2:
                        break
            finally:
                for response in responses:
                    sw = response[-2] << 8 | response[-1]
                    if len(response) == 2:
                        answers.append((b"", sw))
                        continue
                    data = bytearray(response)  # from a list: twice bytes()' speed
                    del data[-2:]
                    answers.append((bytes(data), sw))

    def _transmit_failed(self, rc: int) -> NoReturn:
        """Raise the error for a failed transmit (called with the lock held)."""
        if rc:
            _scard.check(rc, f"{self.reader}: transmit", transmitting=True)
        raise self._no_answer_error()

    def _no_answer_error(self) -> CardError:
        """No status word: the card left mid-command (vpcd returns an empty
        answer when its card disconnects), else it is mute. pcscd polls card
        presence every 400 ms, so look for up to a second."""
        for _ in range(50):
            rc, _reader, state, _proto, _atr = scard.SCardStatus(self._card)
            if rc != _scard.Rc.SUCCESS or not state & _scard.STATUS_PRESENT:
                return CardRemovedError(
                    f"{self.reader}: card removed during the command"
                )
            time.sleep(0.02)
        return CardUnresponsiveError(f"{self.reader}: the card gave no status word")

    def close(self) -> None:
        """Leave the card powered (others may share it) and release the context."""
        with self._lock:
            card, self._card = self._card, None
        if card is None:
            return
        rc = scard.SCardDisconnect(card, scard.SCARD_LEAVE_CARD)
        if rc != _scard.Rc.SUCCESS:
            log.debug("SCardDisconnect: %s", _scard.message(rc))
        _scard.release_context(self._context)

    def __repr__(self) -> str:
        state = "closed" if self.closed else f"T={self.protocol.name}"
        return f"PcscConnection({self.reader!r}, {state})"
