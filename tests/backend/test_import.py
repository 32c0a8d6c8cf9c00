# SPDX-License-Identifier: Apache-2.0
"""``ss-backend import`` on real SQLite and PostgreSQL databases: the committed
sample, idempotence, changed rows, the incremental month, rejected rows, the
same result on both engines, and the kiosk's GET /accounts afterwards."""

from __future__ import annotations

import io
import shutil
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

import tests.backend.test_staff as staff_tests
from backend.db import make_engine, migrate
from backend.importing.report import Progress, RejectReport
from backend.importing.run import FileResult, import_files
from backend.models import utcnow
from backend.settings import load_settings
from backend.validation import Rules
from card.ssn import complete
from card.ssse import Holder
from tests.backend.conftest import Env
from tests.backend.import_sample import SAMPLE, pension_member, rows_of, sample_account
from tests.conftest import ROOT, new_postgres_database, run

NEXT = SAMPLE / "next"
RULES = Rules.of(load_settings(), date.today())


@pytest.fixture
def postgres_db() -> Iterator[str]:
    """A fresh, migrated PostgreSQL database for one test."""
    with new_postgres_database("ssc_import") as url:
        migrate(url)
        yield url


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[sa.Engine]:
    """A fresh, migrated database of each kind."""
    if request.param == "postgres":
        url = request.getfixturevalue("postgres_db")
    else:
        url = f"sqlite:///{tmp_path / 'import.sqlite3'}"
        migrate(url)
    made = make_engine(url)
    yield made
    made.dispose()


def load(
    engine: sa.Engine, tmp_path: Path, *paths: Path
) -> tuple[list[FileResult], Path]:
    report_path = tmp_path / f"rejects-{uuid.uuid4().hex[:6]}.csv"
    report = RejectReport(report_path)
    try:
        results = import_files(engine, RULES, paths, report, now=utcnow())
    finally:
        report.close()
    return results, report_path


def plain(value: Any) -> Any:
    """A value as both engines answer raw SQL (SQLite gives dates as text)."""
    return value.isoformat() if isinstance(value, date) else value


def dump(engine: sa.Engine) -> dict[str, list[tuple[Any, ...]]]:
    """Every imported table by natural key, without ids or times."""
    queries = {
        "persons": "SELECT ssn, name, gender, birth_date, hukou_region, mobile,"
        " ethnic_group FROM persons",
        "accounts": "SELECT p.ssn, a.insurance, a.region, a.status, a.temporary,"
        " a.balance_cents, a.balance_as_of FROM accounts a JOIN persons p"
        " ON p.id = a.person_id",
        "contributions": "SELECT p.ssn, c.insurance, c.month, c.region, c.employer,"
        " c.base_cents, c.employee_cents, c.employer_cents, c.account_credit_cents"
        " FROM contributions c JOIN persons p ON p.id = c.person_id",
        "employments": "SELECT p.ssn, e.region, e.employer, e.start_month,"
        " e.end_month FROM employments e JOIN persons p ON p.id = e.person_id",
    }
    with engine.connect() as conn:
        return {
            name: sorted(tuple(map(plain, r)) for r in conn.execute(sa.text(sql)))
            for name, sql in queries.items()
        }


def test_the_sample_loads_and_a_second_run_changes_nothing(
    engine: sa.Engine, tmp_path: Path
) -> None:
    first, report = load(engine, tmp_path, SAMPLE)
    assert [r.file for r in first] == [
        "persons.csv",
        "memberships.csv",
        "balances.csv",
        "employments.csv",
        "contributions.csv",
    ]
    for result in first:
        lines = len(rows_of(SAMPLE / result.file))
        assert result.valid == lines and result.rejected == 0
        written = result.updated if result.kind == "balances" else result.inserted
        assert written == lines
    assert rows_of(report) == []
    before = dump(engine)
    assert len(before["contributions"]) == len(rows_of(SAMPLE / "contributions.csv"))
    second, _ = load(engine, tmp_path, SAMPLE)
    assert all(r.inserted == r.updated == 0 for r in second)
    assert [r.unchanged for r in second] == [r.valid for r in second]
    assert dump(engine) == before


