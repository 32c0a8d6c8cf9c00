# SPDX-License-Identifier: Apache-2.0
"""The virtual card: power, ATR, dispatch and ISO 7816 framing (Le, 61xx, 6Cxx).

:meth:`VirtualCard.process` takes command bytes and answers ``data || SW``; it
never raises on bad input. A card that was torn (``Knobs.tear_after``) or is
not powered answers nothing (``b""``): it is mute, as a pulled card is.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from card.apdu import CommandApdu
from card.errors import MalformedDataError
from card.sw import SW, more_data, wrong_le
from card.virtual import files, security
from card.virtual.core import CardCore, Reply, sw
from card.virtual.state import CardImage, LifeCycle, Volatile

logger = logging.getLogger(__name__)

HISTORICAL = bytes.fromhex("805A") + b"SSCVIRTUAL"
ATR_T0 = bytes([0x3B, 0x60 | len(HISTORICAL), 0x00, 0x00]) + HISTORICAL


def _atr_t1() -> bytes:
    body = bytes([0x80 | len(HISTORICAL), 0x80, 0x01]) + HISTORICAL
    tck = 0
    for byte in body:
        tck ^= byte
    return b"\x3b" + body + bytes([tck])


ATR_T1 = _atr_t1()

Handler = Callable[[CardCore, CommandApdu], Reply]
HANDLERS: dict[tuple[int, int], Handler] = {
    (0x00, 0xA4): files.select,
    (0x00, 0xB2): files.read_record,
    (0x00, 0xB0): files.read_binary,
    (0x00, 0xDC): files.update_record,
    (0x00, 0xE2): files.append_record,
    (0x00, 0xD6): files.update_binary,
    (0x00, 0x20): security.verify,
    (0x80, 0x5E): security.change_or_reload_pin,
    (0x00, 0x84): security.get_challenge,
    (0x00, 0x82): security.external_authenticate,
    (0x00, 0x88): security.internal_authenticate,
    (0x00, 0x46): security.generate_key_pair,
    (0x00, 0x44): security.activate,
    (0x00, 0xFE): security.terminate,
    (0x80, 0x0E): security.erase,
}
KNOWN_INS = {ins for _, ins in HANDLERS} | {0xC0}
KNOWN_CLA = {0x00, 0x80}


@dataclass(frozen=True, kw_only=True)
class Knobs:
    """Fault injection: answer latency, tear after N APDUs, forced SW per INS."""

    latency_s: float = 0.0
    tear_after: int | None = None
    forced_sw: dict[int, int] = field(default_factory=dict)


class VirtualCard(CardCore):
    """A card OS over a :class:`CardImage`, saved to ``path`` when bound to one."""

    def __init__(
        self, image: CardImage, path: Path | None = None, *, knobs: Knobs | None = None
    ) -> None:
        super().__init__(image, path)
        self.knobs = knobs or Knobs()
        self.powered = False
        self.power_cycle = 0
        self.apdu_count = 0
        self.torn = False
        self.lock = threading.RLock()

    def __repr__(self) -> str:
        return f"VirtualCard({self.image!r}, path={self.path})"

    @classmethod
    def load(cls, path: Path, *, knobs: Knobs | None = None) -> VirtualCard:
        """Open a card image file; later state changes are saved back to it."""
        return cls(CardImage.load(path), path, knobs=knobs)

    def save(self, path: Path | None = None) -> None:
        """Bind the card to ``path`` (if given) and write its image now."""
        with self.lock:
            if path is not None:
                self.path = path
            if self.path is None:
                raise MalformedDataError("card image", "no file to save to")
            self.persist()

    @property
    def atr(self) -> bytes:
        """T=0 or T=1 ATR, as the image selects (ISO 7816-3 §8)."""
        return ATR_T0 if self.image.t0 else ATR_T1

    def power_on(self) -> bytes:
        """Power the card (cold reset): volatile state cleared; returns the ATR."""
        with self.lock:
            self._fresh_session()
            self.powered = True
            self.torn = False
            self.apdu_count = 0
            return self.atr

    def reset(self) -> bytes:
        """Warm reset: like power on for the PIN state (Part B); returns the ATR."""
        return self.power_on()

    def power_off(self) -> None:
        with self.lock:
            self._fresh_session()
            self.powered = False

    def _fresh_session(self) -> None:
        self.vol = Volatile()
        self.power_cycle += 1

    def process(self, apdu: bytes) -> bytes:
        """Answer one command APDU with ``data || SW1 SW2`` (``b""`` when mute)."""
        with self.lock:
            if not self.powered or self.torn:
                return b""
            self.apdu_count += 1
            tear_after = self.knobs.tear_after
            if tear_after is not None and self.apdu_count > tear_after:
                self.torn = True
                logger.info("virtual card torn after %d APDUs", tear_after)
                return b""
            if self.knobs.latency_s > 0:
                time.sleep(self.knobs.latency_s)
            reply = self._answer(apdu)
            return reply.data + reply.sw.to_bytes(2, "big")

    def _answer(self, apdu: bytes) -> Reply:
        if len(apdu) >= 2 and apdu[1] in self.knobs.forced_sw:
            return sw(self.knobs.forced_sw[apdu[1]])
        try:
            cmd = CommandApdu.parse(apdu)
        except MalformedDataError:
            return sw(SW.WRONG_LENGTH)
        if cmd.cla == 0x00 and cmd.ins == 0xC0:
            return self._get_response(cmd)
        self.vol.pending = b""
        handler = HANDLERS.get((cmd.cla, cmd.ins))
        if handler is None:
            known = cmd.cla in KNOWN_CLA and cmd.ins in KNOWN_INS
            return sw(
                SW.CLA_NOT_SUPPORTED
                if known or cmd.cla not in KNOWN_CLA
                else SW.INS_NOT_SUPPORTED
            )
        if self.image.life_cycle is LifeCycle.TERMINATED:
            return sw(SW.CONDITIONS_NOT_SATISFIED)
        return self._frame(cmd, handler(self, cmd))

    def _frame(self, cmd: CommandApdu, reply: Reply) -> Reply:
        """Apply Le (``6Cxx``) and T=0 chaining (``61xx``), ISO 7816-3 §10.3."""
        if not reply.data:
            return reply
        le = cmd.le
        if reply.fixed and le is not None and le not in (len(reply.data), 256, 65536):
            return sw(wrong_le(len(reply.data)))
        if self.image.t0 and (le is None or cmd.data or len(reply.data) > 256):
            if reply.sw != SW.OK:
                return reply
            self.vol.pending = reply.data
            return sw(more_data(len(reply.data)))
        return reply

    def _get_response(self, cmd: CommandApdu) -> Reply:
        """GET RESPONSE ``00 C0 00 00 Le`` on T=0 (ISO 7816-4 §11.6.2)."""
        pending = self.vol.pending
        if cmd.p1 or cmd.p2:
            return sw(SW.WRONG_P1P2)
        if not pending:
            return sw(SW.CONDITIONS_NOT_SATISFIED)
        le = cmd.le or 256
        if le > len(pending) and le != 256:
            return sw(wrong_le(len(pending)))
        chunk, self.vol.pending = pending[:le], pending[le:]
        if self.vol.pending:
            return Reply(sw=more_data(len(self.vol.pending)), data=chunk)
        return Reply(sw=SW.OK, data=chunk)
