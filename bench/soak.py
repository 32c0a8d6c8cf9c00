# SPDX-License-Identifier: Apache-2.0
"""Soak: many resident visits through pcscd + vpcd against a real backend.

Each cycle is one visit as the kiosk makes it: the card is inserted (a
virtual card plugged into pcscd's vpcd reader by a child process, seen by the
kiosk's own presence monitor, ``card.pcsc.PcscMonitor``), connected, read and
proved genuine (``kiosk.cardjobs.read_card``), the PIN verified, a backend
session opened (challenge, key-82 signature, session), the accounts read, the
session ended, and the card removed (seen by the monitor). The backend is
``ss-backend serve`` on 127.0.0.1 over a seeded SQLite file
(``tests.live_backend``). Usage:

    python bench/soak.py [--cycles 1000] [--warmup 20]

Printed: failures (target 0) by kind; resident set size and open file
descriptors of this process (the kiosk side: monitor, PC/SC contexts, HTTP
client) and of the backend, after the warm-up, half-way and at the end
(target: no growth beyond noise; growth that stops by half-way is a cache
filling up, growth that goes on is a leak); p50/p99 of each step beside a
baseline measured in the same cycle, in an order drawn at random: the same
APDU bytes sent by a bare ``SCardTransmit`` loop on the same card handle for
the card steps (as
``bench/card_session.py``), one ``GET /healthz`` on the same client for the
backend steps (as ``bench/backend_load.py``). Insertion and removal have no
baseline: they are pcscd noticing the vpcd reader's change (it polls it), which
our monitor waits for in the same ``SCardGetStatusChange`` a bare client uses.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import random
import statistics
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from multiprocessing.connection import Connection as Pipe
from pathlib import Path
from typing import TypeVar

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cryptography import x509  # noqa: E402

from backend_client import BackendClient, ResidentSession  # noqa: E402
from bench.card_session import Recording  # noqa: E402
from card.auth import bind_challenge  # noqa: E402
from card.connection import Connection, GetResponseConnection  # noqa: E402
from card.virtual.bundled import DEMO_CA_CERTIFICATE  # noqa: E402
from tests.live_backend import DemoCard, LiveBackend, live_backend  # noqa: E402

CA = x509.load_pem_x509_certificate(DEMO_CA_CERTIFICATE.read_bytes())
READER = "Virtual PCD 00 00"
T = TypeVar("T")
EVENT_TIMEOUT_S = 10.0
STEPS = (
    "insert",
    "connect",
    "read",
    "pin",
    "session",
    "accounts",
    "logout",
    "remove",
)


# --- the card, in its own process --------------------------------------------


def card_process(image: str, pipe: Pipe) -> None:
    """Plug the card into the vpcd reader on "insert", pull it on "remove"."""
    from card.virtual.card import VirtualCard
    from card.virtual.vpcd import VpcdBridge

    card = VirtualCard.load(Path(image))
    bridge: VpcdBridge | None = None
    while True:
        command = pipe.recv()
        if command == "insert":
            bridge = VpcdBridge(card).start()
            pipe.send(bridge.connected.wait(EVENT_TIMEOUT_S))
        elif command == "remove" and bridge is not None:
            bridge.stop()
            bridge = None
            pipe.send(True)
        else:
            if bridge is not None:
                bridge.stop()
            pipe.send(True)
            return


class CardHand:
    """The child process that inserts and removes the card."""

    def __init__(self, image: Path) -> None:
        context = multiprocessing.get_context("fork")  # before any PC/SC context
        self.pipe, theirs = context.Pipe()
        self.proc = context.Process(target=card_process, args=(str(image), theirs))
        self.proc.start()

    def do(self, command: str) -> None:
        self.pipe.send(command)
        if not self.pipe.recv():
            raise RuntimeError(f"the card process could not {command}")

    def close(self) -> None:
        self.do("quit")
        self.proc.join(10)


# --- the kiosk side -------------------------------------------------------------


class Presence:
    """The kiosk's monitor callbacks for one reader, as events to wait on."""

    def __init__(self, reader: str) -> None:
        self.reader = reader
        self.inserted = threading.Event()
        self.removed = threading.Event()
        self.removed.set()  # the monitor reports the cards present at its start

    def reader_added(self, name: str) -> None:
        pass

    def reader_removed(self, name: str) -> None:
        pass

    def card_inserted(self, name: str, atr: bytes) -> None:
        if name == self.reader:
            self.removed.clear()
            self.inserted.set()

    def card_removed(self, name: str) -> None:
        if name == self.reader:
            self.inserted.clear()
            self.removed.set()


@dataclass
class Figures:
    """Seconds per step, ours and the baseline, and failures by kind."""

    ours: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    bare: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    failures: Counter[str] = field(default_factory=Counter)


