# SPDX-License-Identifier: Apache-2.0
"""The per-process cache of verified holder certificates (services/cards.py):
a cached certificate is still checked for validity at each use, a failure is
never cached, and a certificate from another CA or for another card number is
not answered from the cache of a good one."""

from __future__ import annotations

import gc
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from cryptography.hazmat.primitives.asymmetric import ec
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
    first = cards.holder_key(card, ca, now)
    assert cards.holder_key(card, ca, now) is first  # from the cache
    later = first.not_after + timedelta(seconds=1)
    with pytest.raises(CertificateInvalidError, match="validity"):
        cards.holder_key(card, ca, later)
    assert cards.holder_key(card, ca, now) is first


def test_failures_are_not_cached_and_keys_are_exact(env: Env) -> None:
    card, ca = _card(env, "D00000145"), env.ctx.ca_certificate
    now = datetime.now(UTC)
    cards.holder_key(card, ca, now)
    card = replace(card, card_number="D00000190")  # the same DER, another number
    for _ in range(2):
        with pytest.raises(CertificateInvalidError, match="another card"):
            cards.holder_key(card, ca, now)
    rogue = IssuerCA.generate(
        "Rogue CA",
        not_before=now - timedelta(days=1),
        not_after=now + timedelta(days=9),
    )
    card = replace(card, card_number="D00000145")
    with pytest.raises(CertificateInvalidError, match="issuer"):
        cards.holder_key(card, rogue.certificate, now)
    genuine = cards.holder_key(card, ca, now)
    forged = rogue.certify(
        "D00000145", int(KeyRef.HOLDER), genuine.public_key, now, now + timedelta(1)
    )
    card = replace(card, cert_holder=forged.public_bytes(Encoding.DER))
    with pytest.raises(CertificateInvalidError, match="issuer"):
        cards.holder_key(card, ca, now)


def test_cache_entries_stay_small_for_the_garbage_collector(env: Env) -> None:
    """A cached certificate is its key and validity, not the parsed certificate:
    one whose names and extensions were read keeps about 30 objects that every
    full collection walks, and a full cache is 4,096 of them."""
    card, now = _card(env, "D00000145"), datetime.now(UTC)
    ca = IssuerCA.generate(
        "Cache CA", not_before=now - timedelta(days=1), not_after=now + timedelta(9)
    )
    holders = []
    for n in range(50):
        number = f"C{n:08d}"
        key = ec.generate_private_key(ec.SECP256R1()).public_key()
        der = ca.certify(number, int(KeyRef.HOLDER), key, now, now + timedelta(1))
        raw = der.public_bytes(Encoding.DER)
        holders.append(replace(card, card_number=number, cert_holder=raw))
    gc.collect()
    before = len(gc.get_objects())
    for holder in holders:
        cards.holder_key(holder, ca.certificate, now)
    gc.collect()
    grown = len(gc.get_objects()) - before
    assert grown < 50 * 5, f"{grown} tracked objects for 50 cached certificates"
