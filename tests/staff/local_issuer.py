# SPDX-License-Identifier: Apache-2.0
"""An in-process issuer for orchestrator unit tests: real keys, real crypto.

It answers the :class:`staff.personalize.IssuingBackend` calls with the
demo master key and CA, as the backend does, keeping cards in a dict. The
end-to-end tests use the real backend on loopback instead
(tests/staff/test_e2e_backend.py).
"""

from __future__ import annotations

import datetime as dt
import itertools
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.serialization import Encoding

from backend_client.errors import ConflictError, NotFoundError
from card import issuer as issuer_keys
from card.certs import IssuerCA, public_key_from_point
from card.virtual.bundled import DEMO_CA_DIR
from card.virtual.factory import new_recognition_code
from staff.models import Allocation, CardSummary, PersonRecord, Resident

ROOT = Path(__file__).resolve().parents[2]
CA_DIR = DEMO_CA_DIR
MASTER_KEY = bytes.fromhex((CA_DIR / "issuer-master.key").read_text().strip())


def demo_ca() -> IssuerCA:
    return IssuerCA.load(CA_DIR / "issuer-ca.pem", CA_DIR / "issuer-ca.key.pem")


class LocalIssuer:
    """Persons, allocations and card activation in memory; counts every call."""

    def __init__(self, master_key: bytes = MASTER_KEY) -> None:
        self.master_key = master_key
        self.ca = demo_ca()
        self.persons: dict[str, dict[str, Any]] = {}
        self.cards: dict[str, dict[str, Any]] = {}
        self._numbers = itertools.count(1)
        self.calls: list[str] = []

    def find_person(self, ssn: str) -> PersonRecord | None:
        self.calls.append("find_person")
        if ssn not in self.persons:
            return None
        return self._record(ssn)

    def _record(self, ssn: str) -> PersonRecord:
        cards = tuple(
            CardSummary(card_number=n, status=c["status"])
            for n, c in self.cards.items()
            if c["ssn"] == ssn
        )
        return PersonRecord(ssn=ssn, name=self.persons[ssn]["name"], cards=cards)

    def register_person(self, resident: Resident) -> PersonRecord:
        self.calls.append("register_person")
        self.persons[resident.ssn] = resident.to_api()
        return self._record(resident.ssn)

    def allocate_card(
        self, ssn: str, recognition_code: bytes | None = None
    ) -> Allocation:
        self.calls.append("allocate_card")
        if ssn not in self.persons:
            raise NotFoundError("unknown person", code="not_found", status=404)
        number = f"L{next(self._numbers):07d}"
        number += str(sum(map(ord, number)) % 10)
        today = dt.date.today()
        alloc = Allocation(
            card_number=number,
            ssn=ssn,
            recognition_code=recognition_code or new_recognition_code(),
            card_type="3",
            spec_version="3.00",
            issue_date=today,
            expiry_date=today.replace(year=today.year + 10),
        )
        self.cards[number] = {"ssn": ssn, "status": "allocated", "alloc": alloc}
        return alloc

    def open_allocations(self, ssn: str) -> tuple[Allocation, ...]:
        self.calls.append("open_allocations")
        return tuple(
            c["alloc"]
            for c in reversed(self.cards.values())
            if c["ssn"] == ssn and c["status"] == "allocated"
        )

    def _key(self, card_number: str) -> bytes:
        alloc: Allocation = self.cards[card_number]["alloc"]
        return issuer_keys.diversify(self.master_key, alloc.recognition_code)

    def issuer_cryptogram(self, card_number: str, challenge: bytes) -> bytes:
        self.calls.append("issuer_cryptogram")
        return issuer_keys.external_auth_cryptogram(self._key(card_number), challenge)

    def pin_reload_mac(
        self, card_number: str, challenge: bytes, pin_block: bytes
    ) -> bytes:
        self.calls.append("pin_reload_mac")
        return issuer_keys.reload_pin_mac(self._key(card_number), challenge, pin_block)

    def certify(self, card_number: str, key: str, public_point: bytes) -> bytes:
        self.calls.append("certify")
        now = dt.datetime.now(dt.UTC)
        cert = self.ca.certify(
            card_number,
            int(key, 16),
            public_key_from_point(public_point),
            now - dt.timedelta(minutes=5),
            now + dt.timedelta(days=3650),
        )
        self.cards[card_number][f"cert_{key}"] = cert
        return cert.public_bytes(Encoding.DER)

    def activate(self, card_number: str) -> dict[str, Any]:
        self.calls.append("activate")
        card = self.cards[card_number]
        if card["status"] != "allocated":
            raise ConflictError("already active", code="conflict", status=409)
        for other in self.cards.values():
            if other["ssn"] == card["ssn"] and other["status"] == "active":
                other["status"] = "replaced"
        card["status"] = "active"
        return {"card_number": card_number, "status": "active"}

    def active_cards(self, ssn: str) -> list[str]:
        return [
            n
            for n, c in self.cards.items()
            if c["ssn"] == ssn and c["status"] == "active"
        ]
