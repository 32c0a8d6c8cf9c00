# SPDX-License-Identifier: Apache-2.0
"""PC/SC reader provider (PC/SC part 5 resource manager, via pcscd)."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import TypeVar

from smartcard import scard

from card.errors import NoReaderError
from card.pcsc import _scard
from card.pcsc._scard import Rc
from card.pcsc.connection import PcscConnection, Protocol, ShareMode
from card.pcsc.monitor import PcscMonitor
from card.readers import MonitorHandle, ReaderEvents, ReaderInfo, ReaderProvider

log = logging.getLogger(__name__)

T = TypeVar("T")


class PcscProvider(ReaderProvider):
    """Readers known to pcscd; a context is opened lazily and renewed when stale."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._context: list[int] = []

    def _with_context(self, call: Callable[[int], T]) -> T:
        with self._lock:
            if not self._context:
                self._context.append(_scard.establish_context())
            result: T = _scard.retry_on_stale(call, self._context)
            return result

    def readers(self) -> list[ReaderInfo]:
        """Readers with card presence and ATR (one SCardGetStatusChange, no wait)."""
        return self._with_context(_reader_infos)

    def reader_names(self) -> list[str]:
        return [info.name for info in self.readers()]

    def find_reader(self, name: str | None) -> str:
        """Resolve ``name`` (exact, else a unique substring; None: the first reader
        with a card, else the first reader); raise NoReaderError."""
        infos = self.readers()
        if not infos:
            raise NoReaderError("no smart-card reader is connected")
        if name is None:
            with_card = [i for i in infos if i.card_present]
            return (with_card or infos)[0].name
        exact = [i.name for i in infos if i.name == name]
        if exact:
            return exact[0]
        partial = [i.name for i in infos if name.lower() in i.name.lower()]
        if len(partial) == 1:
            return partial[0]
        known = ", ".join(i.name for i in infos)
        if partial:
            raise NoReaderError(f"reader {name!r} is ambiguous: {', '.join(partial)}")
        raise NoReaderError(f"no reader named {name!r} (readers: {known})")

    def connect(
        self,
        reader: str,
        *,
        protocol: Protocol = Protocol.ANY,
        mode: ShareMode = ShareMode.SHARED,
    ) -> PcscConnection:
        """Connect to the card in ``reader``; NoReaderError, NoCardError,
        ReaderBusyError or PcscUnavailableError when that fails."""
        return PcscConnection(reader, protocol=protocol, mode=mode)

    def start_monitor(self, events: ReaderEvents) -> MonitorHandle:
        """Start a :class:`PcscMonitor`; current readers and cards come first."""
        return PcscMonitor(events)

    def close(self) -> None:
        """Release the provider's context (connections have their own)."""
        with self._lock:
            while self._context:
                _scard.release_context(self._context.pop())


def _reader_infos(context: int) -> list[ReaderInfo]:
    names = _scard.list_readers(context)
    if not names:
        return []
    query = [(name, scard.SCARD_STATE_UNAWARE) for name in names]
    rc, rows = _scard.get_status_change(context, 0, query)
    if rc == Rc.E_TIMEOUT:
        rows = [(name, 0, []) for name in names]
    else:
        _scard.check(rc, "reading reader states")
    infos = []
    for name, state, atr in rows:
        present = bool(state & scard.SCARD_STATE_PRESENT)
        infos.append(
            ReaderInfo(
                name=str(name), card_present=present, atr=bytes(atr) if present else b""
            )
        )
    return infos
