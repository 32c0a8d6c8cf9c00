# SPDX-License-Identifier: Apache-2.0
"""Load test of the reference backend: N simulated kiosks on SQLite and PostgreSQL.

Each simulated kiosk runs a bounded number of rounds of the real resident flow
against ``ss-backend serve`` in a separate process on 127.0.0.1: challenge,
session signed by a virtual card (key 82, real APDUs), accounts, and one
signed submission (a medical insurance transfer). Every round is a different
resident (a person may have one open transfer of a kind): before the run,
each kiosk gets one resident per round, a copy of a demo resident's history
with its own SSN and a virtual card personalized for it and certified by the
demo CA (not timed; the PIN is entered before the round's clock starts).
The same server is measured on ``/healthz`` with the same concurrency, as the
baseline printed side by side. The measured rounds are split into
``--alternations`` parts, each a sessions phase followed by a /healthz phase
(five requests per kiosk for each round), so that a change of the machine's
load during the run weighs on both sides of the ratio; the figures are over
all parts together, and each part's ratio is printed as well.

The kiosks run in their own processes (``--kiosk-processes``, default one
per kiosk, as real kiosks are separate machines) and speak HTTP/1.1 with
``http.client`` on a keep-alive connection each. Threads of the bench's own
process on ``requests`` would make a response wait for that one
interpreter's GIL behind nineteen other kiosks' work (the signature step,
0.3 ms of work, measured a p99 of 15-27 ms that way) and cost 5-7 ms of CPU
per session on the two cores the server needs (docs/decisions.md).

    python bench/backend_load.py [--kiosks 20] [--rounds 10] [--warmup 1]
        [--databases sqlite,postgres] [--think 0] [--workers 1] [--py-spy DIR]
        [--alternations 2] [--no-analyze] [--kiosk-processes N]

Printed per database: sessions/s and requests/s of the flow, p50/p99 of each
step and of a whole session, with the server's own p50/p99 of each step next
to them (its access log's ``ms``: arrival in the app to the last byte; the
rest is network, waiting to be read and the kiosk's side), any line the
server logged at WARNING or above (tracebacks of a 500 included),
/healthz req/s and p50/p99, the CPU seconds the
server and the load generator used in each phase (to tell a saturated server
from a saturated client), the CPU of the PostgreSQL processes and how busy
the machine's cores were, and the verdict against the targets:
sessions/s >= 10% of /healthz req/s, every step's p99 < 100 ms. Without
``--think`` the kiosks send their next request at once (a closed loop at
saturation: sessions/s is capacity and latency is mostly queueing); with it,
each kiosk pauses 0.5-1.5 times that long between sessions (and up to that
long before its first), like residents at the screen.
After loading the residents the database gathers planner statistics
(``ANALYZE``, not timed), as a production database has them; ``--no-analyze``
skips it (a database without statistics).
``--workers N`` runs the PostgreSQL server as N uvicorn processes (SQLite is
always one: its writer queue is per process); the server's CPU is that of its
whole process tree. ``--py-spy DIR`` runs the server under
``py-spy record --gil`` (raw stacks).

PostgreSQL uses SSC_TEST_POSTGRES_URL (see scripts/start-postgres.sh); a fresh
database is created and dropped.
"""

from __future__ import annotations

import argparse
import dataclasses
import http.client
import json
import multiprocessing
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import requests
from sqlalchemy import text

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from backend.app import settle_heap  # noqa: E402
from backend.context import AppContext  # noqa: E402
from backend.db import migrate  # noqa: E402
from backend.demo import (  # noqa: E402
    certificates_of,
    personalize_card,
    seed,
    seed_resident,
)
from backend.demo_data import RESIDENTS, Resident  # noqa: E402
from backend.services.operators import register_kiosk  # noqa: E402
from backend.settings import load_settings  # noqa: E402
from card.auth import AuthSession, KeyRef, bind_challenge, bind_submission  # noqa: E402
from card.connection import GetResponseConnection  # noqa: E402
from card.ssse import SsseSession  # noqa: E402
from card.virtual.card import VirtualCard  # noqa: E402
from card.virtual.connection import VirtualConnection  # noqa: E402

# demo residents whose histories the bench residents copy (PIN 246810), and a
# destination those histories allow
FLOWS = [
    ("D00000011", "310000"),
    ("D00000033", "420100"),
    ("D00000044", "110000"),
    ("D00000055", "310000"),
    ("D00000066", "110000"),
    ("D00000099", "440300"),
    ("D00000145", "310000"),
    ("D00000190", "110000"),
]


