# SPDX-License-Identifier: Apache-2.0
"""Blanks as a manufacturer delivers them, on a production-like backend.

Everything goes through the real commands: ``ss-backend issuer init`` makes
encrypted keys, ``issuer transport-key`` hands a batch's key to the maker,
``ss-card virtual blank`` plays the maker (blank images and the batch file),
``ss-backend import-batch`` loads the batch file, and ``ss-backend serve``
runs on loopback. The station's personalizer then drives the virtual cards
through real APDUs, wired the way ``ss-issue`` wires it.
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from cryptography import x509

from backend_client.errors import ConflictError, InvalidRequestError
from card.auth import AuthSession, verify_card
from card.connection import GetResponseConnection
from card.virtual import LifeCycle, VirtualCard, VirtualConnection
from card.virtual.readers import VirtualReaderProvider
from card.virtual.state import manufactured_records
from staff.api import StaffApi
from staff.cardio import read_blank_code
from staff.messages import staff_message
from staff.personalize import CardState, PersoError, Personalizer, Step
from tests.backend.production import Production, production_config
from tests.staff.conftest import new_resident

BATCH = "B-2026-01"
READER = "Virtual Counter Reader 0"
CLERK = ("clerk", "a long clerk password")


@dataclass(frozen=True, kw_only=True)
class Site:
    """A production-like backend with one imported batch of two blanks."""

    prod: Production
    url: str
    blanks: tuple[Path, ...]
    transport_key: Path
    ca: x509.Certificate


def _ok(done: subprocess.CompletedProcess[str]) -> str:
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    folder = tmp_path_factory.mktemp("site")
    prod = production_config(folder / "backend")
    _ok(prod.cli("issuer", "init", "--organization", "Test Province"))
    _ok(prod.cli("migrate"))
    password = folder / "clerk.password"
    password.write_text(CLERK[1] + "\n")
    _ok(
        prod.cli(
            "create-operator",
            CLERK[0],
            "--role",
            "issuer",
            "--password-file",
            str(password),
        )
    )
    key = folder / "transport.key"
    _ok(prod.cli("issuer", "transport-key", BATCH, "--out", str(key)))
    made = folder / "delivery"
    _ok(
        prod.card_cli(
            "virtual",
            "blank",
            str(made),
            "--batch",
            BATCH,
            "--transport-key-file",
            str(key),
            "--count",
            "2",
        )
    )
    note = made / f"batch-{BATCH}.json"
    assert "2 blank cards imported" in _ok(prod.cli("import-batch", str(note)))
    codes = json.loads(note.read_text())["cards"]
    with prod.serve() as url:
        yield Site(
            prod=prod,
            url=url,
            blanks=tuple(made / f"{c}.json" for c in codes),
            transport_key=key,
            ca=x509.load_pem_x509_certificate(
                (prod.keys / "issuer-ca.pem").read_bytes()
            ),
        )


@dataclass(frozen=True, kw_only=True)
class Station:
    """The station's pieces as ``ss-issue`` wires them for a PC/SC reader."""

    api: StaffApi
    provider: VirtualReaderProvider

    def personalizer(self) -> Personalizer:
        return Personalizer(
            self.api,
            lambda _allocation: self.provider.connect(READER),
            blank_code=lambda: read_blank_code(self.provider, READER),
        )


def _station(site: Site, image: Path) -> tuple[Station, VirtualCard]:
    """A logged-in station with the blank of ``image`` in its reader."""
    provider = VirtualReaderProvider([READER])
    card = VirtualCard.load(image)
    provider.insert(READER, card)
    api = StaffApi(site.url)
    api.login(*CLERK)
    return Station(api=api, provider=provider), card


def test_a_delivered_blank_is_personalized_from_its_own_code(site: Site) -> None:
    services, card = _station(site, site.blanks[0])
    code = card.image.recognition_code
    result = services.personalizer().run(new_resident("钱批次"))
    assert result.allocation.recognition_code == code  # the blank's, not a new one
    assert card.image.life_cycle is LifeCycle.PERSONALIZED
    with VirtualConnection(card) as conn:
        verify_card(
            AuthSession(GetResponseConnection(conn)),
            site.ca,
            card_number=result.allocation.card_number,
        )
    other = new_resident("吴二号")
    services.api.register_person(other)
    with pytest.raises(ConflictError) as used:  # one card per blank, ever
        services.api.allocate_card(other.ssn, code)
    assert used.value.detail["reason"] == "blank_used"


def test_a_blank_of_an_unknown_batch_is_refused_before_any_try(
    site: Site, tmp_path: Path
) -> None:
    other = tmp_path / "other"
    _ok(
        site.prod.card_cli(
            "virtual",
            "blank",
            str(other),
            "--batch",
            "B-NOT-IMPORTED",
            "--transport-key-file",
            str(site.transport_key),
        )
    )
    image = next(p for p in other.glob("*.json") if not p.name.startswith("batch-"))
    services, card = _station(site, image)
    before = card.image.issuer_tries_left
    resident = new_resident("孙未知")
    with pytest.raises(PersoError) as caught:
        services.personalizer().run(resident)
    failure = caught.value
    assert failure.step is Step.ALLOCATE and failure.card_state is CardState.UNTOUCHED
    assert isinstance(failure.cause, ConflictError)
    assert failure.cause.detail["reason"] == "unknown_blank"
    assert "import-batch" in staff_message(failure).text
    reloaded = VirtualCard.load(image).image  # what the card itself saved
    assert reloaded.issuer_tries_left == before == 3
    assert reloaded.records == manufactured_records(reloaded.recognition_code)
    assert reloaded.life_cycle is LifeCycle.INITIALISED
    assert services.api.find_person(resident.ssn).cards == ()  # type: ignore[union-attr]


def test_import_refuses_a_batch_keyed_for_another_and_a_second_import(
    site: Site, tmp_path: Path
) -> None:
    wrong = tmp_path / "wrong"
    _ok(  # the maker used B-2026-01's key for a batch it calls B-OTHER
        site.prod.card_cli(
            "virtual",
            "blank",
            str(wrong),
            "--batch",
            "B-OTHER",
            "--transport-key-file",
            str(site.transport_key),
        )
    )
    refused = site.prod.cli("import-batch", str(wrong / "batch-B-OTHER.json"))
    assert refused.returncode == 2 and "key check value" in refused.stderr
    note = site.blanks[0].parent / f"batch-{BATCH}.json"
    again = site.prod.cli("import-batch", str(note))
    assert again.returncode == 2 and "already imported" in again.stderr


def test_production_backend_allocates_no_code_of_its_own(site: Site) -> None:
    services, _ = _station(site, site.blanks[1])
    resident = new_resident("周无码")
    services.api.register_person(resident)
    with pytest.raises(InvalidRequestError):
        services.api.allocate_card(resident.ssn)
