# SPDX-License-Identifier: Apache-2.0
"""``ss-kiosk --demo`` through ``main()`` in its own process: composition root,
embedded backend, demo panel, diagnostics, clean exit."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_demo_main_starts_and_exits_cleanly(tmp_path: Path) -> None:
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""),
    )
    state = tmp_path / "state"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "kiosk.app",
            "--demo",
            "--windowed",
            "--exit-after",
            "2",
            "--state-dir",
            str(state),
        ],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert "embedded backend on http://127.0.0.1:" in done.stderr
    assert "kiosk ready (demo mode)" in done.stderr
    assert "Traceback" not in done.stderr
    for line in done.stderr.splitlines():  # Qt's own messages included
        entry = json.loads(line)
        assert {"timestamp", "level", "logger", "message"} <= entry.keys()
    assert len(list((state / "cards").glob("*.json"))) >= 5
