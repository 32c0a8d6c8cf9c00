# SPDX-License-Identifier: Apache-2.0
"""The one mapping from an HTTP answer to an exception (docs/api.md "Errors")."""

from __future__ import annotations

import json

import pytest

from backend_client import errors as e

CODES = [
    (400, "invalid_request", e.InvalidRequestError),
    (401, "kiosk_unauthorized", e.KioskUnauthorizedError),
    (401, "session_invalid", e.SessionInvalidError),
    (401, "session_wrong_kiosk", e.SessionWrongKioskError),
    (401, "staff_unauthorized", e.StaffUnauthorizedError),
    (403, "forbidden_role", e.ForbiddenRoleError),
    (403, "card_not_active", e.CardNotActiveError),
    (403, "challenge_expired", e.ChallengeExpiredError),
    (403, "challenge_replayed", e.ChallengeReplayedError),
    (403, "challenge_wrong_kiosk", e.ChallengeWrongKioskError),
    (403, "challenge_wrong_card", e.ChallengeWrongCardError),
    (403, "challenge_wrong_purpose", e.ChallengeWrongPurposeError),
    (403, "submission_expired", e.SubmissionExpiredError),
    (403, "submission_clock_skew", e.SubmissionClockSkewError),
    (403, "pin_change_required", e.PinChangeRequiredError),
    (403, "signature_invalid", e.SignatureInvalidError),
    (403, "certificate_invalid", e.CertificateInvalidError),
    (404, "not_found", e.NotFoundError),
    (409, "conflict", e.ConflictError),
    (409, "idempotency_mismatch", e.IdempotencyMismatchError),
    (413, "payload_too_large", e.PayloadTooLargeError),
    (409, "idempotency_key_foreign", e.IdempotencyKeyForeignError),
    (422, "not_eligible", e.NotEligibleError),
    (429, "rate_limited", e.RateLimitedError),
    (500, "internal", e.ServerError),
]


def body(code: str, **extra: object) -> bytes:
    return json.dumps(
        {
            "error": {
                "code": code,
                "message": f"m-{code}",
                "request_id": "rid-1",
                **extra,
            }
        }
    ).encode()


@pytest.mark.parametrize(("status", "code", "cls"), CODES)
def test_each_code_maps_to_its_class(status: int, code: str, cls: type) -> None:
    err = e.error_from_response(status, body(code), {})
    assert type(err) is cls
    assert (err.code, err.status, err.request_id) == (code, status, "rid-1")
    assert "m-" + code in str(err)


def test_every_code_has_a_distinct_class() -> None:
    assert len({cls for _, _, cls in CODES}) == len(CODES)
    assert set(e.ERRORS_BY_CODE) == {code for _, code, _ in CODES}


def test_code_wins_over_status() -> None:
    err = e.error_from_response(409, body("idempotency_mismatch"), {})
    assert isinstance(err, e.IdempotencyMismatchError)
    assert isinstance(err, e.ConflictError)


@pytest.mark.parametrize(
    ("status", "cls"),
    [
        (400, e.InvalidRequestError),
        (401, e.UnauthorizedError),
        (403, e.ForbiddenError),
        (404, e.NotFoundError),
        (409, e.ConflictError),
        (422, e.NotEligibleError),
        (429, e.RateLimitedError),
        (500, e.ServerError),
        (502, e.ServerError),
        (503, e.ServerError),
        (418, e.BackendError),
    ],
)
def test_status_fallback_without_a_known_code(status: int, cls: type) -> None:
    for payload in (b"<html>proxy error</html>", body("some_future_code"), b""):
        err = e.error_from_response(status, payload, {})
        assert type(err) is cls
        assert err.status == status


def test_detail_fields() -> None:
    lost = e.error_from_response(
        403, body("card_not_active", detail={"status": "temporarily_lost"}), {}
    )
    assert isinstance(lost, e.CardNotActiveError)
    assert lost.card_status == "temporarily_lost"
    refused = e.error_from_response(
        422, body("not_eligible", detail={"reason": "less_than_one_year"}), {}
    )
    assert isinstance(refused, e.NotEligibleError)
    assert refused.reason == "less_than_one_year"


def test_retry_after_from_header_and_request_id_fallback() -> None:
    err = e.error_from_response(
        429,
        json.dumps({"error": {"code": "rate_limited"}}).encode(),
        {"Retry-After": "7", "X-Request-Id": "hdr-id"},
    )
    assert isinstance(err, e.RateLimitedError)
    assert err.retry_after == 7.0
    assert err.request_id == "hdr-id"


def test_retry_after_http_date() -> None:
    assert e.parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0
    assert e.parse_retry_after("garbage") is None
    assert e.parse_retry_after(None) is None


def test_transport_errors_share_the_tree() -> None:
    for cls in (e.BackendUnavailableError, e.BackendTimeoutError, e.TlsError):
        assert issubclass(cls, e.TransportError)
        assert issubclass(cls, e.BackendError)
    assert not issubclass(e.BackendError, ValueError)
