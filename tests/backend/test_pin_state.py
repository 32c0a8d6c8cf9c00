# SPDX-License-Identifier: Apache-2.0
"""The backend's record of a card on the issuer's PIN, and its registration of
a card-signed change (docs/api.md ``POST /card/pin-changed``)."""

from __future__ import annotations

import secrets
from typing import Any

from card.auth import canonical_json
from tests.backend.conftest import Env, error_code

CARD = "D00000123"  # demo card on the initial PIN 123456
TRANSFERS = "/api/v1/transfers"


def submit(env: Env, body: dict[str, Any]) -> Any:
    raw = canonical_json(body)
    headers = env.signer(CARD).submission_headers(env.kiosk, TRANSFERS, raw)
    return env.client.post(TRANSFERS, json=body, headers=headers)


def signed_nonce(env: Env, purpose: str) -> dict[str, str]:
    """A challenge of ``purpose`` and the card's key-82 signature over it, as
    the body of ``/auth/session`` or ``/card/pin-changed``."""
    got = env.client.post(
        "/api/v1/auth/challenge",
        json={"card_number": CARD, "purpose": purpose},
        headers=env.kiosk,
    )
    assert got.status_code == 200, got.text
    challenge = got.json()
    return {
        "challenge_id": challenge["challenge_id"],
        "card_number": CARD,
        "signature": env.signer(CARD).sign_challenge(challenge["nonce"], env.kiosk_id),
    }


def register(env: Env, purpose: str = "pin_changed") -> Any:
    """Challenge of ``purpose``, the card's key-82 signature, registration."""
    body = signed_nonce(env, purpose)
    return env.client.post("/api/v1/card/pin-changed", json=body, headers=env.kiosk)


def unblock_at_counter(env: Env) -> None:
    """The counter asks for a RELOAD PIN MAC: the PIN is the issuer's again."""
    got = env.client.post(
        "/api/v1/staff/login", json={"username": "issuer", "password": "issuer-demo"}
    )
    staff = {"Authorization": f"Bearer {got.json()['token']}"}
    got = env.client.post(
        f"/api/v1/staff/cards/{CARD}/pin-reload-mac",
        json={"challenge": secrets.token_hex(16), "pin_block": "123456"},
        headers=staff,
    )
    assert got.status_code == 200, got.text


def test_initial_pin_blocks_submissions_until_a_signed_change(env: Env) -> None:
    body = {"kind": "medical", "to_region": "310000"}
    refused = submit(env, body)
    assert (refused.status_code, error_code(refused)) == (403, "pin_change_required")
    wrong = register(env, "session")
    assert (wrong.status_code, error_code(wrong)) == (403, "challenge_wrong_purpose")
    assert register(env).status_code == 204
    accepted = submit(env, body)
    assert accepted.status_code == 201, accepted.text
    unblock_at_counter(env)
    again = submit(env, {"kind": "pension", "to_region": "310000"})
    assert error_code(again) == "pin_change_required"
    assert register(env).status_code == 204


def test_registration_is_not_a_session(env: Env) -> None:
    """A pin_changed nonce opens no session."""
    body = signed_nonce(env, "pin_changed")
    opened = env.client.post("/api/v1/auth/session", json=body, headers=env.kiosk)
    assert (opened.status_code, error_code(opened)) == (403, "challenge_wrong_purpose")
