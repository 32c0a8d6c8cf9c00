# SPDX-License-Identifier: Apache-2.0
"""Import bench: ``ss-backend import`` rows/s beside a bare COPY of the same files.

    python bench/import_load.py [--persons 100000] [--years 10]
        [--insurances pension] [--seed 1] [--keep DIR]

Generates ``--persons`` residents with ``--years`` of monthly contributions
(``bench/generate.py``; pension only by default: "N persons with ten years of
monthly pension contributions"), then, on a fresh PostgreSQL database
(SSC_TEST_POSTGRES_URL), in one run:

1. the baseline: each file copied by ``COPY ... FROM STDIN (FORMAT csv)``,
   streamed from this process as the import streams it, into a table with the
   file's columns and no key, index or constraint;
2. the import of the same files into the migrated schema (every row checked by
   the strict model, staged by COPY, merged by natural key), split per file
   into staging (read, check, COPY) and merging (the set-based SQL);
3. the same import again (nothing changes: every row compared);
4. the next month's incremental contributions and balances;
5. the baseline again, so that a change of the machine's load during the run
   shows.

Printed: rows, seconds and rows/s of each, the import's rows/s as a share
of the bare COPY's, and the CPU each used per row: this process's (the
checks, the CSV it streams) and all PostgreSQL processes' (read from
``/proc``; other users of the same server count too), since on a shared
machine the wall clock also measures everyone else. Generation is not timed.
Run under ``flock /tmp/ssc-bench.lock``; the database is dropped at the end.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from backend.db import make_engine, migrate  # noqa: E402
from backend.importing.report import Progress, RejectReport  # noqa: E402
from backend.importing.run import files_in, import_files  # noqa: E402
from backend.models import utcnow  # noqa: E402
from backend.settings import load_settings  # noqa: E402
from backend.validation import Rules  # noqa: E402
from bench.generate import default_until, generate  # noqa: E402
from bench.scratch import scratch_database  # noqa: E402

TICKS = os.sysconf("SC_CLK_TCK")


def postgres_cpu() -> dict[str, float]:
    """CPU seconds used so far by each process named postgres, by pid."""
    found = {}
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
                fields = stat.read().rsplit(")", 1)
            if fields[0].endswith("(postgres"):
                values = fields[1].split()
                found[pid] = (int(values[11]) + int(values[12])) / TICKS
        except (OSError, IndexError, ValueError):
            continue
    return found


def postgres_cpu_since(before: dict[str, float]) -> float:
    """CPU seconds the postgres processes alive now used since ``before``
    (a process that ended in between is not counted: its CPU is gone)."""
    return sum(cpu - before.get(pid, 0.0) for pid, cpu in postgres_cpu().items())


@dataclass(kw_only=True)
class Cpu:
    """This process's and PostgreSQL's CPU seconds over a phase."""

    own: float = 0.0
    postgres: float = 0.0
    _own: float = 0.0
    _postgres: dict[str, float] = field(default_factory=dict)

    def __enter__(self) -> Cpu:
        self._own, self._postgres = time.process_time(), postgres_cpu()
        return self

    def __exit__(self, *_: object) -> None:
        self.own += time.process_time() - self._own
        self.postgres += postgres_cpu_since(self._postgres)

    def per_row(self, rows: int) -> str:
        return (
            f"CPU per row: bench {self.own / rows * 1e6:5.1f} us,"
            f" PostgreSQL {self.postgres / rows * 1e6:5.1f} us"
        )


@dataclass(kw_only=True)
class Phases(Progress):
    """Records when each file's staging ended and when the file was done."""

    marks: list[tuple[str, float]] = field(default_factory=list)

    def start(self) -> None:
        super().start()
        self.marks.append(("start", time.perf_counter()))

    def note(self, label: str, text: str) -> None:
        self.marks.append(("staged", time.perf_counter()))

    def done(self) -> None:
        self.marks.append(("done", time.perf_counter()))

    def split(self) -> list[tuple[float, float]]:
        """(staging, merging) seconds of each file, in order."""
        times = [t for _, t in self.marks]
        return [
            (times[i + 1] - times[i], times[i + 2] - times[i + 1])
            for i in range(0, len(times), 3)
        ]


