# SPDX-License-Identifier: Apache-2.0
"""Kiosk-side card verification (card.auth.verify_card): forged, expired,
wrong-issuer and mismatched certificates, and copied public data, each on a
virtual card answering real APDUs. SECURITY.md "forged card", "expired or
wrong-issuer certificate"."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from card import ssn
from card.auth import AuthSession, KeyRef, verify_card
from card.certs import IssuerCA
from card.connection import GetResponseConnection
from card.errors import (
    CardError,
    CertificateExpiredError,
    CertificateMismatchError,
    NotGenuineError,
    UntrustedIssuerError,
)
from card.ssse import Holder, IssuerData
from card.virtual import VirtualCard, VirtualConnection
from card.virtual.bundled import DEMO_CA_DIR
from card.virtual.factory import new_personalized, new_recognition_code
from kiosk.cardjobs import read_card

ROOT = Path(__file__).resolve().parents[2]
CA_DIR = DEMO_CA_DIR
NUMBER = "S00000001"
NOW = datetime.now(UTC)


@pytest.fixture(scope="module")
def issuer_ca() -> IssuerCA:
    return IssuerCA.load(CA_DIR / "issuer-ca.pem", CA_DIR / "issuer-ca.key.pem")


@pytest.fixture(scope="module")
def master_key() -> bytes:
    return bytes.fromhex((CA_DIR / "issuer-master.key").read_text().strip())


def _card(master_key: bytes, certify, number: str = NUMBER) -> VirtualCard:  # type: ignore[no-untyped-def]
    issuer = IssuerData(
        card_number=number,
        recognition_code=new_recognition_code(),
        card_type="3",
        spec_version="3.00",
        init_institution=bytes.fromhex("110000000000000000000001"),
        issue_date=date(2024, 3, 1),
        expiry_date=date(2034, 3, 1),
    )
    holder = Holder(
        ssn=ssn.complete("11010519491231002"),
        name="张伪",
        gender="1",
        ethnic_group="01",
        birthplace="110105",
        birth_date=date(1949, 12, 31),
    )
    return new_personalized(
        issuer=issuer,
        holder=holder,
        pin="246810",
        certify=certify,
        master_key=master_key,
    )


def _verify(card: VirtualCard, ca: IssuerCA, number: str = NUMBER) -> x509.Certificate:
    session = AuthSession(GetResponseConnection(VirtualConnection(card)))
    return verify_card(session, ca.certificate, card_number=number)


def _genuine(
    ca: IssuerCA,
    number: str = NUMBER,
    *,
    not_before: datetime | None = None,
    not_after: datetime | None = None,
):  # type: ignore[no-untyped-def]
    return lambda key, public: ca.certify(
        number,
        key,
        public,
        not_before or NOW - timedelta(days=30),
        not_after or NOW + timedelta(days=3650),
    )


def test_genuine_card_verifies(issuer_ca: IssuerCA, master_key: bytes) -> None:
    """Guard for the refusals below: the same construction with the real CA passes."""
    cert = _verify(_card(master_key, _genuine(issuer_ca)), issuer_ca)
    assert cert.subject.get_attributes_for_oid(NameOID.SERIAL_NUMBER)[0].value == NUMBER


def test_self_signed_certificate_is_untrusted(
    issuer_ca: IssuerCA, master_key: bytes
) -> None:
    """A forger certifies the card's own key with itself, copying the CA's name."""

    def self_signed(key: KeyRef, public: ec.EllipticCurvePublicKey) -> x509.Certificate:
        forger = ec.generate_private_key(ec.SECP256R1())
        subject = x509.Name([x509.NameAttribute(NameOID.SERIAL_NUMBER, NUMBER)])
        return (
            x509.CertificateBuilder()
            .subject_name(subject)
            .issuer_name(issuer_ca.certificate.subject)
            .public_key(public)
            .serial_number(x509.random_serial_number())
            .not_valid_before(NOW - timedelta(days=1))
            .not_valid_after(NOW + timedelta(days=365))
            .sign(forger, hashes.SHA256())
        )

    with pytest.raises(UntrustedIssuerError):
        _verify(_card(master_key, self_signed), issuer_ca)


def test_rogue_issuer_is_untrusted(issuer_ca: IssuerCA, master_key: bytes) -> None:
    rogue = IssuerCA.generate(
        "Rogue SSC CA",
        not_before=NOW - timedelta(days=1),
        not_after=NOW + timedelta(days=3650),
    )
    with pytest.raises(UntrustedIssuerError):
        _verify(_card(master_key, _genuine(rogue)), issuer_ca)


def test_expired_certificate_is_refused(issuer_ca: IssuerCA, master_key: bytes) -> None:
    expired = _genuine(
        issuer_ca,
        not_before=NOW - timedelta(days=400),
        not_after=NOW - timedelta(days=1),
    )
    with pytest.raises(CertificateExpiredError):
        _verify(_card(master_key, expired), issuer_ca)


def test_not_yet_valid_certificate_is_refused(
    issuer_ca: IssuerCA, master_key: bytes
) -> None:
    future = _genuine(
        issuer_ca,
        not_before=NOW + timedelta(days=2),
        not_after=NOW + timedelta(days=400),
    )
    with pytest.raises(CertificateExpiredError):
        _verify(_card(master_key, future), issuer_ca)


def test_certificate_of_another_card_number_is_refused(
    issuer_ca: IssuerCA, master_key: bytes
) -> None:
    card = _card(master_key, _genuine(issuer_ca, "S00000002"))
    with pytest.raises(CertificateMismatchError):
        _verify(card, issuer_ca)


def test_copied_certificate_with_own_keys_is_not_genuine(
    issuer_ca: IssuerCA, master_key: bytes
) -> None:
    """Copied public data: a genuine card's certificate on a card with other keys."""
    genuine = _card(master_key, _genuine(issuer_ca))
    clone = _card(master_key, _genuine(issuer_ca))
    clone.image.binaries["0016"] = genuine.image.binaries["0016"]
    with pytest.raises(NotGenuineError):
        _verify(clone, issuer_ca)


def test_kiosk_read_card_refuses_a_rogue_card(
    issuer_ca: IssuerCA, master_key: bytes
) -> None:
    """The kiosk's own card job (kiosk.cardjobs.read_card) stops at the check."""
    rogue = IssuerCA.generate(
        "Rogue SSC CA",
        not_before=NOW - timedelta(days=1),
        not_after=NOW + timedelta(days=3650),
    )
    card = _card(master_key, _genuine(rogue))
    with pytest.raises(CardError) as caught:
        read_card(GetResponseConnection(VirtualConnection(card)), issuer_ca.certificate)
    assert isinstance(caught.value, UntrustedIssuerError)
