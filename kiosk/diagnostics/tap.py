# SPDX-License-Identifier: Apache-2.0
"""A reader provider that copies every exchange, redacted, into one shared trace.

The kiosk's :class:`~kiosk.workers.CardWorker` opens a new
``TracingConnection`` with a private ring buffer for each card, so no trace
outlives a card. :class:`ApduTap` wraps the provider the worker gets: each
connection it opens is a :class:`card.trace.TracingConnection` writing into
:attr:`ApduTap.trace`, which the diagnostics screen reads. Redaction is
card.trace's (VERIFY, CHANGE/RELOAD PIN, EXTERNAL AUTHENTICATE data dropped).
The tap logs nothing itself: the worker's own tracing already logs each APDU.
"""

from __future__ import annotations

import logging

from card.connection import Connection
from card.readers import MonitorHandle, ReaderEvents, ReaderInfo, ReaderProvider
from card.trace import ApduTrace, TracingConnection

TRACE_CAPACITY = 200

# A logger that never emits: the worker's TracingConnection logs each exchange.
# (A free-standing Logger: no handlers, no parent, and a level nothing reaches.)
_quiet = logging.Logger("kiosk.diagnostics.tap.silent", logging.CRITICAL + 1)


class ApduTap(ReaderProvider):
    """Delegates to ``inner``; connections it opens record into :attr:`trace`."""

    def __init__(
        self, inner: ReaderProvider, *, capacity: int = TRACE_CAPACITY
    ) -> None:
        self.inner = inner
        self.trace = ApduTrace(capacity)

    def readers(self) -> list[ReaderInfo]:
        return self.inner.readers()

    def connect(self, reader: str) -> Connection:
        raw = self.inner.connect(reader)
        return TracingConnection(raw, trace=self.trace, logger=_quiet)

    def start_monitor(self, events: ReaderEvents) -> MonitorHandle:
        return self.inner.start_monitor(events)

    def __repr__(self) -> str:
        return f"ApduTap({self.inner!r})"