def test_a_changed_row_is_updated_and_the_next_month_added(
    engine: sa.Engine, tmp_path: Path
) -> None:
    load(engine, tmp_path, SAMPLE)
    changed = tmp_path / "changed"
    changed.mkdir()
    text = (SAMPLE / "contributions.csv").read_text(encoding="utf-8").splitlines()
    cells = text[1].split(",")
    cells[4] = "更正后的雇主有限公司"  # the employer of one month, corrected
    (changed / "contributions.csv").write_text(
        "\n".join([text[0], ",".join(cells), *text[2:]]) + "\n", encoding="utf-8"
    )
    (result,), _ = load(engine, tmp_path, changed)
    assert (result.inserted, result.updated) == (0, 1)
    assert result.unchanged == result.valid - 1
    stored = dump(engine)["contributions"]
    assert sum(1 for row in stored if row[4] == "更正后的雇主有限公司") == 1
    results, _ = load(engine, tmp_path, NEXT)
    by_kind = {r.kind: r for r in results}
    month_rows = rows_of(next(NEXT.glob("contributions-*.csv")))
    assert by_kind["contributions"].inserted == len(month_rows)
    assert by_kind["balances"].updated == len(rows_of(next(NEXT.glob("balances-*"))))
    # an older balance file again: refused, the newer balance stays
    again, report = load(engine, tmp_path, SAMPLE / "balances.csv")
    assert again[0].rejected == len(rows_of(next(NEXT.glob("balances-*"))))
    assert {r["reason"] for r in rows_of(report)} == {
        "older than the balance already stored"
    }


BAD_SSN = complete("11010519900307001")[:17] + "X"
ALICE = complete("44030519941130002")  # female, born 1994-11-30


def defect_files(folder: Path) -> None:
    """Files with one defect per line (line numbers in the comments)."""
    folder.mkdir()
    persons = [
        "ssn,name,gender,birth_date,hukou_region,mobile",
        f"{ALICE},林芳,2,1994-11-30,440300,13800000015",  # 2 good
        f"{BAD_SSN},王五,1,1990-03-07,110000,13800000016",  # 3 check character
        f"{complete('11010519900307003')},王\u202e五,1,1990-03-07,110000,13800000017",
        f"{complete('11010519900307005')},王六,1,1990-03-08,110000,13800000018",
        f"{complete('11010519900307007')},王七,1,1990-03-07,999999,13800000019",
        f"{complete('11010519900307009')},王八,1,1990-03-07,110000",  # 7 short
    ]
    contributions = [
        "ssn,insurance,month,region,employer,base,employee_amount,employer_amount,"
        "account_credit",
        f"{ALICE},pension,2026-01,440300,深圳龙岗玩具厂,3500.00,280.00,560.00,280.00",
        f"{ALICE},pension,2026-01,440300,深圳龙岗玩具厂,3500.00,280.00,560.00,280.00",
        f"{ALICE},pension,9999-12,440300,深圳龙岗玩具厂,3500.00,280.00,560.00,280.00",
        f"{complete('11010519900307011')},pension,2026-01,440300,某厂,"
        "3500.00,280.00,560.00,280.00",
        f"{ALICE},pension,2026-02,440300,深圳龙岗玩具厂,3500.00,3800.00,560.00,0.00",
    ]
    balances = [
        "ssn,insurance,region,balance,as_of",
        f"{ALICE},unemployment,440300,10.00,2026-01",
        f"{ALICE},pension,440300,-1.00,2026-01",
        f"{ALICE},pension,310000,10.00,2026-01",
    ]
    for name, lines in (
        ("persons.csv", persons),
        ("contributions.csv", contributions),
        ("balances.csv", balances),
    ):
        (folder / name).write_text("\n".join(lines) + "\n", encoding="utf-8")


EXPECTED_REJECTS = [
    ("persons.csv", "3", "ssn", "wrong check character"),
    ("persons.csv", "4", "name", "control or format character (Cf) not allowed"),
    ("persons.csv", "5", "birth_date", "differs from the birth date in the SSN"),
    ("persons.csv", "6", "hukou_region", "not in a configured region"),
    ("persons.csv", "7", "", "5 cells, the header has 6"),
    ("balances.csv", "2", "insurance", "must be one of medical, pension"),
    ("balances.csv", "3", "balance", "not an amount like 1234.50"),
    ("balances.csv", "4", "region", "no membership of this insurance in this region"),
    ("contributions.csv", "4", "month", "must be from 1951-01 to this month"),
    ("contributions.csv", "6", "employee_amount", "more than the base"),
    ("contributions.csv", "3", "region", "same ssn/insurance/month/region as line 2"),
    (
        "contributions.csv",
        "5",
        "ssn",
        "unknown person: in neither persons.csv nor the database",
    ),
]


def test_rejected_rows_are_reported_with_file_line_column_and_reason(
    engine: sa.Engine, tmp_path: Path
) -> None:
    defect_files(tmp_path / "bad")
    results, report = load(engine, tmp_path, tmp_path / "bad")
    found = [(r["file"], r["line"], r["column"], r["reason"]) for r in rows_of(report)]
    assert sorted(found) == sorted(EXPECTED_REJECTS)
    text = report.read_text(encoding="utf-8")
    assert ALICE not in text and BAD_SSN not in text
    assert all(r["ssn"].startswith("*" * 14) for r in rows_of(report) if r["ssn"])
    by_file = {r.file: r for r in results}
    assert by_file["persons.csv"].inserted == 1
    assert by_file["contributions.csv"].inserted == 1


