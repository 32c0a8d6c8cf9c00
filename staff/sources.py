# SPDX-License-Identifier: Apache-2.0
"""Where batch rows get their blank cards: the in-process virtual reader or PC/SC.

Virtual: a fresh blank :class:`~card.virtual.VirtualCard` per row, inserted
into an in-process reader; after ACTIVATE its image is saved as
``cards/<card number>.json`` in the output folder. PC/SC: the operator puts a
blank card in the reader; the source waits (bounded) for it and, after the
row, for its removal.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from card.connection import Connection
from card.errors import NoCardError
from card.readers import ReaderProvider
from card.virtual.card import VirtualCard
from card.virtual.connection import VirtualConnection
from staff.batch import BatchRow, ConnectFn
from staff.cardio import read_blank_code
from staff.models import Allocation

log = logging.getLogger(__name__)

POLL_S = 0.25


BlankMaker = Callable[[Allocation], VirtualCard]


class VirtualBatchSource:
    """A fresh blank virtual card per row; personalized images saved to a folder.

    ``make_blank(allocation)`` plays the card factory: a blank carrying the
    allocation's recognition code (and its diversified issuer key).
    """

    def __init__(self, make_blank: BlankMaker, output_dir: Path) -> None:
        self.make_blank = make_blank
        self.cards_dir = output_dir / "cards"
        self.current: VirtualCard | None = None

    @contextmanager
    def blank(self, row: BatchRow) -> Iterator[ConnectFn]:
        def connect(allocation: Allocation) -> Connection:
            self.current = self.make_blank(allocation)
            return VirtualConnection(self.current)

        try:
            yield connect
        finally:
            self.current = None

    def blank_code(self) -> bytes | None:
        """None: the factory makes the blank after the allocation."""
        return None

    def keep(self, row: BatchRow, allocation: Allocation) -> str:
        if self.current is None:  # pragma: no cover - keep() runs inside blank()
            raise NoCardError("no virtual card for this row")
        self.cards_dir.mkdir(parents=True, exist_ok=True)
        path = self.cards_dir / f"{allocation.card_number}.json"
        self.current.save(path)
        return str(path)


class ReaderBatchSource:
    """Blank cards put by hand into a (PC/SC or virtual) reader, one per row."""

    def __init__(
        self, provider: ReaderProvider, reader: str, *, wait_s: float = 120.0
    ) -> None:
        self.provider = provider
        self.reader = reader
        self.wait_s = wait_s

    def _present(self) -> bool:
        return any(
            r.name == self.reader and r.card_present for r in self.provider.readers()
        )

    def _wait(self, present: bool) -> None:
        deadline = time.monotonic() + self.wait_s
        while self._present() != present:
            if time.monotonic() > deadline:
                what = "inserted" if present else "removed"
                raise NoCardError(f"no card {what} in {self.reader} in time")
            time.sleep(POLL_S)

    @contextmanager
    def blank(self, row: BatchRow) -> Iterator[ConnectFn]:
        log.info("waiting for a blank card for line %d", row.line)
        self._wait(True)
        try:
            yield lambda _allocation: self.provider.connect(self.reader)
        finally:
            self._wait(False)

    def blank_code(self) -> bytes | None:
        """The recognition code of the blank waiting in the reader."""
        return read_blank_code(self.provider, self.reader)

    def keep(self, row: BatchRow, allocation: Allocation) -> str:
        return f"reader:{self.reader}"
