# SPDX-License-Identifier: Apache-2.0
"""Load test of the reference backend: N simulated kiosks on SQLite and PostgreSQL.

Each kiosk thread runs a bounded number of rounds of the real resident flow
against ``ss-backend serve`` in a separate process on 127.0.0.1: challenge,
session signed by a demo virtual card (key 82, real APDUs), accounts, and one
signed submission. The same server is then measured on ``/healthz`` with the
same concurrency, as the baseline printed side by side.

    python bench/backend_load.py [--kiosks 8] [--rounds 10]
        [--databases sqlite,postgres]

PostgreSQL uses SSC_TEST_POSTGRES_URL (see scripts/start-postgres.sh); a fresh
database is created and dropped.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from backend.context import AppContext  # noqa: E402
from backend.db import migrate  # noqa: E402
from backend.demo import DEMO_CARDS, seed  # noqa: E402
from backend.services.operators import register_kiosk  # noqa: E402
from backend.settings import load_settings  # noqa: E402
from card.auth import AuthSession, KeyRef, bind_challenge, bind_submission  # noqa: E402
from card.connection import GetResponseConnection  # noqa: E402
from card.ssse import SsseSession  # noqa: E402
from card.virtual.card import VirtualCard  # noqa: E402
from card.virtual.connection import VirtualConnection  # noqa: E402

# demo cards (PIN 246810) and a destination their histories allow
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


@dataclass
class Timings:
    """Latencies (seconds) per step, collected from every thread."""

    steps: dict[str, list[float]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, step: str, seconds: float) -> None:
        with self.lock:
            self.steps.setdefault(step, []).append(seconds)


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000


class Kiosk:
    """One simulated kiosk with its own card copy and HTTP session."""

    def __init__(
        self, url: str, kiosk_id: str, secret: str, card: str, to: str, tmp: Path
    ) -> None:
        self.url, self.kiosk_id, self.card_number, self.to = url, kiosk_id, card, to
        copy = tmp / f"{kiosk_id}-{card}.json"
        shutil.copy(DEMO_CARDS / f"{card}.json", copy)
        conn = GetResponseConnection(VirtualConnection(VirtualCard.load(copy)))
        SsseSession(conn).verify_pin("246810")
        self.auth = AuthSession(conn)
        self.http = requests.Session()
        self.headers = {"X-Kiosk-Id": kiosk_id, "X-Kiosk-Key": secret}

    def _post(self, path: str, **kw: object) -> dict:
        got = self.http.post(self.url + path, timeout=60, **kw)  # type: ignore[arg-type]
        if got.status_code >= 300:
            raise RuntimeError(f"{path}: {got.status_code} {got.text[:200]}")
        return got.json()

    def round(self, t: Timings) -> None:
        start = time.perf_counter()
        ch = self._post(
            "/api/v1/auth/challenge",
            headers=self.headers,
            json={"card_number": self.card_number},
        )
        t1 = time.perf_counter()
        message = bind_challenge(
            bytes.fromhex(ch["nonce"]), self.kiosk_id, self.card_number
        )
        signature = self.auth.authenticate(KeyRef.HOLDER, message).hex()
        t2 = time.perf_counter()
        token = self._post(
            "/api/v1/auth/session",
            headers=self.headers,
            json={
                "challenge_id": ch["challenge_id"],
                "card_number": self.card_number,
                "signature": signature,
            },
        )["token"]
        t3 = time.perf_counter()
        session = {**self.headers, "Authorization": f"Bearer {token}"}
        got = self.http.get(self.url + "/api/v1/accounts", headers=session, timeout=60)
        got.raise_for_status()
        t4 = time.perf_counter()
        body = {"kind": "medical", "to_region": self.to}
        raw = json.dumps(body, sort_keys=True, separators=(",", ":")).encode()
        key = str(uuid.uuid4())
        digest = bind_submission(
            self.kiosk_id, self.card_number, key, "POST", "/api/v1/transfers", raw
        )
        sig = self.auth.authenticate(KeyRef.HOLDER, digest).hex()
        t5 = time.perf_counter()
        self._post(
            "/api/v1/transfers",
            data=raw,
            headers={
                **self.headers,
                "Content-Type": "application/json",
                "Idempotency-Key": key,
                "X-Card-Number": self.card_number,
                "X-Card-Signature": sig,
            },
        )
        t6 = time.perf_counter()
        self.http.delete(self.url + "/api/v1/auth/session", headers=session, timeout=60)
        for step, seconds in (
            ("challenge", t1 - start),
            ("session", t3 - t2),
            ("accounts", t4 - t3),
            ("submission", t6 - t5),
            ("flow", time.perf_counter() - start),
        ):
            t.add(step, seconds)


def run_threads(count: int, work) -> float:  # type: ignore[no-untyped-def]
    """Run ``work(i)`` in ``count`` threads; wall-clock seconds."""
    threads = [threading.Thread(target=work, args=(i,)) for i in range(count)]
    start = time.perf_counter()
    for th in threads:
        th.start()
    for th in threads:
        th.join(600)
    return time.perf_counter() - start


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(url: str, port: int) -> subprocess.Popen[bytes]:
    cmd = [
        sys.executable,
        "-m",
        "backend.cli",
        "--database-url",
        url,
        "serve",
        "--port",
        str(port),
    ]
    proc = subprocess.Popen(
        cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    for _ in range(200):
        try:
            if requests.get(f"http://127.0.0.1:{port}/healthz", timeout=1).ok:
                return proc
        except requests.ConnectionError:
            time.sleep(0.05)
    proc.kill()
    raise RuntimeError("backend did not start")


def bench_database(name: str, url: str, kiosks: int, rounds: int) -> dict:
    settings = load_settings(database_url=url)
    migrate(url)
    ctx = AppContext.create(settings)
    seed(ctx)
    secrets = {}
    with ctx.sessions() as db:
        for i in range(kiosks):
            secrets[f"bench-{i:03d}"] = register_kiosk(
                db, f"bench-{i:03d}", now=ctx.now()
            )
        db.commit()
    ctx.engine.dispose()
    port = free_port()
    server = start_server(url, port)
    base = f"http://127.0.0.1:{port}"
    tmp = Path(tempfile.mkdtemp(prefix="ssc-bench-"))
    timings = Timings()
    try:
        ids = sorted(secrets)
        clients = [
            Kiosk(base, kid, secrets[kid], *FLOWS[i % len(FLOWS)], tmp=tmp)
            for i, kid in enumerate(ids)
        ]

        def flow(i: int) -> None:
            for _ in range(rounds):
                try:
                    clients[i].round(timings)
                except Exception as exc:  # noqa: BLE001 - counted and reported
                    timings.errors.append(str(exc)[:200])

        flow_wall = run_threads(kiosks, flow)
        health = Timings()

        def healthz(i: int) -> None:
            with requests.Session() as http:
                for _ in range(rounds * 5):
                    start = time.perf_counter()
                    http.get(base + "/healthz", timeout=60).raise_for_status()
                    health.add("healthz", time.perf_counter() - start)

        health_wall = run_threads(kiosks, healthz)
    finally:
        server.terminate()
        server.wait(10)
        shutil.rmtree(tmp, ignore_errors=True)
    return {
        "name": name,
        "timings": timings,
        "flow_wall": flow_wall,
        "health": health,
        "health_wall": health_wall,
    }


def report(result: dict) -> None:
    t: Timings = result["timings"]
    sessions = len(t.steps.get("session", []))
    print(
        f"\n== {result['name']}: {sessions} sessions in {result['flow_wall']:.2f} s "
        f"= {sessions / result['flow_wall']:.1f} sessions/s; errors {len(t.errors)}"
    )
    print(f"{'step':<12}{'n':>6}{'p50 ms':>10}{'p99 ms':>10}{'mean ms':>10}")
    rows = [*t.steps.items(), *result["health"].steps.items()]
    for step, values in rows:
        print(
            f"{step:<12}{len(values):>6}"
            f"{pct(values, 0.5):>10.1f}{pct(values, 0.99):>10.1f}"
            f"{statistics.mean(values) * 1000:>10.1f}"
        )
    n = len(result["health"].steps.get("healthz", []))
    print(
        f"baseline /healthz: {n / result['health_wall']:.0f} req/s "
        f"(same server, same number of threads)"
    )
    for error in t.errors[:3]:
        print("  error:", error)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kiosks", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--databases", default="sqlite,postgres")
    args = parser.parse_args()
    wanted = args.databases.split(",")
    if "sqlite" in wanted:
        folder = Path(tempfile.mkdtemp(prefix="ssc-bench-db-"))
        report(
            bench_database(
                "SQLite",
                f"sqlite:///{folder / 'bench.sqlite3'}",
                args.kiosks,
                args.rounds,
            )
        )
        shutil.rmtree(folder, ignore_errors=True)
    base = os.environ.get("SSC_TEST_POSTGRES_URL", "")
    if "postgres" in wanted and not base:
        print("\n== PostgreSQL: skipped (SSC_TEST_POSTGRES_URL not set)")
    elif "postgres" in wanted:
        import sqlalchemy as sa

        name = f"ssc_bench_{uuid.uuid4().hex[:8]}"
        admin = sa.create_engine(base, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
        try:
            report(
                bench_database(
                    "PostgreSQL",
                    base.rsplit("/", 1)[0] + "/" + name,
                    args.kiosks,
                    args.rounds,
                )
            )
        finally:
            with admin.connect() as conn:
                conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
