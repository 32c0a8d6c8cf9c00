# SPDX-License-Identifier: Apache-2.0
"""Kiosk, challenge and session authentication: each failure its own code."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from cryptography.hazmat.primitives.serialization import Encoding
from sqlalchemy import select

import card
from backend.models import Card, Kiosk
from card.auth import KeyRef
from card.certs import IssuerCA
from tests.backend.conftest import Env, error_code

CHALLENGE = "/api/v1/auth/challenge"
SESSION = "/api/v1/auth/session"


def _challenge(
    env: Env, card: str, kiosk: dict[str, str] | None = None, purpose: str = "session"
) -> dict:
    got = env.client.post(
        CHALLENGE,
        json={"card_number": card, "purpose": purpose},
        headers=kiosk or env.kiosk,
    )
    assert got.status_code == 200, got.text
    return got.json()


def _session(
    env: Env,
    challenge: dict,
    card: str,
    signature: str,
    kiosk: dict[str, str] | None = None,
):  # type: ignore[no-untyped-def]
    return env.client.post(
        SESSION,
        headers=kiosk or env.kiosk,
        json={
            "challenge_id": challenge["challenge_id"],
            "card_number": card,
            "signature": signature,
        },
    )


def test_health_and_openapi(env: Env) -> None:
    assert env.client.get("/healthz").json() == {
        "status": "ok",
        "database": "ok",
        "version": card.__version__,  # the project's one version string
    }
    paths = env.client.get("/openapi.json").json()["paths"]
    assert "/api/v1/auth/session" in paths and "/api/v1/staff/audit" in paths


def test_kiosk_credential_missing_wrong_or_revoked(env: Env) -> None:
    body = {"card_number": "D00000033"}
    assert error_code(env.client.post(CHALLENGE, json=body)) == "kiosk_unauthorized"
    wrong = {**env.kiosk, "X-Kiosk-Key": "not-the-secret"}
    got = env.client.post(CHALLENGE, json=body, headers=wrong)
    assert (got.status_code, error_code(got)) == (401, "kiosk_unauthorized")
    other = env.new_kiosk()
    with env.ctx.sessions() as db:
        db.get(Kiosk, other["X-Kiosk-Id"]).revoked = True
        db.commit()
    assert (
        error_code(env.client.post(CHALLENGE, json=body, headers=other))
        == "kiosk_unauthorized"
    )


def test_full_session_and_logout(env: Env) -> None:
    headers = env.login("D00000033")
    me = env.client.get("/api/v1/me", headers=headers).json()
    assert me["person"]["name"] == "王芳" and me["card"]["status"] == "active"
    assert me["person"]["mobile_masked"] == "138****0003"
    assert env.client.delete(SESSION, headers=headers).status_code == 204
    got = env.client.get("/api/v1/me", headers=headers)
    assert (got.status_code, error_code(got)) == (401, "session_invalid")


def test_challenge_refuses_unknown_and_inactive_cards(env: Env) -> None:
    got = env.client.post(
        CHALLENGE, json={"card_number": "D99999999"}, headers=env.kiosk
    )
    assert (got.status_code, error_code(got)) == (404, "not_found")
    got = env.client.post(
        CHALLENGE, json={"card_number": "D00000178"}, headers=env.kiosk
    )
    assert (got.status_code, error_code(got)) == (403, "card_not_active")
    assert got.json()["error"]["detail"]["status"] == "temporarily_lost"
    got = env.client.post(
        CHALLENGE,
        headers=env.kiosk,
        json={"card_number": "D00000033", "purpose": "cancel_loss"},
    )
    assert error_code(got) == "card_not_active"
    got = env.client.post(CHALLENGE, headers=env.kiosk, json={"card_number": "x"})
    assert (got.status_code, error_code(got)) == (400, "invalid_request")


def test_challenge_replayed(env: Env) -> None:
    challenge = _challenge(env, "D00000044")
    signature = env.signer("D00000044").sign_challenge(challenge["nonce"], env.kiosk_id)
    assert _session(env, challenge, "D00000044", signature).status_code == 200
    again = _session(env, challenge, "D00000044", signature)
    assert (again.status_code, error_code(again)) == (403, "challenge_replayed")


def test_challenge_expired(env: Env) -> None:
    challenge = _challenge(env, "D00000044")
    signature = env.signer("D00000044").sign_challenge(challenge["nonce"], env.kiosk_id)
    real = env.ctx.clock
    env.ctx.clock = lambda: (
        real() + timedelta(seconds=env.ctx.settings.challenge_lifetime_seconds + 1)
    )
    try:
        got = _session(env, challenge, "D00000044", signature)
    finally:
        env.ctx.clock = real
    assert (got.status_code, error_code(got)) == (403, "challenge_expired")


def test_challenge_wrong_kiosk(env: Env) -> None:
    challenge = _challenge(env, "D00000044")
    other = env.new_kiosk()
    signature = env.signer("D00000044").sign_challenge(
        challenge["nonce"], other["X-Kiosk-Id"]
    )
    got = _session(env, challenge, "D00000044", signature, kiosk=other)
    assert (got.status_code, error_code(got)) == (403, "challenge_wrong_kiosk")


def test_challenge_wrong_card(env: Env) -> None:
    challenge = _challenge(env, "D00000044")
    signature = env.signer("D00000055").sign_challenge(challenge["nonce"], env.kiosk_id)
    got = _session(env, challenge, "D00000055", signature)
    assert (got.status_code, error_code(got)) == (403, "challenge_wrong_card")


def test_signature_invalid(env: Env) -> None:
    challenge = _challenge(env, "D00000044")
    # another genuine card signs the right message: not the registered key
    forged = env.signer("D00000055").sign_challenge(challenge["nonce"], env.kiosk_id)
    got = _session(env, challenge, "D00000044", forged)
    assert (got.status_code, error_code(got)) == (403, "signature_invalid")
    challenge = _challenge(env, "D00000044")
    # the right card signs for another kiosk id: the binding does not match
    wrong_binding = env.signer("D00000044").sign_challenge(
        challenge["nonce"], "kiosk-x"
    )
    got = _session(env, challenge, "D00000044", wrong_binding)
    assert error_code(got) == "signature_invalid"


def test_certificate_invalid_when_expired(env: Env) -> None:
    challenge = _challenge(env, "D00000112")  # card and certificate ran 2014-2024
    signature = env.signer("D00000112").sign_challenge(challenge["nonce"], env.kiosk_id)
    got = _session(env, challenge, "D00000112", signature)
    assert (got.status_code, error_code(got)) == (403, "certificate_invalid")


def test_certificate_invalid_when_not_from_issuer_ca(env: Env) -> None:
    now = datetime.now(UTC)
    rogue = IssuerCA.generate(
        "Rogue CA",
        not_before=now - timedelta(days=1),
        not_after=now + timedelta(days=365),
    )
    signer = env.signer("D00000190")
    genuine = signer.auth.read_certificate(KeyRef.HOLDER)
    forged = rogue.certify(
        "D00000190",
        0x82,
        genuine.public_key(),
        now - timedelta(days=1),
        now + timedelta(days=300),
    )
    with env.ctx.sessions() as db:
        card = db.scalars(select(Card).where(Card.card_number == "D00000190")).one()
        original, card.cert_holder = card.cert_holder, forged.public_bytes(Encoding.DER)
        db.commit()
    try:
        challenge = _challenge(env, "D00000190")
        got = _session(
            env,
            challenge,
            "D00000190",
            signer.sign_challenge(challenge["nonce"], env.kiosk_id),
        )
        assert (got.status_code, error_code(got)) == (403, "certificate_invalid")
    finally:
        with env.ctx.sessions() as db:
            db.scalars(
                select(Card).where(Card.card_number == "D00000190")
            ).one().cert_holder = original
            db.commit()


def test_session_invalid_and_wrong_kiosk(env: Env) -> None:
    headers = env.login("D00000145")
    assert (
        error_code(env.client.get("/api/v1/me", headers=env.kiosk)) == "session_invalid"
    )
    garbage = {**env.kiosk, "Authorization": "Bearer nope"}
    assert (
        error_code(env.client.get("/api/v1/me", headers=garbage)) == "session_invalid"
    )
    other = env.new_kiosk()
    stolen = {**other, "Authorization": headers["Authorization"]}
    got = env.client.get("/api/v1/me", headers=stolen)
    assert (got.status_code, error_code(got)) == (401, "session_wrong_kiosk")
    real = env.ctx.clock
    env.ctx.clock = lambda: (
        real() + timedelta(seconds=env.ctx.settings.session_lifetime_seconds + 1)
    )
    try:
        assert (
            error_code(env.client.get("/api/v1/me", headers=headers))
            == "session_invalid"
        )
    finally:
        env.ctx.clock = real
    assert env.client.get("/api/v1/me", headers=headers).status_code == 200
