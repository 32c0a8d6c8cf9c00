# SPDX-License-Identifier: Apache-2.0
"""docs/deploy.md, step by step, with the real commands: from an empty
PostgreSQL database to the first resident served.

``ss-backend`` (``python -m backend.cli``) on a non-demo configuration makes
the issuer keys, migrates, imports the sample export (docs/import-sample),
creates an operator, registers a kiosk into a secret file, hands a batch's
transport key to the card maker, whose blank (``ss-card virtual blank``) is
imported with its batch file; it then serves HTTPS with a certificate of a CA
made by the test. The staff station's personalizer, wired as ``ss-issue
--config staff.toml`` wires it, personalizes the blank served on a vpcd
reader (``ss-card virtual serve``) through pcscd; the kiosk, built from a
kiosk.toml as ``ss-kiosk --config`` builds it, reads that card through
pcscd, takes the initial PIN and a new one, and shows the accounts overview
with the balances and contribution years of the import files.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pytest

from backend_client.models import INSURANCES
from card.profile import INITIAL_PIN
from card.virtual import LifeCycle, VirtualCard
from kiosk.app import Kiosk
from kiosk.flow import State
from kiosk.formats import years_months
from kiosk.screens.base import money
from kiosk.screens.overview import PERSONAL_ACCOUNTS
from staff.app import build_services, parse_args
from staff.models import Resident
from staff.personalize import Personalizer
from tests.backend.import_sample import SAMPLE, pension_member, sample_account
from tests.backend.production import Production, production_config
from tests.card.pcsc_support import vpcd_lock  # noqa: F401 - machine-wide lock
from tests.conftest import new_postgres_database
from tests.kiosk.harness import Resident as KioskResident
from tests.kiosk.test_pcsc_kiosk import (
    READER,
    ServedCard,
    close_kiosk,
    kiosk_from_config,
    slot_for,
)
from tests.live_backend import DemoCard, TlsFiles
from tests.staff.test_pcsc import served
from tests.tls_certs import make_tls

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.pcsc,
    pytest.mark.slow,
    pytest.mark.usefixtures("vpcd_lock"),
]

BATCH = "B-2026-01"
KIOSK_ID = "kiosk-001"
CLERK = ("clerk", "a long clerk password")
NEW_PIN = "258036"
WAIT_MS = 30_000


@dataclass(frozen=True, kw_only=True)
class Site:
    """A backend set up as docs/deploy.md says, before it serves."""

    prod: Production
    blank: Path
    kiosk_secret: Path


def _ok(done: subprocess.CompletedProcess[str]) -> str:
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout + done.stderr


def _secret_file(path: Path, text: str) -> Path:
    path.write_text(text + "\n", encoding="utf-8")
    path.chmod(0o600)
    return path


def _backend(prod: Production, folder: Path) -> Path:
    """Steps 3-7: keys, schema, the residents' data, an operator, a kiosk."""
    made = _ok(prod.cli("issuer", "init", "--organization", "Test Province HRSS"))
    assert "SHA-256" in made and (prod.keys / "issuer-master.sealed").exists()
    _ok(prod.cli("migrate"))
    imported = _ok(prod.cli("import", str(SAMPLE), "--report", str(folder / "r.csv")))
    summary = [line for line in imported.splitlines() if ".csv: " in line]
    assert len(summary) == 5 and all(x.endswith(" 0 rejected") for x in summary)
    password = _secret_file(folder / "clerk.password", CLERK[1])
    _ok(
        prod.cli(
            *("create-operator", CLERK[0], "--role", "issuer"),
            *("--password-file", str(password)),
        )
    )
    secret = folder / "kiosk-001.secret"
    told = _ok(prod.cli("register-kiosk", KIOSK_ID, "--secret-file", str(secret)))
    assert secret.stat().st_mode & 0o777 == 0o600
    assert secret.read_text().strip() not in told
    return secret


def _blank(prod: Production, folder: Path) -> Path:
    """Step 8: the batch's transport key to the maker, its blank and batch
    file back, the batch file imported."""
    key = folder / "transport.key"
    _ok(prod.cli("issuer", "transport-key", BATCH, "--out", str(key)))
    made = folder / "delivery"
    _ok(
        prod.card_cli(
            *("virtual", "blank", str(made), "--batch", BATCH),
            *("--transport-key-file", str(key), "--count", "1"),
        )
    )
    note = made / f"batch-{BATCH}.json"
    assert "1 blank cards imported" in _ok(prod.cli("import-batch", str(note)))
    (code,) = json.loads(note.read_text())["cards"]
    return made / f"{code}.json"


@pytest.fixture
def site(tmp_path: Path) -> Iterator[Site]:
    with new_postgres_database("ssc_deploy") as url:
        prod = production_config(tmp_path / "etc", database_url=url)
        assert "demo" not in tomllib.loads(prod.config.read_text())
        secret = _backend(prod, tmp_path)
        yield Site(prod=prod, blank=_blank(prod, tmp_path), kiosk_secret=secret)


