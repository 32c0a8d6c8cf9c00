# SPDX-License-Identifier: Apache-2.0
"""Stage a file's valid rows, then merge them into the tables by natural key.

Staging is the only part that differs between engines: PostgreSQL gets the
rows by ``COPY ... FROM STDIN`` (CSV) into a temporary table, any other engine
by batched inserts through SQLAlchemy. Everything after that is the same
set-based SQL, built with SQLAlchemy, on both: rows naming an unknown person
(and balances without a membership, or older than the stored balance) are
refused, rows repeating a natural key in the file are refused (all but the
first), then one ``INSERT ... SELECT ... ON CONFLICT DO UPDATE`` per file
inserts new keys and updates only the rows whose values changed (``WHERE``
any column ``IS DISTINCT FROM`` the new value), so a second run writes
nothing.
"""

from __future__ import annotations

import csv
import io
import logging
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from itertools import islice
from typing import Any, cast

from sqlalchemy import (
    Column,
    ColumnElement,
    Connection,
    Insert,
    MetaData,
    Select,
    Table,
    and_,
    delete,
    exists,
    func,
    literal,
    or_,
    select,
    text,
    true,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import DBAPIError

from backend.importing.files import CACHE_LIMIT, LINE, FileSchema, Staged
from backend.importing.report import Reject, RejectReport
from backend.models import Account, Contribution, Employment, Person, UtcDateTime

log = logging.getLogger(__name__)

PERSONS = cast(Table, Person.__table__)
ACCOUNTS = cast(Table, Account.__table__)
CONTRIBUTIONS = cast(Table, Contribution.__table__)
EMPLOYMENTS = cast(Table, Employment.__table__)
INSERT_BATCH = 5_000
COPY_ROWS_PER_READ = 2_000
REPEATED = "repeated"  # a stage table's slice of columns formatted once per value


def stage_table(schema: FileSchema) -> Table:
    """The temporary table a file's valid rows are staged in."""
    names = [name for name, _ in (LINE, *schema.stage)]
    columns = [Column(name, kind) for name, kind in (LINE, *schema.stage)]
    repeated = [names.index(name) for name in schema.repeated]
    return Table(
        f"import_stage_{schema.kind}",
        MetaData(),
        *columns,
        prefixes=["TEMPORARY"],
        info={REPEATED: slice(repeated[0], repeated[-1] + 1)} if repeated else {},
    )


def fill(conn: Connection, table: Table, rows: Iterable[Staged]) -> int:
    """Put ``rows`` into ``table``: COPY on PostgreSQL, batched inserts elsewhere."""
    if conn.dialect.name == "postgresql":
        return _copy(conn, table, rows)
    names = [c.name for c in table.columns]
    count, batch = 0, []
    for row in rows:
        batch.append(dict(zip(names, row, strict=True)))
        if len(batch) == INSERT_BATCH:
            conn.execute(table.insert(), batch)
            count, batch = count + len(batch), []
    if batch:
        conn.execute(table.insert(), batch)
    return count + len(batch)


class CsvLines:
    """Staged rows as the CSV lines ``csv.writer`` writes for them.

    The columns named by ``repeated`` (a slice: a contributions row's SSN,
    insurance, region and employer, the same on many of a person's months)
    are formatted once per value and remembered; the others are numbers,
    months or plain codes that need no quoting."""

    def __init__(self, repeated: slice | None) -> None:
        self._buffer = io.StringIO()
        self._writer = csv.writer(self._buffer, lineterminator="\n")
        self._repeated = repeated
        self._texts: dict[tuple[Any, ...], str] = {}

    def __call__(self, rows: list[Staged]) -> str:
        """The lines of ``rows``."""
        part = self._repeated
        if part is None or not rows:
            return self._csv(rows)
        texts, start, stop = self._texts, part.start, part.stop
        line = ",".join(["%s"] * (len(rows[0]) - (stop - start) + 1)) + "\n"
        lines = []
        for row in rows:
            cells = row[part]
            text = texts.get(cells)
            if text is None:
                if len(texts) >= CACHE_LIMIT:
                    texts.clear()
                text = texts[cells] = self._csv([cells])[:-1]
            lines.append(line % (*row[:start], text, *row[stop:]))
        return "".join(lines)

    def _csv(self, rows: list[Staged]) -> str:
        self._buffer.seek(0)
        self._buffer.truncate()
        self._writer.writerows(rows)
        return self._buffer.getvalue()


class _CsvStream(io.RawIOBase):
    """The rows as CSV text, produced as ``COPY`` reads them (no file, no list)."""

    def __init__(self, rows: Iterable[Staged], lines: CsvLines) -> None:
        super().__init__()
        self._rows = iter(rows)
        self._lines = lines
        self.count = 0

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        """The next rows as CSV (any length; empty at the end)."""
        chunk = list(islice(self._rows, COPY_ROWS_PER_READ))
        self.count += len(chunk)
        return self._lines(chunk).encode("utf-8") if chunk else b""


def _copy(conn: Connection, table: Table, rows: Iterable[Staged]) -> int:
    """``COPY table FROM STDIN`` on the transaction's own connection."""
    raw: Any = conn.connection.dbapi_connection
    stream = _CsvStream(rows, CsvLines(table.info.get(REPEATED)))
    columns = ", ".join(c.name for c in table.columns)
    with raw.cursor() as cursor:
        pending = raw.pending()  # backend.pg: BEGIN not sent yet, deferred writes
        if pending:
            cursor.execute(pending)
        cursor.copy_expert(
            f"COPY {table.name} ({columns}) FROM STDIN WITH (FORMAT csv)",
            stream,
            size=1 << 16,
        )
    return stream.count


# --- refusals against the database -----------------------------------------


def refuse(
    conn: Connection,
    table: Table,
    where: ColumnElement[bool],
    reject: tuple[str, str, str],
    report: RejectReport,
) -> int:
    """Report the staged rows matching ``where`` as ``(file, column, reason)``
    and drop them from the stage."""
    file, column, reason = reject
    found = conn.execute(
        select(table.c.line, table.c.ssn).where(where).order_by(table.c.line)
    )
    count = 0
    for line, ssn in found:
        report.add(Reject(file=file, line=line, column=column, reason=reason, ssn=ssn))
        count += 1
    if count:
        conn.execute(delete(table).where(where))
    return count


def refuse_repeated_keys(
    conn: Connection,
    table: Table,
    schema: FileSchema,
    file: str,
    report: RejectReport,
) -> int:
    """Refuse every row whose natural key an earlier line of the file has."""
    key = [table.c[name] for name in schema.key]
    first = func.min(table.c.line).over(partition_by=key).label("first")
    ranked = select(table.c.line, table.c.ssn, first).subquery()
    repeated = conn.execute(
        select(ranked.c.line, ranked.c.ssn, ranked.c.first)
        .where(ranked.c.line > ranked.c.first)
        .order_by(ranked.c.line)
    ).all()
    what = "/".join(schema.key)
    for line, ssn, earlier in repeated:
        report.add(
            Reject(
                file=file,
                line=line,
                column=schema.key[-1],
                reason=f"same {what} as line {earlier}",
                ssn=ssn,
            )
        )
    lines = [line for line, _, _ in repeated]
    for start in range(0, len(lines), INSERT_BATCH):
        chunk = lines[start : start + INSERT_BATCH]
        conn.execute(delete(table).where(table.c.line.in_(chunk)))
    return len(lines)


def unknown_person(table: Table) -> ColumnElement[bool]:
    """Staged rows whose SSN no person has."""
    return ~exists().where(PERSONS.c.ssn == table.c.ssn)


def account_of(table: Table) -> ColumnElement[bool]:
    """The account a staged balance row names (for an EXISTS: accounts and
    persons, correlated with the stage)."""
    return and_(
        ACCOUNTS.c.person_id == PERSONS.c.id,
        PERSONS.c.ssn == table.c.ssn,
        ACCOUNTS.c.insurance == table.c.insurance,
        ACCOUNTS.c.region == table.c.region,
    )


# --- merging ---------------------------------------------------------------


def _insert(conn: Connection, target: Table) -> Any:
    """The dialect's INSERT with ON CONFLICT."""
    module: Any = postgresql if conn.dialect.name == "postgresql" else sqlite
    return module.insert(target)


def upsert(
    conn: Connection,
    target: Table,
    rows: Select[Any],
    key: tuple[str, ...],
    changing: tuple[str, ...],
) -> Insert:
    """``INSERT ... SELECT`` new keys; update ``changing`` where a value differs."""
    names = [c.name for c in rows.selected_columns]
    statement: Insert = _insert(conn, target).from_select(names, rows.where(true()))
    excluded: Any = statement.excluded  # type: ignore[attr-defined]
    statement = statement.on_conflict_do_update(  # type: ignore[attr-defined]
        index_elements=[target.c[k] for k in key],
        set_={c: excluded[c] for c in changing},
        where=or_(*(target.c[c].is_distinct_from(excluded[c]) for c in changing)),
    )
    return statement


def existing(
    conn: Connection, target: Table, rows: Select[Any], key: tuple[str, ...]
) -> int:
    """How many of ``rows`` (shaped as ``target``'s columns) have a key that
    ``target`` already holds."""
    shaped = rows.subquery()
    match = and_(*(target.c[k] == shaped.c[k] for k in key))
    return int(
        conn.execute(
            select(func.count()).select_from(shaped).where(exists().where(match))
        ).scalar_one()
    )


@dataclass(frozen=True, kw_only=True)
class Target:
    """Where a kind of file goes: the table, its natural key, what may change,
    and the staged rows shaped as its columns."""

    table: Table
    key: tuple[str, ...]
    changing: tuple[str, ...]
    columns: tuple[str, ...]  # staged columns copied as they are
    by_person: bool = True  # the SSN becomes the person's id

    def rows(self, stage: Table, now: datetime) -> Select[Any]:
        """The staged rows as rows of the table (a person's id for the SSN)."""
        copied = [stage.c[name] for name in self.columns]
        if not self.by_person:
            created = literal(now, UtcDateTime()).label("created_at")
            return select(*copied, created)
        return select(PERSONS.c.id.label("person_id"), *copied).join_from(
            stage, PERSONS, PERSONS.c.ssn == stage.c.ssn
        )


TARGETS = {
    "persons": Target(
        table=PERSONS,
        key=("ssn",),
        changing=(
            "name",
            "gender",
            "birth_date",
            "hukou_region",
            "mobile",
            "ethnic_group",
        ),
        columns=(
            "ssn",
            "name",
            "gender",
            "birth_date",
            "hukou_region",
            "mobile",
            "ethnic_group",
        ),
        by_person=False,
    ),
    "memberships": Target(
        table=ACCOUNTS,
        key=("person_id", "insurance", "region"),
        changing=("status", "temporary"),
        columns=("insurance", "region", "status", "temporary"),
    ),
    "employments": Target(
        table=EMPLOYMENTS,
        key=("person_id", "region", "employer", "start_month"),
        changing=("end_month",),
        columns=("region", "employer", "start_month", "end_month"),
    ),
    "contributions": Target(
        table=CONTRIBUTIONS,
        key=("person_id", "insurance", "month", "region"),
        changing=(
            "employer",
            "base_cents",
            "employee_cents",
            "employer_cents",
            "account_credit_cents",
        ),
        columns=(
            "insurance",
            "month",
            "region",
            "employer",
            "base_cents",
            "employee_cents",
            "employer_cents",
            "account_credit_cents",
        ),
    ),
}


def merge(
    conn: Connection, target: Target, stage: Table, now: datetime
) -> tuple[int, int]:
    """Upsert the stage (no key repeated) into ``target``: (rows inserted, rows
    inserted or updated).

    PostgreSQL counts both in the statement itself (a row the upsert inserted
    has an id newer than the statement, an updated one has not); elsewhere the
    rows whose key already exists are counted before the upsert."""
    rows = target.rows(stage, now)
    if target.table is ACCOUNTS:  # a new membership starts with no balance
        rows = rows.add_columns(literal(0).label("balance_cents"))
    statement = upsert(conn, target.table, rows, target.key, target.changing)
    if conn.dialect.name == "postgresql" and target.by_person:
        with _persons_locked_once(conn, stage):
            return _counted_upsert(conn, statement)
    if conn.dialect.name == "postgresql":
        return _counted_upsert(conn, statement)
    staged = conn.execute(select(func.count()).select_from(rows.subquery()))
    known = existing(conn, target.table, rows, target.key)
    written = int(conn.execute(statement).rowcount)
    return int(staged.scalar_one()) - known, written


INSUFFICIENT_PRIVILEGE = "42501"


@contextmanager
def _persons_locked_once(conn: Connection, stage: Table) -> Iterator[None]:
    """Within: the foreign key to ``persons`` checked once per person instead
    of once per row, when this role may (PostgreSQL).

    The key's trigger finds each inserted row's person and locks it ``FOR KEY
    SHARE`` (so that it cannot be deleted or renumbered before the commit),
    once per row: half of the upsert's time for a contributions file. With
    ``session_replication_role = replica`` (a superuser, or a role granted
    ``SET`` on it) the per-row triggers do not fire; instead every person the
    stage names is locked the same way before the upsert, and the upsert
    itself joins each row to its person, so every row still names a person
    that exists and stays until the commit. A role that may not set it keeps
    the per-row trigger. The setting is back to its default after the upsert
    (the audit log's own trigger applies to everything else)."""
    savepoint = conn.begin_nested()
    try:
        conn.exec_driver_sql("SET LOCAL session_replication_role = replica")
    except DBAPIError as error:
        if getattr(error.orig, "pgcode", None) != INSUFFICIENT_PRIVILEGE:
            raise
        savepoint.rollback()
        yield
        return
    savepoint.commit()
    named = select(PERSONS.c.id).where(PERSONS.c.ssn.in_(select(stage.c.ssn)))
    locked = named.with_for_update(read=True, key_share=True).subquery()
    conn.execute(select(func.count()).select_from(locked))
    yield  # an error rolls the transaction, and with it the setting, back
    conn.exec_driver_sql("SET LOCAL session_replication_role TO DEFAULT")


# the last id the sequence of a table's id column gave out (0: none yet)
LAST_ID = text(
    "SELECT coalesce(pg_sequence_last_value("
    "pg_get_serial_sequence(:table, 'id')::regclass), 0)"
)


def _counted_upsert(conn: Connection, statement: Insert) -> tuple[int, int]:
    """Run a PostgreSQL upsert: (rows inserted, rows inserted or updated).

    A row it inserted has an id its table's sequence gave out after the
    statement began; an updated row keeps an older one. (``xmax = 0``, the
    usual test, cannot be read from a partitioned table: contributions.)"""
    table = cast(Table, statement.table)
    start = conn.execute(LAST_ID, {"table": table.name}).scalar_one()
    fresh = (table.c.id > start).label("fresh")
    done = statement.returning(fresh).cte("merged")
    counted = select(func.count().filter(done.c.fresh), func.count())
    inserted, written = conn.execute(counted.select_from(done)).one()
    return int(inserted), int(written)


def merge_balances(conn: Connection, stage: Table) -> tuple[int, int]:
    """Set each named account's balance and as-of month: (0 inserted, written)."""
    changed = or_(
        ACCOUNTS.c.balance_cents != stage.c.balance_cents,
        ACCOUNTS.c.balance_as_of.is_distinct_from(stage.c.as_of),
    )
    statement = (
        update(ACCOUNTS)
        .values(balance_cents=stage.c.balance_cents, balance_as_of=stage.c.as_of)
        .where(
            ACCOUNTS.c.person_id == PERSONS.c.id,
            PERSONS.c.ssn == stage.c.ssn,
            ACCOUNTS.c.insurance == stage.c.insurance,
            ACCOUNTS.c.region == stage.c.region,
            changed,
        )
    )
    return 0, int(conn.execute(statement).rowcount)
