# SPDX-License-Identifier: Apache-2.0
"""A small province cluster for the tests of this package (scripts/cluster.py).

``./dev cluster up`` as the tests run it: etcd, Patroni with a PostgreSQL
primary and a synchronous hot standby, PgBouncer in transaction pooling,
HAProxy terminating TLS, two backend replicas, all on 127.0.0.x and ports of
their own, in a fresh folder; seeded with the demo data through the primary;
always brought down (``down --purge``) at the end, failure or not. Needs root
and the Debian packages of scripts/cluster.py (under CI=true a missing one
fails).
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from backend_client import BackendClient, KioskCredentials
from tests.conftest import skip_or_fail

ROOT = Path(__file__).resolve().parent.parent.parent
SCRIPT = ROOT / "scripts" / "cluster.py"
UP_TIMEOUT_S = 240
REPLICAS = 2


def cluster_module() -> ModuleType:
    """scripts/cluster.py as a module (its state and kill helpers)."""
    spec = importlib.util.spec_from_file_location("ssc_cluster", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("ssc_cluster", module)
    spec.loader.exec_module(module)
    return module


def run_script(folder: Path, *args: str, timeout: float = UP_TIMEOUT_S) -> str:
    """``scripts/cluster.py ARGS --dir FOLDER``; its output (fails loudly)."""
    cmd = [sys.executable, str(SCRIPT), *args, "--dir", str(folder)]
    done = subprocess.run(
        cmd, cwd=ROOT, capture_output=True, text=True, timeout=timeout
    )
    if done.returncode != 0:
        raise AssertionError(f"{args}: {done.stderr}\n{logs(folder)}")
    return done.stdout


def logs(folder: Path, lines: int = 15) -> str:
    """The last lines of every log of the cluster (for failure messages)."""
    out = []
    for log in sorted((folder / "log").glob("*.log")):
        tail = log.read_text(errors="replace").splitlines()[-lines:]
        out.append(f"== {log.name}\n" + "\n".join(tail))
    return "\n".join(out)


@dataclass(frozen=True, kw_only=True)
class Cluster:
    """The running cluster: its state (cluster.json), the demo kiosk, cards."""

    tool: ModuleType
    folder: Path
    kiosk: KioskCredentials
    cards: Path

    @property
    def state(self) -> dict[str, Any]:
        return dict(self.tool.load_state(self.folder))

    def run(self, *args: str) -> str:
        """``scripts/cluster.py ARGS`` on this cluster."""
        return run_script(self.folder, *args)

    def client(self) -> BackendClient:
        """A kiosk client through HAProxy's HTTPS front (the test CA)."""
        state = self.state
        return BackendClient(state["https"], kiosk=self.kiosk, ca_bundle=state["ca"])


def _free_base(tool: ModuleType) -> int:
    """A port base none of whose ports is taken on the cluster's addresses."""
    for base in range(27000, 60000, 1000):
        ports = [base + offset for offset in tool.OFFSETS.values()]
        taken = any(
            tool.listening(address, port)
            for address in tool.ADDRESS.values()
            for port in ports
        )
        if not taken:
            return base
    raise RuntimeError("no free port base")


def _seed(tool: ModuleType, folder: Path, cards: Path) -> KioskCredentials:
    """The demo data through the primary; the demo kiosk's credentials."""
    from backend.context import AppContext
    from backend.demo import DEMO_CARDS, DEMO_KIOSK, seed
    from backend.settings import load_settings

    url = tool.load_state(folder)["primary_url"]
    ctx = AppContext.create(load_settings(folder / "backend.toml", database_url=url))
    try:
        shutil.copytree(DEMO_CARDS, cards, dirs_exist_ok=True)
        secret = seed(ctx, cards_dir=cards)
    finally:
        ctx.engine.dispose()
    return KioskCredentials(kiosk_id=DEMO_KIOSK, key=secret)


@pytest.fixture(scope="module")
def cluster() -> Iterator[Cluster]:
    tool = cluster_module()
    if missing := tool.missing_commands():
        skip_or_fail(f"cluster commands not installed: {', '.join(missing)}")
    if os.geteuid() != 0:
        skip_or_fail("the cluster starts PostgreSQL as the postgres account: root")
    folder = Path(tempfile.mkdtemp(prefix="ssc-cluster-test-"))
    folder.chmod(0o755)  # the postgres account passes through it
    cards = Path(tempfile.mkdtemp(prefix="ssc-cluster-cards-"))
    try:
        base = str(_free_base(tool))
        run_script(folder, "up", "--base", base, "--replicas", str(REPLICAS))
        kiosk = _seed(tool, folder, cards)
        yield Cluster(tool=tool, folder=folder, kiosk=kiosk, cards=cards)
    finally:
        state = tool.load_state(folder)
        run_script(folder, "down", "--purge", timeout=120)
        shutil.rmtree(cards, ignore_errors=True)
        left = [n for n, pid in state.get("pids", {}).items() if tool.alive(pid)]
        assert not left, f"still running after down: {left}"
