# SPDX-License-Identifier: Apache-2.0
"""Rejected rows (a CSV report, SSNs masked) and the import's progress bar."""

from __future__ import annotations

import csv
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TextIO

REPORT_COLUMNS = ("file", "line", "column", "reason", "ssn")


def mask_ssn(text: str) -> str:
    """Only the last four characters of an SSN (or of what stood in its place)."""
    return "*" * max(0, len(text) - 4) + text[-4:] if text else ""


@dataclass(frozen=True, kw_only=True)
class Reject:
    """One refused row: where it is, which column, why."""

    file: str
    line: int
    column: str
    reason: str
    ssn: str = ""  # as read; masked when written


class RejectReport:
    """Writes rejected rows as they come and counts them by file and reason."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._stream: TextIO = path.open("w", encoding="utf-8", newline="")
        self._writer = csv.writer(self._stream)
        self._writer.writerow(REPORT_COLUMNS)
        self.reasons: Counter[tuple[str, str, str]] = Counter()

    def add(self, reject: Reject) -> None:
        """Record one rejected row."""
        self._writer.writerow(
            (
                reject.file,
                reject.line,
                reject.column,
                reject.reason,
                mask_ssn(reject.ssn),
            )
        )
        self.reasons[(reject.file, reject.column, reject.reason)] += 1

    def count(self, file: str) -> int:
        """Rows of ``file`` rejected so far."""
        return sum(n for (f, _, _), n in self.reasons.items() if f == file)

    def close(self) -> None:
        """Flush and close the report file."""
        self._stream.close()


@dataclass(kw_only=True)
class Progress:
    """A one-line progress bar on stderr, drawn only when it is a terminal."""

    stream: IO[str] = field(default_factory=lambda: sys.stderr)
    every: float = 0.2  # seconds between redraws
    _shown: float = 0.0
    _started: float = field(default_factory=time.monotonic)

    @property
    def enabled(self) -> bool:
        """Whether the stream is a terminal (never in a log file or a pipe)."""
        isatty = getattr(self.stream, "isatty", None)
        return bool(isatty and isatty())

    def start(self) -> None:
        """Start timing a new file."""
        self._started = time.monotonic()
        self._shown = 0.0

    def update(self, label: str, done: int, total: int, rows: int) -> None:
        """Redraw (at most every ``every`` seconds): label, bar, rows, rows/s."""
        now = time.monotonic()
        if not self.enabled or now - self._shown < self.every:
            return
        self._shown = now
        share = min(1.0, done / total) if total else 1.0
        bar = "#" * int(share * 30)
        rate = rows / max(now - self._started, 1e-6)
        self.stream.write(
            f"\r{label:<28} [{bar:<30}] {share:4.0%} {rows:>12,} rows {rate:>10,.0f}/s"
        )
        self.stream.flush()

    def note(self, label: str, text: str) -> None:
        """A phase without a measurable share (the database's merge)."""
        if self.enabled:
            self.stream.write(f"\r{label:<28} {text:<70}")
            self.stream.flush()

    def done(self) -> None:
        """End the bar's line."""
        if self.enabled:
            self.stream.write("\n")
            self.stream.flush()
