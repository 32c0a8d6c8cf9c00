# SPDX-License-Identifier: Apache-2.0
"""The five import files: columns, natural keys, and the check of one row.

Every cell goes through :mod:`backend.validation`, the model the HTTP API
uses; a row comes out as the tuple of values its staging table holds, or a
:class:`~backend.validation.FieldError`. The checks of values that repeat on
millions of rows (an SSN on each of a person's months, an employer's name)
are remembered, which keeps the contributions file fast to check.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from operator import itemgetter
from typing import Any

from sqlalchemy import BigInteger, Boolean, Date, Integer, String
from sqlalchemy.types import TypeEngine

from backend import validation as v
from backend.settings import INSURANCES
from backend.validation import FieldError, Rules

Row = Mapping[str, str]
Staged = tuple[Any, ...]
CACHE_LIMIT = 200_000
LINE = ("line", Integer())  # the staged row's line in its file


@dataclass(frozen=True, kw_only=True)
class FileSchema:
    """One kind of import file: its columns, natural key and staging columns."""

    kind: str
    columns: tuple[str, ...]  # required header columns, in documented order
    defaults: Mapping[str, str]  # optional columns and their value when absent
    key: tuple[str, ...]  # natural key (staging column names)
    stage: tuple[tuple[str, TypeEngine[Any]], ...]  # staged values, in order
    check: Callable[[RowChecker, Row], Staged]
    # a faster check of the rows that are valid from remembered verdicts:
    # the columns it reads (in its order), and the check; None when it cannot
    # vouch for the row, which then goes through ``check``
    fast_columns: tuple[str, ...] = ()
    fast: Callable[[RowChecker, tuple[str, ...]], Staged | None] | None = None
    # staged text columns (adjacent) that repeat on many rows, in stage order
    repeated: tuple[str, ...] = ()

    @property
    def header(self) -> tuple[str, ...]:
        """Every column a file of this kind may have."""
        return self.columns + tuple(self.defaults)


class RowChecker:
    """Checks rows of every kind against the strict model on one day."""

    def __init__(self, rules: Rules) -> None:
        self.rules = rules
        self._ssns: dict[str, str | FieldError] = {}
        self._employers: dict[str, str | FieldError] = {}
        self._amounts: dict[str, int] = {}
        self._payers: dict[tuple[str, ...], tuple[str, ...]] = {}
        self._payments: dict[tuple[str, ...], tuple[int, ...]] = {}
        self._months = {
            _month_text(year, month)
            for year in range(v.FIRST_YEAR, rules.today.year + 1)
            for month in range(1, 13)
            if _month_text(year, month) <= rules.this_month
        }

    def ssn(self, text: str) -> str:
        """:func:`backend.validation.ssn`, remembered."""
        return _remembered(self._ssns, text, v.ssn)

    def employer(self, text: str) -> str:
        """:func:`backend.validation.employer`, remembered."""
        return _remembered(self._employers, text, v.employer)

    def month(self, text: str, column: str) -> str:
        """:func:`backend.validation.month` (a set look-up when valid)."""
        return text if text in self._months else v.month(self.rules, text, column)

    def region(self, text: str, column: str = "region") -> str:
        """:func:`backend.validation.region` (a set look-up when valid)."""
        return (
            text if text in self.rules.regions else v.region(self.rules, text, column)
        )

    def amount(self, text: str, column: str) -> int:
        """:func:`backend.validation.cents` up to a month's maximum base, with
        the amounts already seen remembered (a base repeats for a year)."""
        found = self._amounts.get(text)
        if found is None:
            found = v.cents(text, column, v.MAX_BASE_CENTS)
            if len(self._amounts) >= CACHE_LIMIT:
                self._amounts.clear()
            self._amounts[text] = found
        return found

    def person(self, row: Row) -> Staged:
        """A persons.csv row."""
        return tuple(dataclasses.astuple(v.person(self.rules, row)))

    def membership(self, row: Row) -> Staged:
        """A memberships.csv row: an account of one insurance in one region."""
        return (
            self.ssn(row["ssn"]),
            v.insurance(row["insurance"]),
            self.region(row["region"]),
            v.choice(row["status"], v.ACCOUNT_STATUSES, "status"),
            v.flag(row["temporary"], "temporary"),
        )

    def balance(self, row: Row) -> Staged:
        """A balances.csv row: an individual account's balance as of a month."""
        return (
            self.ssn(row["ssn"]),
            v.choice(row["insurance"], v.INDIVIDUAL_ACCOUNTS, "insurance"),
            self.region(row["region"]),
            v.cents(row["balance"], "balance", v.MAX_BALANCE_CENTS),
            self.month(row["as_of"], "as_of"),
        )

    def employment(self, row: Row) -> Staged:
        """An employments.csv row: a span of months with one employer."""
        start = self.month(row["start_month"], "start_month")
        end = row["end_month"]
        if end:
            self.month(end, "end_month")
            if end < start:
                raise FieldError("end_month", "before start_month")
        return (
            self.ssn(row["ssn"]),
            self.region(row["region"]),
            self.employer(row["employer"]),
            start,
            end or None,
        )

    def contribution(self, row: Row) -> Staged:
        """A contributions.csv row: one month of one insurance in one region."""
        payment = self._payment((row["base"], *(row[column] for column in AMOUNTS)))
        ssn = self.ssn(row["ssn"])  # refusals in the order of the columns
        insurance = row["insurance"]
        if insurance not in INSURANCES:
            v.insurance(insurance)
        month = self.month(row["month"], "month")
        return (
            ssn,
            insurance,
            self.region(row["region"]),
            self.employer(row["employer"]),
            month,
            *payment,
        )

    def contribution_cells(self, cells: tuple[str, ...]) -> Staged | None:
        """:meth:`contribution` of a row whose parts are known valid, from its
        cells in :data:`CONTRIBUTION_CELLS` order; None for any other row.

        A person's rows repeat the payer (SSN, insurance, region, employer)
        for years and the amounts for a year: each combination is checked
        once, by the same checks, and its verdict remembered. A row with any
        part refused or a month outside the allowed ones gets None, and
        :meth:`contribution` then gives the verdict the row always had."""
        payer = self._payers.get(cells[:4])
        if payer is None:
            payer = self._remember(self._payers, cells[:4], self._payer)
        payment = self._payments.get(cells[4:8])
        if payment is None:
            payment = self._remember(self._payments, cells[4:8], self._payment)
        month = cells[8]
        if payer and payment and month in self._months:
            return (*payer, month, *payment)
        return None

    def _payer(self, cells: tuple[str, ...]) -> tuple[str, ...]:
        ssn, insurance, region, employer = cells
        return (
            self.ssn(ssn),
            v.insurance(insurance),
            self.region(region),
            self.employer(employer),
        )

    def _payment(self, cells: tuple[str, ...]) -> tuple[int, ...]:
        """The base and :data:`AMOUNTS` in cents, each amount within the base."""
        base = self.amount(cells[0], "base")
        amounts = [
            self.amount(text, column)
            for text, column in zip(cells[1:], AMOUNTS, strict=True)
        ]
        for column, amount in zip(AMOUNTS, amounts, strict=True):
            if amount > base:
                raise FieldError(column, "more than the base")
        return (base, *amounts)

    @staticmethod
    def _remember(
        cache: dict[tuple[str, ...], Any],
        cells: tuple[str, ...],
        check: Callable[[tuple[str, ...]], tuple[Any, ...]],
    ) -> tuple[Any, ...]:
        """``check(cells)``, remembered; ``()`` when it refuses them."""
        if len(cache) >= CACHE_LIMIT:
            cache.clear()
        try:
            found = check(cells)
        except FieldError:
            found = ()
        cache[cells] = found
        return found


