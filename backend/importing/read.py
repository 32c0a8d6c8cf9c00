# SPDX-License-Identifier: Apache-2.0
"""Read one import file: header, then each row checked by its schema.

Files are UTF-8 CSV (a byte-order mark is skipped) with a header line naming
the columns in any order. A row that is not valid UTF-8, has the wrong number
of cells or fails a check is reported and skipped; the others come out as
``(line, *values)`` for the staging table.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from operator import itemgetter
from pathlib import Path

from backend.errors import BackendError
from backend.importing.files import FileSchema, RowChecker, Staged
from backend.importing.report import Progress, Reject, RejectReport
from backend.validation import FieldError

PROGRESS_EVERY = 4096  # rows between progress updates


class ImportFileError(BackendError):
    """A file that cannot be imported at all (unreadable, wrong header)."""


def header_of(path: Path, schema: FileSchema, cells: list[str]) -> list[str]:
    """The file's columns, checked against ``schema``."""
    names = [c.strip() for c in cells]
    missing = [c for c in schema.columns if c not in names]
    unknown = [c for c in names if c not in schema.header]
    if missing or unknown or len(set(names)) != len(names):
        raise ImportFileError(
            f"{path.name}: header must name the columns {', '.join(schema.columns)}"
            f" (optional: {', '.join(schema.defaults) or 'none'}), each once;"
            f" missing {missing or 'none'}, unknown {unknown or 'none'}"
        )
    return names


def rows_of(
    path: Path,
    schema: FileSchema,
    checker: RowChecker,
    report: RejectReport,
    progress: Progress,
) -> Iterator[Staged]:
    """``(line, *values)`` of every valid row of ``path``; rejects reported."""
    total = path.stat().st_size
    try:
        binary = path.open("rb")
    except OSError as exc:
        raise ImportFileError(f"cannot read {path}: {exc.strerror}") from exc
    with binary:
        text = io.TextIOWrapper(
            binary, encoding="utf-8-sig", errors="surrogateescape", newline=""
        )
        reader = csv.reader(text, strict=True)
        try:
            header = header_of(path, schema, next(reader))
        except StopIteration:
            raise ImportFileError(f"{path.name}: empty file, no header") from None
        defaults = {k: d for k, d in schema.defaults.items() if k not in header}
        verdict = _verdict(path.name, header, defaults, schema, checker)
        good = 0
        try:
            for cells in reader:
                staged = verdict(reader.line_num, cells)
                if isinstance(staged, Reject):
                    report.add(staged)
                    continue
                good += 1
                if good % PROGRESS_EVERY == 0:
                    progress.update(path.name, binary.tell(), total, good)
                yield staged
        except csv.Error as exc:
            raise ImportFileError(f"{path.name}:{reader.line_num}: {exc}") from exc
        progress.update(path.name, total, total, good)


def _verdict(
    file: str,
    header: list[str],
    defaults: dict[str, str],
    schema: FileSchema,
    checker: RowChecker,
) -> Callable[[int, list[str]], Staged | Reject]:
    """The check of one row of this file: its staged values or its refusal.

    Rows the schema's fast check vouches for (all its columns present, every
    part of the row remembered valid) skip the mapping of cells to columns;
    any other row gets the full check, which gives every refusal."""

    def full(line: int, cells: list[str]) -> Staged | Reject:
        row = _checked(file, line, header, defaults, cells)
        if isinstance(row, Reject):
            return row
        return _checked_values(file, line, row, schema, checker)

    fast = schema.fast
    if fast is None or defaults:
        return full
    pick = itemgetter(*(header.index(c) for c in schema.fast_columns))
    width = len(header)

    def quick(line: int, cells: list[str]) -> Staged | Reject:
        if len(cells) == width:
            values = fast(checker, pick(cells))
            if values is not None:
                return (line, *values)
        return full(line, cells)

    return quick


def _checked(
    file: str,
    line: int,
    header: list[str],
    defaults: dict[str, str],
    cells: list[str],
) -> dict[str, str] | Reject:
    """The row as column -> text, or why it cannot even be read."""
    if len(cells) != len(header):
        return Reject(
            file=file,
            line=line,
            column="",
            reason=f"{len(cells)} cells, the header has {len(header)}",
        )
    row = dict(zip(header, cells, strict=True))
    try:
        "".join(cells).encode("utf-8")
    except UnicodeEncodeError:
        return Reject(
            file=file,
            line=line,
            column="",
            reason="not valid UTF-8",
            ssn=row.get("ssn", "").encode("utf-8", "replace").decode(),
        )
    if defaults:
        row.update(defaults)
    return row


def _checked_values(
    file: str, line: int, row: dict[str, str], schema: FileSchema, checker: RowChecker
) -> Staged | Reject:
    """The staged values of ``row``, or the strict model's refusal."""
    try:
        return (line, *schema.check(checker, row))
    except FieldError as error:
        return Reject(
            file=file,
            line=line,
            column=error.column,
            reason=error.reason,
            ssn=row.get("ssn", ""),
        )
