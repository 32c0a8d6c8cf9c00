# SPDX-License-Identifier: Apache-2.0
"""One exception tree for the backend client (docs/api.md "Errors").

Every error carries ``code``, ``status``, ``request_id`` and ``detail``; the
message is the server's human-readable text, which by contract holds no
secrets. :func:`error_from_response` is the one place an HTTP answer becomes an
exception: by ``error.code`` first, by HTTP status as the fallback.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from typing import Any

log = logging.getLogger(__name__)


class BackendError(Exception):
    """Base of every error the backend client raises."""

    default_code = "backend_error"

    def __init__(
        self,
        message: str = "",
        *,
        code: str | None = None,
        status: int | None = None,
        request_id: str | None = None,
        detail: Mapping[str, Any] | None = None,
    ) -> None:
        super().__init__(message or self.__class__.__doc__ or self.default_code)
        self.message = message
        self.code = code or self.default_code
        self.status = status
        self.request_id = request_id
        self.detail: dict[str, Any] = dict(detail or {})

    def __str__(self) -> str:
        text = super().__str__()
        extra = [f"code={self.code}"]
        if self.status is not None:
            extra.append(f"status={self.status}")
        if self.request_id:
            extra.append(f"request_id={self.request_id}")
        return f"{text} ({', '.join(extra)})"


# --- transport -------------------------------------------------------------


class TransportError(BackendError):
    """The request did not get an HTTP answer."""

    default_code = "transport"


class BackendUnavailableError(TransportError):
    """The backend cannot be reached (connection refused, DNS, reset)."""

    default_code = "unavailable"


class BackendTimeoutError(TransportError):
    """The backend did not answer within the configured timeout."""

    default_code = "timeout"


class TlsError(TransportError):
    """TLS failed: the server certificate does not verify, or the handshake broke."""

    default_code = "tls"


class MalformedResponseError(BackendError):
    """The backend answered something that does not match docs/api.md."""

    default_code = "malformed_response"


class OutboxError(BackendError):
    """The outbox cannot store or find a submission (bad input, unknown entry)."""

    default_code = "outbox"


# --- answers of the API ----------------------------------------------------


class InvalidRequestError(BackendError):
    """400: the request body or query failed validation."""

    default_code = "invalid_request"


class PayloadTooLargeError(InvalidRequestError):
    """413: the request body is over the backend's limit (``detail.max_bytes``)."""

    default_code = "payload_too_large"


class UnauthorizedError(BackendError):
    """401: authentication failed (base of the 401 codes)."""

    default_code = "unauthorized"


class KioskUnauthorizedError(UnauthorizedError):
    """401: missing or wrong kiosk credential, or the kiosk is revoked."""

    default_code = "kiosk_unauthorized"


class SessionInvalidError(UnauthorizedError):
    """401: the session token is missing, unknown, expired or logged out."""

    default_code = "session_invalid"


class SessionWrongKioskError(UnauthorizedError):
    """401: the session token belongs to another kiosk."""

    default_code = "session_wrong_kiosk"


class StaffUnauthorizedError(UnauthorizedError):
    """401: bad staff username/password or staff token."""

    default_code = "staff_unauthorized"


class ForbiddenError(BackendError):
    """403: the request is refused (base of the 403 codes)."""

    default_code = "forbidden"


class ForbiddenRoleError(ForbiddenError):
    """403: staff action outside the operator's roles."""

    default_code = "forbidden_role"


class CardNotActiveError(ForbiddenError):
    """403: the card is lost, temporarily lost, replaced or revoked."""

    default_code = "card_not_active"

    @property
    def card_status(self) -> str | None:
        """The card's status from ``detail.status`` (e.g. ``temporarily_lost``)."""
        value = self.detail.get("status")
        return value if isinstance(value, str) else None


class ChallengeError(ForbiddenError):
    """403: the challenge cannot be used (base of the challenge codes)."""

    default_code = "challenge_error"


class ChallengeExpiredError(ChallengeError):
    """403: the challenge is past its lifetime."""

    default_code = "challenge_expired"


class ChallengeReplayedError(ChallengeError):
    """403: the challenge was already used."""

    default_code = "challenge_replayed"


class ChallengeWrongKioskError(ChallengeError):
    """403: the challenge was issued to another kiosk."""

    default_code = "challenge_wrong_kiosk"


class ChallengeWrongCardError(ChallengeError):
    """403: the challenge was issued for another card."""

    default_code = "challenge_wrong_card"


class ChallengeWrongPurposeError(ChallengeError):
    """403: the challenge was issued for another purpose (session, PIN change)."""

    default_code = "challenge_wrong_purpose"


class SubmissionExpiredError(ForbiddenError):
    """403: the submission was signed longer ago than the backend accepts."""

    default_code = "submission_expired"


class SubmissionClockSkewError(ForbiddenError):
    """403: the submission was signed ahead of the backend's clock (the
    kiosk's clock is wrong)."""

    default_code = "submission_clock_skew"


