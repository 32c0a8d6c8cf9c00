# SPDX-License-Identifier: Apache-2.0
"""Fixtures for card tests: the demo (TEST ONLY) CA, issuer data, virtual cards."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from cryptography import x509
from cryptography.hazmat.primitives.asymmetric.ec import EllipticCurvePublicKey

from card import ssn
from card.auth import KeyRef
from card.certs import IssuerCA
from card.connection import Connection, GetResponseConnection
from card.ssse import Holder, IssuerData
from card.virtual import VirtualCard, VirtualConnection
from card.virtual.bundled import DEMO_CA_DIR
from card.virtual.factory import new_personalized, new_recognition_code

ROOT = Path(__file__).resolve().parents[2]
CA_DIR = DEMO_CA_DIR
CARD_NUMBER = "A12345678"
PIN = "246810"
NOT_BEFORE = datetime(2024, 1, 1, tzinfo=UTC)
NOT_AFTER = datetime(2044, 1, 1, tzinfo=UTC)


@pytest.fixture(scope="session")
def demo_ca() -> IssuerCA:
    return IssuerCA.load(CA_DIR / "issuer-ca.pem", CA_DIR / "issuer-ca.key.pem")


@pytest.fixture(scope="session")
def master_key() -> bytes:
    return bytes.fromhex((CA_DIR / "issuer-master.key").read_text().strip())


@pytest.fixture
def issuer_data() -> IssuerData:
    return IssuerData(
        card_number=CARD_NUMBER,
        recognition_code=new_recognition_code(),
        card_type="3",
        spec_version="3.00",
        init_institution=bytes.fromhex("110000000000000000000001"),
        issue_date=date(2024, 3, 1),
        expiry_date=date(2034, 3, 1),
    )


@pytest.fixture
def holder() -> Holder:
    return Holder(
        ssn=ssn.complete("11010519491231002"),
        name="张三",
        gender="1",
        ethnic_group="01",
        birthplace="110105",
        birth_date=date(1949, 12, 31),
    )


Certify = Callable[[KeyRef, EllipticCurvePublicKey], x509.Certificate]


def certifier(
    ca: IssuerCA,
    card_number: str = CARD_NUMBER,
    not_before: datetime = NOT_BEFORE,
    not_after: datetime = NOT_AFTER,
) -> Certify:
    """A certify callback for the factory, issuing with ``ca``."""
    return lambda key, public_key: ca.certify(
        card_number, key, public_key, not_before, not_after
    )


@pytest.fixture
def make_card(
    demo_ca: IssuerCA, master_key: bytes, issuer_data: IssuerData, holder: Holder
) -> Callable[..., VirtualCard]:
    """Build a personalized virtual card; keyword arguments override defaults."""

    def make(**overrides: Any) -> VirtualCard:
        args: dict[str, Any] = {
            "issuer": issuer_data,
            "holder": holder,
            "pin": PIN,
            "certify": certifier(demo_ca),
            "master_key": master_key,
        }
        args.update(overrides)
        return new_personalized(**args)

    return make


def connect(card: VirtualCard) -> Connection:
    """The standard stack over a virtual card (61xx/6Cxx handled)."""
    return GetResponseConnection(VirtualConnection(card))
