# SPDX-License-Identifier: Apache-2.0
"""The kiosk's card and backend work: one runner per reader, one for the backend.

Each is a :class:`qtcommon.jobs.JobRunner` (a ``QThread`` running one job at a
time in the order given). :class:`Jobs` hands a job to one of them and routes
its typed result or exception, by job id, to the callbacks given; never a
dict, never a widget. Card removal bumps the card worker's generation: the
connection is dropped, the job in flight fails with ``CardRemovedError`` at
its next APDU, and a job of an older generation fails before it starts. The
end of a session bumps :attr:`Jobs.session_epoch`: answers to jobs of an
earlier session are dropped when they come.
"""

from __future__ import annotations

import itertools
import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal

from card.connection import Connection, GetResponseConnection
from card.errors import CardRemovedError, NoCardError
from card.readers import ReaderProvider
from card.trace import TracingConnection
from qtcommon.jobs import JobRunner, stop_all

log = logging.getLogger(__name__)

STOP_WAIT_MS = 10_000

# a job's callbacks and the session epoch it belongs to (None: any session)
_Entry = tuple[Callable[[Any], object], Callable[[BaseException], None], int | None]


class CardWorker:
    """The one worker of one reader: its runner, and the connection to the card."""

    def __init__(self, provider: ReaderProvider, reader: str) -> None:
        self.provider = provider
        self.reader = reader
        self.runner = JobRunner("kiosk-card-worker")
        self._lock = threading.Lock()
        self._conn: Connection | None = None
        self.generation = 0

    def card_gone(self) -> None:
        """Called from any thread when the card leaves: drop the connection."""
        with self._lock:
            self.generation += 1
            conn, self._conn = self._conn, None
        if conn is not None:
            try:
                conn.close()
            except Exception:  # the card is gone anyway
                log.debug("closing a removed card's connection failed", exc_info=True)

    def connection(self) -> Connection:
        """The connection to the card now in the reader (opened on first use)."""
        with self._lock:
            if self._conn is None:
                raw = self.provider.connect(self.reader)
                self._conn = GetResponseConnection(TracingConnection(raw))
            return self._conn

    def with_card(self, job: Callable[[Connection], Any]) -> Callable[[], Any]:
        """Wrap a card job so it runs against this reader's card, this generation."""
        generation = self.generation

        def run() -> Any:
            if generation != self.generation:
                raise CardRemovedError("the card was removed before the job ran")
            try:
                return job(self.connection())
            except NoCardError as exc:
                raise CardRemovedError("no card in the reader") from exc

        return run


class Jobs(QObject):
    """Routes each job's answer to its callbacks on the GUI thread, unless stale."""

    def __init__(self, card: CardWorker, backend: JobRunner) -> None:
        super().__init__()
        self.card = card
        self.backend = backend
        self._ids = itertools.count(1)
        self._pending: dict[int, _Entry] = {}
        self.session_epoch = 0

    def on_card(
        self,
        job: Callable[[Connection], Any],
        ok: Callable[[Any], object],
        fail: Callable[[BaseException], None],
    ) -> int:
        """Run a card job; ``ok``/``fail`` run on the GUI thread unless outdated."""
        return self._submit(self.card.runner, self.card.with_card(job), ok, fail, True)

    def on_backend(
        self,
        call: Callable[[], Any],
        ok: Callable[[Any], object],
        fail: Callable[[BaseException], None],
        *,
        session_bound: bool = True,
    ) -> int:
        """Run a backend call; ``ok``/``fail`` run on the GUI thread unless the
        session ended meanwhile (``session_bound=False``: they always run)."""
        return self._submit(self.backend, call, ok, fail, session_bound)

    def forget_all(self) -> None:
        """The session ended: answers to earlier jobs are dropped when they come."""
        self.session_epoch += 1

    def busy(self) -> bool:
        """True while any job has not answered yet."""
        return bool(self._pending)

    def _submit(
        self,
        runner: JobRunner,
        job: Callable[[], Any],
        ok: Callable[[Any], object],
        fail: Callable[[BaseException], None],
        session_bound: bool = True,
    ) -> int:
        job_id = next(self._ids)
        self._pending[job_id] = (
            ok,
            fail,
            self.session_epoch if session_bound else None,
        )
        running = runner.run(f"#{job_id}", job)
        running.succeeded.connect(lambda result: self._done(job_id, result))
        running.failed.connect(lambda exc: self._failed(job_id, exc))
        return job_id

    def _current(self, job_id: int) -> _Entry | None:
        """What ``job_id`` was submitted with, if its answer still matters."""
        entry = self._pending.pop(job_id, None)
        if entry is not None and entry[2] in (None, self.session_epoch):
            return entry
        return None

    def _done(self, job_id: int, result: object) -> None:
        if (entry := self._current(job_id)) is not None:
            entry[0](result)

    def _failed(self, job_id: int, exc: BaseException) -> None:
        if (entry := self._current(job_id)) is not None:
            entry[1](exc)

    def stop(self) -> None:
        """Stop both threads (after their current job)."""
        stop_all([self.card.runner, self.backend], STOP_WAIT_MS)


class ReaderBridge(QObject):
    """Presence events from a provider's monitor thread, as Qt signals.

    A removal first cancels the card worker's connection (on the monitor's
    thread, so the job in flight fails at its next APDU), then tells the GUI.
    """

    card_inserted = Signal(str)
    card_removed = Signal(str)
    reader_added = Signal(str)
    reader_removed = Signal(str)

    def __init__(self, worker: CardWorker, pattern: str | None = None) -> None:
        super().__init__()
        self.worker = worker
        self.pattern = (pattern or worker.reader).lower()

    def _ours(self, name: str) -> bool:
        """Our reader: the first whose name contains the pattern (pcscd may rename)."""
        if self.pattern in name.lower():
            self.worker.reader = name
            return True
        return False

    def card_inserted_event(self, name: str, atr: bytes) -> None:
        if self._ours(name):
            self.worker.card_gone()  # a fresh card: never reuse an old connection
            self.card_inserted.emit(name)

    def card_removed_event(self, name: str) -> None:
        if self._ours(name):
            self.worker.card_gone()
            self.card_removed.emit(name)

    def reader_added_event(self, name: str) -> None:
        if self._ours(name):
            self.reader_added.emit(name)

    def reader_removed_event(self, name: str) -> None:
        if self._ours(name):
            self.worker.card_gone()
            self.reader_removed.emit(name)


class _Events:
    """Adapter from card.readers.ReaderEvents (plain callbacks) to the bridge."""

    def __init__(self, bridge: ReaderBridge) -> None:
        self.bridge = bridge

    def reader_added(self, name: str) -> None:
        self.bridge.reader_added_event(name)

    def reader_removed(self, name: str) -> None:
        self.bridge.reader_removed_event(name)

    def card_inserted(self, name: str, atr: bytes) -> None:
        self.bridge.card_inserted_event(name, atr)

    def card_removed(self, name: str) -> None:
        self.bridge.card_removed_event(name)


def events_for(bridge: ReaderBridge) -> _Events:
    """The ReaderEvents object to pass to ``provider.start_monitor``."""
    return _Events(bridge)
