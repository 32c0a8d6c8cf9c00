# SPDX-License-Identifier: Apache-2.0
"""Values the staff station passes around: residents, allocations, operators."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from card import ssn as card_ssn
from card.errors import CardError
from staff.errors import BatchInputError, InvalidInputError
from staff.ethnic import GB3304


class Role(StrEnum):
    """Operator roles the backend knows (docs/api.md "Staff")."""

    ISSUER = "issuer"
    REVIEWER = "reviewer"
    ADMIN = "admin"


@dataclass(frozen=True, kw_only=True)
class Operator:
    """A logged-in operator: name and roles (the token stays in the client)."""

    username: str
    roles: frozenset[str]

    def can(self, role: Role) -> bool:
        """True when the operator holds ``role`` (admin does not imply others)."""
        return role.value in self.roles


def mask_ssn(ssn: str) -> str:
    """The SSN with its middle hidden: region and last four stay (screens, slips)."""
    return ssn[:6] + "********" + ssn[-4:] if len(ssn) > 10 else "*" * len(ssn)


def validate_ssn(ssn: str) -> str:
    """Return ``ssn`` normalised if it is a valid 18-character ID number."""
    try:
        return card_ssn.validate(ssn.strip())
    except CardError as exc:
        raise InvalidInputError(f"social security number: {exc}", "ssn") from None


@dataclass(frozen=True, kw_only=True)
class Resident:
    """A resident as the counter registers them (fields of EF06, Part A)."""

    ssn: str
    name: str
    gender: str  # '1' male, '2' female
    ethnic: str = "01"  # GB 3304
    birthplace: str = ""  # 6-digit region code
    birth_date: dt.date = dt.date(1970, 1, 1)
    hukou_region: str = ""
    mobile: str = ""

    @classmethod
    def from_fields(cls, row: dict[str, str], *, line: int = 0) -> Resident:
        """Build from text fields; derive gender, birth date, places from the SSN."""
        try:
            ssn = validate_ssn(row.get("ssn", ""))
            birth = dt.date(int(ssn[6:10]), int(ssn[10:12]), int(ssn[12:14]))
        except (InvalidInputError, ValueError) as exc:
            raise BatchInputError(line, str(exc), "ssn") from None
        name = (row.get("name") or "").strip()
        if not name:
            raise BatchInputError(line, "name is empty", "name")
        by_ssn = card_ssn.gender(ssn)  # GB 11643: the 17th digit
        gender = (row.get("gender") or "").strip() or by_ssn
        if gender not in {"1", "2"}:
            raise BatchInputError(
                line, "gender must be 1 (male) or 2 (female)", "gender"
            )
        if gender != by_ssn:
            raise BatchInputError(line, "gender contradicts the SSN", "gender")
        ethnic = (row.get("ethnic") or "01").strip().zfill(2)
        if ethnic not in GB3304:
            raise BatchInputError(
                line, "ethnic must be a GB 3304 code (01-56, 97, 98)", "ethnic"
            )
        region = (row.get("hukou_region") or "").strip() or ssn[:6]
        return cls(
            ssn=ssn,
            name=name,
            gender=gender,
            ethnic=ethnic,
            birthplace=(row.get("birthplace") or "").strip() or ssn[:6],
            birth_date=birth,
            hukou_region=region,
            mobile=_mobile(row.get("mobile") or "", line),
        )

    def to_api(self) -> dict[str, Any]:
        """The body of ``POST /staff/persons``."""
        return {
            "ssn": self.ssn,
            "name": self.name,
            "gender": self.gender,
            "ethnic_group": self.ethnic,
            "birth_date": self.birth_date.isoformat(),
            "hukou_region": self.hukou_region,
            "mobile": self.mobile,
        }


@dataclass(frozen=True, kw_only=True)
class Allocation:
    """A card number the backend allocated for a resident (``POST /staff/cards``)."""

    card_number: str
    ssn: str
    recognition_code: bytes
    card_type: str
    spec_version: str
    issue_date: dt.date
    expiry_date: dt.date
    init_institution: bytes = bytes(12)

    def to_json(self) -> dict[str, Any]:
        """JSON form (journal lines, resume)."""
        return {
            "card_number": self.card_number,
            "ssn": self.ssn,
            "recognition_code": self.recognition_code.hex(),
            "card_type": self.card_type,
            "spec_version": self.spec_version,
            "issue_date": self.issue_date.isoformat(),
            "expiry_date": self.expiry_date.isoformat(),
            "init_institution": self.init_institution.hex(),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any], *, ssn: str = "") -> Allocation:
        """Parse the backend's answer or a journal line."""
        return cls(
            card_number=str(data["card_number"]),
            ssn=str(data.get("ssn") or ssn),
            recognition_code=bytes.fromhex(str(data["recognition_code"])),
            card_type=str(data.get("card_type", "3")),
            spec_version=str(data.get("spec_version", "3.00")),
            issue_date=dt.date.fromisoformat(str(data["issue_date"])),
            expiry_date=dt.date.fromisoformat(str(data["expiry_date"])),
            init_institution=bytes.fromhex(
                str(data.get("init_institution") or "00" * 12)
            ),
        )


@dataclass(frozen=True, kw_only=True)
class CardSummary:
    """One card of a person as the backend lists it."""

    card_number: str
    status: str
    issue_date: str = ""
    expiry_date: str = ""


@dataclass(frozen=True, kw_only=True)
class PersonRecord:
    """A person with their cards (``GET /staff/persons?ssn=``)."""

    ssn: str
    name: str
    cards: tuple[CardSummary, ...] = field(default_factory=tuple)
    raw: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> PersonRecord:
        """Parse the backend's person answer."""
        person = data.get("person", data)
        cards = tuple(
            CardSummary(
                card_number=str(c.get("card_number", "")),
                status=str(c.get("status", "")),
                issue_date=str(c.get("issue_date") or ""),
                expiry_date=str(c.get("expiry_date") or ""),
            )
            for c in data.get("cards", person.get("cards", []))
        )
        return cls(
            ssn=str(person.get("ssn", "")),
            name=str(person.get("name", "")),
            cards=cards,
            raw=data,
        )

    def card(self, card_number: str) -> CardSummary | None:
        """The card with ``card_number``, if the person has it."""
        return next((c for c in self.cards if c.card_number == card_number), None)


def _mobile(text: str, line: int) -> str:
    """An 11-digit mainland mobile number (the backend registers one per person)."""
    mobile = text.strip()
    if not (len(mobile) == 11 and mobile.isascii() and mobile.isdigit()):
        raise BatchInputError(line, "mobile must be 11 digits", "mobile")
    return mobile
