# SPDX-License-Identifier: Apache-2.0
"""In-process virtual readers: :class:`VirtualReaderProvider` (card.readers port).

Code adds named readers and inserts/removes :class:`VirtualCard` s; a monitor
thread delivers presence events. Events are queued under the provider lock
and delivered by the monitor thread without holding it, so a callback may
call back into the provider (insert, remove, connect).
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable

from card.connection import Connection
from card.errors import NoCardError, NoReaderError, ReaderError
from card.readers import MonitorHandle, ReaderEvents, ReaderInfo, ReaderProvider
from card.virtual.card import VirtualCard
from card.virtual.connection import VirtualConnection

logger = logging.getLogger(__name__)

Event = Callable[[ReaderEvents], None]


class _Monitor(MonitorHandle):
    def __init__(
        self, events: ReaderEvents, detach: Callable[[_Monitor], None]
    ) -> None:
        self.events = events
        self.queue: queue.Queue[Event | None] = queue.Queue()
        self._detach = detach
        self._thread = threading.Thread(
            target=self._run, name="virtual-reader-monitor", daemon=True
        )

    def start(self) -> None:
        self._thread.start()

    def _run(self) -> None:
        while True:
            event = self.queue.get()
            if event is None:
                return
            try:
                event(self.events)
            except Exception:
                logger.exception("reader event callback failed")

    def stop(self) -> None:
        self._detach(self)
        self.queue.put(None)
        if threading.current_thread() is not self._thread:
            self._thread.join()


class VirtualReaderProvider(ReaderProvider):
    """Named in-process readers holding virtual cards."""

    def __init__(self, names: list[str] | None = None) -> None:
        self._lock = threading.Lock()
        self._slots: dict[str, VirtualCard | None] = {}
        self._monitors: list[_Monitor] = []
        for name in names or []:
            self.add_reader(name)

    def _emit(self, event: Event) -> None:
        for monitor in self._monitors:
            monitor.queue.put(event)

    def add_reader(self, name: str) -> None:
        with self._lock:
            if name in self._slots:
                raise ReaderError(f"reader {name!r} exists")
            self._slots[name] = None
            self._emit(lambda e: e.reader_added(name))

    def remove_reader(self, name: str) -> None:
        self.remove(name)
        with self._lock:
            if self._slots.pop(name, False) is not False:
                self._emit(lambda e: e.reader_removed(name))

    def insert(self, name: str, card: VirtualCard) -> None:
        """Put ``card`` into reader ``name`` (powered on, as a reader does)."""
        with self._lock:
            if name not in self._slots:
                raise NoReaderError(f"no reader {name!r}")
            if self._slots[name] is not None:
                raise ReaderError(f"reader {name!r} already holds a card")
            if any(c is card for c in self._slots.values()):
                raise ReaderError("this card is in another reader")
            atr = card.power_on()
            self._slots[name] = card
            self._emit(lambda e: e.card_inserted(name, atr))

    def remove(self, name: str) -> VirtualCard | None:
        """Take the card out of ``name``; open connections raise CardRemovedError."""
        with self._lock:
            card = self._slots.get(name)
            if card is None:
                return None
            self._slots[name] = None
            card.power_off()
            self._emit(lambda e: e.card_removed(name))
            return card

    def card_in(self, name: str) -> VirtualCard | None:
        with self._lock:
            return self._slots.get(name)

    def readers(self) -> list[ReaderInfo]:
        with self._lock:
            return [
                ReaderInfo(
                    name=n,
                    card_present=c is not None,
                    atr=c.atr if c is not None else b"",
                )
                for n, c in self._slots.items()
            ]

    def connect(self, reader: str) -> Connection:
        with self._lock:
            if reader not in self._slots:
                raise NoReaderError(f"no reader {reader!r}")
            card = self._slots[reader]
            if card is None or card.torn:
                raise NoCardError(f"no card in {reader!r}")
            if not card.powered:
                card.power_on()
            return VirtualConnection(card)

    def start_monitor(self, events: ReaderEvents) -> MonitorHandle:
        monitor = _Monitor(events, self._detach)
        with self._lock:
            for name, card in self._slots.items():
                monitor.queue.put(_reader_added(name))
                if card is not None:
                    monitor.queue.put(_card_inserted(name, card.atr))
            self._monitors.append(monitor)
        monitor.start()
        return monitor

    def _detach(self, monitor: _Monitor) -> None:
        with self._lock:
            if monitor in self._monitors:
                self._monitors.remove(monitor)


def _reader_added(name: str) -> Event:
    return lambda events: events.reader_added(name)


def _card_inserted(name: str, atr: bytes) -> Event:
    return lambda events: events.card_inserted(name, atr)
