# SPDX-License-Identifier: Apache-2.0
"""The kiosk in --config mode over the real chain: pcscd + vpcd + ss-card serve.

A backend subprocess (tests/live_backend.py), a kiosk.toml naming the vpcd
reader, ``ss-card virtual serve`` plugging a demo card image into that reader,
and the kiosk built exactly as ``ss-kiosk --config`` builds it.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.app import Kiosk, Runtime, services_from_config
from kiosk.config import load_config
from kiosk.demo import DEMO_CA, DemoCardSlot
from kiosk.flow import State
from tests.kiosk.harness import Resident
from tests.live_backend import DemoCard, LiveBackend, live_backend

ROOT = Path(__file__).resolve().parents[2]
READER = "Virtual PCD 00 01"
PORT = 35964


class ServedCard:
    """``ss-card virtual serve`` as the card in the vpcd reader."""

    def __init__(self, image: Path) -> None:
        self.image = image
        self.proc: subprocess.Popen[bytes] | None = None

    def insert(self, _path: Path) -> None:
        self.remove()
        self.proc = subprocess.Popen(  # noqa: S603
            [
                sys.executable,
                "-m",
                "card.cli",
                "virtual",
                "serve",
                "--port",
                str(PORT),
                str(self.image),
            ],
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    def remove(self) -> None:
        proc, self.proc = self.proc, None
        if proc is not None and proc.poll() is None:
            proc.terminate()
            proc.wait(timeout=10)


def write_config(path: Path, backend) -> Path:
    path.write_text(
        f"""
[reader]
name_pattern = "{READER}"
[backend]
url = "{backend.url}"
kiosk_id = "{backend.kiosk.kiosk_id}"
kiosk_secret = "{backend.kiosk.key}"
[kiosk]
issuer_ca = "{DEMO_CA}"
idle_timeout_s = 120
shuffle_pin_pad = true
outbox = "{path.parent / "outbox.sqlite3"}"
[display]
language = "en"
full_screen = false
""",
        encoding="utf-8",
    )
    return path


def pcsc_kiosk(qapp, backend: LiveBackend, tmp_path: Path) -> Kiosk:
    """The kiosk exactly as ``ss-kiosk --config`` builds it, on pcscd + vpcd."""
    return kiosk_from_config(qapp, write_config(tmp_path / "kiosk.toml", backend))


def kiosk_from_config(qapp, path: Path) -> Kiosk:
    """The kiosk as ``ss-kiosk --config PATH`` builds it, on pcscd; shown."""
    from card.pcsc import PcscProvider

    config = load_config(path)
    runtime = Runtime(
        provider=PcscProvider(),
        reader=config.reader_pattern,
        services=services_from_config(config),
        shuffle_pin_pad=True,
        language=config.language,
        large_text=False,
    )
    kiosk = Kiosk(qapp, runtime)
    kiosk.window.show()
    return kiosk


def close_kiosk(kiosk: Kiosk) -> None:
    """Close the kiosk, then the services it was given."""
    kiosk.close()
    kiosk.runtime.services.outbox.close()
    kiosk.runtime.services.client.close()


def slot_for(card: DemoCard) -> DemoCardSlot:
    """A demo-panel slot for a served card (only path, PIN and number matter)."""
    return DemoCardSlot(
        path=card.path,
        title="",
        name="",
        pin=card.pin,
        card_number=card.card_number,
        kind="active",
        ssn="",
        mobile="",
    )


@pytest.mark.pcsc
@pytest.mark.slow
def test_kiosk_over_pcscd_and_vpcd(vpcd_readers, qtbot, qapp, tmp_path) -> None:
    if READER not in vpcd_readers:
        pytest.fail(f"{READER} missing from {vpcd_readers}")
    with live_backend(tmp_path / "backend") as backend:
        card = backend.copy_card(backend.card("active", 7), tmp_path / "cards")
        kiosk = pcsc_kiosk(qapp, backend, tmp_path)
        served = ServedCard(card.path)
        try:
            resident = Resident(qtbot, kiosk, served)
            resident.insert(slot_for(card))
            resident.wait_state(State.PIN, timeout=30_000)
            resident.type_pin(kiosk.screens.pin.pad, card.pin)
            resident.wait_state(State.OVERVIEW, timeout=30_000)
            resident.wait_until(lambda: kiosk.screens.overview.accounts is not None)
            assert card.card_number in kiosk.screens.overview.card_line.text()
            served.remove()  # the card leaves the reader
            resident.wait_state(State.WELCOME, timeout=30_000)
            assert kiosk.screens.overview.me is None
        finally:
            served.remove()
            close_kiosk(kiosk)
