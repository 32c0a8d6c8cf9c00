#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Kiosk start-up and card-insertion latency, side by side with a bare PySide6 window.

Each figure comes from fresh child processes (offscreen Qt unless DISPLAY is set),
compared with a bare PySide6 ``QMainWindow`` with one label measured in the
same run — the floor any Qt app pays:

* ``ss-kiosk --config`` (a real terminal): a backend subprocess
  (``ss-backend serve --demo`` on 127.0.0.1), a kiosk.toml naming it, the
  reader "Virtual PCD 00 00" of pcscd + vpcd, started as ``main()`` starts it
  (``kiosk.startup.Boot``). Two points, each with its time since the
  interpreter was launched and the peak RSS so far: the welcome screen's
  first paint done, and "ready for a card" (reader monitor running, backend
  client and outbox open); then the peak RSS after the insertions (the
  screens of the card path are built on first use). Per-stage times and
  VmRSS after the first paint are printed below the table. Card insertion
  -> PIN pad shown: a copy of a
  demo card image is served by ``ss-card virtual serve`` (its "card inserted"
  log line, i.e. the vpcd connection, is the insertion instant), read through
  pcscd (EF05/EF06, key-81 check, backend challenge), then the serve process
  is stopped and the reader must be empty before the next insertion;
* ``ss-kiosk --demo`` (embedded backend migrated and seeded in-process,
  in-process virtual reader): the same figures, for reference.

The parent waits in a Qt event loop (``QEventLoop.exec``, predicate checked
every 2 ms) like ``app.exec()``, not a busy ``processEvents`` loop that would
hold the GIL against the kiosk's loader and worker threads.

Targets: start within 1.5x the bare window, RSS within +80 MiB of
it, insertion -> PIN pad under 500 ms through pcscd + vpcd. Needs pcscd with
vpcd (``bash scripts/start-pcscd.sh``); ``--skip-pcsc`` runs the demo rows only.

    python3 bench/kiosk_start.py [--runs 3] [--inserts 10] [--skip-pcsc]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from card.virtual.bundled import DEMO_CA_CERTIFICATE, DEMO_CARDS_DIR

ROOT = Path(__file__).resolve().parent.parent
T0_ENV = "SSC_BENCH_T0"


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _wait(app, predicate, timeout: float = 30.0) -> None:
    """Run the Qt event loop (as ``app.exec()`` does, the GIL released while
    idle) until ``predicate()``; it is checked every 2 ms."""
    from PySide6.QtCore import QEventLoop, QTimer

    if predicate():
        return
    deadline = time.monotonic() + timeout
    loop = QEventLoop()
    timer = QTimer()
    timer.setInterval(2)
    timer.timeout.connect(
        lambda: (predicate() or time.monotonic() > deadline) and loop.quit()
    )
    timer.start()
    loop.exec()
    timer.stop()
    if not predicate():
        raise TimeoutError("bench: state not reached")


def _since_t0() -> float:
    return time.time() - float(os.environ[T0_ENV])


def _vmrss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        return next(
            int(line.split()[1]) / 1024 for line in status if line.startswith("VmRSS:")
        )


def child_bare() -> dict[str, float]:
    """A bare PySide6 window: import, construct, show, first paint done."""
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

    class FirstPaint(QObject):
        def __init__(self) -> None:
            super().__init__()
            self.figures: dict[str, float] = {}

        def eventFilter(self, watched, event) -> bool:  # noqa: N802
            if event.type() == QEvent.Type.Paint and not self.figures:
                QTimer.singleShot(0, self.done)  # after the paint, as Boot does
                self.figures["pending"] = 1.0
            return False

        def done(self) -> None:
            self.figures = {"start_s": _since_t0(), "rss_mb": _peak_rss_mb()}

    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    hello = QLabel("hello")
    window.setCentralWidget(hello)
    watch = FirstPaint()
    hello.installEventFilter(watch)
    window.show()
    _wait(app, lambda: "start_s" in watch.figures)
    return watch.figures


