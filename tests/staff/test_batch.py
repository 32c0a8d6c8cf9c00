# SPDX-License-Identifier: Apache-2.0
"""Batch personalization: CSV in, journal, resume without issuing twice."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from card.connection import GetResponseConnection
from card.ssse import SsseSession
from card.virtual import Knobs, LifeCycle, VirtualCard, VirtualConnection
from card.virtual.factory import new_blank
from staff.batch import BatchProgress, BatchRunner, read_rows
from staff.errors import BatchInputError, JournalError
from staff.models import Allocation
from staff.personalize import Step
from staff.sources import VirtualBatchSource
from tests.staff.local_issuer import MASTER_KEY, LocalIssuer

ROWS = [
    ("11010519491231002X", "张三丰", "13800000001"),
    ("110105198001010016", "李四", "13800000002"),
    ("110105199003070025", "王小红", "13800000003"),
    ("440106200012120037", "欧阳维维", "13800000004"),
]


def write_csv(path: Path, rows: list[tuple[str, str, str]] = ROWS) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["ssn", "name", "mobile"])
        writer.writerows(rows)
    return path


def make_blank(allocation: Allocation) -> VirtualCard:
    return new_blank(
        master_key=MASTER_KEY, recognition_code=allocation.recognition_code
    )


class Crash(BaseException):
    """Stands for a power cut: not an Exception, nothing catches it on the way."""


def runner(issuer: LocalIssuer, out: Path, **kw: object) -> BatchRunner:
    return BatchRunner(
        backend=issuer, source=VirtualBatchSource(make_blank, out), output_dir=out, **kw
    )  # type: ignore[arg-type]


def test_batch_issues_every_row_and_writes_results(tmp_path: Path) -> None:
    issuer, out = LocalIssuer(), tmp_path / "out"
    seen: list[BatchProgress] = []
    results = runner(issuer, out, progress=seen.append).run(
        write_csv(tmp_path / "in.csv")
    )
    assert [r.status for r in results] == ["issued"] * 4
    assert seen[-1].done == seen[-1].total == 4
    with (out / "results.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["status"] for r in rows] == ["issued"] * 4
    for row, (ssn, name, _) in zip(rows, ROWS, strict=True):
        assert issuer.active_cards(ssn) == [row["card_number"]]
        card = VirtualCard.load(Path(row["image"]))
        assert card.image.life_cycle is LifeCycle.PERSONALIZED
        holder = SsseSession(
            GetResponseConnection(VirtualConnection(card))
        ).read_holder()
        assert (holder.ssn, holder.name) == (ssn, name)


@pytest.mark.parametrize("crash_at", [Step.CERTIFY, Step.ACTIVATE, Step.REGISTER])
def test_resume_after_an_interruption_issues_no_card_twice(
    tmp_path: Path, crash_at: Step
) -> None:
    issuer, out = LocalIssuer(), tmp_path / "out"
    csv_path = write_csv(tmp_path / "in.csv")
    trigger = "started" if crash_at is Step.REGISTER else "done"

    def crash(progress: BatchProgress) -> None:
        step = progress.step
        if (
            progress.line == 5
            and step
            and step.step is crash_at
            and (step.status.value == trigger)
        ):
            raise Crash()

    with pytest.raises(Crash):
        runner(issuer, out, progress=crash).run(csv_path)
    assert issuer.calls.count("allocate_card") == 4
    with (out / "results.csv").open(encoding="utf-8") as handle:
        assert [r["status"] for r in csv.DictReader(handle)] == ["issued"] * 3
    results = runner(issuer, out).run(csv_path)
    assert [r.status for r in results] == ["already_issued"] * 3 + ["issued"]
    assert issuer.calls.count("allocate_card") == 4  # one per row, ever
    for (ssn, _, _), result in zip(ROWS, results, strict=True):
        assert issuer.active_cards(ssn) == [result.card_number]
    statuses = [c["status"] for c in issuer.cards.values()]
    assert statuses.count("active") == 4 and "replaced" not in statuses
    events = [json.loads(line) for line in (out / "journal.jsonl").open()]
    assert sum(e["event"] == "allocated" for e in events) == 4
    assert sum(e["event"] == "issued" for e in events) == 4


def test_crash_after_registration_is_recognised_from_the_backend(
    tmp_path: Path,
) -> None:
    """Killed between the backend's activation and the journal's "issued" line."""
    issuer, out = LocalIssuer(), tmp_path / "out"
    csv_path = write_csv(tmp_path / "in.csv", ROWS[:1])
    original = issuer.activate

    def activate_then_die(card_number: str) -> object:
        original(card_number)
        raise Crash()

    issuer.activate = activate_then_die  # type: ignore[method-assign]
    with pytest.raises(Crash):
        runner(issuer, out).run(csv_path)
    issuer.activate = original  # type: ignore[method-assign]
    (result,) = runner(issuer, out).run(csv_path)
    assert result.status == "already_issued"
    assert Path(result.image).is_file()
    assert issuer.calls.count("allocate_card") == 1
    assert issuer.calls.count("activate") == 1


def test_failed_row_is_reported_and_redone_with_the_same_number(tmp_path: Path) -> None:
    issuer, out = LocalIssuer(), tmp_path / "out"
    csv_path = write_csv(tmp_path / "in.csv", ROWS[:2])
    torn = {"done": False}

    def blank(allocation: Allocation) -> VirtualCard:
        card = make_blank(allocation)
        if not torn["done"]:
            torn["done"] = True
            card.knobs = Knobs(tear_after=25)
        return card

    source = VirtualBatchSource(blank, out)
    first = BatchRunner(backend=issuer, source=source, output_dir=out).run(csv_path)
    assert [r.status for r in first] == ["failed", "issued"]
    assert first[0].card_state == "half_written" and first[0].step == "write_data"
    second = BatchRunner(backend=issuer, source=source, output_dir=out).run(csv_path)
    assert [r.status for r in second] == ["issued", "already_issued"]
    assert second[0].card_number == first[0].card_number
    assert issuer.calls.count("allocate_card") == 2


def test_operator_stop_then_continue(tmp_path: Path) -> None:
    issuer, out = LocalIssuer(), tmp_path / "out"
    csv_path = write_csv(tmp_path / "in.csv")
    done: list[int] = []

    def progress(p: BatchProgress) -> None:
        if p.result is not None:
            done.append(p.line)

    first = runner(
        issuer, out, progress=progress, should_stop=lambda: len(done) >= 2
    ).run(csv_path)
    assert len(first) == 2
    second = runner(issuer, out).run(csv_path)
    assert [r.status for r in second] == ["already_issued"] * 2 + ["issued"] * 2


def test_journal_of_another_input_is_refused(tmp_path: Path) -> None:
    issuer, out = LocalIssuer(), tmp_path / "out"
    runner(issuer, out).run(write_csv(tmp_path / "a.csv", ROWS[:1]))
    with pytest.raises(JournalError):
        runner(issuer, out).run(write_csv(tmp_path / "b.csv", ROWS[1:2]))


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("name,mobile\n张三,13800000001\n", "missing columns"),
        ("ssn,name,mobile\n110105194912310021,张三,13800000001\n", "check character"),
        ("ssn,name,mobile\n11010519491231002X,,13800000001\n", "name is empty"),
        ("ssn,name,mobile\n11010519491231002X,张三,138\n", "mobile"),
        (
            "ssn,name,mobile\n11010519491231002X,张三,13800000001\n"
            "11010519491231002X,张三,13800000001\n",
            "twice",
        ),
    ],
)
def test_malformed_csv_names_the_line(tmp_path: Path, text: str, reason: str) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(BatchInputError) as caught:
        read_rows(path)
    assert reason in str(caught.value)
    assert caught.value.line >= 1


def test_power_cut_between_allocation_and_journal_reuses_the_backend_allocation(
    tmp_path: Path,
) -> None:
    issuer, out = LocalIssuer(), tmp_path / "out"
    source = write_csv(tmp_path / "in.csv")
    real_allocate = issuer.allocate_card

    def allocate_then_cut(ssn: str, code: bytes | None = None) -> Allocation:
        allocation = real_allocate(ssn, code)
        if ssn == ROWS[1][0]:
            raise Crash()  # the answer arrived; the journal line was never written
        return allocation

    issuer.allocate_card = allocate_then_cut  # type: ignore[method-assign]
    with pytest.raises(Crash):
        runner(issuer, out).run(source)
    journal = (out / "journal.jsonl").read_text(encoding="utf-8")
    (lost,) = [n for n, c in issuer.cards.items() if c["ssn"] == ROWS[1][0]]
    assert lost not in journal
    issuer.allocate_card = real_allocate  # type: ignore[method-assign]
    results = runner(issuer, out).run(source)
    assert [r.status for r in results] == ["already_issued"] + ["issued"] * 3
    assert results[1].card_number == lost  # reused, not allocated again
    assert issuer.calls.count("allocate_card") == len(ROWS)
    for ssn, _, _ in ROWS:
        assert [c["status"] for c in issuer.cards.values() if c["ssn"] == ssn] == [
            "active"
        ]
