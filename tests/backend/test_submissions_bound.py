# SPDX-License-Identifier: Apache-2.0
"""Signed submissions are bound: a time window, one use per idempotency key
whatever the verdict, and the key owned by its kiosk and card (docs/api.md)."""

from __future__ import annotations

import time
import uuid
from typing import Any

from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select

from backend.models import AuditEntry, IdempotencyRecord
from backend.services.submissions import SignedSubmission
from backend_client.outbox import prepare_submission
from card.auth import bind_submission, canonical_json
from tests.backend.conftest import Env, error_code

TRANSFERS = "/api/v1/transfers"
CLAIMS = "/api/v1/claims/unemployment"


def post(
    env: Env,
    card: str,
    path: str,
    body: dict[str, Any],
    *,
    kiosk: dict[str, str] | None = None,
    **signing: Any,
) -> Any:
    headers = env.signer(card).submission_headers(
        kiosk or env.kiosk, path, canonical_json(body), **signing
    )
    return env.client.post(path, json=body, headers=headers)


def record(env: Env, key: str) -> IdempotencyRecord | None:
    with env.ctx.sessions() as db:
        return db.scalars(
            select(IdempotencyRecord).where(IdempotencyRecord.key == key)
        ).first()


def test_refusal_is_recorded_and_answered_again(env: Env) -> None:
    """Under one year of contributions: 422, and the same signed request gets
    the same 422 again from the record, not a new judgement."""
    body = {
        "separation_date": "2026-11-01",
        "reason": "dismissed",
        "registered_unemployed": True,
    }
    key, when = str(uuid.uuid4()), int(time.time())
    first = post(env, "D00000077", CLAIMS, body, key=key, signed_at=when)
    assert (first.status_code, error_code(first)) == (422, "not_eligible")
    stored = record(env, key)
    assert stored is not None and stored.reference is None
    assert (stored.status, stored.card_number) == (422, "D00000077")
    again = post(env, "D00000077", CLAIMS, body, key=key, signed_at=when)
    assert again.status_code == 422
    assert again.json()["error"]["code"] == "not_eligible"
    assert again.json()["error"]["detail"] == first.json()["error"]["detail"]
    with env.ctx.sessions() as db:
        refused = db.scalars(
            select(AuditEntry).where(
                AuditEntry.action == "submission_refused",
                AuditEntry.entity_id == "D00000077",
            )
        ).all()
    assert any(a.data.get("key") == key for a in refused)


def test_key_of_another_card_or_kiosk_is_refused(env: Env) -> None:
    body = {"kind": "medical", "to_region": "510100"}
    key, when = str(uuid.uuid4()), int(time.time())
    first = post(env, "D00000066", TRANSFERS, body, key=key, signed_at=when)
    assert first.status_code == 201, first.text
    reference = first.json()["reference"]
    other_card = post(env, "D00000088", TRANSFERS, body, key=key, signed_at=when)
    other_kiosk = post(
        env,
        "D00000066",
        TRANSFERS,
        body,
        key=key,
        signed_at=when,
        kiosk=env.new_kiosk(),
    )
    for refused in (other_card, other_kiosk):
        assert (refused.status_code, error_code(refused)) == (
            409,
            "idempotency_key_foreign",
        )
        assert reference not in refused.text
    later = post(env, "D00000066", TRANSFERS, body, key=key, signed_at=when + 1)
    assert error_code(later) == "idempotency_mismatch"  # the time is the request's
    replay = post(env, "D00000066", TRANSFERS, body, key=key, signed_at=when)
    assert (replay.status_code, replay.json()["reference"]) == (200, reference)


def test_signing_time_window(env: Env) -> None:
    settings = env.ctx.settings
    body = {"kind": "medical", "to_region": "510100"}
    now = int(time.time())
    old = now - settings.submission_max_age_seconds - 5
    ahead = now + settings.submission_clock_skew_seconds + 60
    expired = post(env, "D00000145", TRANSFERS, body, signed_at=old)
    assert (expired.status_code, error_code(expired)) == (403, "submission_expired")
    skewed = post(env, "D00000145", TRANSFERS, body, signed_at=ahead)
    assert (skewed.status_code, error_code(skewed)) == (403, "submission_clock_skew")