def _boot(app, plan) -> tuple[object, dict[str, float]]:
    """Start the kiosk exactly as ``main()`` does (kiosk.startup.Boot): the
    welcome screen's first paint, then "ready for a card" (reader monitor
    running, backend client and outbox open); in between, the longest gap
    between ticks of a 5 ms timer: how long the GUI could not react."""
    from PySide6.QtCore import QTimer

    from kiosk.startup import Boot

    figures: dict[str, float] = {}
    ticks = [0.0, 0.0]  # last tick, longest gap
    ticker = QTimer()
    ticker.setInterval(5)

    def tick() -> None:
        now = time.perf_counter()
        ticks[1] = max(ticks[1], now - ticks[0])
        ticks[0] = now

    ticker.timeout.connect(tick)

    def painted() -> None:
        figures.update(start_s=_since_t0(), rss_mb=_peak_rss_mb())
        ticks[0] = time.perf_counter()
        ticker.start()

    def ready() -> None:
        ticker.stop()
        tick()
        figures.update(
            ready_s=_since_t0(),
            ready_rss_mb=_peak_rss_mb(),
            ready_vmrss_mb=_vmrss_mb(),
            stall_ms=ticks[1] * 1000,
        )

    boot = Boot(app, plan)
    boot.painted.connect(painted)
    boot.ready.connect(ready)
    boot.failed.connect(lambda status: figures.update(failed=status))
    _wait(app, lambda: "ready_s" in figures or "failed" in figures)
    if "failed" in figures:
        raise SystemExit(f"bench: the kiosk did not start (status {figures['failed']})")
    first = boot.marks["welcome painted"][0]
    for stage, (at, mib) in boot.marks.items():
        figures[f"stage {stage}"] = at - first
        figures[f"stage {stage} MiB"] = mib
    return boot, figures


def _look():
    from kiosk.app import Look
    from kiosk.i18n import Language

    return Look(language=Language.ZH_CN, large_text=False, shuffle_pin_pad=False)


def child_kiosk(inserts: int) -> dict[str, float]:
    """``ss-kiosk --demo`` up to the welcome screen and ready, then insertions."""
    sys.path.insert(0, str(ROOT))
    from PySide6.QtWidgets import QApplication

    from kiosk.flow import State
    from kiosk.startup import Plan
    from qtcommon.fonts import choose_font

    app = QApplication(sys.argv[:1])
    choose_font(app)
    with tempfile.TemporaryDirectory(prefix="ssc-bench-") as state:
        boot, figures = _boot(app, Plan(look=_look(), demo_state=Path(state)))
        kiosk, demo = boot.kiosk, boot.demo
        slot = demo.slot("active")
        latencies = []
        for _ in range(inserts):
            began = time.perf_counter()
            demo.insert(slot.path)
            _wait(
                app,
                lambda: (
                    kiosk.controller.flow.state is State.PIN
                    and kiosk.window.stack.currentWidget() is kiosk.screens.pin
                ),
            )
            latencies.append(time.perf_counter() - began)
            demo.remove()
            _wait(app, lambda: kiosk.controller.flow.state is State.WELCOME)
        figures["after_rss_mb"] = _peak_rss_mb()
        boot.close()
    return {
        **figures,
        "insert_median_ms": statistics.median(latencies) * 1000,
        "insert_max_ms": max(latencies) * 1000,
    }


READER = "Virtual PCD 00 00"
CA_PEM = DEMO_CA_CERTIFICATE
CARD = DEMO_CARDS_DIR / "D00000190.json"  # an ordinary account
VPCD_LOCK = Path("/tmp/ssc-vpcd-tests.lock")


def _until(predicate, what: str, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise TimeoutError(f"bench: waited {timeout:.0f}s for {what}")
        time.sleep(0.02)


class ServedCard:
    """``ss-card virtual serve IMAGE`` in a subprocess; stamps the instant its
    log says the card went into the reader (the vpcd connection)."""

    def __init__(self, image: Path) -> None:
        import threading

        self.inserted_at: float | None = None
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "card.cli", "-v", "virtual", "serve", str(image)],
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        threading.Thread(target=self._watch, daemon=True).start()

    def _watch(self) -> None:
        assert self.proc.stderr is not None
        for line in self.proc.stderr:
            if "card inserted" in line and self.inserted_at is None:
                self.inserted_at = time.monotonic()

    def remove(self) -> None:
        self.proc.terminate()
        self.proc.wait(10)