Samples = dict[str, list[float]]


def timed(into: list[float], run: Callable[[], T]) -> T:
    started = time.perf_counter()
    result = run()
    into.append(time.perf_counter() - started)
    return result


def usage(pid: int) -> tuple[int, int]:
    """(resident set in KiB, open file descriptors) of process ``pid`` (/proc)."""
    rss = 0
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            rss = int(line.split()[1])
    return rss, len(os.listdir(f"/proc/{pid}/fd"))


class Visit:
    """One resident's visit, step by step, with its baselines."""

    def __init__(
        self, hand: CardHand, presence: Presence, client: BackendClient, pin: str
    ) -> None:
        from card.pcsc import PcscProvider

        self.hand, self.presence, self.client, self.pin = hand, presence, client, pin
        self.provider = PcscProvider()
        self.order = random.Random(20)
        self.recorded: dict[str, list[bytes]] = {}

    def run(self, figures: Figures, measure: bool) -> None:
        """One cycle; step times go to ``figures`` when ``measure``."""
        ours: Samples = figures.ours if measure else defaultdict(list)
        bare: Samples = figures.bare if measure else defaultdict(list)
        self._wait(ours["insert"], "insert", self.presence.inserted)
        raw: Connection = timed(ours["connect"], lambda: self.provider.connect(READER))
        try:
            self._card_steps(raw, ours, bare)
        finally:
            raw.close()
            self._wait(ours["remove"], "remove", self.presence.removed)

    def _wait(self, into: list[float], command: str, event: threading.Event) -> None:
        started = time.perf_counter()
        self.hand.do(command)
        if not event.wait(EVENT_TIMEOUT_S):
            raise TimeoutError(f"the monitor did not see the card {command}ed")
        into.append(time.perf_counter() - started)

    def _card_steps(self, raw: Connection, ours: Samples, bare: Samples) -> None:
        from smartcard import scard

        from kiosk import cardjobs

        if not self.recorded:
            self._record(raw)
        conn = GetResponseConnection(raw)  # the kiosk's own path (batches)
        handle, protocol = raw._card, raw._protocol  # type: ignore[attr-defined]

        def replay(apdus: list[bytes]) -> Callable[[], object]:
            lists = [list(a) for a in apdus]
            return lambda: [scard.SCardTransmit(handle, protocol, a) for a in lists]

        card = self._paired(
            ours["read"],
            bare["read"],
            lambda: cardjobs.read_card(conn, CA),
            replay(self.recorded["read"]),
        )
        self._paired(
            ours["pin"],
            bare["pin"],
            lambda: cardjobs.verify_pin(conn, self.pin),
            replay(self.recorded["pin"]),
        )
        number = card.issuer.card_number  # type: ignore[attr-defined]
        health = self.client.health
        session = self._paired(
            ours["session"],
            bare["session"],
            lambda: self._sign_in(conn, number),
            health,
        )
        assert isinstance(session, ResidentSession)
        self._paired(ours["accounts"], bare["accounts"], session.accounts, health)
        self._paired(ours["logout"], bare["logout"], session.logout, health)

    def _record(self, raw: Connection) -> None:
        """The APDU bytes of the read and PIN steps, for the bare loops (once,
        in a warm-up cycle; later reads differ only in the random challenge)."""
        from kiosk import cardjobs

        recorder = Recording(raw)
        conn = GetResponseConnection(recorder)
        cardjobs.read_card(conn, CA)
        self.recorded["read"] = list(recorder.sent)
        recorder.sent.clear()
        cardjobs.verify_pin(conn, self.pin)
        self.recorded["pin"] = list(recorder.sent)

    def _paired(
        self,
        ours: list[float],
        bare: list[float],
        run: Callable[[], object],
        baseline: Callable[[], object],
    ) -> object:
        """``run`` and ``baseline`` timed back to back, in an order drawn at
        random (neither always inherits the other's after-effects)."""
        baseline_first = self.order.random() < 0.5
        if baseline_first:
            timed(bare, baseline)
        result = timed(ours, run)
        if not baseline_first:
            timed(bare, baseline)
        return result

    def _sign_in(self, conn: Connection, number: str) -> ResidentSession:
        from kiosk import cardjobs

        assert self.client.kiosk is not None
        challenge = self.client.challenge(number)
        bound = bind_challenge(challenge.nonce, self.client.kiosk.kiosk_id, number)
        signature = cardjobs.sign(conn, bound)
        return self.client.open_session(challenge.challenge_id, number, signature)

    def recover(self) -> None:
        """After a failed cycle: the card out and seen out."""
        if not self.presence.removed.is_set():
            self.hand.do("remove")
            self.presence.removed.wait(EVENT_TIMEOUT_S)


