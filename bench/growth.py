# SPDX-License-Identifier: Apache-2.0
"""Growth bench: the kiosk flow at a small and a large data set, side by side.

    python bench/growth.py [--small 1000] [--large 1000000] [--load]
        [--load-only] [--partial] [--kiosks 6] [--rounds 30] [--warmup 2]
        [--alternations 6] [--think 0.5] [--sample-seed 7] [--workers 1]
        [--years 10] [--seed 1] [--insurances pension] [--until YYYY-MM]
        [--part-size 50000] [--data /var/tmp/ssc-growth]

Each size is its own PostgreSQL database on the server of
SSC_TEST_POSTGRES_URL, ``ssc_growth_<holders>``, filled by the real
``ss-backend import`` with the files of ``python -m bench.generate`` (pension
only and ten years by default, as bench/import_load.py). The generator's
arguments and the progress of the load are recorded in the database's
comment (``COMMENT ON DATABASE``): a database whose recorded arguments match
is reused as it is, so a million holders are loaded once. ``--load`` loads a
size that is missing, incomplete or of other arguments (the files are
generated into ``--data``/<holders>/files in parts of ``--part-size``
residents, each part imported on its own and recorded when it is in, so a
stopped load resumes with the next part, and parts are imported while the
generator writes the next ones); without it such a size is an error.
``--load-only`` loads and stops. ``--partial`` measures a large database
whose load stopped part-way, at the holders it has.

Every holder gets a card row (a province issues one to each): once a load is
complete, one ``INSERT ... SELECT`` from ``persons`` issues the holders
without a card an active ten-year card ``G`` + the person id in eight
digits, whose recognition code is computed as the demo's, and whose two
certificates are those of one template card personalized here: real
certificates of the real size, but of another card, so none of these cards
can open a session. The sampled residents' cards (below) are personalized
through the card's own commands and their rows get their own certificates.

The measurement: ``--kiosks`` kiosks in their own processes run the resident
flow of bench/backend_load.py (challenge, session signed by a virtual card,
accounts, contributions, transfer preview, one card-signed pension transfer,
end) against one ``ss-backend serve`` per size, each on its own database.
Every round is another resident, drawn at random over the whole population
(``--sample-seed``: the same residents each run), so that look-ups hit the
whole of each index and not a corner of it; each one's transfer goes to a
region other than the last one paid in. The measured rounds are split into
``--alternations`` parts, each a small phase and a large one (in turn
first), so that a change of the machine's load weighs on both sizes. Before a
run the bench closes its own residents' transfers of earlier runs (status
``rejected``: one open transfer of a kind per person).

Printed: p50/p99 of every step and of the whole session at both sizes and
their ratio large/small (target <= 1.2), the server's own p50 per step (its
access log), sessions/s, and the CPU per session of the ``ss-backend
serve`` process tree and of the PostgreSQL backends connected to that size's
database (``pg_stat_activity``; /proc, so other users of the shared server
are not counted, nor are its shared processes: WAL writer, checkpointer),
the WAL the server wrote per session during the phases (every database's
writes: on a shared server an upper bound), and per session the 8 KiB pages
the size's database found in shared buffers (``blks_hit``) and read from
outside them (``blks_read``: the OS cache or the disk), its commits and the
rows it inserted and updated (``pg_stat_database``); then each table's
size per holder (and per row for contributions) for sizing.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from backend_load import (  # noqa: E402
    BENCH_PIN,
    MAX_ROUNDS,
    BenchCard,
    Kiosk,
    Phase,
    Timings,
    combine,
    free_port,
    kiosk_rounds,
    measure,
    pct,
    proc_stats,
    server_side,
    split,
    start_server,
)

from backend.context import AppContext  # noqa: E402
from backend.db import migrate  # noqa: E402
from backend.demo import certificates_of, personalize_card  # noqa: E402
from backend.demo_data import Resident  # noqa: E402
from backend.services.operators import register_kiosk  # noqa: E402
from backend.settings import INSURANCES, load_settings  # noqa: E402
from bench.generate import default_until  # noqa: E402

STEPS = (
    "challenge",
    "sign",
    "session",
    "accounts",
    "contributions",
    "preview",
    "submission",
    "end",
    "session total",
)
READS = ("accounts", "contributions", "preview")
TARGET_RATIO = 1.2
KIOSK_PREFIX = "growth-"
TEMPLATE_CARD = "G00000000"
COUNTERS = ("blks_hit", "blks_read", "xact_commit", "tup_inserted", "tup_updated")
SHOWN_BYTES = 1 << 20  # tables smaller at the large size are summed as others


@dataclass(frozen=True, kw_only=True)
class Dataset:
    """The generator's arguments of one size: what its database holds."""

    persons: int
    years: int
    seed: int
    until: str
    insurances: tuple[str, ...]

    @property
    def database(self) -> str:
        return f"ssc_growth_{self.persons}"

    def identity(self) -> dict[str, Any]:
        return {
            "persons": self.persons,
            "years": self.years,
            "seed": self.seed,
            "until": self.until,
            "insurances": list(self.insurances),
        }

    def generator_args(self, out: Path, part_size: int) -> list[str]:
        """``python -m bench.generate`` writing these residents into ``out``."""
        return [
            *("--persons", str(self.persons), "--years", str(self.years)),
            *("--seed", str(self.seed), "--until", self.until),
            *("--insurances", ",".join(self.insurances)),
            *("--part-size", str(part_size), "--out", str(out)),
        ]


