# SPDX-License-Identifier: Apache-2.0
"""The province layout measured: replicas side by side, and two failovers.

One run brings up scripts/cluster.py's layout (etcd, Patroni with a primary
and a synchronous standby, PgBouncer in transaction pooling, HAProxy with TLS,
three backend replicas) in a fresh folder on ports of its own, loads the
bench residents of bench/backend_load.py through the primary, and measures:

1. Replicas: the resident flow of bench/backend_load.py (challenge, session,
   accounts, one signed submission, end) from ``--kiosks`` kiosks in their
   own processes, over HTTPS through HAProxy, with 1, 2 and 3 replicas in
   service (the others disabled on HAProxy's admin socket), printed side by
   side: sessions/s, p50/p99 of a session, and the CPU the cluster's
   processes used per session (backends, HAProxy + PgBouncer, PostgreSQL,
   Patroni + etcd; read from /proc, so other users of the machine are not
   counted). On a machine with few cores the machine is the ceiling; the
   CPU per session is what sizing needs.
2. A backend replica killed (SIGKILL) while ``--submitters`` kiosks submit
   signed transfers through their durable outboxes (one every
   ``--interval`` seconds each): how many submissions needed a second
   delivery attempt, the most attempts any one needed (target: at most one
   retried call per resident), lost and duplicated submissions.
3. The PostgreSQL primary lost (Patroni and PostgreSQL SIGKILLed) under the
   same load: seconds without service (the longest gap between two accepted
   submissions), submissions lost (stored in an outbox, no row on the
   server; target 0) and duplicated (more than one row for one submission;
   target 0), and how many outbox entries were delivered after recovery.

Each kiosk's client runs without transport retries (``NO_RETRY``): every
retried call is an outbox attempt, and is counted. The cluster is brought
down at the end, failure or not.

    flock /tmp/ssc-bench.lock python bench/cluster.py [--kiosks 10]
        [--rounds 3] [--submitters 20] [--seconds 25] [--interval 1.5]
"""

from __future__ import annotations

import argparse
import functools
import http.client
import importlib.util
import shutil
import ssl
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import sqlalchemy as sa  # noqa: E402
from backend_load import (  # noqa: E402
    BENCH_PIN,
    BenchCard,
    Fleet,
    Http,
    Kiosk,
    Timings,
    pct,
    prepare,
    process_cpu,
)

from backend_client import BackendClient, KioskCredentials  # noqa: E402
from backend_client._http import NO_RETRY  # noqa: E402
from backend_client.outbox import EntryState, Outbox, prepare_submission  # noqa: E402
from card.auth import AuthSession, KeyRef  # noqa: E402
from card.connection import GetResponseConnection  # noqa: E402
from card.ssse import SsseSession  # noqa: E402
from card.virtual.connection import VirtualConnection  # noqa: E402

REPLICA_COUNTS = (1, 2, 3)
KILL_AFTER_S = 5.0
DRAIN_S = 90.0


def load_tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "ssc_cluster", ROOT / "scripts" / "cluster.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["ssc_cluster"] = module
    spec.loader.exec_module(module)
    return module


class Https(Http):
    """:class:`Http` over TLS to HAProxy's front, verified with the test CA."""

    def __init__(self, url: str, ca: str) -> None:
        host, port = url.removeprefix("https://").rsplit(":", 1)
        context = ssl.create_default_context(cafile=ca)
        self.conn = http.client.HTTPSConnection(
            host, int(port), timeout=60, context=context
        )


class TlsKiosk(Kiosk):
    """A bench kiosk whose connection goes through HAProxy's HTTPS front."""

    def __init__(self, ca: str, *args: Any) -> None:
        super().__init__(*args)
        self.ca = ca

    def _send(
        self, method: str, path: str, headers: dict, body: bytes | None = None
    ) -> dict:
        if self.http is None:
            self.http = Https(self.url, self.ca)
        return super()._send(method, path, headers, body)


# --- CPU of the cluster's processes ----------------------------------------


def cluster_pids(tool: ModuleType, state: dict) -> dict[str, list[int]]:
    """The cluster's processes by group (each counted with its descendants)."""
    pids = state["pids"]
    postmasters = [
        tool.postmaster_pid(Path(node["data"])) for node in state["nodes"].values()
    ]
    return {
        "backends": [p for n, p in pids.items() if n.startswith("backend")],
        "haproxy+pgbouncer": [pids["haproxy"], pids["pgbouncer"]],
        "postgres": [p for p in postmasters if p],
        "patroni+etcd": [pids["db1"], pids["db2"], pids["etcd"]],
    }


def cpu_now(groups: dict[str, list[int]]) -> dict[str, float]:
    return {name: sum(process_cpu(p) for p in pids) for name, pids in groups.items()}


