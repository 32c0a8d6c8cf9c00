# SPDX-License-Identifier: Apache-2.0
"""The staff client: operator login, issuing, card state, reviews, audit
(docs/api.md "Staff").

The staff token lives in a private attribute of :class:`StaffClient` only;
it never reaches a repr, a log or an exception message.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from backend_client._http import API, DEFAULT_RETRY, HttpAnswer, RetryPolicy, Transport
from backend_client._parse import Fields
from backend_client.client import parse_answer
from backend_client.errors import BackendError, MalformedResponseError
from backend_client.models import CardInfo, Person, RequestDetail
from card.auth import canonical_json

log = logging.getLogger(__name__)

STAFF = f"{API}/staff"
CardAction = Literal["formal-loss", "revoke", "cancel-temporary-loss"]


@dataclass(frozen=True, kw_only=True)
class StaffLogin:
    """``POST /staff/login``: lifetime and roles (the token stays in the client)."""

    username: str
    expires_at: dt.datetime
    roles: frozenset[str]


@dataclass(frozen=True, kw_only=True)
class StaffPerson:
    """A person with all their cards (``GET/POST /staff/persons``)."""

    person: Person
    cards: tuple[CardInfo, ...]

    @classmethod
    def parse(cls, f: Fields) -> StaffPerson:
        """Parse ``{person: {...}, cards: [...]}`` or a person with ``cards``."""
        inner = f.obj("person") if f.has("person") else f
        source = f if f.has("cards") else inner
        cards = source.each("cards", CardInfo.parse) if source.has("cards") else ()
        return cls(person=Person.parse(inner), cards=cards)


@dataclass(frozen=True, kw_only=True)
class CardAllocation:
    """``POST /staff/cards``: a card number allocated for personalization."""

    card_number: str
    recognition_code: bytes
    card_type: str
    spec_version: str
    issue_date: dt.date
    expiry_date: dt.date
    status: str
    # EF05 tag 04; a backend that sends none leaves the card's zeros
    init_institution: bytes = bytes(12)

    @classmethod
    def parse(cls, f: Fields) -> CardAllocation:
        """Parse an allocation (``init_institution``: 12 bytes hex, optional)."""
        institution = (
            f.hexbytes("init_institution", 12) if f.has("init_institution") else None
        )
        return cls(
            card_number=f.text("card_number"),
            recognition_code=f.hexbytes("recognition_code", 16),
            card_type=f.text("card_type"),
            spec_version=f.text("spec_version"),
            issue_date=f.day("issue_date"),
            expiry_date=f.day("expiry_date"),
            status=f.text("status"),
            init_institution=institution if institution is not None else bytes(12),
        )


@dataclass(frozen=True, kw_only=True)
class AuditEntry:
    """One audit-log line: who did what to which entity, when and why."""

    at: dt.datetime
    actor: str
    action: str
    entity: str | None
    entity_id: str | None
    reason: str | None
    data: Mapping[str, Any] = field(default_factory=dict)

    @classmethod
    def parse(cls, f: Fields) -> AuditEntry:
        """Parse an audit item (``data`` kept as free-form JSON)."""
        raw = f.opt_obj("data")
        return cls(
            at=f.moment("at"),
            actor=f.text("actor"),
            action=f.text("action"),
            entity=f.opt_text("entity"),
            entity_id=f.opt_text("entity_id"),
            reason=f.opt_text("reason"),
            data=raw.raw() if raw else {},
        )


@dataclass(frozen=True, kw_only=True)
class AuditFilter:
    """What ``GET /staff/audit`` narrows the log to (every term optional).

    ``since`` is inclusive and ``until`` exclusive; give them timezone-aware
    (the server reads a time without an offset as UTC). ``card`` keeps the
    entries about that card number.
    """

    since: dt.datetime | None = None
    until: dt.datetime | None = None
    actor: str | None = None
    action: str | None = None
    card: str | None = None
    entity: str | None = None

    def params(self) -> dict[str, str]:
        """The query parameters of the terms that are set."""
        times = {"since": self.since, "until": self.until}
        texts = {
            "actor": self.actor,
            "action": self.action,
            "card": self.card,
            "entity": self.entity,
        }
        params = {k: v.isoformat() for k, v in times.items() if v is not None}
        params.update({k: v for k, v in texts.items() if v})
        return params


@dataclass(frozen=True, kw_only=True)
class AuditPage:
    """``GET /staff/audit``: one page of the audit log."""

    items: tuple[AuditEntry, ...]
    total: int | None
    page: int
    page_size: int | None = None

    @classmethod
    def parse(cls, f: Fields) -> AuditPage:
        """Parse an audit page."""
        return cls(
            items=f.each("items", AuditEntry.parse),
            total=f.opt_integer("total"),
            page=f.opt_integer("page") or 1,
            page_size=f.opt_integer("page_size"),
        )


class StaffClient:
    """Staff calls over HTTPS; :meth:`login` first."""

    def __init__(
        self,
        base_url: str,
        *,
        ca_bundle: str | None = None,
        connect_timeout: float = 3.05,
        read_timeout: float = 15.0,
        retries: RetryPolicy = DEFAULT_RETRY,
    ) -> None:
        self.transport = Transport(
            base_url,
            ca_bundle=ca_bundle,
            connect_timeout=connect_timeout,
            read_timeout=read_timeout,
            retry=retries,
        )
        self._token: str | None = None
        self.operator: StaffLogin | None = None

    def __repr__(self) -> str:
        who = self.operator.username if self.operator else None
        return f"StaffClient({self.transport.base_url!r}, operator={who!r})"

    def close(self) -> None:
        """Close pooled connections."""
        self.transport.close()

    def _call(
        self,
        method: str,
        path: str,
        body: Mapping[str, Any] | None = None,
        params: Mapping[str, str | int] | None = None,
    ) -> Fields:
        headers = {"Authorization": f"Bearer {self._token}"} if self._token else {}
        answer: HttpAnswer = self.transport.call(
            method,
            STAFF + path,
            headers=headers,
            body=canonical_json(body) if body is not None else None,
            params=params,
        )
        if answer.status == 204 or not answer.content:
            return Fields({}, path)
        return parse_answer(answer, path)

    def login(self, username: str, password: str) -> StaffLogin:
        """``POST /staff/login``; keeps the token for the next calls."""
        self._token = None
        f = self._call("POST", "/login", {"username": username, "password": password})
        token = f.text("token")
        self.operator = StaffLogin(
            username=username,
            expires_at=f.moment("expires_at"),
            roles=frozenset(f.texts("roles")),
        )
        self._token = token
        log.info(
            "operator %s logged in, roles %s", username, sorted(self.operator.roles)
        )
        return self.operator

    def logout(self) -> None:
        """``POST /staff/logout``: the backend ends the token at once; it is
        forgotten here whatever the answer (a failed call is logged and
        re-raised; the token then ends only at its expiry)."""
        if self._token is None:
            self.operator = None
            return
        try:
            self._call("POST", "/logout")
        except BackendError as exc:
            log.warning("staff logout not confirmed by the backend: %s", exc.code)
            raise
        finally:
            self._token = None
            self.operator = None
        log.info("operator logged out")

    def find_person(self, ssn: str) -> StaffPerson:
        """``GET /staff/persons?ssn=`` (NotFoundError when unknown)."""
        return StaffPerson.parse(self._call("GET", "/persons", params={"ssn": ssn}))

    def register_person(self, person: Mapping[str, Any]) -> StaffPerson:
        """``POST /staff/persons`` with the resident's fields (role issuer)."""
        return StaffPerson.parse(self._call("POST", "/persons", person))

    def allocate_card(
        self, ssn: str, recognition_code: bytes | None = None
    ) -> CardAllocation:
        """``POST /staff/cards``: a new card number for ``ssn`` and the blank
        carrying ``recognition_code`` (read from the card; only a demo backend
        allocates a code itself when it is left out)."""
        body = {"ssn": ssn}
        if recognition_code is not None:
            body["recognition_code"] = recognition_code.hex().upper()
        return CardAllocation.parse(self._call("POST", "/cards", body))

    def open_allocations(self, ssn: str) -> tuple[CardAllocation, ...]:
        """``GET /staff/persons/{ssn}/allocations``: allocated, not yet activated,
        newest first (a station resumes these instead of allocating again)."""
        return self._call("GET", f"/persons/{ssn}/allocations").each(
            "items", CardAllocation.parse
        )

    def issuer_cryptogram(self, card_number: str, challenge: bytes) -> bytes:
        """The EXTERNAL AUTHENTICATE cryptogram for a card's challenge (Part C)."""
        f = self._call(
            "POST",
            f"/cards/{card_number}/issuer-cryptogram",
            {"challenge": challenge.hex()},
        )
        return f.hexbytes("cryptogram")

    def pin_reload_mac(
        self, card_number: str, challenge: bytes, pin_block: bytes
    ) -> bytes:
        """The 4-byte RELOAD PIN MAC (Part A "PIN")."""
        f = self._call(
            "POST",
            f"/cards/{card_number}/pin-reload-mac",
            {"challenge": challenge.hex(), "pin_block": pin_block.hex()},
        )
        return f.hexbytes("mac", 4)

    def certify(
        self, card_number: str, key: Literal["81", "82"], public_key: bytes
    ) -> bytes:
        """The DER certificate for a card public key (uncompressed point)."""
        f = self._call(
            "POST",
            f"/cards/{card_number}/certify",
            {"key": key, "public_key": public_key.hex()},
        )
        try:
            return base64.b64decode(f.text("certificate"), validate=True)
        except (binascii.Error, ValueError):
            raise MalformedResponseError("certify: certificate is not base64") from None

    def activate(self, card_number: str) -> CardInfo:
        """Make the card the person's active one (the previous becomes replaced)."""
        return CardInfo.parse(self._call("POST", f"/cards/{card_number}/activate"))

    def card_action(
        self, card_number: str, action: CardAction, reason: str
    ) -> CardInfo:
        """``formal-loss`` / ``revoke`` / ``cancel-temporary-loss`` with a reason."""
        return CardInfo.parse(
            self._call("POST", f"/cards/{card_number}/{action}", {"reason": reason})
        )

    def reviews(self, status: str | None = None) -> tuple[RequestDetail, ...]:
        """Transfers and claims awaiting a decision (role reviewer)."""
        params = {"status": status} if status else None
        return self._call("GET", "/reviews", params=params).each(
            "items", RequestDetail.parse
        )

    def request_detail(self, reference: str) -> RequestDetail:
        """``GET /staff/requests/{reference}``: timeline, steps and applicant."""
        return RequestDetail.parse(self._call("GET", f"/requests/{reference}"))

    def decide(self, reference: str, *, approve: bool, reason: str) -> RequestDetail:
        """Approve or reject a request, with the reason the resident will see."""
        return RequestDetail.parse(
            self._call(
                "POST",
                f"/requests/{reference}/decision",
                {"approve": approve, "reason": reason},
            )
        )

    def settle_organisational_transfer(
        self, reference: str, *, confirm: bool, reason: str
    ) -> RequestDetail:
        """Confirm or reject the applicant's organisational transfer
        (组织人事部门批准调动); only a confirmed one lifts the age rule."""
        return RequestDetail.parse(
            self._call(
                "POST",
                f"/requests/{reference}/organisational-transfer",
                {"confirm": confirm, "reason": reason},
            )
        )

    def advance(self, reference: str, reason: str) -> RequestDetail:
        """Move an approved transfer on: funds_transferred, then completed."""
        return RequestDetail.parse(
            self._call("POST", f"/requests/{reference}/advance", {"reason": reason})
        )

    def audit(
        self,
        entity: str | None = None,
        page: int = 1,
        *,
        where: AuditFilter | None = None,
        page_size: int | None = None,
    ) -> AuditPage:
        """One page of the audit log, newest first, narrowed by ``where`` (admin)."""
        params: dict[str, str | int] = {"page": page}
        params.update((where or AuditFilter()).params())
        if entity:
            params["entity"] = entity
        if page_size is not None:
            params["page_size"] = page_size
        return AuditPage.parse(self._call("GET", "/audit", params=params))
