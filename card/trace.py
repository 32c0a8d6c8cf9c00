# SPDX-License-Identifier: Apache-2.0
"""APDU tracing with redaction of secrets (docs/architecture.md, conventions 3 and 9).

:class:`TracingConnection` wraps a connection, keeps the last ``capacity``
exchanges in a ring buffer and logs each one at level :data:`TRACE` (5) on the
``card.apdu`` logger. The data field of commands that carry PINs or issuer
keys is replaced by its length only; the header and Lc are kept so a trace
still shows which command ran: VERIFY (INS 20), ISO CHANGE REFERENCE DATA
(24) and RESET RETRY COUNTER (2C), CHANGE/RELOAD PIN (80 5E) and EXTERNAL
AUTHENTICATE (82). Challenges and signatures are public and are kept.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass

from card.apdu import CommandApdu
from card.connection import Answer, Connection, ConnectionWrapper
from card.errors import MalformedDataError

TRACE = 5
logging.addLevelName(TRACE, "TRACE")
apdu_logger = logging.getLogger("card.apdu")

SECRET_INS = frozenset({0x20, 0x24, 0x2C, 0x5E, 0x82})


@dataclass(frozen=True, kw_only=True)
class TraceEntry:
    """One exchange as the trace keeps it: secrets already removed.

    ``command`` is the header (and Lc) plus the data when not redacted;
    ``redacted`` tells whether ``data_length`` bytes of data were dropped.
    For exchanges sent as one batch (``transmit_many``) ``at`` is the end of
    the batch and ``elapsed_s`` the batch's time divided by its exchanges.
    """

    at: float
    command: bytes
    redacted: bool
    data_length: int
    response: bytes
    sw: int | None
    elapsed_s: float
    error: str = ""

    def format(self) -> str:
        """One line: ``00 20 00 00 03 <3 bytes redacted> -> 9000``."""
        text = self.command.hex(" ").upper()
        if self.redacted:
            text += f" <{self.data_length} bytes redacted>"
        if self.sw is None:
            return f"{text} -> {self.error or 'no answer'}"
        answer = self.response.hex(" ").upper()
        return f"{text} -> {answer + ' ' if answer else ''}{self.sw:04X}"


def redact_command(apdu: bytes) -> tuple[bytes, bool, int]:
    """``(kept bytes, redacted?, dropped length)`` for one command APDU."""
    if len(apdu) < 4 or apdu[1] not in SECRET_INS:
        return (apdu if type(apdu) is bytes else bytes(apdu)), False, 0
    try:
        command = CommandApdu.parse(apdu)
    except MalformedDataError:
        # Unparseable: keep only the header, never the bytes that may be a PIN.
        return bytes(apdu[:4]), True, len(apdu) - 4
    if not command.data:
        return bytes(apdu), False, 0
    n = len(command.data)
    lc = (b"\x00" + n.to_bytes(2, "big")) if command.needs_extended else bytes([n])
    return bytes(apdu[:4]) + lc, True, n


_Row = tuple[float, bytes, bool, int, bytes, int | None, float, str]


class ApduTrace:
    """A thread-safe ring buffer of the last ``capacity`` exchanges.

    Exchanges are kept as plain rows (already redacted) and become
    :class:`TraceEntry` values when read: recording is on the path of every
    APDU, reading is for the diagnostics screen.
    """

    def __init__(self, capacity: int = 200) -> None:
        self._rows: deque[_Row] = deque(maxlen=capacity)
        self._lock = threading.Lock()

    def add(self, entry: TraceEntry) -> None:
        self._append(
            (
                entry.at,
                entry.command,
                entry.redacted,
                entry.data_length,
                entry.response,
                entry.sw,
                entry.elapsed_s,
                entry.error,
            )
        )

    def _append(self, row: _Row) -> None:
        with self._lock:
            self._rows.append(row)

    def entries(self) -> list[TraceEntry]:
        """A copy of the buffer, oldest first."""
        with self._lock:
            rows = list(self._rows)
        return [
            TraceEntry(
                at=at,
                command=command,
                redacted=redacted,
                data_length=length,
                response=response,
                sw=sw,
                elapsed_s=elapsed,
                error=error,
            )
            for at, command, redacted, length, response, sw, elapsed, error in rows
        ]

    def clear(self) -> None:
        with self._lock:
            self._rows.clear()

    def lines(self) -> list[str]:
        return [e.format() for e in self.entries()]


class TracingConnection(ConnectionWrapper):
    """Record every exchange (redacted) into an :class:`ApduTrace` and the log."""

    def __init__(
        self,
        inner: Connection,
        *,
        trace: ApduTrace | None = None,
        capacity: int = 200,
        logger: logging.Logger = apdu_logger,
    ) -> None:
        super().__init__(inner)
        self.trace = trace if trace is not None else ApduTrace(capacity)
        self._logger = logger

    def transmit(self, apdu: bytes) -> tuple[bytes, int]:
        kept, redacted, dropped = redact_command(apdu)
        started = time.monotonic()
        try:
            data, sw = self.inner.transmit(apdu)
        except Exception as exc:
            self._record(
                kept,
                redacted,
                dropped,
                b"",
                None,
                time.monotonic() - started,
                type(exc).__name__,
            )
            raise
        self._record(kept, redacted, dropped, data, sw, time.monotonic() - started, "")
        return data, sw

    def transmit_many(self, apdus: Sequence[bytes], answers: list[Answer]) -> None:
        """The inner batch, each exchange recorded (redacted) once it is over."""
        kept = [redact_command(apdu) for apdu in apdus]
        base = len(answers)
        started = time.monotonic()
        try:
            self.inner.transmit_many(apdus, answers)
        except Exception as exc:
            self._record_batch(kept, answers[base:], started, type(exc).__name__)
            raise
        self._record_batch(kept, answers[base:], started, "")

    def _record_batch(
        self,
        kept: list[tuple[bytes, bool, int]],
        got: list[Answer],
        started: float,
        error: str,
    ) -> None:
        """Rows for the answered commands, then the failed one (``error``)."""
        exchanges = len(got) + (1 if error and len(got) < len(kept) else 0)
        if not exchanges:
            return
        elapsed = (time.monotonic() - started) / exchanges
        for (command, redacted, dropped), (data, sw) in zip(kept, got, strict=False):
            self._record(command, redacted, dropped, data, sw, elapsed, "")
        if exchanges > len(got):
            self._record(*kept[len(got)], b"", None, elapsed, error)

    def _record(
        self,
        kept: bytes,
        redacted: bool,
        dropped: int,
        data: bytes,
        sw: int | None,
        elapsed: float,
        error: str,
    ) -> None:
        row = (
            time.time(),
            kept,
            redacted,
            dropped,
            data if type(data) is bytes else bytes(data),
            sw,
            elapsed,
            error,
        )
        self.trace._append(row)
        if self._logger.isEnabledFor(TRACE):  # formatted only when logged
            entry = TraceEntry(
                at=row[0],
                command=kept,
                redacted=redacted,
                data_length=dropped,
                response=row[4],
                sw=sw,
                elapsed_s=elapsed,
                error=error,
            )
            self._logger.log(TRACE, "%s (%.1f ms)", entry.format(), elapsed * 1000)