def test_both_engines_give_the_same_tables(tmp_path: Path, postgres_db: str) -> None:
    engines = [make_engine(postgres_db)]
    lite = f"sqlite:///{tmp_path / 'same.sqlite3'}"
    migrate(lite)
    engines.append(make_engine(lite))
    defect_files(tmp_path / "bad")
    reports = []
    for engine in engines:
        load(engine, tmp_path, SAMPLE)
        load(engine, tmp_path, NEXT)
        reports.append(rows_of(load(engine, tmp_path, tmp_path / "bad")[1]))
    assert dump(engines[0]) == dump(engines[1])
    assert sorted(map(tuple, (r.values() for r in reports[0]))) == sorted(
        map(tuple, (r.values() for r in reports[1]))
    )
    for engine in engines:
        engine.dispose()


def test_the_command_summarises_on_stderr_and_exits_3_on_rejects(
    tmp_path: Path,
) -> None:
    defect_files(tmp_path / "bad")
    db, report = tmp_path / "cli.sqlite3", tmp_path / "report.csv"
    got = run(
        [
            sys.executable,
            "-m",
            "backend.cli",
            "--database-url",
            f"sqlite:///{db}",
            "import",
            str(SAMPLE),
            str(tmp_path / "bad"),
            "--report",
            str(report),
        ],
        cwd=ROOT,
    )
    assert got.returncode == 1, got.stderr  # loaded, but rows were rejected
    months = len(rows_of(SAMPLE / "contributions.csv"))
    assert f"contributions.csv: {months:,} valid, {months:,} inserted" in got.stderr
    assert f"12 rows rejected, listed in {report}" in got.stderr
    assert ALICE not in got.stderr + got.stdout and "\r" not in got.stderr
    assert len(rows_of(report)) == len(EXPECTED_REJECTS)


def test_the_progress_bar_is_drawn_only_on_a_terminal() -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    shown, hidden = Terminal(), io.StringIO()
    for stream in (shown, hidden):
        bar = Progress(stream=stream, every=0)
        bar.update("contributions.csv", 50, 100, 1000)
        bar.done()
    assert "contributions.csv" in shown.getvalue() and "50%" in shown.getvalue()
    assert hidden.getvalue() == ""


def test_the_kiosk_shows_imported_balances_and_years(env: Env, tmp_path: Path) -> None:
    load(env.ctx.engine, tmp_path, SAMPLE)
    person = pension_member()
    ssn = person["ssn"]
    expected = sample_account(ssn, "pension")
    holder = Holder(
        ssn=ssn,
        name=person["name"],
        gender=person["gender"],
        ethnic_group="01",
        birthplace=ssn[:6],
        birth_date=date.fromisoformat(person["birth_date"]),
    )
    issuer = staff_tests.staff(env, "issuer")
    card = staff_tests._issue(env, issuer, holder, "246810")
    got = env.client.get("/api/v1/accounts", headers=env.login(card))
    assert got.status_code == 200, got.text
    pension = next(a for a in got.json()["accounts"] if a["insurance"] == "pension")
    assert (pension["status"], pension["region"], pension["balance"]) == (
        "active",
        expected.region,
        expected.balance,
    )
    assert pension["contribution_months"] == len(expected.months)
    assert pension["contribution_years"] == round(len(expected.months) / 12, 1)
    assert pension["last_paid_month"] == max(expected.months)


def test_a_file_with_a_wrong_header_or_name_stops_with_status_2(tmp_path: Path) -> None:
    db = tmp_path / "header.sqlite3"
    bad = tmp_path / "bad"
    bad.mkdir()
    shutil.copy(SAMPLE / "persons.csv", bad / "persons.csv")
    (bad / "contributions.csv").write_text("ssn,insurance,month\n", encoding="utf-8")

    def imported(*paths: Path) -> Any:
        return run(
            [
                sys.executable,
                "-m",
                "backend.cli",
                "--database-url",
                f"sqlite:///{db}",
                "import",
                *map(str, paths),
                "--report",
                str(tmp_path / "report.csv"),
            ],
            cwd=ROOT,
        )

    got = imported(bad)
    assert got.returncode == 2 and "header must name the columns" in got.stderr
    engine = make_engine(f"sqlite:///{db}")
    with engine.connect() as conn:
        count = conn.execute(sa.text("SELECT count(*) FROM persons")).scalar_one()
        assert count == len(rows_of(SAMPLE / "persons.csv"))  # the file before it
        assert conn.execute(sa.text("SELECT count(*) FROM contributions")).scalar() == 0
    engine.dispose()
    (tmp_path / "notes.csv").write_text("a\n", encoding="utf-8")
    got = imported(tmp_path / "notes.csv")
    assert got.returncode == 2 and "not an import file" in got.stderr