JSON_BODY = {"Content-Type": "application/json"}
REQUESTS_PER_SESSION = 5  # challenge, session, accounts, submission, end
TARGET_RATIO = 0.10  # sessions/s over /healthz req/s
TARGET_P99_MS = 100.0
SERVER_STEPS = ("challenge", "session", "accounts", "submission", "end")
MAX_ROUNDS = 100  # the challenge rate limit is 120 a minute per kiosk
MAX_RESIDENTS_PER_FLOW = 900  # SSN sequence numbers 100-999
BENCH_PIN = "246810"


@dataclass
class Timings:
    """Latencies (seconds) per step, collected from every thread."""

    steps: dict[str, list[float]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, step: str, seconds: float) -> None:
        with self.lock:
            self.steps.setdefault(step, []).append(seconds)

    def merge(self, steps: dict[str, list[float]], errors: list[str]) -> None:
        """Another process's timings and errors (see :class:`Fleet`)."""
        with self.lock:
            for step, values in steps.items():
                self.steps.setdefault(step, []).extend(values)
            self.errors.extend(errors)


@dataclass(frozen=True, kw_only=True)
class Phase:
    """One measured phase: its timings, wall clock and CPU seconds used."""

    timings: Timings
    wall: float
    server_cpu: float
    client_cpu: float
    database_cpu: float
    machine_busy: float  # fraction of all cores busy (any process)
    count: int = 0  # sessions or requests measured in this phase


