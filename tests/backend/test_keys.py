# SPDX-License-Identifier: Apache-2.0
"""The key ceremony through ``ss-backend issuer`` in real subprocesses, and the
file-based implementation of the key interface."""

from __future__ import annotations

import json
import stat
from datetime import timedelta
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec

from backend.errors import ConfigError
from backend.keys import (
    CardKeyRef,
    FileIssuerKeys,
    PassphraseSource,
    open_master_key,
)
from backend.settings import load_settings
from card import certs
from card import issuer as card_issuer
from card.errors import CertificateExpiredError
from card.profile import new_recognition_code
from card.virtual.bundled import DEMO_CA_DIR
from tests.backend.production import PASSPHRASE, Production, production_config


@pytest.fixture
def ceremony(tmp_path: Path) -> Production:
    prod = production_config(tmp_path / "prod")
    made = prod.cli(
        "issuer", "init", "--common-name", "Test Province SSC CA", "--days", "400"
    )
    assert made.returncode == 0, made.stderr
    assert "SHA-256 fingerprint" in made.stdout
    return prod


def test_init_writes_encrypted_keys_with_the_chosen_subject(
    ceremony: Production,
) -> None:
    keys = ceremony.keys
    key_pem = (keys / "issuer-ca.key.pem").read_bytes()
    assert key_pem.startswith(b"-----BEGIN ENCRYPTED PRIVATE KEY-----")
    sealed = json.loads((keys / "issuer-master.sealed").read_text())
    assert sealed["format"] == "ssc-sealed-key/1" and sealed["kdf"]["name"] == "scrypt"
    master = open_master_key(json.dumps(sealed).encode(), PASSPHRASE.encode())
    assert master.hex() not in json.dumps(sealed).lower()  # only ciphertext
    assert sealed["kcv"] == card_issuer.key_check_value(master).hex().upper()
    for name in ("issuer-ca.key.pem", "issuer-master.sealed"):
        assert stat.S_IMODE((keys / name).stat().st_mode) == 0o600
    cert = x509.load_pem_x509_certificate((keys / "issuer-ca.pem").read_bytes())
    assert "CN=Test Province SSC CA" in cert.subject.rfc4514_string()
    assert isinstance(cert.public_key(), ec.EllipticCurvePublicKey)
    assert cert.public_key().curve.name == "secp256r1"  # type: ignore[union-attr]
    span = cert.not_valid_after_utc - cert.not_valid_before_utc
    assert span == timedelta(days=400)
    again = ceremony.cli("issuer", "init")
    assert again.returncode == 2 and "never overwrites" in again.stderr


def test_keys_open_only_with_the_passphrase(ceremony: Production) -> None:
    settings = load_settings(ceremony.config)
    keys = FileIssuerKeys.load(settings.key_files)
    code = new_recognition_code(bytes.fromhex("110000"))
    point = ec.generate_private_key(ec.SECP256R1()).public_key()
    now = certs.utc_now()
    cert = keys.certify("B12345678", 0x81, point, now, now + timedelta(days=1))
    certs.verify_certificate(
        cert, keys.ca_certificate, now=now, card_number="B12345678"
    )
    challenge = bytes(range(16))
    direct = keys.issuer_cryptogram(CardKeyRef(recognition_code=code), challenge)
    card_key = card_issuer.diversify(keys.master_key, code)
    assert direct == card_issuer.external_auth_cryptogram(card_key, challenge)
    in_batch = keys.issuer_cryptogram(
        CardKeyRef(recognition_code=code, batch_id="B-1"), challenge
    )
    batch_key = card_issuer.diversify(keys.transport_key("B-1"), code)
    assert in_batch == card_issuer.external_auth_cryptogram(batch_key, challenge)
    wrong = (ceremony.folder / "wrong").resolve()
    wrong.write_text("not the passphrase at all\n")
    files = settings.key_files
    bad = type(files)(
        ca_certificate=files.ca_certificate,
        ca_key=files.ca_key,
        master_key=files.master_key,
        passphrase=PassphraseSource(file=wrong),
    )
    with pytest.raises(ConfigError, match="wrong passphrase") as caught:
        FileIssuerKeys.load(bad)
    assert PASSPHRASE not in str(caught.value)


def test_passphrase_from_environment_and_never_without_one(
    tmp_path: Path, ceremony: Production
) -> None:
    env_only = production_config(
        tmp_path / "env", passphrase_file=False, keys=ceremony.keys
    )
    out = tmp_path / "b1.key"
    none = env_only.cli("issuer", "transport-key", "B-1", "--out", str(out))
    assert none.returncode == 2 and "SSC_ISSUER_PASSPHRASE" in none.stderr
    assert not out.exists()
    done = env_only.cli(
        "issuer",
        "transport-key",
        "B-1",
        "--out",
        str(out),
        env={"SSC_ISSUER_PASSPHRASE": PASSPHRASE},
    )
    assert done.returncode == 0, done.stderr
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    key = bytes.fromhex(out.read_text())
    assert card_issuer.key_check_value(key).hex().upper() in done.stdout
    assert out.read_text().strip() not in done.stdout + done.stderr
    wrong = env_only.cli(
        "issuer",
        "transport-key",
        "B-2",
        "--out",
        str(tmp_path / "b2.key"),
        env={"SSC_ISSUER_PASSPHRASE": "a wrong passphrase"},
    )
    assert wrong.returncode == 2 and "wrong passphrase" in wrong.stderr


def test_plaintext_keys_refused_outside_a_demo_configuration(tmp_path: Path) -> None:
    demo_keys = DEMO_CA_DIR
    prod = production_config(tmp_path / "plain", passphrase_file=False)
    text = prod.config.read_text()
    text = text.replace(
        str(prod.keys / "issuer-master.sealed"), str(demo_keys / "issuer-master.key")
    )
    text = text.replace(
        str(prod.keys / "issuer-ca.key.pem"), str(demo_keys / "issuer-ca.key.pem")
    )
    text = text.replace(
        str(prod.keys / "issuer-ca.pem"), str(demo_keys / "issuer-ca.pem")
    )
    prod.config.write_text(text)
    refused = prod.cli("issuer", "transport-key", "B-1", "--out", str(tmp_path / "k"))
    assert refused.returncode == 2 and "not encrypted" in refused.stderr


def test_renew_keeps_the_key_so_issued_cards_still_verify(
    ceremony: Production,
) -> None:
    settings = load_settings(ceremony.config)
    before = FileIssuerKeys.load(settings.key_files)
    point = ec.generate_private_key(ec.SECP256R1()).public_key()
    now = certs.utc_now()
    card = before.certify("B00000001", 0x82, point, now, now + timedelta(days=1000))
    renewed = ceremony.cli("issuer", "renew", "--days", "3650")
    assert renewed.returncode == 0, renewed.stderr
    kept = list(ceremony.keys.glob("issuer-ca.pem.until-*"))
    assert len(kept) == 1
    old = x509.load_pem_x509_certificate(kept[0].read_bytes())
    new = x509.load_pem_x509_certificate((ceremony.keys / "issuer-ca.pem").read_bytes())
    assert new.subject == old.subject and new.public_key() == old.public_key()
    assert new.serial_number != old.serial_number
    assert new.not_valid_after_utc > old.not_valid_after_utc
    certs.verify_certificate(card, old, now=now, card_number="B00000001")
    later = now + timedelta(days=500)  # the card still runs, the old CA has ended
    certs.verify_certificate(card, new, now=later, card_number="B00000001")
    with pytest.raises(CertificateExpiredError):
        certs.verify_certificate(card, old, now=later, card_number="B00000001")
