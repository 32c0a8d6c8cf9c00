# SPDX-License-Identifier: Apache-2.0
"""The kiosk's client for the backend API (docs/api.md).

:class:`BackendClient` makes the kiosk-authenticated calls and opens a
:class:`ResidentSession` from a card-signed challenge. Secrets (kiosk key,
session token) live in private attributes and never appear in a repr, a log
or an exception message.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from backend_client._http import (
    API,
    DEFAULT_RETRY,
    NO_RETRY,
    HttpAnswer,
    RetryPolicy,
    Transport,
)
from backend_client._parse import Fields, load_json
from backend_client.models import (
    Accounts,
    CardStatus,
    CertificateData,
    Challenge,
    ContributionPage,
    Eligibility,
    Health,
    Me,
    PublicRequestStatus,
    Region,
    RequestDetail,
    SessionInfo,
    TemporaryLossReceipt,
    TransferPreview,
    parse_request_list,
)
from card.auth import canonical_json

log = logging.getLogger(__name__)


@dataclass(frozen=True, kw_only=True)
class KioskCredentials:
    """A kiosk's id and secret key (``ss-backend register-kiosk``)."""

    kiosk_id: str
    key: str = field(repr=False)

    def headers(self) -> dict[str, str]:
        """The kiosk headers of docs/api.md "Authentication"."""
        return {"X-Kiosk-Id": self.kiosk_id, "X-Kiosk-Key": self.key}


@dataclass(frozen=True, kw_only=True)
class SubmissionAnswer:
    """The backend's answer to a signed submission: 201 new, 200 replayed."""

    status: int
    detail: RequestDetail
    body: bytes = field(repr=False)


def transfer_body(
    kind: str, to_region: str, organisational_transfer: bool = False
) -> dict[str, Any]:
    """The body of ``POST /transfers`` and ``/transfers/preview``: the
    organisational-transfer flag only when the resident claims it."""
    body: dict[str, Any] = {"kind": kind, "to_region": to_region}
    if organisational_transfer:
        body["organisational_transfer"] = True
    return body


ChallengePurpose = Literal["session", "cancel_loss", "pin_changed"]


def _signed_nonce(
    challenge_id: str, card_number: str, signature: bytes
) -> dict[str, str]:
    """The body that answers a challenge with the card's key-82 signature."""
    return {
        "challenge_id": challenge_id,
        "card_number": card_number,
        "signature": signature.hex(),
    }


def parse_answer(answer: HttpAnswer, where: str) -> Fields:
    """The JSON object of a 2xx answer, checked to be an object."""
    return Fields(load_json(answer.content, where), where)