def split(total: int, parts: int) -> list[int]:
    """``total`` rounds in ``parts`` near-equal non-empty parts."""
    parts = max(1, min(parts, total))
    return [total // parts + (1 if i < total % parts else 0) for i in range(parts)]


def combine(phases: list[Phase]) -> Phase:
    """Alternated parts of one phase as one: walls, CPU and counts summed,
    the machine's busy share weighted by wall time."""
    wall = sum(p.wall for p in phases)
    return Phase(
        timings=phases[0].timings,
        wall=wall,
        server_cpu=sum(p.server_cpu for p in phases),
        client_cpu=sum(p.client_cpu for p in phases),
        database_cpu=sum(p.database_cpu for p in phases),
        machine_busy=sum(p.machine_busy * p.wall for p in phases) / max(wall, 1e-9),
        count=sum(p.count for p in phases),
    )


def pct(values: list[float], q: float) -> float:
    """The ``q`` quantile of ``values`` in milliseconds (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000


def proc_stats() -> dict[int, tuple[int, float]]:
    """pid -> (parent pid, user + system CPU seconds) of every process (/proc)."""
    tick, found = os.sysconf("SC_CLK_TCK"), {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        found[int(stat.parent.name)] = (
            int(fields[1]),
            (int(fields[11]) + int(fields[12])) / tick,
        )
    return found


def database_cpu() -> dict[int, float]:
    """CPU seconds per ``postgres`` process on the machine (the bench's database
    server; other users' queries on it count too), with the CPU of its exited
    children (a backend that ended during a phase is counted in its parent)."""
    tick, found = os.sysconf("SC_CLK_TCK"), {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            head, rest = stat.read_text().rsplit(")", 1)
        except OSError:
            continue
        if head.endswith("(postgres"):
            fields = rest.split()
            used = sum(int(v) for v in fields[11:15])  # utime stime cutime cstime
            found[int(stat.parent.name)] = used / tick
    return found


def database_cpu_since(
    before: dict[int, float], now: Callable[[], dict[int, float]] = database_cpu
) -> float:
    """PostgreSQL CPU seconds since ``before`` (``now`` reads the same processes
    again): processes that exited in between (another user's server) are left
    out instead of making the figure negative."""
    return sum(cpu - before.get(pid, 0.0) for pid, cpu in now().items())


def machine_busy() -> tuple[float, float]:
    """(busy, total) CPU seconds of the whole machine since boot (/proc/stat)."""
    tick = os.sysconf("SC_CLK_TCK")
    values = [int(v) for v in Path("/proc/stat").read_text().split()[1:9]]
    idle = values[3] + values[4]  # idle + iowait
    return (sum(values) - idle) / tick, sum(values) / tick


def process_cpu(pid: int) -> float:
    """CPU seconds of process ``pid`` and all its descendants (uvicorn workers)."""
    stats, tree, total = proc_stats(), {pid}, 0.0
    grew = True
    while grew:
        more = {p for p, (parent, _) in stats.items() if parent in tree} - tree
        tree |= more
        grew = bool(more)
    for p in tree:
        total += stats.get(p, (0, 0.0))[1]
    return total


@dataclass(frozen=True, kw_only=True)
class BenchCard:
    """A bench resident's card: its number and personalized virtual card, and
    where this resident's transfer goes (the kiosk's destination when empty)."""

    number: str
    card: VirtualCard
    to: str = ""


# what a kiosk reads in a session between opening it and the submission:
# step -> (method, path); the preview's body is the transfer's own
READS = {
    "accounts": ("GET", "/api/v1/accounts"),
    "contributions": ("GET", "/api/v1/contributions"),
    "preview": ("POST", "/api/v1/transfers/preview"),
}


class Http:
    """One keep-alive HTTP/1.1 connection of a simulated kiosk (``http.client``:
    the bench's side of a request costs a third of ``requests``' CPU, and the
    kiosks share the server's two cores here, where real ones have their own).
    Opened in the process that uses it."""

    def __init__(self, url: str) -> None:
        host, port = url.removeprefix("http://").rsplit(":", 1)
        self.conn = http.client.HTTPConnection(host, int(port), timeout=60)

    def request(
        self, method: str, path: str, body: bytes | None, headers: dict[str, str]
    ) -> tuple[int, bytes]:
        """Status and body; once more on a fresh connection when the server had
        closed the idle one (``--think`` longer than its keep-alive)."""
        try:
            return self._exchange(method, path, body, headers)
        except (http.client.RemoteDisconnected, ConnectionError):
            self.conn.close()  # the next request opens a new one
        return self._exchange(method, path, body, headers)

    def _exchange(
        self, method: str, path: str, body: bytes | None, headers: dict[str, str]
    ) -> tuple[int, bytes]:
        self.conn.request(method, path, body=body, headers=headers)
        got = self.conn.getresponse()
        return got.status, got.read()

    def close(self) -> None:
        self.conn.close()


class Kiosk:
    """One simulated kiosk with its HTTP connection and one card per round.

    Each round is a different resident: a person may have one open transfer
    of a kind (docs/api.md), and every round submits a new one. Round ``n``
    of a run uses card ``n``, so phases in separate processes (each with a
    copy of this object) never reuse a card. ``reads`` are the steps of
    :data:`READS` the session makes before its ``kind`` transfer.
    """

    def __init__(
        self,
        url: str,
        kiosk_id: str,
        secret: str,
        cards: list[BenchCard],
        to: str,
        *,
        kind: str = "medical",
        reads: tuple[str, ...] = ("accounts",),
    ) -> None:
        self.url, self.kiosk_id, self.to = url, kiosk_id, to
        self.kind, self.reads = kind, reads
        self.cards = list(cards)
        self.http: Http | None = None
        self.headers = {"X-Kiosk-Id": kiosk_id, "X-Kiosk-Key": secret}

    def _next_card(self, n: int) -> None:
        """Insert round ``n``'s resident's card and enter the PIN (not timed)."""
        bench_card = self.cards[n]
        conn = GetResponseConnection(VirtualConnection(bench_card.card))
        SsseSession(conn).verify_pin(BENCH_PIN)
        self.card_number = bench_card.number
        self.destination = bench_card.to or self.to
        self.auth = AuthSession(conn)

    def _send(
        self, method: str, path: str, headers: dict[str, str], body: bytes | None = None
    ) -> dict:
        if self.http is None:
            self.http = Http(self.url)
        status, raw = self.http.request(method, path, body, headers)
        if status >= 300:
            raise RuntimeError(f"{path}: {status} {raw[:200].decode(errors='replace')}")
        return json.loads(raw) if raw else {}

    def round(self, t: Timings, n: int) -> None:
        """Round ``n``: one resident session; every step's latency goes into ``t``."""
        self._next_card(n)
        marks = [("start", time.perf_counter())]

        def mark(step: str) -> None:
            marks.append((step, time.perf_counter()))

        ch = self._send(
            "POST",
            "/api/v1/auth/challenge",
            JSON_BODY | self.headers,
            json.dumps({"card_number": self.card_number}).encode(),
        )
        mark("challenge")
        message = bind_challenge(
            bytes.fromhex(ch["nonce"]), self.kiosk_id, self.card_number
        )
        signature = self.auth.authenticate(KeyRef.HOLDER, message).hex()
        mark("sign")
        body = {
            "challenge_id": ch["challenge_id"],
            "card_number": self.card_number,
            "signature": signature,
        }
        token = self._send(
            "POST",
            "/api/v1/auth/session",
            JSON_BODY | self.headers,
            json.dumps(body).encode(),
        )["token"]
        mark("session")
        session = {**self.headers, "Authorization": f"Bearer {token}"}
        for step in self.reads:
            method, path = READS[step]
            body = self._transfer_body() if method == "POST" else None
            self._send(method, path, session | JSON_BODY if body else session, body)
            mark(step)
        raw, headers = self._signed_transfer()
        mark("sign")
        self._send("POST", "/api/v1/transfers", headers, raw)
        mark("submission")
        self._send("DELETE", "/api/v1/auth/session", session)
        mark("end")
        for (_, before), (step, after) in zip(marks, marks[1:], strict=False):
            t.add(step, after - before)
        t.add("session total", marks[-1][1] - marks[0][1])

    def _transfer_body(self) -> bytes:
        """The transfer of this round's resident, as the kiosk sends and signs it."""
        body = {"kind": self.kind, "to_region": self.destination}
        return json.dumps(body, sort_keys=True, separators=(",", ":")).encode()

    def _signed_transfer(self) -> tuple[bytes, dict[str, str]]:
        """Body and headers of a card-signed transfer (docs/api.md, submissions)."""
        raw = self._transfer_body()
        key, signed_at = str(uuid.uuid4()), int(time.time())
        digest = bind_submission(
            self.kiosk_id,
            self.card_number,
            key,
            "POST",
            "/api/v1/transfers",
            raw,
            signed_at=signed_at,
        )
        sig = self.auth.authenticate(KeyRef.HOLDER, digest).hex()
        return raw, {
            **self.headers,
            "Content-Type": "application/json",
            "Idempotency-Key": key,
            "X-Card-Number": self.card_number,
            "X-Signed-At": str(signed_at),
            "X-Card-Signature": sig,
        }


@dataclass
class Fleet:
    """Simulated kiosks in forked processes, each waiting for the start.

    Real kiosks are separate machines: twenty kiosk threads in one interpreter
    would queue each other's responses behind one GIL and put that queue into
    the latencies measured. ``work(i, timings)`` runs for each kiosk ``i`` in
    a thread of one of ``procs`` processes (forked: they share the prepared
    cards, and a closure needs no pickling)."""

    children: list[multiprocessing.process.BaseProcess]
    results: list  # the read end of each child's pipe
    go: object  # multiprocessing Event

    @classmethod
    def launch(
        cls, count: int, procs: int, work: Callable[[int, Timings], None]
    ) -> Fleet:
        # the children's collector never walks the prepared cards and the
        # server handle (a full collection of them paused a kiosk 50-100 ms)
        settle_heap()
        forked = multiprocessing.get_context("fork")
        go = forked.Event()
        fleet = cls(children=[], results=[], go=go)
        for first in range(min(procs, count)):
            share = list(range(first, count, procs))
            read, write = forked.Pipe(duplex=False)
            child = forked.Process(target=_kiosks, args=(share, work, go, write))
            child.start()
            write.close()
            fleet.children.append(child)
            fleet.results.append(read)
        for read in fleet.results:
            if read.recv() != "ready":
                raise RuntimeError("a kiosk process did not start")
        return fleet

    def run(self, into: Timings) -> tuple[float, float]:
        """Start every kiosk at once and wait for all: (wall seconds, CPU
        seconds of the kiosk processes). Their timings go into ``into``."""
        start = time.perf_counter()
        self.go.set()  # type: ignore[attr-defined]
        cpu = 0.0
        for read in self.results:
            steps, errors, used = read.recv()
            cpu += used
            into.merge(steps, errors)
        wall = time.perf_counter() - start
        for child in self.children:
            child.join(60)
        return wall, cpu


def _kiosks(share: list[int], work: Callable[[int, Timings], None], go, out) -> None:  # type: ignore[no-untyped-def]
    """One kiosk process: a thread per kiosk of ``share``, results to ``out``."""
    t = Timings()
    out.send("ready")
    go.wait()
    used = time.process_time()
    threads = [threading.Thread(target=work, args=(i, t)) for i in share]
    for th in threads:
        th.start()
    for th in threads:
        th.join(600)
    out.send((t.steps, t.errors, time.process_time() - used))
    out.close()


def kiosk_rounds(
    clients: list[Kiosk], first: int, rounds: int, think: float
) -> Callable[[int, Timings], None]:
    """The work of kiosk ``i``: its rounds ``first`` .. ``first + rounds - 1``,
    with a pause of 0.5-1.5 times ``think`` seconds after each (and up to
    ``think`` before the first); a failed round is counted as an error."""

    def run(i: int, into: Timings) -> None:
        pause = random.Random(i * MAX_ROUNDS + first)  # not in lockstep
        time.sleep(pause.uniform(0, think))
        for n in range(first, first + rounds):
            try:
                clients[i].round(into, n)
            except Exception as exc:  # counted and reported
                into.errors.append(str(exc)[:200])
            time.sleep(pause.uniform(0.5, 1.5) * think)

    return run


def measure(
    pid: int,
    count: int,
    procs: int,
    work: Callable[[int, Timings], None],
    t: Timings,
    step: str,
    database: Callable[[], dict[int, float]] = database_cpu,
) -> Phase:
    """Run ``work`` for ``count`` kiosks in ``procs`` processes, with the CPU
    the server, the kiosks and PostgreSQL used and how many ``step`` timings
    it added. ``database`` tells the CPU seconds of the PostgreSQL processes
    to count, by pid (default: every ``postgres`` process of the machine)."""
    done = len(t.steps.get(step, []))
    fleet = Fleet.launch(count, procs, work)
    server0 = process_cpu(pid)
    database0, (busy0, total0) = database(), machine_busy()
    wall, client_cpu = fleet.run(t)
    busy1, total1 = machine_busy()
    return Phase(
        timings=t,
        wall=wall,
        server_cpu=process_cpu(pid) - server0,
        client_cpu=client_cpu,
        database_cpu=database_cpu_since(database0, database),
        machine_busy=(busy1 - busy0) / max(total1 - total0, 1e-9),
        count=len(t.steps.get(step, [])) - done,
    )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(
    url: str, port: int, profile: Path | None, workers: int, log: Path
) -> subprocess.Popen[bytes]:
    """``ss-backend serve`` in its own process (under py-spy with ``profile``),
    its log (access log included) written to ``log``."""
    cmd = [sys.executable, "-m", "backend.cli", "--database-url", url]
    cmd += ["serve", "--port", str(port), "--workers", str(workers)]
    if profile is not None:
        spy = ["py-spy", "record", "--gil", "-r", "250", "-f", "raw", "--subprocesses"]
        cmd = [*spy, "-o", str(profile), "--", *cmd]
    with log.open("wb") as sink:  # the child keeps its own copy of the file
        proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=sink)
    for _ in range(400):
        try:
            if requests.get(f"http://127.0.0.1:{port}/healthz", timeout=1).ok:
                return proc
        except requests.ConnectionError:
            time.sleep(0.05)
    proc.kill()
    raise RuntimeError("backend did not start")


def server_pid(proc: subprocess.Popen[bytes], profiled: bool) -> int:
    """The server's main process: ours, or py-spy's child when profiled. Its
    CPU is counted with its descendants' (the workers of ``--workers``)."""
    if not profiled:
        return proc.pid
    children = [p for p, (parent, _) in proc_stats().items() if parent == proc.pid]
    return children[0] if children else proc.pid


def bench_resident(flow: int, n: int) -> tuple[Resident, str]:
    """The ``n``-th copy of demo flow ``flow``: same history, own SSN and card."""
    card_number, to_region = FLOWS[flow]
    base = next(r for r in RESIDENTS if r.card_number == card_number)
    resident = dataclasses.replace(
        base,
        card_number=f"B{flow}{n:07d}",
        first17=base.first17[:14] + f"{100 + n:03d}",
        pin=BENCH_PIN,
        request=None,
    )
    return resident, to_region


def prepare(
    url: str, kiosks: int, rounds: int, analyze: bool = True
) -> tuple[dict[str, str], list]:
    """Migrate and seed; register the bench kiosks and give each ``rounds``
    fresh residents with personalized cards. ``(secrets, [(cards, to)])``.

    With ``analyze`` the database then gathers planner statistics (``ANALYZE``,
    not timed), as a production database has them; a freshly bulk-loaded one
    has none or stale ones (PostgreSQL's autovacuum may have sampled the
    table half-way through the load)."""
    settings = load_settings(database_url=url)
    migrate(url)
    ctx = AppContext.create(settings)
    seed(ctx)
    secrets, per_kiosk = {}, []
    today, used = ctx.now().date(), [0] * len(FLOWS)
    with ctx.sessions() as db:
        for i in range(kiosks):
            kid = f"bench-{i:03d}"
            secrets[kid] = register_kiosk(db, kid, now=ctx.now())
            flow, cards, to = i % len(FLOWS), [], ""
            for _ in range(rounds):
                resident, to = bench_resident(flow, used[flow])
                used[flow] += 1
                card = personalize_card(ctx, resident)
                seed_resident(ctx, db, resident, certificates_of(card), today)
                cards.append(BenchCard(number=resident.card_number, card=card))
            per_kiosk.append((cards, to))
        db.commit()
        if analyze:
            db.execute(text("ANALYZE"))
            db.commit()
    ctx.engine.dispose()
    return secrets, per_kiosk


def bench_database(name: str, url: str, args: argparse.Namespace) -> dict:
    """Both phases against one fresh server on ``url``."""
    rounds = args.warmup + args.rounds
    secrets, per_kiosk = prepare(url, args.kiosks, rounds, not args.no_analyze)
    port = free_port()
    profile = args.py_spy / f"{name.lower()}.txt" if args.py_spy else None
    workers = args.workers if name == "PostgreSQL" else 1
    log = Path(tempfile.mkdtemp(prefix="ssc-bench-log-")) / "server.log"
    server = start_server(url, port, profile, workers, log)
    pid = server_pid(server, profile is not None)
    base = f"http://127.0.0.1:{port}"
    timings, warm, health = Timings(), Timings(), Timings()
    try:
        ids = sorted(secrets)
        clients = [
            Kiosk(base, kid, secrets[kid], *per_kiosk[i]) for i, kid in enumerate(ids)
        ]

        def flow(first: int, rounds: int) -> Callable[[int, Timings], None]:
            return kiosk_rounds(clients, first, rounds, args.think)

        procs = min(args.kiosk_processes or args.kiosks, args.kiosks)
        Fleet.launch(args.kiosks, procs, flow(0, args.warmup)).run(warm)
        measured_from = log.stat().st_size  # the server's log after the warm-up

        def healthz(requests_each: int) -> Callable[[int, Timings], None]:
            def run(i: int, into: Timings) -> None:
                http = Http(base)
                for _ in range(requests_each):
                    start = time.perf_counter()
                    status, _ = http.request("GET", "/healthz", None, {})
                    if status != 200:
                        raise RuntimeError(f"/healthz: {status}")
                    into.add("/healthz", time.perf_counter() - start)
                http.close()

            return run

        # the phases alternate (sessions, /healthz, sessions, ...) so that a
        # change of the machine's load hits both sides of the ratio alike
        session_parts, health_parts, first = [], [], args.warmup
        for part in split(args.rounds, args.alternations):
            session_parts.append(
                measure(
                    pid, args.kiosks, procs, flow(first, part), timings, "session total"
                )
            )
            first += part
            health_parts.append(
                measure(
                    pid,
                    args.kiosks,
                    procs,
                    healthz(part * REQUESTS_PER_SESSION),
                    health,
                    "/healthz",
                )
            )
        flows, baseline = combine(session_parts), combine(health_parts)
        pair_ratios = [
            (a.count / a.wall) / (b.count / b.wall)
            for a, b in zip(session_parts, health_parts, strict=True)
        ]
    finally:
        os.kill(pid, signal.SIGTERM)  # the server itself, so py-spy writes its file
        server.wait(60)
    seen, problems = server_side(log, measured_from)
    shutil.rmtree(log.parent, ignore_errors=True)
    return {
        "server": seen,
        "server_problems": problems,
        "name": name,
        "flows": flows,
        "health": baseline,
        "pair_ratios": pair_ratios,
        "errors": warm.errors,
        "think": args.think,
        "workers": workers,
        "analyzed": not args.no_analyze,
    }


PROBLEM_LEVELS = ("WARNING", "ERROR", "CRITICAL")
ACCESS_STEPS = {
    ("POST", "/api/v1/auth/challenge"): "challenge",
    ("POST", "/api/v1/auth/session"): "session",
    ("GET", "/api/v1/accounts"): "accounts",
    ("GET", "/api/v1/contributions"): "contributions",
    ("POST", "/api/v1/transfers/preview"): "preview",
    ("POST", "/api/v1/transfers"): "submission",
    ("DELETE", "/api/v1/auth/session"): "end",
    ("GET", "/healthz"): "/healthz",
}


def server_side(log: Path, start: int) -> tuple[Timings, list[str]]:
    """The server's own time per step (its access log's ``ms``: from the
    request's arrival in the app to its last byte, so without the network,
    the kiosk's side and the time a request waited to be read) from byte
    ``start`` of its log on, and the log's lines at WARNING or above, with
    their tracebacks, from the whole run. Every log line is one JSON object
    (docs/backend.md "Logs")."""
    seen, problems, offset = Timings(), [], 0
    for raw in log.read_bytes().splitlines(keepends=True):
        offset += len(raw)
        try:
            entry = json.loads(raw)
        except ValueError:
            continue  # not a log line (the demo kiosk's secret, a print)
        if entry.get("logger") == "backend.access":
            step = ACCESS_STEPS.get((entry["method"], entry["route"]))
            if step and offset > start:
                seen.add(step, entry["ms"] / 1000)
        elif entry.get("level") in PROBLEM_LEVELS:
            problems.append(f"{entry['timestamp']} {entry['level']} {entry['message']}")
            problems.extend(entry.get("exc", "").splitlines())
    return seen, problems


def args_think(result: dict) -> float:
    """The think time of a run (sessions/s is then offered load, not capacity)."""
    return float(result.get("think", 0.0))


def step_rows(t: Timings, server: Timings) -> list[str]:
    """One table line per step: n, p50, p99, mean, and the server's own p50
    and p99 of the step where its access log has it."""
    lines = []
    for step, values in t.steps.items():
        mean = sum(values) / len(values) * 1000
        own = server.steps.get(step)
        inside = f"{pct(own, 0.5):>12.1f}{pct(own, 0.99):>12.1f}" if own else ""
        lines.append(
            f"  {step:<14}{len(values):>6}{pct(values, 0.5):>10.1f}"
            f"{pct(values, 0.99):>10.1f}{mean:>10.1f}{inside}"
        )
    return lines


def cpu_line(label: str, phase: Phase, units: int, unit: str) -> str:
    """CPU of server and client over a phase: % of one core, ms per unit."""
    return (
        f"  {label:<10} server CPU {phase.server_cpu / phase.wall:>5.0%} of a core, "
        f"{phase.server_cpu / max(units, 1) * 1000:.2f} ms/{unit}; "
        f"load generator {phase.client_cpu / phase.wall:>5.0%}, "
        f"{phase.client_cpu / max(units, 1) * 1000:.2f} ms/{unit}"
    )


def database_line(label: str, phase: Phase, units: int, unit: str) -> str:
    """CPU of the PostgreSQL processes and how busy the whole machine was."""
    return (
        f"  {label:<10} PostgreSQL CPU {phase.database_cpu / phase.wall:>5.0%} of a "
        f"core, {phase.database_cpu / max(units, 1) * 1000:.2f} ms/{unit}; "
        f"all cores busy {phase.machine_busy:.0%}"
    )


def report(result: dict, kiosks: int) -> bool:
    """Print one database's table and verdict; True when both targets are met."""
    flows, health = result["flows"], result["health"]
    t: Timings = flows.timings
    sessions = len(t.steps.get("session total", []))
    rate = sessions / flows.wall
    hz = health.timings.steps.get("/healthz", [])
    hz_rate = len(hz) / health.wall
    ratio = rate / hz_rate if hz_rate else 0.0
    worst = max(pct(t.steps.get(s, [0.0]), 0.99) for s in SERVER_STEPS)
    think = f", {args_think(result)} s think time" if args_think(result) else ""
    workers = result["workers"]
    procs = f", {workers} server processes" if workers > 1 else ""
    stats = ", ANALYZE" if result.get("analyzed", True) else ", no ANALYZE"
    print(f"\n== {result['name']}, {kiosks} concurrent kiosks{think}{procs}{stats}")
    print(
        f"  {'step':<14}{'n':>6}{'p50 ms':>10}{'p99 ms':>10}{'mean ms':>10}"
        f"{'server p50':>12}{'server p99':>12}"
    )
    server = result["server"]
    for line in step_rows(t, server) + step_rows(health.timings, server):
        print(line)
    print(
        f"  sessions      {rate:8.1f} /s  ({rate * REQUESTS_PER_SESSION:.0f} req/s, "
        f"{sessions} sessions in {flows.wall:.1f} s, errors {len(t.errors)})"
    )
    print(f"  /healthz      {hz_rate:8.1f} req/s ({len(hz)} in {health.wall:.1f} s)")
    print(cpu_line("sessions", flows, sessions, "session"))
    print(cpu_line("/healthz", health, len(hz), "request"))
    if result["name"] == "PostgreSQL":
        print(database_line("sessions", flows, sessions, "session"))
        print(database_line("/healthz", health, len(hz), "request"))
    else:
        print(
            f"  {'all cores busy':<15}{flows.machine_busy:.0%} (sessions), "
            f"{health.machine_busy:.0%} (/healthz)"
        )
    pairs = result.get("pair_ratios", [])
    if len(pairs) > 1:
        each = ", ".join(f"{r:.1%}" for r in pairs)
        print(f"  ratio of each alternation (sessions then /healthz): {each}")
    ok_ratio, ok_p99 = ratio >= TARGET_RATIO, worst < TARGET_P99_MS
    print(
        f"  ratio {ratio:.1%} (target >= {TARGET_RATIO:.0%}): "
        f"{'MET' if ok_ratio else 'MISSED'}; worst step p99 {worst:.1f} ms "
        f"(target < {TARGET_P99_MS:.0f} ms): {'MET' if ok_p99 else 'MISSED'}"
    )
    for error in (t.errors + result["errors"])[:3]:
        print("  error:", error)
    problems = result["server_problems"]
    if problems:
        print(f"  the server logged {len(problems)} line(s) at WARNING or above:")
        for line in problems[:60]:
            print("    " + line)
    return ok_ratio and ok_p99 and not t.errors


def postgres_database(base: str, args: argparse.Namespace) -> bool:
    """Bench a fresh database on the server at ``base``, dropped afterwards."""
    from bench.scratch import scratch_database

    with scratch_database(base, "ssc_bench") as url:
        return report(bench_database("PostgreSQL", url, args), args.kiosks)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kiosks", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--warmup", type=int, default=1)
    parser.add_argument(
        "--alternations",
        type=int,
        default=2,
        help="measured rounds split into this many sessions + /healthz pairs",
    )
    parser.add_argument("--databases", default="sqlite,postgres")
    parser.add_argument(
        "--think", type=float, default=0.0, help="seconds between a kiosk's rounds"
    )
    parser.add_argument(
        "--no-analyze",
        action="store_true",
        help="no ANALYZE after loading the bench residents (no planner statistics)",
    )
    parser.add_argument(
        "--kiosk-processes",
        type=int,
        default=0,
        help="processes the simulated kiosks run in (default: one per kiosk)",
    )
    parser.add_argument("--py-spy", type=Path, help="folder for server profiles")
    parser.add_argument(
        "--workers",
        type=int,
        default=1,
        help="server processes on PostgreSQL (SQLite is always one)",
    )
    args = parser.parse_args()
    if not 1 <= args.rounds + args.warmup <= MAX_ROUNDS or args.kiosks < 1:
        parser.error(f"need kiosks >= 1 and 1 <= rounds + warmup <= {MAX_ROUNDS}")
    per_flow = -(-args.kiosks // len(FLOWS)) * (args.rounds + args.warmup)
    if per_flow > MAX_RESIDENTS_PER_FLOW:
        parser.error(f"too many bench residents ({per_flow} per demo history)")
    if not 1 <= args.workers <= 4:
        parser.error("need 1 <= workers <= 4")
    if args.kiosk_processes < 0:
        parser.error("need kiosk-processes >= 0 (0: one per kiosk)")
    if not 0 <= args.think <= 60:
        parser.error("need 0 <= think <= 60 seconds")
    if args.py_spy:
        args.py_spy.mkdir(parents=True, exist_ok=True)
    wanted = args.databases.split(",")
    if unknown := set(wanted) - {"sqlite", "postgres"}:
        names = ", ".join(sorted(unknown))
        parser.error(f"unknown database(s) {names}: sqlite, postgres")
    verdicts = []
    if "sqlite" in wanted:
        folder = Path(tempfile.mkdtemp(prefix="ssc-bench-db-"))
        url = f"sqlite:///{folder / 'bench.sqlite3'}"
        verdicts.append(report(bench_database("SQLite", url, args), args.kiosks))
        shutil.rmtree(folder, ignore_errors=True)
    base = os.environ.get("SSC_TEST_POSTGRES_URL", "")
    if "postgres" in wanted and not base:
        print("\n== PostgreSQL: skipped (SSC_TEST_POSTGRES_URL not set)")
    elif "postgres" in wanted:
        verdicts.append(postgres_database(base, args))
    if not verdicts:
        print("\nverdict: nothing measured")
        return 1
    verdict = "all targets met" if all(verdicts) else "target(s) missed"
    print(f"\nverdict ({len(verdicts)} database(s) measured): {verdict}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
