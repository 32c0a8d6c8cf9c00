# SPDX-License-Identifier: Apache-2.0
"""Import a set of files in order, one transaction per file (docs/import.md).

Persons come first, then memberships, balances, employments and contributions,
so that every later file finds the persons (and balances the memberships) the
same run loaded. A file loads whole or not at all; rejected rows are reported
and skipped, and never stop the file.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import Connection, Engine, Table, exists

from backend.importing import load
from backend.importing.files import (
    ORDER,
    FileSchema,
    KeyWatch,
    RowChecker,
    schema_of,
)
from backend.importing.read import ImportFileError, rows_of
from backend.importing.report import Progress, RejectReport
from backend.services.audit import APPEND
from backend.validation import Rules

log = logging.getLogger(__name__)
UNKNOWN_PERSON = "unknown person: in neither persons.csv nor the database"
NO_MEMBERSHIP = "no membership of this insurance in this region"
OLDER_BALANCE = "older than the balance already stored"
WORK_MEM = "256MB"  # sorts and hashes of a file's rows stay in memory


@dataclass(frozen=True, kw_only=True)
class FileResult:
    """What importing one file did."""

    file: str
    kind: str
    valid: int  # rows that passed the strict model
    rejected: int  # rows refused, by the model or against the database
    inserted: int
    updated: int
    unchanged: int


def files_in(paths: Iterable[Path]) -> list[tuple[Path, FileSchema]]:
    """The import files named (directories: every ``*.csv`` in them), in load
    order: by kind, then by name."""
    found: list[tuple[Path, FileSchema]] = []
    for path in paths:
        candidates = sorted(path.glob("*.csv")) if path.is_dir() else [path]
        for candidate in candidates:
            schema = schema_of(candidate.name)
            if schema is None:
                raise ImportFileError(
                    f"{candidate.name}: not an import file (persons, memberships,"
                    " balances, employments or contributions[-anything].csv)"
                )
            found.append((candidate, schema))
    return sorted(found, key=lambda f: (ORDER[f[1].kind], f[0].name))


def import_files(
    engine: Engine,
    rules: Rules,
    paths: Iterable[Path],
    report: RejectReport,
    *,
    now: datetime,
    progress: Progress | None = None,
    actor: str = "import",
) -> list[FileResult]:
    """Import every file of ``paths`` (see :func:`files_in`)."""
    progress = progress or Progress()
    checker = RowChecker(rules)
    results = []
    for path, schema in files_in(paths):
        progress.start()
        with engine.begin() as conn:
            result = _import_file(conn, path, schema, checker, report, progress, now)
            conn.execute(
                APPEND,
                {
                    "at": now,
                    "actor": actor,
                    "action": "data_imported",
                    "entity": "import",
                    "entity_id": path.name[:64],
                    "reason": "",
                    "data": asdict(result),
                },
            )
        progress.done()
        log.debug("imported %s: %s", path.name, result)
        results.append(result)
    return results


def _import_file(
    conn: Connection,
    path: Path,
    schema: FileSchema,
    checker: RowChecker,
    report: RejectReport,
    progress: Progress,
    now: datetime,
) -> FileResult:
    """Stage, refuse, merge one file in the caller's transaction."""
    postgres = conn.dialect.name == "postgresql"
    if postgres:
        conn.exec_driver_sql(f"SET LOCAL work_mem = '{WORK_MEM}'")
    stage = load.stage_table(schema)
    stage.create(conn)
    watch = KeyWatch(schema)
    rows = rows_of(path, schema, checker, report, progress)
    valid = load.fill(conn, stage, watch.watching(rows))
    if postgres:
        conn.exec_driver_sql(f"ANALYZE {stage.name}")
    progress.note(path.name, f"{valid:,} valid rows: merging")
    refused = _refused(conn, stage, schema, path.name, report)

    if schema.kind == "balances":
        inserted, written = load.merge_balances(conn, stage)
    else:
        if watch.maybe:
            refused += load.refuse_repeated_keys(conn, stage, schema, path.name, report)
        target = load.TARGETS[schema.kind]
        inserted, written = load.merge(conn, target, stage, now)
    stage.drop(conn)
    return FileResult(
        file=path.name,
        kind=schema.kind,
        valid=valid,
        rejected=report.count(path.name),
        inserted=inserted,
        updated=written - inserted,
        unchanged=valid - refused - written,
    )


def _refused(
    conn: Connection,
    stage: Table,
    schema: FileSchema,
    file: str,
    report: RejectReport,
) -> int:
    """Refuse staged rows the database contradicts (for balances, repeated
    keys too: the other kinds' are refused when their :class:`KeyWatch` says
    they may have some); how many."""
    if schema.kind == "persons":
        return 0
    refused = load.refuse(
        conn, stage, load.unknown_person(stage), (file, "ssn", UNKNOWN_PERSON), report
    )
    if schema.kind == "balances":
        refused += load.refuse_repeated_keys(conn, stage, schema, file, report)
        account = load.account_of(stage)
        refused += load.refuse(
            conn,
            stage,
            ~exists().where(account),
            (file, "region", NO_MEMBERSHIP),
            report,
        )
        older = exists().where(account, load.ACCOUNTS.c.balance_as_of > stage.c.as_of)
        refused += load.refuse(
            conn, stage, older, (file, "as_of", OLDER_BALANCE), report
        )
    return refused
