# SPDX-License-Identifier: Apache-2.0
"""Reader and card presence monitor on ``SCardGetStatusChange`` (PC/SC part 5).

One thread, its own context, the ``\\\\?PnP?\\Notification`` pseudo-reader for
reader arrivals. When pcscd stops or restarts the context dies: the monitor
reports every reader gone, backs off, establishes a new context and reports
readers and cards again instead of dying.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass

from smartcard import scard

from card.errors import CardError
from card.pcsc import _scard
from card.pcsc._scard import PNP_NOTIFICATION, Rc
from card.readers import MonitorHandle, ReaderEvents

log = logging.getLogger(__name__)

POLL_MS = 1000
BACKOFF_FIRST_S = 0.1
BACKOFF_MAX_S = 2.0
_EVENT_COUNT_SHIFT = 16  # pcsc-lite keeps a card event counter in the high word


@dataclass(frozen=True, kw_only=True)
class _Seen:
    """What the monitor last reported for one reader."""

    present: bool
    atr: bytes
    events: int


class PcscMonitor(MonitorHandle):
    """Calls ``events`` on its own thread until :meth:`stop`."""

    def __init__(self, events: ReaderEvents, *, poll_ms: int = POLL_MS) -> None:
        self._events = events
        self._poll_ms = poll_ms
        self._stopping = threading.Event()
        self._context_lock = threading.Lock()
        self._context: int | None = None
        self._seen: dict[str, _Seen] = {}
        self._thread = threading.Thread(
            target=self._run, name="pcsc-monitor", daemon=True
        )
        self._thread.start()

    def stop(self) -> None:
        """Stop and join; no callback runs after this returns."""
        self._stopping.set()
        with self._context_lock:
            if self._context is not None:
                _scard.cancel(self._context)
        if threading.current_thread() is not self._thread:
            self._thread.join()

    @property
    def running(self) -> bool:
        return self._thread.is_alive()

    def _run(self) -> None:
        backoff = BACKOFF_FIRST_S
        while not self._stopping.is_set():
            try:
                context = _scard.establish_context()
            except CardError as exc:
                log.info("monitor: %s; retrying in %.1fs", exc, backoff)
                self._stopping.wait(backoff)
                backoff = min(backoff * 2, BACKOFF_MAX_S)
                continue
            backoff = BACKOFF_FIRST_S
            with self._context_lock:
                self._context = context
            try:
                self._watch(context)
            except CardError as exc:
                log.warning("monitor: PC/SC context lost (%s); reconnecting", exc)
            except Exception:  # a monitor must outlive any pyscard surprise
                log.exception("monitor: unexpected PC/SC failure; reconnecting")
            finally:
                with self._context_lock:
                    self._context = None
                _scard.release_context(context)
                self._forget_all()
            self._stopping.wait(backoff)

    def _watch(self, context: int) -> None:
        """Block in SCardGetStatusChange until stop or a dead context."""
        pnp_state = scard.SCARD_STATE_UNAWARE
        readers = self._sync_readers(context)
        states = {name: scard.SCARD_STATE_UNAWARE for name in readers}
        while not self._stopping.is_set():
            query = [(PNP_NOTIFICATION, pnp_state), *states.items()]
            rc, rows = _scard.get_status_change(context, self._poll_ms, query)
            if rc in (Rc.E_TIMEOUT, Rc.E_CANCELLED):
                continue
            if rc == Rc.E_UNKNOWN_READER or rc == Rc.E_READER_UNAVAILABLE:
                readers = self._sync_readers(context)
                states = {n: states.get(n, scard.SCARD_STATE_UNAWARE) for n in readers}
                continue
            _scard.check(rc, "watching readers")
            for name, event_state, atr in rows:
                current = event_state & ~scard.SCARD_STATE_CHANGED
                if name == PNP_NOTIFICATION:
                    if event_state & scard.SCARD_STATE_CHANGED:
                        readers = self._sync_readers(context)
                        states = {
                            n: states.get(n, scard.SCARD_STATE_UNAWARE) for n in readers
                        }
                    pnp_state = current
                elif name in states:
                    states[name] = current
                    self._card_state(name, event_state, bytes(atr))

    def _sync_readers(self, context: int) -> list[str]:
        """List readers; report added and removed ones."""
        names = _scard.list_readers(context)
        for gone in [n for n in self._seen if n not in names]:
            self._drop(gone)
        for name in names:
            if name not in self._seen:
                self._seen[name] = _Seen(present=False, atr=b"", events=-1)
                self._emit("reader_added", name)
        return names

    def _card_state(self, name: str, state: int, atr: bytes) -> None:
        if state & (scard.SCARD_STATE_UNKNOWN | scard.SCARD_STATE_IGNORE):
            return
        before = self._seen.get(name, _Seen(present=False, atr=b"", events=-1))
        present = bool(state & scard.SCARD_STATE_PRESENT) and not (
            state & scard.SCARD_STATE_MUTE and not atr
        )
        events = state >> _EVENT_COUNT_SHIFT
        swapped = (
            before.present
            and present
            and before.events >= 0
            and events != before.events
        )
        if before.present and (not present or swapped):
            self._emit("card_removed", name)
        if present and (not before.present or swapped):
            self._emit("card_inserted", name, atr)
        self._seen[name] = _Seen(
            present=present, atr=atr if present else b"", events=events
        )

    def _drop(self, name: str) -> None:
        seen = self._seen.pop(name)
        if seen.present:
            self._emit("card_removed", name)
        self._emit("reader_removed", name)

    def _forget_all(self) -> None:
        for name in list(self._seen):
            self._drop(name)

    def _emit(self, what: str, *args: object) -> None:
        if self._stopping.is_set():
            return
        log.debug("monitor: %s %s", what, args[0])
        try:
            getattr(self._events, what)(*args)
        except Exception:
            log.exception("monitor: %s callback failed", what)