def child_terminal(config_path: Path, image: Path, inserts: int) -> dict[str, float]:
    """``ss-kiosk --config`` as main() starts it, then cards through pcscd."""
    from PySide6.QtWidgets import QApplication

    app = QApplication(sys.argv[:1])
    from kiosk.app import Look, load_config
    from kiosk.flow import State
    from kiosk.startup import Plan
    from qtcommon.fonts import choose_font

    choose_font(app)
    config = load_config(config_path)
    look = Look(
        language=config.language,
        large_text=config.large_text,
        shuffle_pin_pad=config.shuffle_pin_pad,
    )
    boot, figures = _boot(app, Plan(look=look, config=config))
    from card.pcsc import PcscProvider  # after "ready": not part of the start

    kiosk = boot.kiosk
    flow = kiosk.controller.flow
    probe = PcscProvider()

    def card_present() -> bool:
        return any(r.name == READER and r.card_present for r in probe.readers())

    latencies, from_spawn = [], []
    for _ in range(inserts):
        _until(lambda: not card_present(), "the reader to be empty")
        spawned = time.monotonic()
        card = ServedCard(image)
        try:
            _wait(
                app,
                lambda: (
                    flow.state is State.PIN
                    and kiosk.window.stack.currentWidget() is kiosk.screens.pin
                ),
            )
            shown = time.monotonic()
        finally:
            card.remove()
        if card.inserted_at is None:
            raise SystemExit("bench: ss-card virtual serve never logged the insertion")
        latencies.append(shown - card.inserted_at)
        from_spawn.append(shown - spawned)
        _wait(app, lambda: flow.state is State.WELCOME)
    figures["after_rss_mb"] = _peak_rss_mb()
    boot.close()
    probe.close()
    return {
        **figures,
        "insert_median_ms": statistics.median(latencies) * 1000,
        "insert_max_ms": max(latencies) * 1000,
        "spawn_median_ms": statistics.median(from_spawn) * 1000,
    }


def _child_env() -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen" if not env.get("DISPLAY") else "")
    if not env["QT_QPA_PLATFORM"]:
        del env["QT_QPA_PLATFORM"]
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    return env


def run_child(kind: str, inserts: int, *extra: str) -> dict[str, float]:
    env = _child_env()
    env[T0_ENV] = repr(time.time())
    done = subprocess.run(
        [sys.executable, __file__, "--child", kind, "--inserts", str(inserts), *extra],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=300,
        cwd=ROOT,
    )
    if done.returncode != 0:
        raise SystemExit(f"{kind} child failed:\n{done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


class Backend:
    """``ss-backend serve --demo`` on a free loopback port (fresh seeded SQLite)."""

    def __init__(self) -> None:
        import socket

        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = int(probe.getsockname()[1])
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "backend.cli",
                "serve",
                "--demo",
                "--host",
                "127.0.0.1",
                "--port",
                str(self.port),
            ],
            cwd=ROOT,
            env=_child_env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        self.kiosk_id = self.secret = ""
        assert self.proc.stdout is not None
        for line in self.proc.stdout:  # the seed prints the credentials first
            if line.startswith("demo kiosk: "):
                self.kiosk_id = line.split(": ", 1)[1].strip()
            elif line.startswith("demo kiosk secret: "):
                self.secret = line.split(": ", 1)[1].strip()
                break
        if not self.secret:
            self.stop()
            raise SystemExit("backend: no demo kiosk secret on its output")
        _until(self._healthy, "the backend's /healthz", 60)

    def _healthy(self) -> bool:
        import urllib.request

        try:
            with urllib.request.urlopen(self.url + "/healthz", timeout=1) as reply:
                return bool(reply.status == 200)
        except OSError:
            return False

    def kiosk_toml(self, folder: Path) -> Path:
        """A terminal's configuration for this backend and the vpcd reader."""
        path = folder / "kiosk.toml"
        path.write_text(
            f'[reader]\nname_pattern = "{READER}"\n\n'
            f'[backend]\nurl = "{self.url}"\nkiosk_id = "{self.kiosk_id}"\n'
            f'kiosk_secret = "{self.secret}"\n\n'
            f'[kiosk]\nissuer_ca = "{CA_PEM}"\noutbox = "outbox.sqlite3"\n\n'
            "[display]\nfull_screen = false\n\n"
            '[printer]\nsave_dir = "certificates"\n',
            encoding="utf-8",
        )
        return path

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(15)


def terminal_runs(
    runs: int, inserts: int
) -> tuple[list[dict[str, float]], list[dict[str, float]]]:
    """Bare windows and ``--config`` kiosks interleaved, under the vpcd lock."""
    import fcntl
    import shutil

    with (
        VPCD_LOCK.open("a") as lock,
        tempfile.TemporaryDirectory(prefix="ssc-bench-") as tmp,
    ):
        fcntl.flock(lock, fcntl.LOCK_EX)  # the pcsc tests use the same reader
        folder = Path(tmp)
        image = folder / CARD.name
        shutil.copyfile(CARD, image)  # serving records state: never the original
        backend = Backend()
        try:
            config = str(backend.kiosk_toml(folder))
            bare, terminal = [], []
            for _ in range(runs):
                bare.append(run_child("bare", 0))
                terminal.append(
                    run_child(
                        "terminal", inserts, "--config", config, "--image", str(image)
                    )
                )
        finally:
            backend.stop()
    return bare, terminal


def _verdict(ok: bool) -> str:
    return "ok" if ok else "MISSED"