def bare_copy(url: str, folder: Path, suffix: str) -> tuple[int, float, Cpu]:
    """COPY every file of ``folder`` into keyless text tables: rows, seconds, CPU."""
    engine = make_engine(url)
    rows, seconds, cpu = 0, 0.0, Cpu()
    try:
        for path, _ in files_in([folder]):
            header = path.open(encoding="utf-8").readline().strip().split(",")
            table = f"bare_{path.stem.replace('-', '_')}_{suffix}"
            columns = ", ".join(f"{c} text" for c in header)
            raw: Any = engine.raw_connection()
            try:
                with raw.cursor() as cursor:
                    cursor.execute(f"CREATE TABLE {table} ({columns})")
                    started = time.perf_counter()
                    with path.open("rb") as stream, cpu:
                        cursor.copy_expert(
                            f"COPY {table} FROM STDIN WITH (FORMAT csv, HEADER)",
                            stream,
                            size=1 << 16,
                        )
                    rows += lines_of(path)
                    seconds += time.perf_counter() - started
            finally:
                raw.close()
    finally:
        engine.dispose()
    return rows, seconds, cpu


def lines_of(path: Path) -> int:
    """Data lines of a CSV file (its header not counted)."""
    with path.open("rb") as stream:
        return sum(1 for _ in stream) - 1


def timed_import(url: str, paths: list[Path], report: Path) -> dict[str, Any]:
    """Import ``paths``; results per file, total seconds, staging/merging split."""
    engine = make_engine(url)
    rejects = RejectReport(report)
    phases = Phases()
    started = time.perf_counter()
    try:
        with Cpu() as cpu:
            results = import_files(
                engine,
                Rules.of(load_settings(), date.today()),
                paths,
                rejects,
                now=utcnow(),
                progress=phases,
            )
    finally:
        rejects.close()
        engine.dispose()
    return {
        "results": results,
        "seconds": time.perf_counter() - started,
        "split": phases.split(),
        "rejected": sum(rejects.reasons.values()),
        "cpu": cpu,
    }


def show_import(name: str, run: dict[str, Any], copy_rate: float) -> None:
    rows = sum(r.valid + r.rejected for r in run["results"])
    rate = rows / run["seconds"]
    print(
        f"{name:<34} {rows:>12,} {run['seconds']:>9.1f} {rate:>11,.0f}"
        f" {rate / copy_rate:>8.1%}   rejected {run['rejected']}"
    )
    print(f"    {run['cpu'].per_row(rows)}")
    for result, (staging, merging) in zip(run["results"], run["split"], strict=True):
        print(
            f"    {result.file:<30} {result.valid:>12,} rows: staging {staging:6.1f} s,"
            f" merging {merging:6.1f} s; {result.inserted:,} inserted,"
            f" {result.updated:,} updated, {result.unchanged:,} unchanged"
        )


def bench(url: str, folder: Path, work: Path) -> None:
    migrate(url)
    first_rows, first_s, first_cpu = bare_copy(url, folder, "a")
    imported = timed_import(url, [folder], work / "rejects-1.csv")
    again = timed_import(url, [folder], work / "rejects-2.csv")
    month = timed_import(url, [folder / "next"], work / "rejects-3.csv")
    last_rows, last_s, last_cpu = bare_copy(url, folder, "b")
    copy_rate = (first_rows + last_rows) / (first_s + last_s)
    print(f"{'':<34} {'rows':>12} {'seconds':>9} {'rows/s':>11} {'of COPY':>8}")
    for name, rows, seconds, cpu in (
        ("bare COPY (before)", first_rows, first_s, first_cpu),
        ("bare COPY (after)", last_rows, last_s, last_cpu),
    ):
        print(f"{name:<34} {rows:>12,} {seconds:>9.1f} {rows / seconds:>11,.0f}")
        print(f"    {cpu.per_row(rows)}")
    show_import("import, empty database", imported, copy_rate)
    show_import("import again (nothing changes)", again, copy_rate)
    show_import("next month (incremental)", month, copy_rate)


def postgres_base() -> str:
    base = os.environ.get("SSC_TEST_POSTGRES_URL", "")
    if not base:
        raise SystemExit("SSC_TEST_POSTGRES_URL is not set (scripts/start-postgres.sh)")
    return base


def generate_files(args: argparse.Namespace, work: Path, started: float) -> None:
    """The residents of the arguments, as import files in ``work/files``."""
    counts = generate(
        load_settings(),
        work / "files",
        persons=args.persons,
        years=args.years,
        seed=args.seed,
        until=default_until(date.today()),
        insurances=tuple(args.insurances.split(",")),
        next_month=True,
    )
    print(
        f"generated in {time.perf_counter() - started:.0f} s (not timed): "
        + ", ".join(f"{k} {n:,}" for k, n in counts.items())
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, default=100_000)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--insurances", default="pension")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--keep",
        type=Path,
        help="keep the files in DIR/files (and use them if there: same arguments)",
    )
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="ssc-import-bench-"))
    started = time.perf_counter()
    if args.keep and (work / "files" / "persons.csv").exists():
        print(f"using the files in {work / 'files'}")
    else:
        generate_files(args, work, started)
    try:
        with scratch_database(postgres_base(), "ssc_import_bench") as url:
            bench(url, work / "files", work)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