class PinChangeRequiredError(ForbiddenError):
    """403: the card is still on the issuer's initial PIN; change it first."""

    default_code = "pin_change_required"


class SignatureInvalidError(ForbiddenError):
    """403: the key-82 signature does not verify against the registered certificate."""

    default_code = "signature_invalid"


class CertificateInvalidError(ForbiddenError):
    """403: the registered certificate is expired or not from the issuer CA."""

    default_code = "certificate_invalid"


class NotFoundError(BackendError):
    """404: unknown card, person, request or verification code."""

    default_code = "not_found"


class ConflictError(BackendError):
    """409: the current state does not allow the request."""

    default_code = "conflict"


class IdempotencyMismatchError(ConflictError):
    """409: the same Idempotency-Key was used with another request body."""

    default_code = "idempotency_mismatch"


class IdempotencyKeyForeignError(ConflictError):
    """409: the Idempotency-Key was used by another card or another kiosk."""

    default_code = "idempotency_key_foreign"


class NotEligibleError(BackendError):
    """422: a rule refuses the request (``detail.reason`` says which)."""

    default_code = "not_eligible"

    @property
    def reason(self) -> str | None:
        """The rule's reason from ``detail.reason``."""
        value = self.detail.get("reason")
        return value if isinstance(value, str) else None


class RateLimitedError(BackendError):
    """429: too many requests; ``retry_after`` seconds to wait when known."""

    default_code = "rate_limited"

    @property
    def retry_after(self) -> float | None:
        """Seconds from ``Retry-After`` (or ``detail.retry_after``)."""
        value = self.detail.get("retry_after")
        if isinstance(value, int | float) and not isinstance(value, bool):
            return float(value)
        return None


class ServerError(BackendError):
    """5xx: the server failed (``internal``)."""

    default_code = "internal"


ERRORS_BY_CODE: dict[str, type[BackendError]] = {
    cls.default_code: cls
    for cls in (
        InvalidRequestError,
        PayloadTooLargeError,
        KioskUnauthorizedError,
        SessionInvalidError,
        SessionWrongKioskError,
        StaffUnauthorizedError,
        ForbiddenRoleError,
        CardNotActiveError,
        ChallengeExpiredError,
        ChallengeReplayedError,
        ChallengeWrongKioskError,
        ChallengeWrongCardError,
        ChallengeWrongPurposeError,
        SubmissionExpiredError,
        SubmissionClockSkewError,
        PinChangeRequiredError,
        SignatureInvalidError,
        CertificateInvalidError,
        NotFoundError,
        ConflictError,
        IdempotencyMismatchError,
        IdempotencyKeyForeignError,
        NotEligibleError,
        RateLimitedError,
        ServerError,
    )
}

ERRORS_BY_STATUS: dict[int, type[BackendError]] = {
    400: InvalidRequestError,
    401: UnauthorizedError,
    403: ForbiddenError,
    404: NotFoundError,
    409: ConflictError,
    413: PayloadTooLargeError,
    422: NotEligibleError,
    429: RateLimitedError,
}


def parse_retry_after(value: str | None) -> float | None:
    """Seconds from a ``Retry-After`` header (delta-seconds or HTTP date)."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    from email.utils import parsedate_to_datetime

    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    from datetime import UTC, datetime

    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def _error_body(body: bytes) -> Mapping[str, Any]:
    """The ``error`` object of an answer, or an empty mapping if there is none."""
    try:
        doc = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return {}
    if isinstance(doc, dict) and isinstance(doc.get("error"), dict):
        return doc["error"]  # type: ignore[no-any-return]
    return {}


def error_from_response(
    status: int, body: bytes, headers: Mapping[str, str] | None = None
) -> BackendError:
    """Map a non-2xx HTTP answer to one exception (code first, status fallback)."""
    headers = headers or {}
    err = _error_body(body)
    code = err.get("code") if isinstance(err.get("code"), str) else None
    message = err.get("message") if isinstance(err.get("message"), str) else ""
    request_id = err.get("request_id")
    if not isinstance(request_id, str):
        request_id = _header(headers, "x-request-id")
    raw_detail = err.get("detail")
    detail: dict[str, Any] = dict(raw_detail) if isinstance(raw_detail, dict) else {}
    retry_after = parse_retry_after(_header(headers, "retry-after"))
    if retry_after is not None:
        detail["retry_after"] = retry_after
    cls = ERRORS_BY_CODE.get(code or "")
    if cls is None:
        fallback = ServerError if status >= 500 else BackendError
        cls = ERRORS_BY_STATUS.get(status, fallback)
    error = cls(
        str(message) or f"HTTP {status}",
        code=code or cls.default_code,
        status=status,
        request_id=request_id,
        detail=detail,
    )
    log.debug("backend answered %s %s (request %s)", status, error.code, request_id)
    return error


def _header(headers: Mapping[str, str], name: str) -> str | None:
    for key, value in headers.items():
        if key.lower() == name:
            return value
    return None
