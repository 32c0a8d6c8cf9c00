#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Kiosk start-up and card-insertion latency, side by side with a bare PySide6 window.

Each figure comes from fresh child processes (offscreen Qt unless DISPLAY is set):

* cold start to the welcome screen being shown, and peak RSS, for
  ``ss-kiosk --demo`` (embedded backend + virtual reader) against a bare
  PySide6 ``QMainWindow`` with one label — the floor any Qt app pays;
* card insertion -> PIN pad shown (read EF05/EF06, key-81 check, backend
  challenge), repeated with a card taken out in between.

    python3 bench/kiosk_start.py [--runs 3] [--inserts 10]
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

ROOT = Path(__file__).resolve().parent.parent
T0_ENV = "SSC_BENCH_T0"


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _wait(app, predicate, timeout: float = 30.0) -> None:
    from PySide6.QtCore import QEventLoop

    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise TimeoutError("bench: state not reached")
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 5)


def child_bare() -> dict[str, float]:
    """A bare PySide6 window: import, construct, show, first paint."""
    from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.setCentralWidget(QLabel("hello"))
    window.show()
    _wait(app, window.isVisible)
    app.processEvents()
    started = float(os.environ[T0_ENV])
    return {"start_s": time.time() - started, "rss_mb": _peak_rss_mb()}


def child_kiosk(inserts: int) -> dict[str, float]:
    """``ss-kiosk --demo`` up to the welcome screen, then card insertions."""
    sys.path.insert(0, str(ROOT))
    from PySide6.QtWidgets import QApplication

    from kiosk.app import Kiosk
    from kiosk.demo import DemoRuntime
    from kiosk.flow import State
    from kiosk.theme import choose_font

    app = QApplication(sys.argv[:1])
    choose_font(app)
    with tempfile.TemporaryDirectory(prefix="ssc-bench-") as state:
        demo = DemoRuntime(Path(state))
        kiosk = Kiosk(app, demo.runtime)
        kiosk.window.show()
        _wait(app, lambda: kiosk.window.isVisible()
              and kiosk.controller.flow.state is State.WELCOME)
        app.processEvents()
        start_s = time.time() - float(os.environ[T0_ENV])
        rss = _peak_rss_mb()
        slot = demo.slot("active")
        latencies = []
        for _ in range(inserts):
            began = time.perf_counter()
            demo.insert(slot.path)
            _wait(app, lambda: kiosk.controller.flow.state is State.PIN
                  and kiosk.window.stack.currentWidget() is kiosk.screens.pin)
            latencies.append(time.perf_counter() - began)
            demo.remove()
            _wait(app, lambda: kiosk.controller.flow.state is State.WELCOME)
        kiosk.close()
        demo.stop()
    return {"start_s": start_s, "rss_mb": rss,
            "insert_median_ms": statistics.median(latencies) * 1000,
            "insert_max_ms": max(latencies) * 1000}


def run_child(kind: str, inserts: int) -> dict[str, float]:
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen" if not env.get("DISPLAY") else "")
    if not env["QT_QPA_PLATFORM"]:
        del env["QT_QPA_PLATFORM"]
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env[T0_ENV] = repr(time.time())
    done = subprocess.run(
        [sys.executable, __file__, "--child", kind, "--inserts", str(inserts)],
        capture_output=True, text=True, env=env, check=False, timeout=300)
    if done.returncode != 0:
        raise SystemExit(f"{kind} child failed:\n{done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--inserts", type=int, default=10)
    parser.add_argument("--child", choices=["bare", "kiosk"])
    args = parser.parse_args()
    if args.child == "bare":
        print(json.dumps(child_bare()))
        return 0
    if args.child == "kiosk":
        print(json.dumps(child_kiosk(args.inserts)))
        return 0
    bare = [run_child("bare", 0) for _ in range(args.runs)]
    kiosk = [run_child("kiosk", args.inserts) for _ in range(args.runs)]

    def med(rows: list[dict[str, float]], key: str) -> float:
        return statistics.median(row[key] for row in rows)

    print(f"runs: {args.runs}, card insertions per kiosk run: {args.inserts}")
    print(f"{'':34}{'bare PySide6':>14}{'ss-kiosk --demo':>18}")
    print(f"{'cold start to first window (s)':34}{med(bare, 'start_s'):>14.2f}"
          f"{med(kiosk, 'start_s'):>18.2f}")
    print(f"{'peak RSS at that point (MiB)':34}{med(bare, 'rss_mb'):>14.0f}"
          f"{med(kiosk, 'rss_mb'):>18.0f}")
    print(f"{'card inserted -> PIN pad (ms)':34}{'—':>14}"
          f"{med(kiosk, 'insert_median_ms'):>18.0f}"
          f"  (max {max(r['insert_max_ms'] for r in kiosk):.0f})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
