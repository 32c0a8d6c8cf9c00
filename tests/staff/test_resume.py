# SPDX-License-Identifier: Apache-2.0
"""The staff station against the REAL backend on 127.0.0.1 and the virtual card:
resuming an open allocation after a restart, EF05's initialisation institution
from the backend settings, the reviewer's request detail, ``ss-kiosk --staff``."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from backend.errors import ConfigError
from backend.settings import load_settings
from backend_client.errors import ForbiddenRoleError, NotFoundError
from card.connection import GetResponseConnection
from card.errors import IssuerAuthenticationError
from card.ssse import SsseSession
from card.virtual import Knobs, VirtualConnection
from staff.api import StaffApi
from staff.personalize import (
    CardState,
    Note,
    PersoError,
    Personalizer,
    Progress,
    Step,
    StepStatus,
    erase_card,
)
from tests.live_backend import LiveBackend
from tests.staff.conftest import new_resident, staff_api, submit_transfer
from tests.staff.test_e2e_backend import Blanks, personalize

ROOT = Path(__file__).resolve().parents[2]
CONFIG = ROOT / "backend" / "default.toml"


def configured_institution() -> bytes:
    raw = tomllib.loads(CONFIG.read_text(encoding="utf-8"))
    return bytes.fromhex(raw["issuer"]["init_institution"])


def test_restarted_station_resumes_the_open_allocation(
    backend: LiveBackend, master_key: bytes
) -> None:
    resident = new_resident("孙悟空")
    first = staff_api(backend, "issuer")
    with pytest.raises(PersoError) as caught:  # a blank of another issuer
        personalize(first, Blanks(bytes(16)), resident)
    assert isinstance(caught.value.cause, IssuerAuthenticationError)
    number = caught.value.allocation.card_number
    first.logout()  # the station restarts: nothing of the failed run is kept
    station = staff_api(backend, "issuer")
    (open_alloc,) = station.open_allocations(resident.ssn)
    assert open_alloc.card_number == number
    assert open_alloc.recognition_code == caught.value.allocation.recognition_code
    seen: list[Progress] = []
    result = Personalizer(station, Blanks(master_key), progress=seen.append).run(
        resident
    )  # type: ignore[arg-type]
    assert result.allocation.card_number == number and result.resumed
    allocate = [p for p in seen if p.step is Step.ALLOCATE]
    assert allocate[-1].status is StepStatus.DONE
    assert (allocate[-1].note, allocate[-1].card_number) == (
        Note.RESUMED_NUMBER,
        number,
    )
    person = station.find_person(resident.ssn)
    assert person is not None
    assert [(c.card_number, c.status) for c in person.cards] == [(number, "active")]
    assert station.open_allocations(resident.ssn) == ()


def test_restart_after_a_half_written_card_erases_and_redoes_the_same_number(
    backend: LiveBackend, master_key: bytes
) -> None:
    resident = new_resident()
    blanks = Blanks(master_key, Knobs(tear_after=30))
    with pytest.raises(PersoError) as caught:
        personalize(staff_api(backend, "issuer"), blanks, resident)
    assert caught.value.card_state is CardState.HALF_WRITTEN
    station = staff_api(backend, "issuer")  # restarted: finds the allocation
    (alloc,) = station.open_allocations(resident.ssn)
    card = blanks.cards[alloc.card_number]
    card.knobs = Knobs()
    with VirtualConnection(card) as conn:
        erase_card(station, conn, alloc)
    result = personalize(station, blanks, resident)
    assert result.allocation.card_number == alloc.card_number
    person = station.find_person(resident.ssn)
    assert person is not None and [c.status for c in person.cards] == ["active"]


def test_open_allocations_need_the_issuer_role_and_a_known_person(
    backend: LiveBackend, issuer_api: StaffApi
) -> None:
    stranger = new_resident()
    assert issuer_api.open_allocations(stranger.ssn) == ()  # 404 -> none
    with pytest.raises(NotFoundError):
        issuer_api.client.open_allocations(stranger.ssn)
    with pytest.raises(ForbiddenRoleError):
        staff_api(backend, "reviewer").client.open_allocations(stranger.ssn)


def test_ef05_carries_the_configured_initialisation_institution(
    issuer_api: StaffApi, master_key: bytes
) -> None:
    expected = configured_institution()
    assert expected != bytes(12)
    blanks = Blanks(master_key)
    resident = new_resident()
    result = personalize(issuer_api, blanks, resident)
    assert result.allocation.init_institution == expected
    card = blanks.cards[result.allocation.card_number]
    issuer = SsseSession(GetResponseConnection(VirtualConnection(card))).read_issuer()
    assert issuer.init_institution == expected


def test_another_institution_in_the_config_reaches_the_card(
    tmp_path: Path, master_key: bytes
) -> None:
    other = "440300000000000000000042"
    live = LiveBackend(tmp_path / "shenzhen")
    text = live.config_path.read_text(encoding="utf-8")
    live.config_path.write_text(
        text.replace(configured_institution().hex(), other), encoding="utf-8"
    )
    live.seed()
    live.start()
    try:
        api = staff_api(live, "issuer")
        blanks = Blanks(master_key)
        result = personalize(api, blanks, new_resident())
        card = blanks.cards[result.allocation.card_number]
        read = SsseSession(GetResponseConnection(VirtualConnection(card)))
        assert read.read_issuer().init_institution.hex() == other
    finally:
        live.stop()


@pytest.mark.parametrize("bad", ["1100", "zz" * 12, "11" * 13])
def test_a_malformed_init_institution_is_a_config_error(
    tmp_path: Path, bad: str
) -> None:
    path = tmp_path / "backend.toml"
    path.write_text(
        CONFIG.read_text(encoding="utf-8").replace(configured_institution().hex(), bad),
        encoding="utf-8",
    )
    with pytest.raises(ConfigError):
        load_settings(path)


def test_reviewer_reads_a_request_history_with_its_applicant(
    backend: LiveBackend, tmp_path: Path
) -> None:
    reference = submit_transfer(backend, tmp_path)
    reviewer = staff_api(backend, "reviewer")
    detail = reviewer.request_detail(reference)
    assert detail.reference == reference and detail.status == "submitted"
    assert detail.ssn and len(detail.ssn) == 18 and detail.name
    assert [e.status for e in detail.timeline] == ["submitted"]
    assert detail.steps and all(s.deadline is not None for s in detail.steps)
    decided = reviewer.decide(reference, approve=True, reason="材料齐全")
    assert decided.name == detail.name
    again = reviewer.request_detail(reference)
    assert [e.status for e in again.timeline] == [
        "submitted",
        "under_review",
        "approved",
    ]
    last = again.timeline[-1]
    assert last.reason == "材料齐全" and last.actor and "reviewer" in last.actor
    with pytest.raises(ForbiddenRoleError):
        staff_api(backend, "issuer").request_detail(reference)
    with pytest.raises(NotFoundError):
        reviewer.request_detail("NO-SUCH-REFERENCE")


def run_kiosk(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kiosk.app", *args],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )


def test_ss_kiosk_staff_routes_to_the_staff_station() -> None:
    helped = run_kiosk("--staff", "--help")
    assert helped.returncode == 0
    assert helped.stdout.startswith("usage: ss-issue")
    assert "--virtual-factory-key" in helped.stdout
    refused = run_kiosk("--staff", "--readers", "bogus")
    assert refused.returncode == 2 and "ss-issue: error" in refused.stderr
    both = run_kiosk("--staff", "--demo")
    assert both.returncode == 2 and "not allowed with" in both.stderr
    plain = run_kiosk("--help")
    assert plain.stdout.startswith("usage: ss-kiosk") and "--staff" in plain.stdout