# --- the run and its report -----------------------------------------------------


def p(values: list[float], q: float) -> float:
    """The ``q`` quantile in ms (q in 0..1)."""
    if len(values) < 2:
        return values[0] * 1000 if values else float("nan")
    cuts = statistics.quantiles(values, n=100, method="inclusive")
    return (statistics.median(values) if q == 0.5 else cuts[int(q * 100) - 1]) * 1000


def report(
    figures: Figures,
    cycles: int,
    usage_at: dict[str, dict[str, tuple[int, int]]],
    elapsed: float,
) -> None:
    failed = sum(figures.failures.values())
    print(f"\nsoak: {cycles} cycles in {elapsed:.0f} s; failures: {failed} (target 0)")
    for kind, count in figures.failures.most_common():
        print(f"  {count:>5}  {kind}")
    print(
        "\nprocess              RSS KiB start -> half-way -> end (growth)"
        "   open fds start -> half-way -> end"
    )
    for who, at in usage_at.items():
        (rss0, fd0), (rss1, fd1) = at["start"], at["end"]
        rss_h, fd_h = at.get("half-way", at["start"])
        print(
            f"{who:<20} {rss0:>9} -> {rss_h:>9} -> {rss1:>9} ({rss1 - rss0:+7d})"
            f"   {fd0:>5} -> {fd_h:>5} -> {fd1:>5} ({fd1 - fd0:+d})"
        )
    print(
        f"\n{'step':<10} {'n':>5} {'ours p50':>9} {'ours p99':>9} "
        f"{'bare p50':>9} {'bare p99':>9}  baseline"
    )
    for step in STEPS:
        ours, bare = figures.ours[step], figures.bare[step]
        what = BASELINE.get(step, "none (pcscd's poll of vpcd)")
        line = f"{step:<10} {len(ours):>5} {p(ours, 0.5):>9.2f} {p(ours, 0.99):>9.2f}"
        if bare:
            line += f" {p(bare, 0.5):>9.2f} {p(bare, 0.99):>9.2f}"
        else:
            line += f" {'-':>9} {'-':>9}"
        print(f"{line}  {what}")


BASELINE = {
    "connect": "none (SCardConnect itself)",
    "read": "the same APDUs, bare SCardTransmit",
    "pin": "the same VERIFY, bare SCardTransmit",
    "session": "GET /healthz, same client",
    "accounts": "GET /healthz, same client",
    "logout": "GET /healthz, same client",
}


def soak(live: LiveBackend, demo: DemoCard, cycles: int, warmup: int) -> None:
    hand = CardHand(demo.path)  # forked before this process opens PC/SC
    presence = Presence(READER)
    from card.pcsc import PcscProvider

    monitor = PcscProvider().start_monitor(presence)
    client = live.client()
    visit = Visit(hand, presence, client, demo.pin)
    figures = Figures()
    usage_at: dict[str, dict[str, tuple[int, int]]] = {
        "kiosk side (bench)": {},
        "backend": {},
    }
    pids = {"kiosk side (bench)": os.getpid(), "backend": live._proc.pid}  # type: ignore[union-attr]
    started = time.perf_counter()
    try:
        time.sleep(1)  # the monitor's first round
        if presence.inserted.is_set():
            raise SystemExit(f"{READER} is not empty: is another card served?")
        for i in range(warmup + cycles):
            if i in (warmup, warmup + cycles // 2):
                point = "start" if i == warmup else "half-way"
                for who, pid in pids.items():
                    usage_at[who][point] = usage(pid)
                if i == warmup:
                    started = time.perf_counter()
            try:
                visit.run(figures, measure=i >= warmup)
            except Exception as exc:  # counted and reported
                if i >= warmup:
                    figures.failures[f"{visit_step(exc)}{type(exc).__name__}"] += 1
                visit.recover()
        for who, pid in pids.items():
            usage_at[who]["end"] = usage(pid)
    finally:
        elapsed = time.perf_counter() - started
        client.close()
        monitor.stop()
        hand.close()
    report(figures, cycles, usage_at, elapsed)


def visit_step(exc: BaseException) -> str:
    return f"{exc}: " if isinstance(exc, TimeoutError) else ""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cycles", type=int, default=1000)
    parser.add_argument(
        "--warmup", type=int, default=20, help="cycles before the start figures"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="ssc-soak-") as tmp:
        with live_backend(Path(tmp) / "backend") as live:
            demo = live.copy_card(live.card("active"), Path(tmp) / "card")
            soak(live, demo, args.cycles, args.warmup)
    return 0


if __name__ == "__main__":
    sys.exit(main())