# --- 1. replicas -------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class ReplicaRun:
    replicas: int
    sessions: int
    wall: float
    timings: Timings
    cpu: dict[str, float]


def in_service(tool: ModuleType, state: dict, count: int) -> None:
    """Backends 1..count enabled on HAProxy, the others in maintenance."""
    for n, name in enumerate(sorted(state["backends"]), start=1):
        verb = "enable" if n <= count else "disable"
        tool.haproxy_command(state, f"{verb} server kiosk_api/{name}")
    tool.wait_for(
        f"{count} replica(s) in service",
        lambda: (
            sum(
                v == "UP"
                for k, v in tool.server_states(state).items()
                if k.startswith("kiosk_api/")
            )
            == count
        ),
        timeout=30,
    )


def replica_runs(
    tool: ModuleType, state: dict, kiosks: list[TlsKiosk], args: argparse.Namespace
) -> list[ReplicaRun]:
    runs = []
    count = len(kiosks)
    first = args.warmup
    Fleet.launch(count, count, rounds_of(kiosks, 0, args.warmup)).run(Timings())
    for replicas in REPLICA_COUNTS:
        in_service(tool, state, replicas)
        t = Timings()
        groups = cluster_pids(tool, state)
        fleet = Fleet.launch(count, count, rounds_of(kiosks, first, args.rounds))
        before = cpu_now(groups)
        wall, _client = fleet.run(t)
        after = cpu_now(groups)
        first += args.rounds
        runs.append(
            ReplicaRun(
                replicas=replicas,
                sessions=len(t.steps.get("session total", [])),
                wall=wall,
                timings=t,
                cpu={k: after[k] - before[k] for k in after},
            )
        )
    in_service(tool, state, len(state["backends"]))
    return runs


def rounds_of(
    kiosks: list[TlsKiosk], first: int, rounds: int
) -> Callable[[int, Timings], None]:
    def run(i: int, into: Timings) -> None:
        for n in range(first, first + rounds):
            try:
                kiosks[i].round(into, n)
            except Exception as exc:  # counted and reported
                into.errors.append(str(exc)[:200])

    return run


def print_replicas(runs: list[ReplicaRun], kiosks: int) -> None:
    print(
        f"\n== replicas through HAProxy (HTTPS) and PgBouncer, {kiosks} kiosks,"
        " closed loop"
    )
    print(f"  {'':28}" + "".join(f"{r.replicas:>3} replica(s)" for r in runs))
    rows: list[tuple[str, Callable[[ReplicaRun], str]]] = [
        ("sessions/s", lambda r: f"{r.sessions / r.wall:.1f}"),
        (
            "session p50 ms",
            lambda r: f"{pct(r.timings.steps['session total'], 0.5):.0f}",
        ),
        (
            "session p99 ms",
            lambda r: f"{pct(r.timings.steps['session total'], 0.99):.0f}",
        ),
        ("sessions (errors)", lambda r: f"{r.sessions} ({len(r.timings.errors)})"),
    ]
    for group in runs[0].cpu:
        rows.append(
            (
                f"CPU ms/session {group}",
                lambda r, g=group: f"{1000 * r.cpu[g] / max(r.sessions, 1):.1f}",
            )
        )
    rows.append(
        (
            "CPU ms/session, all",
            lambda r: f"{1000 * sum(r.cpu.values()) / max(r.sessions, 1):.1f}",
        )
    )
    for label, value in rows:
        print(f"  {label:<28}" + "".join(f"{value(r):>15}" for r in runs))
    for r in runs:
        for error in r.timings.errors[:2]:
            print(f"  error ({r.replicas} replicas): {error}")


# --- 2./3. submitting kiosks and a failure -----------------------------------