def test_signing_time_header_is_checked(env: Env) -> None:
    body = {"kind": "medical", "to_region": "510100"}
    raw = canonical_json(body)
    headers = env.signer("D00000145").submission_headers(env.kiosk, TRANSFERS, raw)
    for bad in (None, "", "-5", "1e9", "17647488000000"):
        changed = {k: v for k, v in headers.items() if k != "X-Signed-At"}
        if bad is not None:
            changed["X-Signed-At"] = bad
        got = env.client.post(TRANSFERS, json=body, headers=changed)
        assert error_code(got) == "invalid_request", bad
    moved = {**headers, "X-Signed-At": str(int(headers["X-Signed-At"]) - 1)}
    got = env.client.post(TRANSFERS, json=body, headers=moved)
    assert error_code(got) == "signature_invalid"


def test_a_forged_request_does_not_use_up_the_key(env: Env) -> None:
    """Nothing is recorded before the signature verifies: a forgery sent ahead
    of the genuine request cannot burn its key."""
    body = {"kind": "medical", "to_region": "510100"}
    key, when = str(uuid.uuid4()), int(time.time())
    genuine = env.signer("D00000011").submission_headers(
        env.kiosk, TRANSFERS, canonical_json(body), key=key, signed_at=when
    )
    forged = {**genuine, "X-Card-Signature": "00" * 64}
    assert error_code(env.client.post(TRANSFERS, json=body, headers=forged)) == (
        "signature_invalid"
    )
    assert record(env, key) is None
    got = env.client.post(TRANSFERS, json=body, headers=genuine)
    assert got.status_code == 201, got.text


JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**53), 2**53)
    | st.text(st.characters(codec="utf-8")),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)


def backend_view(prepared: Any, payload: dict[str, Any]) -> SignedSubmission:
    """The submission as the backend parses it from the request."""
    return SignedSubmission.parse(
        key=prepared.idempotency_key,
        card_number=prepared.card_number,
        signature="00" * 64,
        signed_at=str(prepared.signed_at),
        method="POST",
        path=prepared.path,
        payload=payload,
    )


@given(payload=st.dictionaries(st.text(max_size=12), JSON_VALUES, max_size=6))
def test_backend_and_client_serialise_a_submission_alike(
    payload: dict[str, Any],
) -> None:
    """The bytes the kiosk's outbox has signed are the bytes the backend
    verifies, whatever the body (key order, non-ASCII, nesting)."""
    prepared = prepare_submission(
        "transfer", payload, "K-1", "D00000066", signed_at=1764748800
    )
    sub = backend_view(prepared, payload)
    assert sub.body == prepared.body_bytes
    digest = bind_submission(
        "K-1",
        sub.card_number,
        sub.idempotency_key,
        sub.method,
        sub.path,
        sub.body,
        signed_at=sub.signed_at,
    )
    assert digest == prepared.digest


def test_canonical_body_is_sorted_compact_utf8() -> None:
    body = {"b": "社会保障", "a": [1, {"d": True, "c": None}], "e": "\u00e9"}
    expected = '{"a":[1,{"c":null,"d":true}],"b":"社会保障","e":"é"}'
    assert canonical_json(body) == expected.encode("utf-8")


def test_a_submission_the_client_prepared_verifies_at_the_backend(env: Env) -> None:
    """The outbox's bytes and digest, signed by the card, pass the backend's
    check of its own serialisation of the validated body."""
    body = {"to_region": "510100", "kind": "medical"}  # not in canonical order
    prepared = prepare_submission(
        "transfer", body, env.kiosk["X-Kiosk-Id"], "D00000202"
    )
    headers = {
        **env.kiosk,
        "Content-Type": "application/json",
        "Idempotency-Key": prepared.idempotency_key,
        "X-Card-Number": prepared.card_number,
        "X-Signed-At": str(prepared.signed_at),
        "X-Card-Signature": env.signer("D00000202").sign(prepared.digest),
    }
    got = env.client.post(prepared.path, content=prepared.body_bytes, headers=headers)
    assert got.status_code == 201, got.text