@dataclass(kw_only=True)
class Status:
    """What the database's comment records: its dataset and the load's progress."""

    dataset: dict[str, Any]
    parts: int
    loaded: list[int] = field(default_factory=list)  # parts loaded, in order
    rows_loaded: int = 0
    import_seconds: float = 0.0
    cards_issued: bool = False  # every holder loaded so far has a card row
    vacuumed: bool = False  # VACUUM ANALYZE since the last part
    ready: bool = False  # every part loaded, cards issued, vacuumed

    def text(self) -> str:
        return json.dumps(self.__dict__, sort_keys=True)


class Server:
    """The PostgreSQL server of SSC_TEST_POSTGRES_URL: its databases' URLs,
    the recorded status of each, and the backends connected to one."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.admin = sa.create_engine(base, isolation_level="AUTOCOMMIT")

    def url(self, database: str) -> str:
        return self.base.rsplit("/", 1)[0] + "/" + database

    def status(self, database: str) -> Status | None:
        """The recorded status, or None when the database does not exist;
        a database without a readable record has an empty dataset."""
        with self.admin.connect() as conn:
            row = conn.execute(
                sa.text(
                    "SELECT shobj_description(oid, 'pg_database') FROM pg_database"
                    " WHERE datname = :name"
                ),
                {"name": database},
            ).first()
        if row is None:
            return None
        try:
            return Status(**json.loads(row[0] or ""))
        except (ValueError, TypeError):
            return Status(dataset={}, parts=0)

    def record(self, database: str, status: Status) -> None:
        with self.admin.connect() as conn:
            quoted = status.text().replace("'", "''")
            conn.execute(sa.text(f"COMMENT ON DATABASE \"{database}\" IS '{quoted}'"))

    def create(self, database: str) -> None:
        with self.admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'))
            conn.execute(sa.text(f'CREATE DATABASE "{database}"'))

    def wal_position(self) -> str:
        """The server's current WAL write position (every database's writes)."""
        with self.admin.connect() as conn:
            return str(conn.execute(sa.text("SELECT pg_current_wal_lsn()")).scalar())

    def wal_since(self, position: str) -> int:
        """WAL bytes the server has written since ``position``."""
        with self.admin.connect() as conn:
            query = sa.text("SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), :at)")
            return int(conn.execute(query, {"at": position}).scalar_one())

    def counters(self, database: str) -> dict[str, int]:
        """``database``'s pg_stat_database counters of :data:`COUNTERS`."""
        with self.admin.connect() as conn:
            row = conn.execute(
                sa.text(
                    f"SELECT {', '.join(COUNTERS)} FROM pg_stat_database"  # noqa: S608 - constants
                    " WHERE datname = :name"
                ),
                {"name": database},
            ).one()
        return {name: int(value) for name, value in zip(COUNTERS, row, strict=True)}

    def backends(self, database: str) -> list[int]:
        """Pids of the PostgreSQL backends connected to ``database``."""
        with self.admin.connect() as conn:
            rows = conn.execute(
                sa.text("SELECT pid FROM pg_stat_activity WHERE datname = :name"),
                {"name": database},
            )
            return [int(pid) for (pid,) in rows]

    def backends_cpu(self, database: str) -> dict[int, float]:
        """CPU seconds so far of each backend connected to ``database`` (/proc)."""
        stats = proc_stats()
        return {pid: stats[pid][1] for pid in self.backends(database) if pid in stats}


# --- loading ----------------------------------------------------------------


