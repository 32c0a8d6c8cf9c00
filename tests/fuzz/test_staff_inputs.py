# SPDX-License-Identifier: Apache-2.0
"""The staff station's file parsers: the batch CSV (staff.batch.read_rows)
and the batch journal (staff.batch.Journal). Each either parses or
raises the staff package's typed error (InvalidInputError / JournalError)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from card.ssn import complete
from staff.batch import Journal, read_rows
from staff.errors import InvalidInputError, JournalError
from tests.fuzz.tomlgen import text_mutations

CSV = (
    "ssn,name,mobile,gender\n"
    f"{complete('32010619850101001')},张一,13900000001,\n"
    f"{complete('32010619850202002')},李二,13900000002,2\n"
    f"{complete('32010619850303003')},王三,13900000003,\n"
)
DIGEST = "0" * 64
JOURNAL = "".join(
    json.dumps(e) + "\n"
    for e in (
        {"event": "batch", "input_sha256": DIGEST},
        {"event": "allocated", "ssn": "x", "card_number": "D00000001"},
        {"event": "issued", "ssn": "x", "card_number": "D00000001"},
    )
)
CHECK = settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)


@pytest.fixture
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("staff-input")


def test_seed_inputs_parse(workdir: Path) -> None:
    (workdir / "in.csv").write_text(CSV, encoding="utf-8")
    assert len(read_rows(workdir / "in.csv")) == 3
    (workdir / "journal.jsonl").write_text(JOURNAL, encoding="utf-8")
    assert len(Journal(workdir / "journal.jsonl", DIGEST).events) == 3


@given(text=text_mutations(CSV) | st.text(max_size=120))
@CHECK
def test_batch_csv(workdir: Path, text: str) -> None:
    path = workdir / "in.csv"
    path.write_text(text, encoding="utf-8")
    try:
        rows = read_rows(path)
    except InvalidInputError:
        return
    assert len({r.resident.ssn for r in rows}) == len(rows)


@given(text=text_mutations(JOURNAL))
@CHECK
def test_batch_journal(workdir: Path, text: str) -> None:
    path = workdir / "journal.jsonl"
    path.write_text(text, encoding="utf-8")
    try:
        Journal(path, DIGEST).close()
    except JournalError:
        pass


@pytest.mark.parametrize("first", ["5", "[]", '"text"', "null"])
def test_journal_of_a_non_object_line(workdir: Path, first: str) -> None:
    path = workdir / "journal.jsonl"
    path.write_text(first + "\n", encoding="utf-8")
    with pytest.raises(JournalError):
        Journal(path, DIGEST)


def test_batch_csv_saved_as_gbk_by_a_spreadsheet(workdir: Path) -> None:
    utf8, gbk = workdir / "utf8.csv", workdir / "gbk.csv"
    utf8.write_text(CSV, encoding="utf-8")
    gbk.write_bytes(CSV.encode("gbk"))
    assert read_rows(gbk) == read_rows(utf8)


def test_batch_csv_of_binary_bytes(workdir: Path) -> None:
    path = workdir / "in.csv"
    path.write_bytes(b"\xff\xfe\x81\x30\xff" * 20)
    with pytest.raises(InvalidInputError):
        read_rows(path)
