# SPDX-License-Identifier: Apache-2.0
"""Thin client for the backend's staff endpoints (docs/api.md "Staff").

Used until ``backend_client.StaffClient`` lands; the orchestrator only sees the
:class:`kiosk.staff.personalize.IssuingBackend` protocol, which this satisfies.
The staff token lives in this object only: never in a log or a repr.
"""

from __future__ import annotations

import logging
from typing import Any

import requests

from kiosk.staff import errors
from kiosk.staff.models import Allocation, Operator, PersonRecord, Resident

log = logging.getLogger(__name__)

PREFIX = "/api/v1/staff"
TIMEOUT_S = 15.0

_BY_CODE: dict[str, type[errors.StaffApiError]] = {
    "staff_unauthorized": errors.StaffUnauthorizedError,
    "forbidden_role": errors.ForbiddenRoleError,
    "not_found": errors.NotFoundError,
    "conflict": errors.ConflictError,
}
_BY_STATUS: dict[int, type[errors.StaffApiError]] = {
    401: errors.StaffUnauthorizedError,
    403: errors.ForbiddenRoleError,
    404: errors.NotFoundError,
    409: errors.ConflictError,
}


class StaffApi:
    """Staff calls over ``requests``; ``login()`` first."""

    def __init__(self, base_url: str, *, timeout_s: float = TIMEOUT_S) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout_s = timeout_s
        self._http = requests.Session()
        self._token = ""
        self.operator: Operator | None = None

    def __repr__(self) -> str:
        who = self.operator.username if self.operator else "-"
        return f"StaffApi({self.base_url!r}, operator={who!r})"

    # --- transport -------------------------------------------------------

    def _call(
        self,
        method: str,
        path: str,
        body: dict[str, Any] | None = None,
        params: dict[str, str] | None = None,
    ) -> Any:
        headers = {"Authorization": f"Bearer {self._token}"} if self._token else {}
        try:
            answer = self._http.request(
                method,
                f"{self.base_url}{PREFIX}{path}",
                json=body,
                params=params,
                headers=headers,
                timeout=self.timeout_s,
            )
        except requests.RequestException as exc:
            raise errors.BackendUnreachableError(
                f"backend {self.base_url} unreachable: {type(exc).__name__}"
            ) from None
        if answer.status_code >= 400:
            raise _api_error(answer)
        if answer.status_code == 204 or not answer.content:
            return {}
        return answer.json()

    # --- operators -------------------------------------------------------

    def login(self, username: str, password: str) -> Operator:
        """``POST /staff/login``; keep the token, return who is logged in."""
        self._token = ""
        data = self._call(
            "POST", "/login", {"username": username, "password": password}
        )
        self._token = str(data["token"])
        self.operator = Operator(username=username, roles=frozenset(data["roles"]))
        log.info("operator %s logged in, roles %s", username, sorted(data["roles"]))
        return self.operator

    def logout(self) -> None:
        """Forget the token (the backend's tokens expire on their own)."""
        self._token = ""
        self.operator = None

    # --- persons and cards ----------------------------------------------

    def find_person(self, ssn: str) -> PersonRecord | None:
        """``GET /staff/persons?ssn=``; ``None`` when unknown."""
        try:
            return PersonRecord.from_json(
                self._call("GET", "/persons", params={"ssn": ssn})
            )
        except errors.NotFoundError:
            return None

    def register_person(self, resident: Resident) -> PersonRecord:
        """``POST /staff/persons``."""
        return PersonRecord.from_json(self._call("POST", "/persons", resident.to_api()))

    def allocate_card(self, ssn: str) -> Allocation:
        """``POST /staff/cards``: a new card number for ``ssn``."""
        return Allocation.from_json(self._call("POST", "/cards", {"ssn": ssn}), ssn=ssn)

    def issuer_cryptogram(self, card_number: str, challenge: bytes) -> bytes:
        """The EXTERNAL AUTHENTICATE cryptogram for a card challenge (Part C)."""
        data = self._call(
            "POST",
            f"/cards/{card_number}/issuer-cryptogram",
            {"challenge": challenge.hex()},
        )
        return bytes.fromhex(str(data["cryptogram"]))

    def pin_reload_mac(
        self, card_number: str, challenge: bytes, pin_block: bytes
    ) -> bytes:
        """The 4-byte RELOAD PIN MAC (Part A "PIN"); the PIN block is not logged."""
        data = self._call(
            "POST",
            f"/cards/{card_number}/pin-reload-mac",
            {"challenge": challenge.hex(), "pin_block": pin_block.hex()},
        )
        return bytes.fromhex(str(data["mac"]))

    def certify(self, card_number: str, key: str, public_point: bytes) -> bytes:
        """The DER certificate of a card public key (key ``"81"`` or ``"82"``)."""
        import base64

        data = self._call(
            "POST",
            f"/cards/{card_number}/certify",
            {"key": key, "public_key": public_point.hex()},
        )
        return base64.b64decode(str(data["certificate"]))

    def activate(self, card_number: str) -> dict[str, Any]:
        """Register the card as the person's active card."""
        return dict(self._call("POST", f"/cards/{card_number}/activate"))

    def card_action(self, card_number: str, action: str, reason: str) -> dict[str, Any]:
        """``formal-loss`` / ``revoke`` / ``cancel-temporary-loss`` with a reason."""
        if action not in {"formal-loss", "revoke", "cancel-temporary-loss"}:
            raise errors.InvalidInputError(f"unknown card action {action!r}")
        return dict(
            self._call("POST", f"/cards/{card_number}/{action}", {"reason": reason})
        )

    # --- reviews ----------------------------------------------------------

    def reviews(self, status: str = "") -> list[dict[str, Any]]:
        """Transfers and claims awaiting a decision."""
        data = self._call(
            "GET", "/reviews", params={"status": status} if status else None
        )
        return list(data.get("items", data) if isinstance(data, dict) else data)

    def decide(self, reference: str, *, approve: bool, reason: str) -> dict[str, Any]:
        """Approve or reject a request with a reason."""
        return dict(
            self._call(
                "POST",
                f"/requests/{reference}/decision",
                {"approve": approve, "reason": reason},
            )
        )

    def advance(self, reference: str, reason: str) -> dict[str, Any]:
        """Move an approved transfer to its next step."""
        return dict(
            self._call("POST", f"/requests/{reference}/advance", {"reason": reason})
        )

    def audit(self, entity: str = "", page: int = 1) -> dict[str, Any]:
        """The audit log (admin)."""
        params = {"page": str(page)} | ({"entity": entity} if entity else {})
        return dict(self._call("GET", "/audit", params=params))


def _api_error(answer: requests.Response) -> errors.StaffApiError:
    """Map a non-2xx answer to the staff error tree (code first, then status)."""
    try:
        body = answer.json().get("error", {})
    except ValueError:
        body = {}
    code = str(body.get("code") or f"http_{answer.status_code}")
    cls = _BY_CODE.get(code) or _BY_STATUS.get(answer.status_code, errors.StaffApiError)
    return cls(
        code=code,
        status=answer.status_code,
        message=str(body.get("message", "")),
        request_id=str(body.get("request_id", "")),
        detail=body.get("detail"),
    )