def _personalize(url: str, tls: TlsFiles, resident: Resident, site: Site) -> str:
    """Step 10: the station of ``ss-issue --config staff.toml`` personalizes
    the blank in its reader; the card number."""
    folder = site.blank.parent.parent / "station"
    folder.mkdir()
    shutil.copyfile(tls.ca_bundle, folder / "backend-ca.pem")
    toml = folder / "staff.toml"
    toml.write_text(f'[backend]\nurl = "{url}"\nca_bundle = "backend-ca.pem"\n')
    args = ["--config", str(toml), "--readers", "pcsc", "--output", str(folder)]
    services = build_services(parse_args(args))
    try:
        services.api.login(*CLERK)
        with served(site.blank, services.provider):  # type: ignore[arg-type]
            done = Personalizer(
                services.api,
                services.connector(READER),
                blank_code=services.blank_code(READER),
            ).run(resident)
        return done.allocation.card_number
    finally:
        services.stop()
        services.provider.close()  # type: ignore[attr-defined]


def _kiosk_toml(url: str, tls: TlsFiles, site: Site) -> Path:
    """Step 11: /etc/ssc-kiosk/kiosk.toml of the terminal, its files beside it."""
    folder = site.blank.parent.parent / "terminal"
    folder.mkdir()
    shutil.copyfile(tls.ca_bundle, folder / "backend-ca.pem")
    shutil.copyfile(site.prod.keys / "issuer-ca.pem", folder / "issuer-ca.pem")
    shutil.copyfile(site.kiosk_secret, folder / "kiosk.secret")
    path = folder / "kiosk.toml"
    path.write_text(
        f'[reader]\nname_pattern = "{READER}"\n'
        f'[backend]\nurl = "{url}"\nkiosk_id = "{KIOSK_ID}"\n'
        'kiosk_secret_file = "kiosk.secret"\nca_bundle = "backend-ca.pem"\n'
        '[kiosk]\nissuer_ca = "issuer-ca.pem"\noutbox = "outbox.sqlite3"\n'
        'idle_timeout_s = 120\n[display]\nlanguage = "zh_CN"\nfull_screen = false\n'
        '[audio]\nplayer = ""\n',
        encoding="utf-8",
    )
    return path


def _sign_in(qtbot, kiosk: Kiosk, card: DemoCard, reader: ServedCard) -> None:
    """Step 12: the card in, the initial PIN, a new PIN, the overview."""
    resident = KioskResident(qtbot, kiosk, reader)
    resident.insert(slot_for(card))
    resident.wait_state(State.PIN, timeout=WAIT_MS)
    resident.type_pin(kiosk.screens.pin.pad, INITIAL_PIN)
    resident.wait_state(State.CHANGE_INITIAL_PIN, timeout=WAIT_MS)
    resident.type_pin(kiosk.screens.initial_pin.pad, NEW_PIN)
    resident.type_pin(kiosk.screens.initial_pin.pad, NEW_PIN)
    resident.wait_state(State.OVERVIEW, timeout=WAIT_MS)
    resident.wait_until(lambda: kiosk.screens.overview.accounts is not None)


def _assert_overview_shows_the_import(kiosk: Kiosk, ssn: str) -> None:
    overview = kiosk.screens.overview
    assert overview.accounts is not None
    shown = {a.insurance: a for a in overview.accounts.accounts}
    for row, insurance in enumerate(INSURANCES, start=1):
        expected = sample_account(ssn, insurance)
        account = shown[insurance]
        months = len(expected.months)
        assert (account.status, account.region) == (expected.status, expected.region)
        assert account.contribution_months == months
        assert account.contribution_years == round(Decimal(months) / 12, 1)
        cells = [cell.text() for cell in overview.cells[row]]
        assert cells[3] == years_months(months), insurance
        if insurance in PERSONAL_ACCOUNTS:
            assert account.balance == Decimal(expected.balance)
            assert cells[2] == money(Decimal(expected.balance)), insurance


def test_from_an_empty_database_to_the_first_resident_served(
    site: Site, vpcd_readers: list[str], qtbot, qapp, tmp_path: Path
) -> None:
    assert READER in vpcd_readers
    person = pension_member()
    resident = Resident.from_fields(dict(person))
    tls = make_tls(tmp_path / "pki")  # step 9: the private CA and the server's
    with site.prod.serve(tls) as url:
        assert url.startswith("https://127.0.0.1:")
        card_number = _personalize(url, tls, resident, site)
        assert VirtualCard.load(site.blank).image.life_cycle is LifeCycle.PERSONALIZED
        card = DemoCard(
            card_number=card_number, pin=INITIAL_PIN, status="active", path=site.blank
        )
        kiosk = kiosk_from_config(qapp, _kiosk_toml(url, tls, site))
        served_card = ServedCard(site.blank)
        try:
            _sign_in(qtbot, kiosk, card, served_card)
            assert card_number in kiosk.screens.overview.card_line.text()
            assert person["name"] in kiosk.screens.overview.greeting.text()
            _assert_overview_shows_the_import(kiosk, resident.ssn)
        finally:
            served_card.remove()
            close_kiosk(kiosk)