@dataclass
class Submitters:
    """Kiosks each submitting a signed transfer every ``interval`` seconds
    through its own outbox, a client without retries and HAProxy's front."""

    state: dict
    folder: Path
    kiosks: list[tuple[str, str, list[BenchCard], str]]  # id, secret, cards, to
    interval: float
    accepted: list[float] = field(default_factory=list)  # times of accepted sends
    outboxes: dict[int, Outbox] = field(default_factory=dict)  # by kiosk
    made: dict[tuple[int, int], float] = field(default_factory=dict)  # stored when
    lock: threading.Lock = field(default_factory=threading.Lock)

    def run(self, seconds: float, failure: Callable[[], None]) -> float:
        """Submit for ``seconds``; ``failure()`` after KILL_AFTER_S. Its time."""
        stop = threading.Event()
        threads = [
            threading.Thread(target=self._kiosk, args=(i, stop))
            for i in range(len(self.kiosks))
        ]
        start = time.monotonic()
        for th in threads:
            th.start()
        time.sleep(KILL_AFTER_S)
        failed_at = time.monotonic()
        failure()
        time.sleep(max(0.0, seconds - (time.monotonic() - start)))
        stop.set()
        for th in threads:
            th.join(120)
        return failed_at

    def _client(self, i: int) -> BackendClient:
        kid, secret, _, _ = self.kiosks[i]
        return BackendClient(
            self.state["https"],
            kiosk=KioskCredentials(kiosk_id=kid, key=secret),
            ca_bundle=self.state["ca"],
            retries=NO_RETRY,
        )

    def _kiosk(self, i: int, stop: threading.Event) -> None:
        kid, _, cards, to = self.kiosks[i]
        outbox = Outbox(
            self.folder / f"outbox-{i}.sqlite3", retry_base_s=0.5, retry_max_s=2.0
        )
        with self.lock:
            self.outboxes[i] = outbox
        client = self._client(i)
        used = 0
        while not stop.is_set() and used < len(cards):
            card = cards[used]
            used += 1
            conn = GetResponseConnection(VirtualConnection(card.card))
            SsseSession(conn).verify_pin(BENCH_PIN)
            prepared = prepare_submission(
                "transfer", {"kind": "medical", "to_region": to}, kid, card.number
            )
            entry_id = outbox.enqueue(
                prepared, AuthSession(conn).authenticate(KeyRef.HOLDER, prepared.digest)
            )
            with self.lock:
                self.made[(i, entry_id)] = time.monotonic()
            self._deliver(outbox, client)
            stop.wait(self.interval)
        client.close()

    def _deliver(self, outbox: Outbox, client: BackendClient) -> None:
        for entry in outbox.deliver_pending(client):
            if entry.state is EntryState.DELIVERED:
                with self.lock:
                    self.accepted.append(time.monotonic())

    def drain(self) -> None:
        """Deliver what is left (bounded)."""
        deadline = time.monotonic() + DRAIN_S
        clients = {i: self._client(i) for i in self.outboxes}
        while time.monotonic() < deadline and any(
            o.pending() for o in self.outboxes.values()
        ):
            for i, outbox in self.outboxes.items():
                self._deliver(outbox, clients[i])
            time.sleep(0.5)
        for client in clients.values():
            client.close()

    def entries(self) -> list[dict[str, Any]]:
        """Every outbox row, with ``made``: when it was stored (monotonic)."""
        found = []
        for i, outbox in self.outboxes.items():
            with outbox.engine.connect() as conn:
                rows = conn.execute(sa.text("SELECT * FROM outbox_entry")).mappings()
                found += [{**r, "made": self.made.get((i, r["id"]), 0.0)} for r in rows]
        return found


def outcome(sub: Submitters, failed_at: float) -> dict:
    """Lost, duplicated, attempts and gaps of one failure run."""
    entries = sub.entries()
    cards = [e["card_number"] for e in entries]
    engine = sa.create_engine(sub.state["primary_url"])
    with engine.connect() as conn:
        counts = dict(
            conn.execute(
                sa.text(
                    "SELECT card_number, count(*) FROM service_requests"
                    " WHERE card_number = ANY(:cards) GROUP BY card_number"
                ),
                {"cards": cards},
            ).all()
        )
    engine.dispose()
    accepted = sorted(sub.accepted)
    around = [t for t in accepted if t >= failed_at - 5]
    gaps = [b - a for a, b in zip(around, around[1:], strict=False)]
    first_after = next((t for t in accepted if t > failed_at), None)
    return {
        "stored": len(entries),
        "delivered": sum(e["state"] == "delivered" for e in entries),
        "pending": sum(e["state"] == "pending" for e in entries),
        "failed": [e["error_code"] for e in entries if e["state"] == "failed"][:3],
        "lost": sum(1 for c in cards if counts.get(c, 0) == 0),
        "duplicated": sum(1 for c in cards if counts.get(c, 0) > 1),
        "retried": sum(1 for e in entries if e["attempts"] > 1),
        "max_attempts": max((e["attempts"] for e in entries), default=0),
        # stored while there was no service, delivered once it came back
        "after_recovery": sum(
            1
            for e in entries
            if failed_at <= e["made"] < (first_after or float("inf"))
            and e["state"] == "delivered"
        ),
        "no_service_s": max(gaps, default=0.0),
        "first_accept_s": (first_after - failed_at) if first_after else float("nan"),
    }


