# SPDX-License-Identifier: Apache-2.0
"""The staff station's view of the backend: :class:`backend_client.StaffClient`
behind the :class:`staff.personalize.IssuingBackend` protocol.

It converts the client's typed results into the station's values (allocations
with their SSN, persons with cards) and otherwise passes calls through; errors
stay in the client's tree (:mod:`backend_client.errors`). The staff token lives
in the client only.
"""

from __future__ import annotations

import logging
from typing import Literal

from backend_client.errors import NotFoundError
from backend_client.models import CardInfo, RequestDetail
from backend_client.staff import (
    AuditFilter,
    AuditPage,
    CardAllocation,
    StaffClient,
    StaffPerson,
)
from staff.errors import InvalidInputError
from staff.models import (
    Allocation,
    CardSummary,
    Operator,
    PersonRecord,
    Resident,
)

log = logging.getLogger(__name__)

CARD_ACTIONS = ("formal-loss", "revoke", "cancel-temporary-loss")


def _day(value: object) -> str:
    return value.isoformat() if hasattr(value, "isoformat") else ""


def person_record(found: StaffPerson) -> PersonRecord:
    """The station's person value from the client's."""
    cards = tuple(
        CardSummary(
            card_number=c.card_number,
            status=c.status,
            issue_date=_day(c.issue_date),
            expiry_date=_day(c.expiry_date),
        )
        for c in found.cards
    )
    person = found.person
    return PersonRecord(
        ssn=person.ssn,
        name=person.name,
        cards=cards,
        raw={"gender": person.gender or ""},
    )


def allocation(a: CardAllocation, ssn: str) -> Allocation:
    """The station's allocation value from the client's."""
    return Allocation(
        card_number=a.card_number,
        ssn=ssn,
        recognition_code=a.recognition_code,
        card_type=a.card_type,
        spec_version=a.spec_version,
        issue_date=a.issue_date,
        expiry_date=a.expiry_date,
        init_institution=a.init_institution,
    )


class StaffApi:
    """Staff calls for the station; ``login()`` first."""

    def __init__(
        self,
        base_url: str,
        *,
        ca_bundle: str | None = None,
        client: StaffClient | None = None,
    ) -> None:
        self.client = client or StaffClient(base_url, ca_bundle=ca_bundle)
        self.base_url = base_url.rstrip("/")
        self.operator: Operator | None = None

    def __repr__(self) -> str:
        who = self.operator.username if self.operator else "-"
        return f"StaffApi({self.base_url!r}, operator={who!r})"

    def login(self, username: str, password: str) -> Operator:
        """Log in; return who is logged in and their roles."""
        login = self.client.login(username, password)
        self.operator = Operator(username=login.username, roles=login.roles)
        return self.operator

    def logout(self) -> None:
        """End the staff token at the backend (a network call: run it off the
        GUI thread); the operator is forgotten even when the call fails."""
        try:
            self.client.logout()
        finally:
            self.operator = None

    def find_person(self, ssn: str) -> PersonRecord | None:
        """The person with their cards; ``None`` when unknown."""
        try:
            return person_record(self.client.find_person(ssn))
        except NotFoundError:
            return None

    def register_person(self, resident: Resident) -> PersonRecord:
        return person_record(self.client.register_person(resident.to_api()))

    def allocate_card(
        self, ssn: str, recognition_code: bytes | None = None
    ) -> Allocation:
        return allocation(self.client.allocate_card(ssn, recognition_code), ssn)

    def open_allocations(self, ssn: str) -> tuple[Allocation, ...]:
        """Card numbers allocated to ``ssn`` and never activated, newest first;
        none for an unknown resident."""
        try:
            found = self.client.open_allocations(ssn)
        except NotFoundError:
            return ()
        return tuple(allocation(a, ssn) for a in found)

    def issuer_cryptogram(self, card_number: str, challenge: bytes) -> bytes:
        return self.client.issuer_cryptogram(card_number, challenge)

    def pin_reload_mac(
        self, card_number: str, challenge: bytes, pin_block: bytes
    ) -> bytes:
        return self.client.pin_reload_mac(card_number, challenge, pin_block)

    def certify(self, card_number: str, key: str, public_point: bytes) -> bytes:
        if key not in ("81", "82"):
            raise InvalidInputError(f"unknown card key {key!r}")
        ref: Literal["81", "82"] = "81" if key == "81" else "82"
        return self.client.certify(card_number, ref, public_point)

    def activate(self, card_number: str) -> CardInfo:
        return self.client.activate(card_number)

    def card_action(self, card_number: str, action: str, reason: str) -> CardInfo:
        """``formal-loss`` / ``revoke`` / ``cancel-temporary-loss`` with a reason."""
        if action == "formal-loss":
            return self.client.card_action(card_number, "formal-loss", reason)
        if action == "revoke":
            return self.client.card_action(card_number, "revoke", reason)
        if action == "cancel-temporary-loss":
            return self.client.card_action(card_number, "cancel-temporary-loss", reason)
        raise InvalidInputError(f"unknown card action {action!r}")

    def reviews(self, status: str = "") -> tuple[RequestDetail, ...]:
        return self.client.reviews(status or None)

    def request_detail(self, reference: str) -> RequestDetail:
        """A request's timeline, steps and applicant (role reviewer)."""
        return self.client.request_detail(reference)

    def decide(self, reference: str, *, approve: bool, reason: str) -> RequestDetail:
        return self.client.decide(reference, approve=approve, reason=reason)

    def advance(self, reference: str, reason: str) -> RequestDetail:
        return self.client.advance(reference, reason)

    def settle_organisational_transfer(
        self, reference: str, *, confirm: bool, reason: str
    ) -> RequestDetail:
        """Confirm or reject the applicant's organisational transfer."""
        return self.client.settle_organisational_transfer(
            reference, confirm=confirm, reason=reason
        )

    def audit(
        self,
        where: AuditFilter | None = None,
        page: int = 1,
        page_size: int | None = None,
    ) -> AuditPage:
        """One page of the audit log narrowed by ``where`` (role admin)."""
        return self.client.audit(page=page, where=where, page_size=page_size)
