# SPDX-License-Identifier: Apache-2.0
"""One exception tree for the backend; each error maps to one docs/api.md code."""

from __future__ import annotations

from typing import Any


class BackendError(Exception):
    """Base of every error the backend raises on purpose."""


class ApiError(BackendError):
    """An error answered to the client as ``{"error": {code, message, detail}}``."""

    status = 400
    code = "invalid_request"

    def __init__(
        self,
        message: str = "",
        *,
        detail: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message or self.code.replace("_", " "))
        self.message = message or self.code.replace("_", " ")
        self.detail = detail
        self.headers = headers or {}


class InvalidRequestError(ApiError):
    """400 Body or query fails validation."""

    status = 400
    code = "invalid_request"


class KioskUnauthorizedError(ApiError):
    """401 Missing or wrong kiosk credential, or kiosk revoked."""

    status = 401
    code = "kiosk_unauthorized"


class SessionInvalidError(ApiError):
    """401 Missing, unknown, expired or logged-out session token."""

    status = 401
    code = "session_invalid"


class SessionWrongKioskError(ApiError):
    """401 Session token used from another kiosk."""

    status = 401
    code = "session_wrong_kiosk"


class StaffUnauthorizedError(ApiError):
    """401 Bad staff username/password or token."""

    status = 401
    code = "staff_unauthorized"


class ForbiddenRoleError(ApiError):
    """403 Staff action outside the operator's roles."""

    status = 403
    code = "forbidden_role"


class CardNotActiveError(ApiError):
    """403 Card lost, temporarily lost, replaced or revoked."""

    status = 403
    code = "card_not_active"


class ChallengeExpiredError(ApiError):
    """403 Challenge past its lifetime."""

    status = 403
    code = "challenge_expired"


class ChallengeReplayedError(ApiError):
    """403 Challenge already used."""

    status = 403
    code = "challenge_replayed"


class ChallengeWrongKioskError(ApiError):
    """403 Challenge issued to another kiosk."""

    status = 403
    code = "challenge_wrong_kiosk"


class ChallengeWrongCardError(ApiError):
    """403 Challenge issued for another card."""

    status = 403
    code = "challenge_wrong_card"


class SignatureInvalidError(ApiError):
    """403 Key-82 signature does not verify."""

    status = 403
    code = "signature_invalid"


class CertificateInvalidError(ApiError):
    """403 Registered certificate expired or not from the CA."""

    status = 403
    code = "certificate_invalid"


class ChallengeWrongPurposeError(ApiError):
    """403 Challenge issued for another purpose (a session, a PIN change)."""

    status = 403
    code = "challenge_wrong_purpose"


class SubmissionExpiredError(ApiError):
    """403 Submission signed longer ago than the acceptance window allows."""

    status = 403
    code = "submission_expired"


class SubmissionClockSkewError(ApiError):
    """403 Submission signed later than the backend's clock (plus tolerance)."""

    status = 403
    code = "submission_clock_skew"


class PinChangeRequiredError(ApiError):
    """403 The card is still on the PIN the issuer loaded; change it first."""

    status = 403
    code = "pin_change_required"


class NotFoundError(ApiError):
    """404 Unknown card, person, request or verification code."""

    status = 404
    code = "not_found"


class ConflictError(ApiError):
    """409 The state does not allow the action."""

    status = 409
    code = "conflict"


class IdempotencyMismatchError(ApiError):
    """409 Same idempotency key, different body."""

    status = 409
    code = "idempotency_mismatch"


class IdempotencyKeyForeignError(ApiError):
    """409 Idempotency-Key already used by another card or another kiosk."""

    status = 409
    code = "idempotency_key_foreign"


class NotEligibleError(ApiError):
    """422 A domain rule refuses the request."""

    status = 422
    code = "not_eligible"


class PayloadTooLargeError(ApiError):
    """413 The request body is over the configured limit."""

    status = 413
    code = "payload_too_large"


class RateLimitedError(ApiError):
    """429 Too many requests; Retry-After says when to retry."""

    status = 429
    code = "rate_limited"


class RecordedRefusalError(ApiError):
    """A submission refused earlier, answered again exactly as the first time
    (the refusal is stored with its idempotency key: docs/api.md)."""

    def __init__(
        self, *, status: int, code: str, message: str, detail: dict[str, Any] | None
    ) -> None:
        super().__init__(message, detail=detail)
        self.status = status
        self.code = code


class ConfigError(BackendError):
    """The configuration file is missing a value or holds a wrong one."""