@contextmanager
def role_without_superuser(url: str) -> Iterator[str]:
    """``url`` as a new role that owns nothing and is no superuser, granted
    what the import needs on the database's tables (dropped afterwards)."""
    role = f"ssc_import_plain_{uuid.uuid4().hex[:8]}"
    password = uuid.uuid4().hex
    admin = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    grants = (
        f"CREATE ROLE {role} LOGIN PASSWORD '{password}'",
        f"GRANT SELECT, INSERT, UPDATE ON ALL TABLES IN SCHEMA public TO {role}",
        f"GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO {role}",
    )
    with admin.connect() as conn:
        for statement in grants:
            conn.execute(sa.text(statement))
    try:
        yield str(
            sa.make_url(url)
            .set(username=role, password=password)
            .render_as_string(hide_password=False)
        )
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f"DROP OWNED BY {role}"))
            conn.execute(sa.text(f"DROP ROLE {role}"))
        admin.dispose()


@pytest.mark.postgres
def test_a_role_that_may_not_turn_off_row_triggers_loads_the_same(
    tmp_path: Path, postgres_db: str
) -> None:
    """The person-locking path (superuser) and the per-row foreign-key trigger
    (any other role) give the same tables and report."""
    with new_postgres_database("ssc_import_su") as other:
        migrate(other)
        privileged = make_engine(other)
        defect_files(tmp_path / "bad")
        with role_without_superuser(postgres_db) as plain_url:
            plain = make_engine(plain_url)
            with plain.connect() as conn, pytest.raises(sa.exc.ProgrammingError):
                conn.execute(sa.text("SET session_replication_role = replica"))
            reports = []
            for engine in (privileged, plain):
                load(engine, tmp_path, SAMPLE)
                again, _ = load(engine, tmp_path, SAMPLE)
                assert [r.unchanged for r in again] == [r.valid for r in again]
                load(engine, tmp_path, NEXT)
                reports.append(rows_of(load(engine, tmp_path, tmp_path / "bad")[1]))
            assert dump(plain) == dump(privileged)
            assert reports[0] == reports[1]
            plain.dispose()
        privileged.dispose()


def test_a_repeated_key_is_refused_when_its_first_line_changes_nothing(
    engine: sa.Engine, tmp_path: Path
) -> None:
    """Loaded again, a file whose line repeats the key of an unchanged earlier
    line: the repeat is refused, the stored row stays."""
    load(engine, tmp_path, SAMPLE)
    before = dump(engine)
    text = (SAMPLE / "contributions.csv").read_text(encoding="utf-8").splitlines()
    cells = text[1].split(",")
    cells[4] = "另一个雇主有限公司"
    again = tmp_path / "again"
    again.mkdir()
    (again / "contributions.csv").write_text(
        "\n".join([*text, ",".join(cells)]) + "\n", encoding="utf-8"
    )
    (result,), report = load(engine, tmp_path, again)
    assert [(r["line"], r["reason"]) for r in rows_of(report)] == [
        (str(len(text) + 1), "same ssn/insurance/month/region as line 2")
    ]
    assert (result.inserted, result.updated, result.rejected) == (0, 0, 1)
    assert result.unchanged == len(text) - 1
    assert dump(engine) == before


def test_a_person_whose_rows_come_back_later_is_searched_for_repeats(
    engine: sa.Engine, tmp_path: Path
) -> None:
    """Rows not grouped by person: a repeated key far from its first line is
    still refused, and the rows between load."""
    load(engine, tmp_path, SAMPLE / "persons.csv")
    text = (SAMPLE / "contributions.csv").read_text(encoding="utf-8").splitlines()
    first = text[1]
    other = next(line for line in text[2:] if line[:18] != first[:18])
    folder = tmp_path / "scattered"
    folder.mkdir()
    (folder / "contributions.csv").write_text(
        "\n".join([text[0], first, other, first]) + "\n", encoding="utf-8"
    )
    (result,), report = load(engine, tmp_path, folder)
    assert [(r["line"], r["reason"]) for r in rows_of(report)] == [
        ("4", "same ssn/insurance/month/region as line 2")
    ]
    assert (result.inserted, result.rejected) == (2, 1)