AMOUNTS = ("employee_amount", "employer_amount", "account_credit")
# the columns RowChecker.contribution_cells reads: payer, amounts, month
CONTRIBUTION_CELLS = (
    "ssn",
    "insurance",
    "region",
    "employer",
    "base",
    *AMOUNTS,
    "month",
)


def _month_text(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def _remembered(
    cache: dict[str, str | FieldError], text: str, check: Callable[[str], str]
) -> str:
    """``check(text)``, or its remembered answer (a refusal included)."""
    found = cache.get(text)
    if found is None:
        if len(cache) >= CACHE_LIMIT:
            cache.clear()
        try:
            found = check(text)
        except FieldError as error:
            found = error
        cache[text] = found
    if isinstance(found, FieldError):
        raise found
    return found


class KeyWatch:
    """Whether a file's valid rows may repeat a natural key, seen as they pass.

    Exports list each person's rows together; then a repeat can only be
    within the current person's rows, and only those keys are kept (with the
    SSNs already passed, to notice a person who comes back). "No repeat" is
    certain; a repeat, a person who comes back, or more than
    :data:`WATCHED_PERSONS` persons, make it "maybe", and the file is then
    searched for repeated keys in the database as a whole."""

    def __init__(self, schema: FileSchema) -> None:
        at = [[LINE[0], *(n for n, _ in schema.stage)].index(k) for k in schema.key]
        self._key = itemgetter(*at)
        self._ssn = ""
        self._keys: set[Any] = set()
        self._passed: set[str] = set()
        self.maybe = False

    def watching(self, rows: Iterable[Staged]) -> Iterator[Staged]:
        """``rows``, each watched as it passes."""
        for row in rows:
            if not self.maybe:
                self._see(self._key(row))
            yield row

    def _see(self, key: Any) -> None:
        ssn = key[0] if isinstance(key, tuple) else key
        if ssn != self._ssn:
            self._passed.add(self._ssn)
            self._ssn, self._keys = ssn, set()
            if ssn in self._passed or len(self._passed) > WATCHED_PERSONS:
                self.maybe = True
        if key in self._keys:
            self.maybe = True
        self._keys.add(key)


WATCHED_PERSONS = 5_000_000  # SSNs remembered per file (about 100 bytes each)
SSN = ("ssn", String(18))
INSURANCE = ("insurance", String(20))
REGION = ("region", String(6))
EMPLOYER = ("employer", String(120))

SCHEMAS: tuple[FileSchema, ...] = (
    FileSchema(
        kind="persons",
        columns=v.PERSON_COLUMNS[:-1],
        defaults={"ethnic_group": "01"},
        key=("ssn",),
        stage=(
            SSN,
            ("name", String(60)),
            ("gender", String(1)),
            ("birth_date", Date()),
            ("hukou_region", String(6)),
            ("mobile", String(20)),
            ("ethnic_group", String(2)),
        ),
        check=RowChecker.person,
    ),
    FileSchema(
        kind="memberships",
        columns=("ssn", "insurance", "region", "status", "temporary"),
        defaults={},
        key=("ssn", "insurance", "region"),
        stage=(
            SSN,
            INSURANCE,
            REGION,
            ("status", String(12)),
            ("temporary", Boolean()),
        ),
        check=RowChecker.membership,
    ),
    FileSchema(
        kind="balances",
        columns=("ssn", "insurance", "region", "balance", "as_of"),
        defaults={},
        key=("ssn", "insurance", "region"),
        stage=(
            SSN,
            INSURANCE,
            REGION,
            ("balance_cents", BigInteger()),
            ("as_of", String(7)),
        ),
        check=RowChecker.balance,
    ),
    FileSchema(
        kind="employments",
        columns=("ssn", "region", "employer", "start_month", "end_month"),
        defaults={},
        key=("ssn", "region", "employer", "start_month"),
        stage=(
            SSN,
            REGION,
            EMPLOYER,
            ("start_month", String(7)),
            ("end_month", String(7)),
        ),
        check=RowChecker.employment,
    ),
    FileSchema(
        kind="contributions",
        columns=(
            "ssn",
            "insurance",
            "month",
            "region",
            "employer",
            "base",
            *AMOUNTS,
        ),
        defaults={},
        key=("ssn", "insurance", "month", "region"),
        stage=(
            SSN,
            INSURANCE,
            REGION,
            EMPLOYER,
            ("month", String(7)),
            ("base_cents", BigInteger()),
            ("employee_cents", BigInteger()),
            ("employer_cents", BigInteger()),
            ("account_credit_cents", BigInteger()),
        ),
        check=RowChecker.contribution,
        fast_columns=CONTRIBUTION_CELLS,
        fast=RowChecker.contribution_cells,
        repeated=("ssn", "insurance", "region", "employer"),
    ),
)
ORDER = {schema.kind: n for n, schema in enumerate(SCHEMAS)}


def schema_of(file_name: str) -> FileSchema | None:
    """The schema of ``persons.csv``, ``contributions-2026-11.csv``, …: the
    name up to the first ``-`` or ``.`` names the kind."""
    stem = file_name.lower().split(".", 1)[0].split("-", 1)[0]
    return next((s for s in SCHEMAS if s.kind == stem), None)
