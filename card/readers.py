# SPDX-License-Identifier: Apache-2.0
"""Reader providers: where connections come from, and presence events.

PC/SC (:mod:`card.pcsc`) and the in-process virtual reader
(:mod:`card.virtual`) both implement :class:`ReaderProvider`, so the kiosk,
the CLI and tests drive either the same way.
"""

from __future__ import annotations

import abc
from dataclasses import dataclass
from typing import Protocol

from card.connection import Connection


@dataclass(frozen=True, kw_only=True)
class ReaderInfo:
    """A reader as last seen: its name, whether a card is in it, the card's ATR."""

    name: str
    card_present: bool
    atr: bytes = b""


class ReaderEvents(Protocol):
    """Callbacks from a presence monitor; called on the monitor's own thread."""

    def reader_added(self, name: str) -> None: ...

    def reader_removed(self, name: str) -> None: ...

    def card_inserted(self, name: str, atr: bytes) -> None: ...

    def card_removed(self, name: str) -> None: ...


class MonitorHandle(abc.ABC):
    """A running presence monitor."""

    @abc.abstractmethod
    def stop(self) -> None:
        """Stop the monitor and join its thread; no callback runs after this returns."""


class ReaderProvider(abc.ABC):
    """Lists readers, connects to the card in one, and watches for changes."""

    @abc.abstractmethod
    def readers(self) -> list[ReaderInfo]:
        """The readers present now."""

    @abc.abstractmethod
    def connect(self, reader: str) -> Connection:
        """Connect to the card in ``reader`` (raises NoCardError / NoReaderError)."""

    @abc.abstractmethod
    def start_monitor(self, events: ReaderEvents) -> MonitorHandle:
        """Start watching; current readers and cards are reported first."""