def print_failures(results: dict[str, dict], submitters: int, interval: float) -> None:
    print(
        f"\n== failures under load: {submitters} kiosks, one signed submission"
        f" every {interval} s each, outbox, no transport retries"
    )
    names = list(results)
    print(f"  {'':34}" + "".join(f"{n:>22}" for n in names))
    rows = [
        ("submissions stored in outboxes", "stored"),
        ("delivered (pending, failed)", None),
        ("lost (target 0)", "lost"),
        ("duplicated (target 0)", "duplicated"),
        ("needed a second attempt", "retried"),
        ("most attempts for one", "max_attempts"),
        ("stored in the outage, delivered", "after_recovery"),
        ("longest gap between accepts s", "no_service_s"),
        ("first accept after the kill s", "first_accept_s"),
    ]
    for label, key in rows:
        cells = []
        for n in names:
            r = results[n]
            if key is None:
                cells.append(f"{r['delivered']} ({r['pending']}, {len(r['failed'])})")
            elif isinstance(r[key], float):
                cells.append(f"{r[key]:.1f}")
            else:
                cells.append(str(r[key]))
        print(f"  {label:<34}" + "".join(f"{c:>22}" for c in cells))
    for n in names:
        for code in results[n]["failed"]:
            print(f"  refused ({n}): {code}")


def print_problems(logs: Path, most: int = 8) -> None:
    """The backends' distinct log lines at ERROR (what a kiosk's 5xx was)."""
    seen: dict[str, int] = {}
    for log in sorted(logs.glob("backend*.log")):
        for line in log.read_text(errors="replace").splitlines():
            if " ERROR " in line or " CRITICAL " in line:
                text = line.split(" ", 3)[-1][:160]
                seen[text] = seen.get(text, 0) + 1
    if seen:
        print(f"\nthe backends logged {sum(seen.values())} line(s) at ERROR:")
        for text, n in list(seen.items())[:most]:
            print(f"  {n:4d} x {text}")


# --- main ----------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kiosks", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=3, help="per replica count")
    parser.add_argument("--warmup", type=int, default=1)
    parser.add_argument("--submitters", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=25.0, help="per failure run")
    parser.add_argument("--interval", type=float, default=1.5)
    parser.add_argument("--base", type=int, default=37000, help="port base")
    args = parser.parse_args()
    if not (1 <= args.kiosks <= args.submitters <= 40 and 1 <= args.rounds <= 20):
        parser.error("need 1 <= kiosks <= submitters <= 40 and 1 <= rounds <= 20")
    if not (KILL_AFTER_S + 5 <= args.seconds <= 120 and 0.2 <= args.interval <= 10):
        parser.error("need 10 <= seconds <= 120 and 0.2 <= interval <= 10")
    tool = load_tool()
    folder = Path(tempfile.mkdtemp(prefix="ssc-bench-cluster-"))
    folder.chmod(0o755)
    per_run = int(args.seconds / args.interval) + 2
    flow_rounds = args.warmup + args.rounds * len(REPLICA_COUNTS)
    try:
        cluster = folder / "cluster"
        tool.up(tool.Layout(dir=cluster, base=args.base, replicas=3))
        state = tool.load_state(cluster)
        t0 = time.monotonic()
        secrets, per_kiosk = prepare(
            state["primary_url"], args.submitters, flow_rounds + 2 * per_run
        )
        print(
            f"cluster up, {sum(len(c) for c, _ in per_kiosk)} bench residents"
            f" loaded in {time.monotonic() - t0:.0f} s"
        )
        ids = sorted(secrets)
        kiosks = [
            TlsKiosk(
                state["ca"],
                state["https"],
                kid,
                secrets[kid],
                per_kiosk[i][0],
                per_kiosk[i][1],
            )
            for i, kid in enumerate(ids[: args.kiosks])
        ]
        print_replicas(replica_runs(tool, state, kiosks, args), args.kiosks)
        results = {}
        for name, offset, target in (
            ("backend replica killed", flow_rounds, "backend2"),
            ("primary killed", flow_rounds + per_run, "primary"),
        ):
            run_dir = folder / name.replace(" ", "-")
            run_dir.mkdir()
            sub = Submitters(
                state=state,
                folder=run_dir,
                kiosks=[
                    (
                        kid,
                        secrets[kid],
                        per_kiosk[i][0][offset : offset + per_run],
                        per_kiosk[i][1],
                    )
                    for i, kid in enumerate(ids)
                ],
                interval=args.interval,
            )
            failed_at = sub.run(
                args.seconds, functools.partial(tool.kill, state, target)
            )
            sub.drain()
            results[name] = outcome(sub, failed_at)
            for outbox in sub.outboxes.values():
                outbox.close()
            tool.up(tool.Layout(dir=cluster, base=args.base, replicas=3))  # heal
            state = tool.load_state(cluster)
        print_failures(results, args.submitters, args.interval)
        lost = sum(r["lost"] + r["duplicated"] for r in results.values())
        retried_once = results["backend replica killed"]["max_attempts"] <= 2
        print(
            f"\nverdict: lost+duplicated {lost} (target 0); at most one retried call"
            " per resident with a replica killed: "
            + ("MET" if retried_once else "MISSED")
        )
        print_problems(folder / "cluster" / "log")
    finally:
        tool.down(folder / "cluster")
        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
