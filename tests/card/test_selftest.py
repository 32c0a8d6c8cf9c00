# SPDX-License-Identifier: Apache-2.0
"""Card self-test on the in-process virtual card: good, faulty, PIN untouched."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cryptography import x509

from card.certs import IssuerCA, utc_now
from card.connection import GetResponseConnection
from card.tools.selftest import CHECKS, run_selftest
from card.virtual.bundled import DEMO_CA_CERTIFICATE
from card.virtual.card import Knobs, VirtualCard
from card.virtual.connection import VirtualConnection
from tests.card.pcsc_support import copy_image, make_image

CA = x509.load_pem_x509_certificate((DEMO_CA_CERTIFICATE).read_bytes())


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_image(tmp_path_factory.mktemp("img") / "card.json")


def _run(card: VirtualCard, ca: x509.Certificate | None = CA) -> dict[str, bool]:
    conn = GetResponseConnection(VirtualConnection(card))
    report = run_selftest(conn, reader="virtual", ca_cert=ca)
    assert json.loads(json.dumps(report.to_json()))["passed"] == report.passed
    return {r.name: r.passed for r in report.results}


def test_good_card_passes_every_check(template: Path, tmp_path: Path) -> None:
    image = copy_image(template, tmp_path)
    card = VirtualCard.load(image)
    verdicts = _run(card)
    assert verdicts == {name: True for name, _, _ in CHECKS}
    assert card.image.pin is not None and card.image.pin.tries_left == 3


def test_report_lines_and_json(template: Path) -> None:
    conn = GetResponseConnection(VirtualConnection(VirtualCard.load(template)))
    report = run_selftest(conn, reader="virtual", ca_cert=CA)
    lines = report.lines()
    assert lines[0] == "reader virtual"
    assert lines[-1].startswith(f"{len(CHECKS)} passed, 0 failed")
    doc = report.to_json()
    assert doc["failed"] == [] and len(doc["checks"]) == len(CHECKS)
    assert {"name", "description", "passed", "detail", "ms"} == set(doc["checks"][0])


def test_forced_status_word_fails_the_right_checks(template: Path) -> None:
    card = VirtualCard.load(template, knobs=Knobs(forced_sw={0xB2: 0x6A83}))
    verdicts = _run(card)
    assert not verdicts["issuer-data"] and not verdicts["holder-data"]
    assert not verdicts["record-number"]
    assert verdicts["select-ssse"] and verdicts["card-authentication"]


def test_untrusted_issuer_fails_certificate_check(template: Path) -> None:
    rogue = IssuerCA.generate(
        "Rogue CA",
        not_before=utc_now().replace(year=2020),
        not_after=utc_now().replace(year=2040),
    )
    verdicts = _run(VirtualCard.load(template), ca=rogue.certificate)
    assert not verdicts["card-certificate"]
    assert verdicts["card-authentication"]  # the signature itself still verifies


def test_blocked_pin_is_reported_not_spent(tmp_path: Path) -> None:
    image = make_image(tmp_path / "b.json", "--pin-tries", "3")
    card = VirtualCard.load(image)
    conn = GetResponseConnection(VirtualConnection(card))
    for _ in range(3):
        conn.transmit(bytes.fromhex("0020000003999999"))
    report = run_selftest(conn, reader="virtual", ca_cert=CA)
    pin = next(r for r in report.results if r.name == "pin-state")
    assert pin.passed and pin.detail == "PIN blocked"
