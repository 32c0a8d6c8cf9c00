# SPDX-License-Identifier: Apache-2.0
"""Personalization through the real PC/SC stack: pcscd + vpcd, the blank image
served by ``ss-card virtual serve``, the real backend on loopback."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from card.errors import CardError
from card.pcsc import PcscProvider
from card.virtual import LifeCycle, VirtualCard
from card.virtual.factory import new_blank
from staff.api import StaffApi
from staff.cardio import read_blank_code
from staff.models import Allocation
from staff.personalize import CardState, PersoError, Personalizer, erase_card
from tests.card.pcsc_support import vpcd_lock  # noqa: F401 - machine-wide lock
from tests.live_backend import LiveBackend
from tests.staff.conftest import new_resident

pytestmark = [pytest.mark.pcsc, pytest.mark.usefixtures("vpcd_lock")]

ROOT = Path(__file__).resolve().parents[2]
PORT = 35964
READER = "Virtual PCD 00 01"


def _present(provider: PcscProvider) -> bool:
    try:
        return any(r.name == READER and r.card_present for r in provider.readers())
    except CardError:
        return False


def _wait(provider: PcscProvider, present: bool) -> None:
    deadline = time.monotonic() + 15
    while _present(provider) != present:
        assert time.monotonic() < deadline, f"{READER} present={present} not seen"
        time.sleep(0.05)


@contextmanager
def served(image: Path, provider: PcscProvider, *extra: str) -> Iterator[None]:
    """``ss-card virtual serve`` the image into the second vpcd reader."""
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "card.cli",
            "virtual",
            "serve",
            "--port",
            str(PORT),
            *extra,
            str(image),
        ],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        _wait(provider, True)
        yield
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        _wait(provider, False)


def _blank_for(allocation: Allocation, master_key: bytes, path: Path) -> Path:
    new_blank(master_key=master_key, recognition_code=allocation.recognition_code).save(
        path
    )
    return path


@pytest.fixture
def provider(vpcd_readers: list[str]) -> Iterator[PcscProvider]:
    assert READER in vpcd_readers
    pcsc = PcscProvider()
    yield pcsc
    pcsc.close()


def test_personalize_through_pcscd_and_vpcd(
    provider: PcscProvider, issuer_api: StaffApi, master_key: bytes, tmp_path: Path
) -> None:
    resident = new_resident("周八")
    issuer_api.register_person(resident)
    allocation = issuer_api.allocate_card(resident.ssn)
    image = _blank_for(allocation, master_key, tmp_path / "blank.json")
    with served(image, provider):
        result = Personalizer(issuer_api, lambda _a: provider.connect(READER)).run(
            resident, allocation=allocation
        )
    assert result.apdu_count > 40
    assert VirtualCard.load(image).image.life_cycle is LifeCycle.PERSONALIZED
    person = issuer_api.find_person(resident.ssn)
    assert person is not None
    assert [(c.card_number, c.status) for c in person.cards] == [
        (allocation.card_number, "active")
    ]


def test_card_pulled_through_pcsc_then_erase_and_redo(
    provider: PcscProvider, issuer_api: StaffApi, master_key: bytes, tmp_path: Path
) -> None:
    resident = new_resident("吴九")
    issuer_api.register_person(resident)
    allocation = issuer_api.allocate_card(resident.ssn)
    image = _blank_for(allocation, master_key, tmp_path / "blank.json")
    perso = Personalizer(issuer_api, lambda _a: provider.connect(READER))
    with (
        served(image, provider, "--tear-after", "30"),
        pytest.raises(PersoError) as caught,
    ):
        perso.run(resident, allocation=allocation)
    assert caught.value.card_state is CardState.HALF_WRITTEN
    assert VirtualCard.load(image).image.life_cycle is LifeCycle.INITIALISED
    with served(image, provider):
        with provider.connect(READER) as conn:
            erase_card(issuer_api, conn, allocation)
        perso.run(resident, allocation=allocation)
    assert VirtualCard.load(image).image.life_cycle is LifeCycle.PERSONALIZED
    person = issuer_api.find_person(resident.ssn)
    assert person is not None
    assert [(c.card_number, c.status) for c in person.cards] == [
        (allocation.card_number, "active")
    ]


def test_a_blank_made_by_ss_card_virtual_blank_is_personalized_from_its_code(
    provider: PcscProvider, backend: LiveBackend, issuer_api: StaffApi, tmp_path: Path
) -> None:
    blanks = tmp_path / "blanks"
    made = subprocess.run(
        [sys.executable, "-m", "card.cli", "virtual", "blank", str(blanks)]
        + ["--batch", "PCSC-BENCH-1"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert made.returncode == 0, made.stderr
    backend.cli("import-batch", str(blanks / "batch-PCSC-BENCH-1.json"))
    image = next(p for p in blanks.glob("*.json") if not p.name.startswith("batch-"))
    code = VirtualCard.load(image).image.recognition_code
    with served(image, provider):
        result = Personalizer(
            issuer_api,
            lambda _a: provider.connect(READER),
            blank_code=lambda: read_blank_code(provider, READER),
        ).run(new_resident("郑十"))
    card = VirtualCard.load(image).image
    assert result.allocation.recognition_code == code
    assert card.life_cycle is LifeCycle.PERSONALIZED
    assert card.issuer_tries_left == 3  # no try spent on the way
