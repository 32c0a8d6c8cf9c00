# SPDX-License-Identifier: Apache-2.0
"""The remembered check of contributions rows gives the full check's values
for every row it vouches for, and vouches for no row the full check refuses;
the staged rows are written for COPY as the csv module writes them."""

from __future__ import annotations

import unicodedata
from datetime import date

import pytest

from backend.importing.files import (
    CONTRIBUTION_CELLS,
    ORDER,
    SCHEMAS,
    RowChecker,
)
from backend.importing.load import REPEATED, CsvLines, stage_table
from backend.settings import load_settings
from backend.validation import FieldError, Rules
from card.ssn import complete
from tests.backend.import_sample import SAMPLE, rows_of

RULES = Rules.of(load_settings(), date.today())
ROWS = rows_of(SAMPLE / "contributions.csv")

# one defect per changed cell; each row is otherwise a valid sample row
DEFECTS = {
    "ssn": ["", "1" * 18, ROWS[0]["ssn"][:17] + "Z", "99" + ROWS[0]["ssn"][2:]],
    "insurance": ["", "Pension", "health"],
    "region": ["", "999999", "43010", "４３０１００"],
    "employer": ["", " 某厂", "某  厂", "某厂\u200b", "某厂\udcff", "x" * 121],
    "month": ["", "1950-12", "9999-12", "2020-13", "2020-1"],
    "base": ["", "-1.00", "1.0", "01.00", "1000000.00", "1e3"],
    "employee_amount": ["999999.99", "1,000.00", "\udcff"],
    "employer_amount": ["999999.99"],
    "account_credit": ["999999.99", "0.001"],
}


def verdicts(checker: RowChecker, row: dict[str, str]) -> tuple[object, object]:
    """(the full check's values or refusal, the remembered check's values)."""
    try:
        full: object = checker.contribution(row)
    except FieldError as error:
        full = (error.column, error.reason)
    fast = checker.contribution_cells(tuple(row[c] for c in CONTRIBUTION_CELLS))
    return full, fast


def test_every_sample_row_is_vouched_for_with_the_full_checks_values() -> None:
    checker = RowChecker(RULES)
    for _ in range(2):  # checked, then remembered
        for row in ROWS:
            full, fast = verdicts(checker, row)
            assert fast == full


@pytest.mark.parametrize(
    ("column", "text"),
    [(column, text) for column, texts in DEFECTS.items() for text in texts],
)
def test_a_refused_part_is_never_vouched_for(column: str, text: str) -> None:
    checker = RowChecker(RULES)
    verdicts(checker, ROWS[0])  # its parts remembered valid
    row = {**ROWS[0], column: text}
    for _ in range(2):
        full, fast = verdicts(checker, row)
        assert isinstance(full, tuple) and len(full) == 2  # refused
        assert fast is None


def test_normalised_values_are_the_full_checks() -> None:
    checker = RowChecker(RULES)
    row = dict(ROWS[0])
    ending_x = next(
        ssn
        for n in range(1, 100)
        if (ssn := complete(f"110105199003070{n:02d}")).endswith("X")
    )
    row["ssn"] = ending_x.lower()
    row["employer"] = unicodedata.normalize("NFD", "Café 某厂")
    full, fast = verdicts(checker, row)
    assert fast == full
    assert isinstance(fast, tuple) and fast[0] == ending_x
    assert fast[3] == unicodedata.normalize("NFC", row["employer"])


def test_staged_contributions_are_written_as_the_csv_module_writes_them() -> None:
    checker = RowChecker(RULES)
    rows = [(n, *checker.contribution(row)) for n, row in enumerate(ROWS, 2)]
    rows.append((9, *rows[0][1:4], "某厂, 第二车间", *rows[0][5:]))  # quoted
    stage = stage_table(SCHEMAS[ORDER["contributions"]])
    remembered = CsvLines(stage.info[REPEATED])
    assert remembered(rows) == CsvLines(None)(rows)
    assert remembered(rows[::-1]) == CsvLines(None)(rows[::-1])
