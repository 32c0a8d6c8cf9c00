# SPDX-License-Identifier: Apache-2.0
"""bench/generate.py: deterministic, valid residents; the committed sample is its
output."""

from __future__ import annotations

import filecmp
from datetime import date
from pathlib import Path

from backend.importing.files import SCHEMAS, RowChecker
from backend.importing.read import rows_of
from backend.importing.report import Progress, RejectReport
from backend.settings import load_settings
from backend.validation import Rules
from bench.generate import generate
from tests.conftest import ROOT

SAMPLE = ROOT / "docs" / "import-sample"


def test_the_sample_is_the_generators_output(tmp_path: Path) -> None:
    generate(
        load_settings(),
        tmp_path,
        persons=10,
        years=3,
        seed=7,
        until="2026-09",
        insurances=("pension", "medical", "unemployment", "work_injury", "maternity"),
        next_month=True,
    )
    for folder in ("", "next"):
        names = sorted(p.name for p in (SAMPLE / folder).glob("*.csv"))
        assert names == sorted(p.name for p in (tmp_path / folder).glob("*.csv"))
        match, mismatch, errors = filecmp.cmpfiles(
            SAMPLE / folder, tmp_path / folder, names, shallow=False
        )
        assert (mismatch, errors) == ([], [])


def test_generated_rows_pass_the_strict_model(tmp_path: Path) -> None:
    counts = generate(
        load_settings(),
        tmp_path,
        persons=300,
        years=12,
        seed=3,
        until="2026-06",
        insurances=("pension", "medical"),
        next_month=True,
    )
    report = RejectReport(tmp_path / "rejects.csv")
    checker = RowChecker(Rules.of(load_settings(), date(2026, 12, 3)))
    for schema in SCHEMAS:
        path = tmp_path / f"{schema.kind}.csv"
        rows = sum(1 for _ in rows_of(path, schema, checker, report, Progress()))
        assert rows == counts[schema.kind] > 0
    report.close()
    assert sum(report.reasons.values()) == 0
    persons = (tmp_path / "persons.csv").read_text(encoding="utf-8").splitlines()[1:]
    regions = {line.split(",")[4] for line in persons}
    assert len(regions) > 3  # residents of several regions


def test_working_lives_have_moves_gaps_and_raises(tmp_path: Path) -> None:
    generate(
        load_settings(),
        tmp_path,
        persons=300,
        years=12,
        seed=5,
        until="2026-06",
        insurances=("pension",),
        next_month=False,
    )
    spans: dict[str, list[list[str]]] = {}
    for line in (tmp_path / "employments.csv").read_text("utf-8").splitlines()[1:]:
        ssn, region, _, start, end = line.split(",")
        spans.setdefault(ssn, []).append([region, start, end])
    lives = [sorted(s, key=lambda span: span[1]) for s in spans.values()]
    across = sum(1 for life in lives if len({s[0][:2] for s in life}) > 1)
    within = sum(
        1
        for life in lives
        for a, b in zip(life, life[1:], strict=False)
        if a[0] != b[0] and a[0][:2] == b[0][:2]
    )
    gaps = sum(
        1
        for life in lives
        for a, b in zip(life, life[1:], strict=False)
        if a[2] and _next_month(a[2]) < b[1]
    )
    assert across > 10 and within > 0 and gaps > 10
    bases: dict[str, list[float]] = {}
    for line in (tmp_path / "contributions.csv").read_text("utf-8").splitlines()[1:]:
        cells = line.split(",")
        bases.setdefault(cells[0], []).append(float(cells[5]))
    assert sum(1 for b in bases.values() if b[-1] > b[0]) > len(bases) / 2


def _next_month(month: str) -> str:
    year, number = int(month[:4]), int(month[5:])
    return f"{year + number // 12:04d}-{number % 12 + 1:02d}"


def test_parts_hold_the_same_rows_in_the_same_order(tmp_path: Path) -> None:
    def written(out: Path, part_size: int) -> dict[str, int]:
        return generate(
            load_settings(),
            out,
            persons=25,
            years=4,
            seed=9,
            until="2026-06",
            insurances=("pension", "medical"),
            next_month=False,
            part_size=part_size,
        )

    whole = written(tmp_path / "whole", 0)
    assert written(tmp_path / "parts", 10) == whole
    folders = sorted((tmp_path / "parts").iterdir())
    assert [f.name for f in folders] == ["part-0001", "part-0002", "part-0003"]
    for kind in whole:
        lines = (tmp_path / "whole" / f"{kind}.csv").read_text("utf-8").splitlines()
        joined = [lines[0]]
        for folder in folders:
            part = (folder / f"{kind}.csv").read_text("utf-8").splitlines()
            assert part[0] == lines[0]  # every part has the header
            joined += part[1:]
        assert joined == lines
    persons = (folders[-1] / "persons.csv").read_text("utf-8").splitlines()
    assert len(persons) == 1 + 5
