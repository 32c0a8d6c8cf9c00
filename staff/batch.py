# SPDX-License-Identifier: Apache-2.0
"""Batch personalization from a CSV of residents, resumable through a journal.

Input CSV (UTF-8, header row; see docs/staff-guide.md): ``ssn``, ``name`` and
``mobile`` (11 digits) are required; ``gender`` (1/2), ``ethnic`` (GB 3304, two
digits) and ``hukou_region`` (6 digits) are optional (gender and region
default from the SSN).

The journal (``journal.jsonl`` in the output folder) gets one fsync'd JSON line
per event: ``allocated`` (right after the backend allocates a card number),
``issued`` and ``failed``. On resume, an issued row is skipped; an allocated
row is checked against the backend (already active: recorded as issued) or
redone with the same allocation on a fresh blank card. No row is allocated
twice, and no card number is registered twice.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import logging
import os
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Protocol

from card.connection import Connection
from staff.errors import BatchInputError, JournalError
from staff.models import Allocation, Resident
from staff.personalize import IssuingBackend, PersoError, Personalizer, Progress

log = logging.getLogger(__name__)

REQUIRED_COLUMNS = ("ssn", "name", "mobile")
OPTIONAL_COLUMNS = ("gender", "ethnic", "birthplace", "hukou_region")
RESULT_COLUMNS = (
    "line",
    "ssn",
    "name",
    "status",
    "card_number",
    "step",
    "card_state",
    "error",
    "image",
)
JOURNAL_NAME = "journal.jsonl"
RESULTS_NAME = "results.csv"


@dataclass(frozen=True, kw_only=True)
class BatchRow:
    """One input row: its line number in the CSV and the resident."""

    line: int
    resident: Resident


@dataclass(frozen=True, kw_only=True)
class RowResult:
    """The outcome of one row (a line of results.csv)."""

    line: int
    ssn: str
    name: str
    status: str  # issued | already_issued | failed
    card_number: str = ""
    step: str = ""
    card_state: str = ""
    error: str = ""
    image: str = ""


@dataclass(frozen=True, kw_only=True)
class BatchProgress:
    """Progress of the batch: rows done of total, and the current row's step."""

    done: int
    total: int
    line: int
    step: Progress | None = None
    result: RowResult | None = None


ConnectFn = Callable[[Allocation], Connection]


class CardSource(Protocol):
    """Where each row's blank card comes from, and where its result goes."""

    def blank(self, row: BatchRow) -> AbstractContextManager[ConnectFn]:
        """Context giving a ``connect()`` for a fresh blank card for ``row``."""
        ...

    def blank_code(self) -> bytes | None:
        """The recognition code of the blank for the current row (inside
        ``blank()``), or None when the blank is made after the allocation."""
        ...

    def keep(self, row: BatchRow, allocation: Allocation) -> str:
        """Save or hand over the personalized card; return where it went."""
        ...


def _csv_text(path: Path) -> str:
    """The CSV's text: UTF-8 (with or without BOM), else GB 18030 — what a
    Chinese spreadsheet saves as "CSV" — else a :class:`BatchInputError`."""
    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise BatchInputError(
        1, "the file is neither UTF-8 nor GBK/GB 18030 text", "encoding"
    )


def read_rows(path: Path) -> list[BatchRow]:
    """Parse the input CSV; raise :class:`BatchInputError` naming the line."""
    with io.StringIO(_csv_text(path), newline="") as handle:
        reader = csv.DictReader(handle)
        header = [c.strip() for c in reader.fieldnames or []]
        missing = [c for c in REQUIRED_COLUMNS if c not in header]
        if missing:
            raise BatchInputError(
                1, f"missing columns: {', '.join(missing)}", "columns"
            )
        rows = []
        for record in reader:
            line = reader.line_num
            fields = {k.strip(): (v or "") for k, v in record.items() if k}
            rows.append(
                BatchRow(line=line, resident=Resident.from_fields(fields, line=line))
            )
    ssns = [r.resident.ssn for r in rows]
    dupes = {s for s in ssns if ssns.count(s) > 1}
    if dupes:
        first = next(r for r in rows if r.resident.ssn in dupes)
        raise BatchInputError(
            first.line, "the same SSN appears twice in the batch", "duplicate_ssn"
        )
    return rows


class Journal:
    """Append-only JSON-lines journal, fsync'd after every line."""

    def __init__(self, path: Path, input_digest: str) -> None:
        self.path = path
        self.events: list[dict[str, Any]] = []
        if path.exists():
            self.events = _load(path)
            header = self.events[0] if self.events else {}
            if header.get("input_sha256") != input_digest:
                raise JournalError(f"{path} belongs to another input file")
        self._handle: IO[str] = path.open("a", encoding="utf-8")
        if not self.events:
            self.append({"event": "batch", "input_sha256": input_digest})

    def append(self, event: dict[str, Any]) -> None:
        """Write one event durably (write, flush, fsync)."""
        self._handle.write(json.dumps(event, ensure_ascii=False, sort_keys=True) + "\n")
        self._handle.flush()
        os.fsync(self._handle.fileno())
        self.events.append(event)

    def last(self, ssn: str, kind: str) -> dict[str, Any] | None:
        """The latest event of ``kind`` for ``ssn``."""
        return next(
            (
                e
                for e in reversed(self.events)
                if e.get("ssn") == ssn and e.get("event") == kind
            ),
            None,
        )

    def close(self) -> None:
        self._handle.close()


