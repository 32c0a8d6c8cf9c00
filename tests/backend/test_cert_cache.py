# SPDX-License-Identifier: Apache-2.0
"""The per-process cache of verified holder certificates (services/cards.py):
a cached certificate is still checked for validity at each use, a failure is
never cached, and a certificate from another CA or for another card number is
not answered from the cache of a good one."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from cryptography.hazmat.primitives.serialization import Encoding

from backend.errors import CertificateInvalidError
from backend.services import cards
from card.auth import KeyRef
from card.certs import IssuerCA
from tests.backend.conftest import Env


def _card(env: Env, number: str) -> cards.CardView:
    with env.ctx.sessions() as db:
        return cards.find_card(db, number, datetime.now(UTC))


def test_cached_certificate_is_rechecked_for_validity(env: Env) -> None:
    card, ca = _card(env, "D00000145"), env.ctx.ca_certificate
    now = datetime.now(UTC)
    first = cards.holder_certificate(card, ca, now)
    assert cards.holder_certificate(card, ca, now) is first  # from the cache
    later = first.not_valid_after_utc + timedelta(seconds=1)
    with pytest.raises(CertificateInvalidError, match="validity"):
        cards.holder_certificate(card, ca, later)
    assert cards.holder_certificate(card, ca, now) is first


def test_failures_are_not_cached_and_keys_are_exact(env: Env) -> None:
    card, ca = _card(env, "D00000145"), env.ctx.ca_certificate
    now = datetime.now(UTC)
    cards.holder_certificate(card, ca, now)
    card = replace(card, card_number="D00000190")  # the same DER, another number
    for _ in range(2):
        with pytest.raises(CertificateInvalidError, match="another card"):
            cards.holder_certificate(card, ca, now)
    rogue = IssuerCA.generate(
        "Rogue CA",
        not_before=now - timedelta(days=1),
        not_after=now + timedelta(days=9),
    )
    card = replace(card, card_number="D00000145")
    with pytest.raises(CertificateInvalidError, match="issuer"):
        cards.holder_certificate(card, rogue.certificate, now)
    genuine = cards.holder_certificate(card, ca, now)
    forged = rogue.certify(
        "D00000145", int(KeyRef.HOLDER), genuine.public_key(), now, now + timedelta(1)
    )
    card = replace(card, cert_holder=forged.public_bytes(Encoding.DER))
    with pytest.raises(CertificateInvalidError, match="issuer"):
        cards.holder_certificate(card, ca, now)