class BackendClient:
    """Kiosk-side client: public, kiosk and session-opening calls."""

    def __init__(
        self,
        base_url: str,
        *,
        kiosk: KioskCredentials | None,
        ca_bundle: str | None = None,
        connect_timeout: float = 3.05,
        read_timeout: float = 10.0,
        retries: RetryPolicy = DEFAULT_RETRY,
    ) -> None:
        self.kiosk = kiosk
        self._ca_bundle = ca_bundle
        self.transport = Transport(
            base_url,
            ca_bundle=ca_bundle,
            connect_timeout=connect_timeout,
            read_timeout=read_timeout,
            retry=retries,
        )

    def __repr__(self) -> str:
        kiosk = self.kiosk.kiosk_id if self.kiosk else None
        return f"BackendClient({self.transport.base_url!r}, kiosk={kiosk!r})"

    def close(self) -> None:
        """Close pooled connections."""
        self.transport.close()

    def twin(self, *, retries: RetryPolicy = NO_RETRY) -> BackendClient:
        """A client of the same backend, credential, trust and timeouts with
        its own connection pool (for another thread)."""
        connect, read = self.transport.timeout
        return BackendClient(
            self.transport.base_url,
            kiosk=self.kiosk,
            ca_bundle=self._ca_bundle,
            connect_timeout=connect,
            read_timeout=read,
            retries=retries,
        )

    def __enter__(self) -> BackendClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- plumbing ---------------------------------------------------------

    def _kiosk_headers(self) -> dict[str, str]:
        return self.kiosk.headers() if self.kiosk else {}

    def request(
        self,
        method: str,
        path: str,
        *,
        body: Mapping[str, Any] | None = None,
        params: Mapping[str, str | int] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> HttpAnswer:
        """One call under ``/api/v1`` with the kiosk headers (and extra ``headers``)."""
        all_headers = self._kiosk_headers() | dict(headers or {})
        return self.transport.call(
            method,
            API + path,
            headers=all_headers,
            body=canonical_json(body) if body is not None else None,
            params=params,
        )

    def _get(self, path: str, **params: str | int) -> Fields:
        return parse_answer(self.request("GET", path, params=params or None), path)

    # --- public -----------------------------------------------------------

    def health(self) -> Health:
        """``GET /healthz``."""
        answer = self.transport.call("GET", "/healthz", headers={})
        return Health.parse(parse_answer(answer, "/healthz"))

    def public_certificate(self, code: str) -> CertificateData:
        """Verify a printed certificate by its verification code."""
        return CertificateData.parse(self._get(f"/public/certificates/{code}"))

    def public_request_status(self, reference: str, token: str) -> PublicRequestStatus:
        """Status of a request for the holder of its slip (reference + token)."""
        return PublicRequestStatus.parse(
            self._get(f"/public/requests/{reference}", t=token)
        )

    # --- kiosk ------------------------------------------------------------

    def ping(self) -> None:
        """``GET /kiosk/ping``: returns when the backend accepts this kiosk's
        credential; KioskUnauthorizedError when it does not, TransportError
        when the backend does not answer."""
        self.request("GET", "/kiosk/ping")

    def challenge(
        self, card_number: str, purpose: ChallengePurpose = "session"
    ) -> Challenge:
        """A single-use nonce for this kiosk and card (refused for inactive cards)."""
        answer = self.request(
            "POST",
            "/auth/challenge",
            body={"card_number": card_number, "purpose": purpose},
        )
        return Challenge.parse(parse_answer(answer, "/auth/challenge"))

    def open_session(
        self, challenge_id: str, card_number: str, signature: bytes
    ) -> ResidentSession:
        """Exchange the card's key-82 signature over the bound nonce for a session."""
        answer = self.request(
            "POST",
            "/auth/session",
            body=_signed_nonce(challenge_id, card_number, signature),
        )
        info = SessionInfo.parse(parse_answer(answer, "/auth/session"))
        log.info("session opened for card %s (purpose %s)", card_number, info.purpose)
        return ResidentSession(self, info, card_number=card_number)

    def register_pin_change(
        self, challenge_id: str, card_number: str, signature: bytes
    ) -> None:
        """Register a PIN change done on the card: the card's key-82 signature
        over a nonce of purpose ``pin_changed``, made after the new PIN was
        verified. Until then the backend refuses the card's submissions while
        it is on the issuer's initial PIN (docs/api.md)."""
        self.request(
            "POST",
            "/card/pin-changed",
            body=_signed_nonce(challenge_id, card_number, signature),
        )
        log.info("PIN change registered for card %s", card_number)

    def report_temporary_loss(
        self, ssn: str, mobile_last4: str
    ) -> TemporaryLossReceipt:
        """Report the card of ``ssn`` temporarily lost (no card needed)."""
        answer = self.request(
            "POST",
            "/loss-reports/temporary",
            body={"ssn": ssn, "mobile_last4": mobile_last4},
        )
        return TemporaryLossReceipt.parse(
            parse_answer(answer, "/loss-reports/temporary")
        )

    def submit(
        self,
        *,
        path: str,
        body: bytes,
        idempotency_key: str,
        card_number: str,
        signed_at: int,
        signature: bytes,
    ) -> SubmissionAnswer:
        """POST a card-signed submission (docs/api.md "Submissions are signed");
        ``signed_at`` is the signing time the card's signature binds."""
        headers = self._kiosk_headers() | {
            "Idempotency-Key": idempotency_key,
            "X-Card-Number": card_number,
            "X-Signed-At": str(signed_at),
            "X-Card-Signature": signature.hex(),
        }
        answer = self.transport.call("POST", path, headers=headers, body=body)
        detail = RequestDetail.parse(parse_answer(answer, path))
        return SubmissionAnswer(
            status=answer.status, detail=detail, body=answer.content
        )


class ResidentSession:
    """The calls of one resident's session (bearer token bound to kiosk and card)."""

    def __init__(
        self, client: BackendClient, info: SessionInfo, *, card_number: str
    ) -> None:
        self.client = client
        self.card_number = card_number
        self.purpose = info.purpose
        self.expires_at = info.expires_at
        self._token: str | None = info.token

    def __repr__(self) -> str:
        state = "open" if self._token else "closed"
        return (
            f"ResidentSession(card={self.card_number!r}, purpose={self.purpose!r}, "
            f"{state})"
        )

    @property
    def is_open(self) -> bool:
        """False after :meth:`logout`."""
        return self._token is not None

    def _call(
        self,
        method: str,
        path: str,
        *,
        body: Mapping[str, Any] | None = None,
        params: Mapping[str, str | int] | None = None,
    ) -> HttpAnswer:
        headers = {"Authorization": f"Bearer {self._token}"} if self._token else {}
        return self.client.request(
            method, path, body=body, params=params, headers=headers
        )

    def _get(self, path: str, params: Mapping[str, str | int] | None = None) -> Fields:
        return parse_answer(self._call("GET", path, params=params), path)

    def me(self) -> Me:
        """The person and card of this session."""
        return Me.parse(self._get("/me"))

    def accounts(self) -> Accounts:
        """The five insurance accounts and yearly totals."""
        return Accounts.parse(self._get("/accounts"))

    def contributions(
        self,
        insurance: str | None = None,
        year: int | None = None,
        page: int = 1,
        page_size: int = 20,
    ) -> ContributionPage:
        """One page of monthly contribution records, optionally filtered."""
        params: dict[str, str | int] = {"page": page, "page_size": page_size}
        if insurance:
            params["insurance"] = insurance
        if year is not None:
            params["year"] = year
        return ContributionPage.parse(self._get("/contributions", params))

    def regions(self) -> tuple[Region, ...]:
        """Transfer destinations."""
        return self._get("/regions").each("regions", Region.parse)

    def transfer_preview(
        self, kind: str, to_region: str, *, organisational_transfer: bool = False
    ) -> TransferPreview:
        """What a transfer would move and where (side-effect free, so retried).

        ``organisational_transfer``: the resident says the organisation or
        personnel authorities arranged the move (sent only when true).
        """
        answer = self._call(
            "POST",
            "/transfers/preview",
            body=transfer_body(kind, to_region, organisational_transfer),
        )
        return TransferPreview.parse(parse_answer(answer, "/transfers/preview"))

    def transfers(self) -> tuple[RequestDetail, ...]:
        """The resident's transfers (summaries)."""
        return parse_request_list(self._get("/transfers"))

    def transfer(self, reference: str) -> RequestDetail:
        """One transfer with timeline and steps."""
        return RequestDetail.parse(self._get(f"/transfers/{reference}"))

    def unemployment_eligibility(self) -> Eligibility:
        """Whether an unemployment claim would be accepted, and for how long."""
        return Eligibility.parse(self._get("/claims/unemployment/eligibility"))

    def claims(self) -> tuple[RequestDetail, ...]:
        """The resident's claims (summaries)."""
        return parse_request_list(self._get("/claims"))

    def claim(self, reference: str) -> RequestDetail:
        """One claim with timeline and steps."""
        return RequestDetail.parse(self._get(f"/claims/{reference}"))

    def certificate(self) -> CertificateData:
        """Data for the insurance certificate (参保证明) to print."""
        return CertificateData.parse(self._get("/certificate"))

    def cancel_temporary_loss(self) -> CardStatus:
        """Cancel a temporary loss report (a ``cancel_loss`` session)."""
        answer = self._call("DELETE", "/loss-reports/temporary")
        return CardStatus.parse(parse_answer(answer, "/loss-reports/temporary"))

    def logout(self) -> None:
        """End the session on the backend and forget the token (idempotent)."""
        if self._token is None:
            return
        try:
            self.client.request(
                "DELETE",
                "/auth/session",
                headers={"Authorization": f"Bearer {self._token}"},
            )
        finally:
            self._token = None


__all__ = [
    "NO_RETRY",
    "BackendClient",
    "KioskCredentials",
    "ResidentSession",
    "RetryPolicy",
    "SubmissionAnswer",
]