def _load(path: Path) -> list[dict[str, Any]]:
    events = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    except UnicodeDecodeError:
        raise JournalError(f"{path} is not UTF-8 text") from None
    for number, text in enumerate(lines, start=1):
        if not text.endswith("\n"):
            log.warning("journal line %d was cut by an interruption; ignored", number)
            break
        try:
            event = json.loads(text)
        except json.JSONDecodeError:
            raise JournalError(f"{path} line {number} is not JSON") from None
        if not isinstance(event, dict):
            raise JournalError(f"{path} line {number} is not a journal event")
        events.append(event)
    return events


def file_digest(path: Path) -> str:
    """SHA-256 of the input file (ties a journal to its input)."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


@dataclass(kw_only=True)
class BatchRunner:
    """Personalizes every row of a CSV, journaling so a rerun resumes."""

    backend: IssuingBackend
    source: CardSource
    output_dir: Path
    retry_limit: int = 3
    progress: Callable[[BatchProgress], None] = field(default=lambda _p: None)
    should_stop: Callable[[], bool] = field(default=lambda: False)

    def run(self, input_csv: Path) -> list[RowResult]:
        """Run (or resume) the batch; write results.csv; return the row results."""
        rows = read_rows(input_csv)
        self.output_dir.mkdir(parents=True, exist_ok=True)
        journal = Journal(self.output_dir / JOURNAL_NAME, file_digest(input_csv))
        results: list[RowResult] = []
        try:
            for done, row in enumerate(rows):
                if self.should_stop():
                    log.info("batch stopped by the operator before line %d", row.line)
                    break
                result = self._row(row, journal, done, len(rows))
                results.append(result)
                self.progress(
                    BatchProgress(
                        done=done + 1, total=len(rows), line=row.line, result=result
                    )
                )
        finally:
            journal.close()
            write_results(self.output_dir / RESULTS_NAME, results)
        return results

    def _row(self, row: BatchRow, journal: Journal, done: int, total: int) -> RowResult:
        resident = row.resident
        issued = journal.last(resident.ssn, "issued")
        if issued is not None:
            return _result(
                row,
                "already_issued",
                card_number=issued["card_number"],
                image=issued.get("image", ""),
            )
        allocated = journal.last(resident.ssn, "allocated")
        allocation = (
            Allocation.from_json(allocated["allocation"])
            if allocated is not None
            else None
        )
        if allocation is not None and self._registered(allocation):
            kept = journal.last(resident.ssn, "personalised") or {}
            image = str(kept.get("image", ""))
            journal.append(
                {
                    "event": "issued",
                    "ssn": resident.ssn,
                    "line": row.line,
                    "card_number": allocation.card_number,
                    "image": image,
                    "note": "found active on the backend at resume",
                }
            )
            return _result(
                row, "already_issued", card_number=allocation.card_number, image=image
            )
        return self._personalize(row, journal, allocation, done, total)

    def _registered(self, allocation: Allocation) -> bool:
        person = self.backend.find_person(allocation.ssn)
        card = person.card(allocation.card_number) if person else None
        return card is not None and card.status not in {"allocated", ""}

    def _personalize(
        self,
        row: BatchRow,
        journal: Journal,
        allocation: Allocation | None,
        done: int,
        total: int,
    ) -> RowResult:
        resident = row.resident
        kept: dict[str, str] = {}

        def report(step: Progress) -> None:
            self.progress(
                BatchProgress(done=done, total=total, line=row.line, step=step)
            )

        def allocated(alloc: Allocation) -> None:
            journal.append(
                {
                    "event": "allocated",
                    "ssn": resident.ssn,
                    "line": row.line,
                    "allocation": alloc.to_json(),
                }
            )

        def personalized(alloc: Allocation) -> None:
            kept["image"] = self.source.keep(row, alloc)
            journal.append(
                {
                    # the event's name as journals already on disk spell it
                    "event": "personalised",
                    "ssn": resident.ssn,
                    "line": row.line,
                    "card_number": alloc.card_number,
                    "image": kept["image"],
                }
            )

        try:
            with self.source.blank(row) as connect:
                result = Personalizer(
                    self.backend,
                    connect,
                    progress=report,
                    retry_limit=self.retry_limit,
                    blank_code=self.source.blank_code,
                ).run(
                    resident,
                    allocation=allocation,
                    on_allocated=allocated,
                    on_personalized=personalized,
                )
        except PersoError as failure:
            card_number = failure.allocation.card_number if failure.allocation else ""
            journal.append(
                {
                    "event": "failed",
                    "ssn": resident.ssn,
                    "line": row.line,
                    "card_number": card_number,
                    "step": failure.step.value,
                    "card_state": failure.card_state.value,
                    "error": type(failure.cause).__name__,
                }
            )
            return _result(
                row,
                "failed",
                card_number=card_number,
                step=failure.step.value,
                card_state=failure.card_state.value,
                error=f"{type(failure.cause).__name__}: {failure.cause}",
            )
        card_number = result.allocation.card_number
        journal.append(
            {
                "event": "issued",
                "ssn": resident.ssn,
                "line": row.line,
                "card_number": card_number,
                "image": kept.get("image", ""),
            }
        )
        return _result(
            row, "issued", card_number=card_number, image=kept.get("image", "")
        )


def _result(row: BatchRow, status: str, **kw: str) -> RowResult:
    return RowResult(
        line=row.line, ssn=row.resident.ssn, name=row.resident.name, status=status, **kw
    )


def write_results(path: Path, results: list[RowResult]) -> None:
    """Write the per-row result CSV (atomically: temp file, fsync, rename)."""
    tmp = path.with_suffix(".tmp")
    with tmp.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=RESULT_COLUMNS)
        writer.writeheader()
        for result in results:
            writer.writerow({c: getattr(result, c) for c in RESULT_COLUMNS})
        handle.flush()
        os.fsync(handle.fileno())
    tmp.replace(path)