def report(
    bare: list[dict[str, float]],
    columns: dict[str, list[dict[str, float]]],
    terminal: str | None,
) -> None:
    """One table: bare window, each kiosk mode, target and verdict."""

    def med(rows: list[dict[str, float]], key: str) -> float:
        return statistics.median(row[key] for row in rows)

    names = list(columns)
    head = f"{'':34}{'bare PySide6':>14}" + "".join(f"{n:>18}" for n in names)
    print(head + f"{'target':>22}{'verdict':>9}")
    base_s, base_mb = med(bare, "start_s"), med(bare, "rss_mb")
    checked = columns[terminal] if terminal else None

    def row(
        label: str,
        key: str,
        digits: int,
        base: float | None = None,
        target: str = "(no target)",
        limit: float | None = None,
        pick: object = med,
    ) -> None:
        """One figure per kiosk mode; the verdict compares the terminal's."""
        first = f"{base:>14.{digits}f}" if base is not None else f"{'—':>14}"
        cells = "".join(
            f"{pick(columns[n], key):>18.{digits}f}"  # type: ignore[operator]
            for n in names
        )
        verdict = "—"
        if limit is not None and checked:
            verdict = _verdict(pick(checked, key) <= limit)  # type: ignore[operator]
        print(
            f"{label:34}{first}{cells}"
            + (f"{target:>22}{verdict:>9}" if target else "")
        )

    rss_target, rss_limit = f"<= {base_mb + 80:.0f} (+80)", base_mb + 80
    row(
        "cold start to welcome shown (s)",
        "start_s",
        2,
        base_s,
        f"<= {1.5 * base_s:.2f} (1.5x)",
        1.5 * base_s,
    )
    row("peak RSS at that point (MiB)", "rss_mb", 0, base_mb, rss_target, rss_limit)
    row("ready for a card (s)", "ready_s", 2)
    row("peak RSS when ready (MiB)", "ready_rss_mb", 0, None, rss_target, rss_limit)
    row("  longest GUI stall meanwhile (ms)", "stall_ms", 0)
    row("  peak RSS after the insertions", "after_rss_mb", 0)
    row("card inserted -> PIN pad (ms)", "insert_median_ms", 0, None, "< 500", 499.999)
    row(
        "  worst insertion (ms)",
        "insert_max_ms",
        0,
        target="",
        pick=lambda rows, key: max(r[key] for r in rows),
    )
    if checked:
        print(
            f"{'  serve spawned -> PIN pad (ms)':34}{'—':>14}"
            f"{med(checked, 'spawn_median_ms'):>18.0f}"
            "   (adds the serve process start-up)"
        )


def report_stages(name: str, rows: list[dict[str, float]]) -> None:
    """Where the time and the memory go after the first paint (medians)."""
    stages = [
        key[6:]
        for key in rows[0]
        if key.startswith("stage ") and not key.endswith(" MiB")
    ]
    print(f"{name} start-up stages (after the welcome screen's first paint):")
    print(f"  {'stage':24}{'+s':>8}{'VmRSS MiB':>11}")
    for stage in stages:
        at = statistics.median(r[f"stage {stage}"] for r in rows)
        mib = statistics.median(r[f"stage {stage} MiB"] for r in rows)
        print(f"  {stage:24}{at:>8.2f}{mib:>11.0f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--inserts", type=int, default=10)
    parser.add_argument(
        "--skip-pcsc",
        action="store_true",
        help="only the bare window and ss-kiosk --demo",
    )
    parser.add_argument("--child", choices=["bare", "kiosk", "terminal"])
    parser.add_argument("--config", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--image", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child == "bare":
        print(json.dumps(child_bare()))
        return 0
    if args.child == "kiosk":
        print(json.dumps(child_kiosk(args.inserts)))
        return 0
    if args.child == "terminal":
        print(json.dumps(child_terminal(args.config, args.image, args.inserts)))
        return 0
    columns: dict[str, list[dict[str, float]]] = {}
    bare: list[dict[str, float]] = []
    if not args.skip_pcsc:
        bare, columns["ss-kiosk --config"] = terminal_runs(args.runs, args.inserts)
    for _ in range(args.runs):
        bare.append(run_child("bare", 0))
    columns["ss-kiosk --demo"] = [
        run_child("kiosk", args.inserts) for _ in range(args.runs)
    ]
    print(
        f"runs: {args.runs}, card insertions per kiosk run: {args.inserts}; "
        f"{'offscreen' if not os.environ.get('DISPLAY') else 'X11'} Qt"
    )
    report(bare, columns, None if args.skip_pcsc else "ss-kiosk --config")
    for name, rows in columns.items():
        report_stages(name, rows)
    print(
        "--config: backend subprocess + pcscd/vpcd card (ss-card virtual serve); "
        "--demo: in-process backend (migrated, seeded) + in-process virtual reader"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
