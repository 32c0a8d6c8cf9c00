# SPDX-License-Identifier: Apache-2.0
"""Helpers for the tests that go through pcscd + vpcd (marker ``pcsc``)."""

from __future__ import annotations

import fcntl
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from threading import Lock

import pytest

from card.cli import main as cli_main
from card.virtual.card import Knobs, VirtualCard
from card.virtual.vpcd import VpcdBridge

ROOT = Path(__file__).resolve().parents[2]
START_PCSCD = ROOT / "scripts" / "start-pcscd.sh"
READER = "Virtual PCD 00 00"
OTHER_READER = "Virtual PCD 00 01"


LOCK_FILE = Path("/tmp/ssc-vpcd-tests.lock")


@pytest.fixture
def vpcd_lock() -> Iterator[None]:
    """Hold the machine-wide vpcd lock: concurrent pytest runs (other
    checkouts, xdist workers) would otherwise plug cards into the same virtual
    reader and restart the same pcscd under each other."""
    with LOCK_FILE.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def make_image(path: Path, *extra: str) -> Path:
    """A personalized image written by ``ss-card virtual new`` (demo issuer)."""
    assert (
        cli_main(
            [
                "virtual",
                "new",
                str(path),
                "--name",
                "李四",
                "--card-number",
                "T12345678",
                *extra,
            ]
        )
        == 0
    )
    return path


def copy_image(template: Path, directory: Path) -> Path:
    target = directory / "card.json"
    shutil.copyfile(template, target)
    return target


def wait_for(
    predicate: Callable[[], bool], timeout: float = 10.0, what: str = "condition"
) -> None:
    """Poll ``predicate`` every 50 ms; fail the test after ``timeout``."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def card_present(reader: str = READER) -> bool:
    from card.errors import CardError
    from card.pcsc import PcscProvider

    provider = PcscProvider()
    try:
        return any(i.name == reader and i.card_present for i in provider.readers())
    except CardError:
        return False
    finally:
        provider.close()


@contextmanager
def served(
    image: Path,
    *,
    knobs: Knobs | None = None,
    port: int = 35963,
    reconnect: bool = True,
) -> Iterator[VpcdBridge]:
    """Plug ``image`` into vpcd for the duration of the block."""
    reader = READER if port == 35963 else OTHER_READER
    bridge = VpcdBridge(
        VirtualCard.load(image, knobs=knobs), port=port, reconnect=reconnect
    ).start()
    try:
        wait_for(lambda: card_present(reader), what=f"card in {reader}")
        yield bridge
    finally:
        bridge.stop()
        wait_for(lambda: not card_present(reader), what=f"{reader} empty")


def start_pcscd(*args: str) -> None:
    """Run scripts/start-pcscd.sh (restart/stop); fail loudly if it fails."""
    result = subprocess.run(
        ["bash", str(START_PCSCD), *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr


class Recorder:
    """Monitor callbacks recorded as ``(event, reader)`` tuples, thread-safe."""

    def __init__(self) -> None:
        self._lock = Lock()
        self.events: list[tuple[str, str]] = []

    def _add(self, event: str, name: str) -> None:
        with self._lock:
            self.events.append((event, name))

    def snapshot(self) -> list[tuple[str, str]]:
        with self._lock:
            return list(self.events)

    def reader_added(self, name: str) -> None:
        self._add("reader_added", name)

    def reader_removed(self, name: str) -> None:
        self._add("reader_removed", name)

    def card_inserted(self, name: str, atr: bytes) -> None:
        self._add("card_inserted", name)

    def card_removed(self, name: str) -> None:
        self._add("card_removed", name)

    def saw(self, event: str, name: str = READER, *, after: int = 0) -> bool:
        return (event, name) in self.snapshot()[after:]


def ss_card(*args: str, timeout: float = 30) -> subprocess.CompletedProcess[str]:
    """Run the real ``ss-card`` entry point in a subprocess."""
    return subprocess.run(
        [sys.executable, "-m", "card.cli", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        cwd=ROOT,
    )