def log(message: str) -> None:
    print(f"{time.strftime('%H:%M:%S')} {message}", flush=True)


def parts_of(persons: int, part_size: int) -> int:
    return -(-persons // part_size)


@dataclass(kw_only=True)
class Generator:
    """``python -m bench.generate`` writing one size's files: started here, or
    by an earlier run still at work (its pid in ``generating.json``)."""

    folder: Path
    pid: int
    proc: subprocess.Popen[bytes] | None = None

    def running(self) -> bool:
        if self.proc is not None:
            return self.proc.poll() is None
        try:
            os.kill(self.pid, 0)
        except ProcessLookupError:
            return False
        return True

    def succeeded(self) -> bool:
        """Whether it printed its counts, as it does once every file is written."""
        text = (self.folder / "generate.log").read_text(errors="replace")
        return "\ncontributions:" in "\n" + text


def files_ready(
    folder: Path, ds: Dataset, part_size: int
) -> tuple[int, Generator | None]:
    """The part size of the files in ``folder`` (its ``generated.json``), and
    the generator still writing them (None: all there). Files of other
    arguments are replaced."""
    record, running = folder / "generated.json", folder / "generating.json"
    for path in (record, running):
        if not path.exists():
            continue
        found = json.loads(path.read_text())
        if {k: found.get(k) for k in ds.identity()} != ds.identity():
            continue
        if path == record:
            return int(found["part_size"]), None
        generator = Generator(folder=folder, pid=int(found["pid"]))
        if generator.running() or generator.succeeded():
            return int(found["part_size"]), generator
    shutil.rmtree(folder / "files", ignore_errors=True)
    record.unlink(missing_ok=True)
    folder.mkdir(parents=True, exist_ok=True)
    cmd = ["nice", sys.executable, "-m", "bench.generate"]
    cmd += ds.generator_args(folder / "files", part_size)
    log(f"generating {ds.persons:,} residents into {folder / 'files'}")
    with (folder / "generate.log").open("wb") as sink:
        proc = subprocess.Popen(cmd, cwd=ROOT, stdout=sink, stderr=sink)
    mark = {**ds.identity(), "part_size": part_size, "pid": proc.pid}
    running.write_text(json.dumps(mark) + "\n")
    return part_size, Generator(folder=folder, pid=proc.pid, proc=proc)


def part_written(
    folder: Path, part: int, parts: int, generator: Generator | None
) -> bool:
    """Whether the generator has finished writing part ``part`` (the next part
    begun, or all written)."""
    after = folder / "files" / f"part-{part + 1:04d}"
    if generator is None or (part < parts and after.exists()):
        return True
    if generator.running():
        return False
    if not generator.succeeded():
        raise SystemExit(f"the generator failed: see {folder / 'generate.log'}")
    return True


@dataclass(frozen=True, kw_only=True)
class Job:
    """``ss-backend import`` of one part, running (under ``nice``)."""

    part: int
    path: Path
    proc: subprocess.Popen[bytes]
    started: float

    @classmethod
    def start(cls, url: str, folder: Path, part: int) -> Job:
        path = folder / "files" / f"part-{part:04d}"
        cmd = ["nice", sys.executable, "-m", "backend.cli", "--database-url", url]
        cmd += [
            "import",
            str(path),
            "--report",
            str(folder / f"rejects-{part:04d}.csv"),
        ]
        with (folder / f"import-{part:04d}.log").open("wb") as sink:
            proc = subprocess.Popen(cmd, cwd=ROOT, stdout=sink, stderr=sink)
        return cls(part=part, path=path, proc=proc, started=time.perf_counter())

    def rows(self) -> int:
        """The rows of the part's files, once it has loaded every one of them."""
        if self.proc.returncode != 0:
            raise SystemExit(
                f"import of {self.path} ended {self.proc.returncode}: see"
                f" {self.path.parent.parent / f'import-{self.part:04d}.log'}"
            )
        return sum(lines_of(p) for p in self.path.glob("*.csv"))


def lines_of(path: Path) -> int:
    with path.open("rb") as stream:
        return sum(1 for _ in stream) - 1


def load(server: Server, ds: Dataset, data: Path, part_size: int, jobs: int) -> None:
    """Load ``ds`` into its database, ``jobs`` parts at a time, skipping the
    parts recorded as loaded (a stopped load resumes)."""
    status = server.status(ds.database)
    folder = data / str(ds.persons)
    part_size, generator = files_ready(folder, ds, part_size)
    parts = parts_of(ds.persons, part_size)
    if status is None or status.dataset != ds.identity() or status.parts != parts:
        server.create(ds.database)
        status = Status(dataset=ds.identity(), parts=parts)
        server.record(ds.database, status)
    url = server.url(ds.database)
    if not status.loaded:  # the schema once, not by parallel first imports
        subprocess.run(
            [sys.executable, "-m", "backend.cli", "--database-url", url, "migrate"],
            cwd=ROOT,
            check=True,
        )
    pending = [p for p in range(1, parts + 1) if p not in status.loaded]
    running: list[Job] = []
    while pending or running:
        while pending and len(running) < jobs:
            if not part_written(folder, pending[0], parts, generator):
                break
            running.append(Job.start(url, folder, pending.pop(0)))
        time.sleep(2)
        for job in [j for j in running if j.proc.poll() is not None]:
            running.remove(job)
            loaded(server, ds, status, job, part_size)
    if generator is not None:
        while generator.running():
            time.sleep(5)
        record = {**ds.identity(), "part_size": part_size}
        (folder / "generated.json").write_text(json.dumps(record) + "\n")
        (folder / "generating.json").unlink(missing_ok=True)
    finish(server, ds, status)


def loaded(
    server: Server, ds: Dataset, status: Status, job: Job, part_size: int
) -> None:
    """Record a part whose import ended, and log the load's progress."""
    rows, seconds = job.rows(), time.perf_counter() - job.started
    status.loaded.append(job.part)
    status.rows_loaded += rows
    status.import_seconds += seconds
    status.cards_issued = status.vacuumed = False
    server.record(ds.database, status)
    holders = min(len(status.loaded) * part_size, ds.persons)
    log(
        f"{ds.database}: part {job.part} ({len(status.loaded)}/{status.parts}) in"
        f" {seconds:.0f} s ({rows / seconds:,.0f} rows/s); about {holders:,}"
        f" holders, {status.rows_loaded:,} rows"
    )


def finish(server: Server, ds: Dataset, status: Status) -> None:
    """Card rows for every holder, then VACUUM ANALYZE (a production database
    has its visibility map and planner statistics); recorded as ready."""
    if not status.cards_issued:
        started = time.perf_counter()
        issued = issue_cards(server.url(ds.database))
        took = time.perf_counter() - started
        log(f"{ds.database}: {issued:,} card rows in {took:.0f} s")
        status.cards_issued = True
        server.record(ds.database, status)
    if not status.vacuumed:
        started = time.perf_counter()
        url = server.url(ds.database)
        engine = sa.create_engine(url, isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            conn.execute(sa.text("VACUUM ANALYZE"))
        engine.dispose()
        log(f"{ds.database}: VACUUM ANALYZE in {time.perf_counter() - started:.0f} s")
        status.vacuumed = True
    status.ready = len(status.loaded) == status.parts
    server.record(ds.database, status)


ISSUE_CARDS = """
INSERT INTO cards (card_number, person_id, recognition_code, card_type,
                   spec_version, status, issue_date, expiry_date, cert_auth,
                   cert_holder, pin_initial, created_at)
SELECT number, id,
       upper(hukou_region || 'D156000005'
             || substr(encode(sha256(convert_to(number, 'UTF8')), 'hex'), 1, 16)),
       '3', '3.00', 'active', DATE '2024-03-01', DATE '2034-03-01', :auth,
       :holder, false, now()
FROM (SELECT 'G' || lpad(id::text, 8, '0') AS number, id, hukou_region
      FROM persons p
      WHERE NOT EXISTS (SELECT 1 FROM cards c WHERE c.person_id = p.id)) holders
"""


def issue_cards(url: str) -> int:
    """A card row for every holder without one (see the module doc): rows added.

    The recognition code is the demo's (``backend.demo.recognition_code``):
    the hukou region, ``D156000005`` and 8 bytes of the SHA-256 of the card
    number; dates as a demo card's."""
    settings = load_settings(database_url=url)
    ctx = AppContext.create(settings)
    template = personalize_card(ctx, resident_of(TEMPLATE_CARD, TEMPLATE_PERSON))
    auth, holder = certificates_of(template)
    with ctx.engine.begin() as conn:
        added = conn.execute(sa.text(ISSUE_CARDS), {"auth": auth, "holder": holder})
    ctx.engine.dispose()
    return int(added.rowcount)


# a valid holder for the template card (its certificates are all it gives)
TEMPLATE_PERSON = {
    "ssn": "43010219740315031X",
    "name": "张伟",
    "gender": "1",
    "birth_date": date(1974, 3, 15),
    "hukou_region": "430100",
    "mobile": "13800000001",
}


def resident_of(card_number: str, person: dict[str, Any]) -> Resident:
    """A database holder as the demo's card factory wants it (its card's EF05
    and EF06 are the person's facts)."""
    return Resident(
        card_number=card_number,
        first17=person["ssn"][:17],
        name=person["name"],
        gender=person["gender"],
        birth=person["birth_date"],
        hukou=person["hukou_region"],
        mobile=person["mobile"],
        pin=BENCH_PIN,
        jobs=(),
        shows="",
    )


# --- one size, ready to measure ---------------------------------------------


@dataclass(kw_only=True)
class Size:
    """One size under measurement: its server and kiosks, and what they measured."""

    label: str
    database: str
    holders: int
    kiosks: list[Kiosk]
    server: subprocess.Popen[bytes] | None = None
    log: Path | None = None
    measured_from: int = 0
    phases: list[Phase] = field(default_factory=list)
    phase_p50: list[float] = field(default_factory=list)  # a session's, per phase
    wal_bytes: int = 0  # the server's WAL written during this size's phases
    # pg_stat_database counters of this size's database over its phases
    counters: dict[str, int] = field(default_factory=dict)
    timings: Timings = field(default_factory=Timings)
    warm: Timings = field(default_factory=Timings)


def sampled(
    engine: sa.Engine, count: int, seed: int, regions: list[str]
) -> Iterator[tuple[dict[str, Any], str]]:
    """``count`` holders drawn at random (``seed``) from all of them, each with
    a pension history, and a destination other than the last region paid in."""
    rnd = random.Random(seed)
    with engine.connect() as conn:
        ids = [
            i for (i,) in conn.execute(sa.text("SELECT id FROM persons ORDER BY id"))
        ]
        rnd.shuffle(ids)
        found = 0
        for start in range(0, len(ids), 4 * count):
            batch = ids[start : start + 4 * count]
            last: dict[int, str] = dict(
                conn.execute(
                    sa.text(
                        "SELECT DISTINCT ON (person_id) person_id, region"
                        " FROM contributions WHERE person_id = ANY(:ids)"
                        " AND insurance = 'pension' ORDER BY person_id, month DESC"
                    ),
                    {"ids": batch},
                ).all()
            )
            people = {
                row["id"]: dict(row)
                for row in conn.execute(
                    sa.text(
                        "SELECT id, ssn, name, gender, birth_date, hukou_region, mobile"
                        " FROM persons WHERE id = ANY(:ids)"
                    ),
                    {"ids": [i for i in batch if i in last]},
                ).mappings()
            }
            for pid in batch:
                if pid in last and found < count:
                    found += 1
                    others = [r for r in regions if r != last[pid]]
                    yield people[pid], rnd.choice(others)
            if found >= count:
                return
    raise SystemExit(f"fewer than {count} holders with a pension history")


def prepare(server: Server, ds: Dataset, args: argparse.Namespace) -> Size:
    """Migrate, register the bench kiosks and give each its rounds' residents,
    with cards personalized and certified as bench/backend_load.py's."""
    url = server.url(ds.database)
    migrate(url)  # `serve` does not: the operator's step
    settings = load_settings(database_url=url)
    ctx = AppContext.create(settings)
    rounds = args.warmup + args.rounds
    regions = [r.code for r in settings.regions]
    cards: list[BenchCard] = []
    with ctx.engine.begin() as conn:
        holders = int(
            conn.execute(sa.text("SELECT count(*) FROM persons")).scalar_one()
        )
        people = list(
            sampled(ctx.engine, args.kiosks * rounds, args.sample_seed, regions)
        )
        ids = [person["id"] for person, _ in people]
        conn.execute(
            sa.text(
                "UPDATE service_requests SET status = 'rejected'"
                " WHERE person_id = ANY(:ids) AND kiosk_id LIKE :bench"
                " AND status NOT IN ('rejected', 'completed')"
            ),
            {"ids": ids, "bench": KIOSK_PREFIX + "%"},
        )
        for person, to in people:
            number = f"G{person['id']:08d}"
            card = personalize_card(ctx, resident_of(number, person))
            auth, holder = certificates_of(card)
            conn.execute(
                sa.text(
                    "UPDATE cards SET cert_auth = :auth, cert_holder = :holder,"
                    " status = 'active', pin_initial = false WHERE card_number = :n"
                ),
                {"auth": auth, "holder": holder, "n": number},
            )
            cards.append(BenchCard(number=number, card=card, to=to))
    secrets = {}
    with ctx.sessions() as db:
        for i in range(args.kiosks):
            kid = f"{KIOSK_PREFIX}{i:03d}"
            known = db.execute(
                sa.text("SELECT 1 FROM kiosks WHERE id = :id"), {"id": kid}
            ).first()
            secrets[kid] = register_kiosk(
                db, kid, now=ctx.now(), actor="growth-bench", rotate=known is not None
            )
        db.commit()
    ctx.engine.dispose()
    kiosks = [
        Kiosk(
            "",
            kid,
            secret,
            cards[i * rounds : (i + 1) * rounds],
            "",
            kind="pension",
            reads=READS,
        )
        for i, (kid, secret) in enumerate(sorted(secrets.items()))
    ]
    return Size(label="", database=ds.database, holders=holders, kiosks=kiosks)


def start(server: Server, size: Size, workers: int) -> None:
    """``ss-backend serve`` on the size's database, its kiosks pointed at it."""
    port = free_port()
    size.log = Path(tempfile.mkdtemp(prefix="ssc-growth-log-")) / "server.log"
    size.server = start_server(server.url(size.database), port, None, workers, size.log)
    for kiosk in size.kiosks:
        kiosk.url = f"http://127.0.0.1:{port}"


def stop(size: Size) -> None:
    if size.server is not None:
        os.kill(size.server.pid, signal.SIGTERM)
        size.server.wait(60)


def run_phase(
    server: Server, size: Size, first: int, rounds: int, args: argparse.Namespace
) -> Phase:
    assert size.server is not None
    work = kiosk_rounds(size.kiosks, first, rounds, args.think)
    before = len(size.timings.steps.get("session total", []))
    wal, counted = server.wal_position(), server.counters(size.database)
    phase = measure(
        size.server.pid,
        len(size.kiosks),
        len(size.kiosks),
        work,
        size.timings,
        "session total",
        database=lambda: server.backends_cpu(size.database),
    )
    size.wal_bytes += server.wal_since(wal)
    for name, value in server.counters(size.database).items():
        size.counters[name] = size.counters.get(name, 0) + value - counted[name]
    sessions = size.timings.steps.get("session total", [])[before:]
    size.phase_p50.append(pct(sessions, 0.5) if sessions else 0.0)
    return phase


def bench(server: Server, sizes: list[Size], args: argparse.Namespace) -> None:
    """Warm-up, then the alternated measured phases of every size."""
    for size in sizes:
        start(server, size, args.workers)
    try:
        for size in sizes:
            assert size.server is not None and size.log is not None
            work = kiosk_rounds(size.kiosks, 0, args.warmup, args.think)
            measure(
                size.server.pid,
                len(size.kiosks),
                len(size.kiosks),
                work,
                size.warm,
                "session total",
            )
            size.measured_from = size.log.stat().st_size
        first = args.warmup
        for n, part in enumerate(split(args.rounds, args.alternations)):
            for size in sizes if n % 2 == 0 else sizes[::-1]:
                size.phases.append(run_phase(server, size, first, part, args))
            first += part
    finally:
        for size in sizes:
            stop(size)


# --- the report ---------------------------------------------------------------


def ratio(large: float, small: float) -> str:
    return f"{large / small:.2f}x" if small > 0 else "-"


def report(sizes: list[Size], args: argparse.Namespace) -> bool:
    """Print the side-by-side table; True when every ratio is within target."""
    small, large = sizes
    a, b = combine(small.phases), combine(large.phases)
    think = f", {args.think} s think time" if args.think else ", closed loop"
    print(
        f"\n== kiosk steps: {len(small.kiosks)} kiosks{think}, "
        f"{args.alternations} alternations; "
        f"{small.holders:,} vs {large.holders:,} holders"
    )
    head = f"  {'':<16}{'small p50':>10}{'p99':>8}{'large p50':>11}{'p99':>8}"
    print(f"{head}{'ratio p50':>11}{'p99':>7}{'server p50':>12}{'':>8}")
    seen_a, _ = server_side(small.log, small.measured_from) if small.log else (None, [])
    seen_b, _ = server_side(large.log, large.measured_from) if large.log else (None, [])
    worst = 0.0
    for step in STEPS:
        x, y = a.timings.steps.get(step, []), b.timings.steps.get(step, [])
        if not x or not y:
            continue
        p50x, p99x, p50y, p99y = pct(x, 0.5), pct(x, 0.99), pct(y, 0.5), pct(y, 0.99)
        worst = max(worst, p50y / p50x)
        own = ""
        sx = seen_a.steps.get(step) if seen_a else None
        sy = seen_b.steps.get(step) if seen_b else None
        if sx and sy:
            own = f"{pct(sx, 0.5):>6.1f} /{pct(sy, 0.5):>6.1f}"
        print(
            f"  {step:<16}{p50x:>10.1f}{p99x:>8.1f}{p50y:>11.1f}{p99y:>8.1f}"
            f"{ratio(p50y, p50x):>11}{ratio(p99y, p99x):>7}{own:>20}"
        )
    na, nb = a.count, b.count
    print(
        f"  sessions/s      {na / a.wall:>10.1f}{'':>8}{nb / b.wall:>11.1f}"
        f"{'':>8}{ratio(nb / b.wall, na / a.wall):>11}"
        f"   ({na} and {nb} sessions; errors {len(a.timings.errors)}, "
        f"{len(b.timings.errors)})"
    )
    cpu = {
        "CPU ms/session ss-backend": (a.server_cpu / na, b.server_cpu / nb),
        "CPU ms/session PostgreSQL": (a.database_cpu / na, b.database_cpu / nb),
        "CPU ms/session both": (
            (a.server_cpu + a.database_cpu) / na,
            (b.server_cpu + b.database_cpu) / nb,
        ),
    }
    for label, (lo, hi) in cpu.items():
        print(
            f"  {label:<28}{lo * 1000:>6.1f}{'':>10}{hi * 1000:>9.1f}"
            f"{ratio(hi, lo):>19}"
        )
    both = cpu["CPU ms/session both"]
    wal = (small.wal_bytes / na / 1024, large.wal_bytes / nb / 1024)
    print(
        f"  {'WAL KiB/session (server)':<28}{wal[0]:>6.1f}{'':>10}{wal[1]:>9.1f}"
        f"{ratio(wal[1], wal[0]):>19}   (every database's writes in the phases)"
    )
    for name in COUNTERS:
        lo, hi = small.counters.get(name, 0) / na, large.counters.get(name, 0) / nb
        label = f"{name}/session"
        print(f"  {label:<28}{lo:>6.1f}{'':>10}{hi:>9.1f}{ratio(hi, lo):>19}")
    print(
        f"  machine busy {a.machine_busy:.0%} (small phases), "
        f"{b.machine_busy:.0%} (large phases)"
    )
    pairs = zip(large.phase_p50, small.phase_p50, strict=True)
    each = ", ".join(ratio(y, x) for y, x in pairs)
    print(f"  session p50 ratio of each alternation: {each}")
    for error in (a.timings.errors + b.timings.errors)[:3]:
        print("  error:", error)
    total = [pct(p.timings.steps["session total"], 0.5) for p in (a, b)]
    grew = {"session p50": total[1] / total[0], "CPU/session": both[1] / both[0]}
    ok = all(r <= TARGET_RATIO for r in grew.values())
    print(
        "  verdict: "
        + ", ".join(f"{k}: {r:.2f}x" for k, r in grew.items())
        + f" (target <= {TARGET_RATIO}x): {'MET' if ok else 'MISSED'};"
        f" slowest step p50 {worst:.2f}x"
    )
    return ok and not a.timings.errors and not b.timings.errors


SIZES = """
SELECT c.relname,
       CASE WHEN c.relkind = 'p' THEN
            (SELECT coalesce(sum(pg_total_relation_size(t.relid)), 0)
             FROM pg_partition_tree(c.oid) t)
       ELSE pg_total_relation_size(c.oid) END
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition
ORDER BY 2 DESC
"""


def table_sizes(server: Server, database: str) -> tuple[dict[str, int], int, int]:
    """Bytes per table (indexes and TOAST included), contribution rows, and
    the database's bytes."""
    engine = sa.create_engine(server.url(database))
    with engine.connect() as conn:
        sizes = {name: int(b) for name, b in conn.execute(sa.text(SIZES))}
        rows = conn.execute(sa.text("SELECT count(*) FROM contributions")).scalar_one()
        total = conn.execute(sa.text("SELECT pg_database_size(current_database())"))
        whole = int(total.scalar_one())
    engine.dispose()
    return sizes, int(rows), whole


def print_sizes(server: Server, sizes: list[Size]) -> None:
    """Each table's bytes per holder at both sizes, contributions per row too."""
    measured = [table_sizes(server, s.database) for s in sizes]
    print(
        "\n== database size per holder (pg_total_relation_size: heap, indexes, TOAST)"
    )
    head = f"{'small MB':>10}{'B/holder':>10}{'large MB':>10}{'B/holder':>10}"
    print(f"  {'table':<24}{head}")
    large = measured[-1][0]
    names = [n for n in large if large[n] >= SHOWN_BYTES]
    for name in [*names, "(other tables)"]:
        cells = ""
        for size, (tables, _, _) in zip(sizes, measured, strict=True):
            b = tables.get(name, 0)
            if name == "(other tables)":
                b = sum(v for k, v in tables.items() if k not in names)
            cells += f"{b / 2**20:>10.1f}{b / size.holders:>10.0f}"
        print(f"  {name:<24}{cells}")
    cells = ""
    for size, (_, _, whole) in zip(sizes, measured, strict=True):
        cells += f"{whole / 2**20:>10.1f}{whole / size.holders:>10.0f}"
    print(f"  {'database (all)':<24}{cells}")
    for size, (tables, rows, _) in zip(sizes, measured, strict=True):
        per = tables.get("contributions", 0) / max(rows, 1)
        print(
            f"  {size.label}: {rows:,} contribution rows, {rows / size.holders:.1f}"
            f" per holder, {per:.0f} B per row (heap + indexes)"
        )


# --- main ---------------------------------------------------------------------


def ready_size(
    server: Server, ds: Dataset, args: argparse.Namespace, partial: bool
) -> None:
    """Load ``ds`` when asked; else check that its database can be measured."""
    status = server.status(ds.database)
    fits = status is not None and status.dataset == ds.identity()
    if args.load and not (fits and status is not None and status.ready):
        load(server, ds, args.data, args.part_size, args.load_jobs)
        return
    if not fits or status is None:
        raise SystemExit(
            f"{ds.database}: not loaded with these arguments (run with --load)"
        )
    if status.ready:
        return
    if not (partial and status.loaded):
        raise SystemExit(
            f"{ds.database}: {len(status.loaded)} of {status.parts} parts loaded"
            " (--load to go on, --partial to measure it as it is)"
        )
    finish(server, ds, status)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", type=int, default=1000)
    parser.add_argument("--large", type=int, default=1_000_000)
    parser.add_argument("--load", action="store_true", help="load what is missing")
    parser.add_argument("--load-only", action="store_true", help="load, then stop")
    parser.add_argument(
        "--partial", action="store_true", help="measure a part-loaded large database"
    )
    parser.add_argument("--kiosks", type=int, default=6)
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--alternations", type=int, default=6)
    parser.add_argument("--think", type=float, default=0.5)
    parser.add_argument("--sample-seed", type=int, default=7)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--insurances", default="pension")
    parser.add_argument("--until", default=default_until(date.today()))
    parser.add_argument("--part-size", type=int, default=50_000)
    parser.add_argument(
        "--load-jobs", type=int, default=1, help="parts imported at the same time"
    )
    parser.add_argument("--data", type=Path, default=Path("/var/tmp/ssc-growth"))
    args = parser.parse_args()
    insurances = tuple(args.insurances.split(","))
    if "pension" not in insurances or not set(insurances) <= set(INSURANCES):
        parser.error("--insurances: known insurances, pension among them")
    if not 1 <= args.warmup + args.rounds <= MAX_ROUNDS or args.kiosks < 1:
        parser.error(f"need kiosks >= 1 and 1 <= rounds + warmup <= {MAX_ROUNDS}")
    if not 0 < args.small < args.large or args.part_size < 1:
        parser.error("need 0 < small < large and part-size >= 1")
    base = os.environ.get("SSC_TEST_POSTGRES_URL", "")
    if not base:
        parser.error("SSC_TEST_POSTGRES_URL is not set (scripts/start-postgres.sh)")
    args.load = args.load or args.load_only
    server = Server(base)
    datasets = [
        Dataset(
            persons=n,
            years=args.years,
            seed=args.seed,
            until=args.until,
            insurances=insurances,
        )
        for n in (args.small, args.large)
    ]
    for ds in datasets:
        ready_size(server, ds, args, args.partial and ds is datasets[-1])
    if args.load_only:
        return 0
    sizes = [prepare(server, ds, args) for ds in datasets]
    for size, label in zip(sizes, ("small", "large"), strict=True):
        size.label = label
    bench(server, sizes, args)
    ok = report(sizes, args)
    print_sizes(server, sizes)
    server.admin.dispose()
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
