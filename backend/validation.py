# SPDX-License-Identifier: Apache-2.0
"""The strict input model: every SSN, name, region, date and amount the backend
accepts, whether from the HTTP API or from ``ss-backend import``.

Each check takes the text as it arrived (a JSON string, a CSV cell) and returns
the typed value or raises :class:`FieldError` naming the column and a reason.
Reasons never repeat the value (an SSN must not reach a log or a report).
Checks that depend on the day or on the configured regions take a
:class:`Rules`; the others are also offered as pydantic types for query and
path parameters (:data:`Ssn`, :data:`RegionCode`).

What is refused, and why (docs/import.md, "Validation"):

- SSN (GB 11643): 17 digits and a check character (MOD 11-2, ``x`` read as
  ``X``); a province code of GB/T 2260 in the first two digits; the birth date
  in digits 7-14 a real date from 1900 on; the stated birth date equal to it
  and the stated gender matching the parity of digit 17.
- Names: NFC; CJK ideographs, Latin letters, the middle dot ``·`` between
  letters, single spaces between Latin letters; nothing else (no control,
  bidi, zero-width or other format character), 1-30 characters.
- Regions: six digits and one of the configured regions (``[[regions]]``);
  a hukou given as a county or district code is stored as the configured
  region it lies in (its prefecture or municipality).
- Dates: ``YYYY-MM-DD``, real; births from 1900-01-01 to today, separation
  dates from ten years before today to 31 days after; months ``YYYY-MM`` from
  1951-01 (the first pooled insurance) to the current month.
- Amounts: ``0.00``-style decimals with exactly two places, non-negative,
  at most :data:`MAX_BALANCE_CENTS` (balances) or :data:`MAX_BASE_CENTS`
  (a month's contribution base).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import Annotated

from pydantic import AfterValidator, Field
from pydantic_core import PydanticCustomError

from backend.errors import BackendError, InvalidRequestError
from backend.settings import INSURANCES, Settings
from card import ssn as card_ssn

# GB/T 2260 provinces (and Taiwan, Hong Kong, Macao) that head an SSN
PROVINCES = frozenset(
    "11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 "
    "50 51 52 53 54 61 62 63 64 65 71 81 82".split()
)
FIRST_BIRTH = date(1900, 1, 1)
FIRST_MONTH = "1951-01"  # 劳动保险条例: the first pooled insurance
FIRST_YEAR = int(FIRST_MONTH[:4])
SEPARATION_YEARS_BACK = 10
SEPARATION_DAYS_AHEAD = 31
MAX_NAME = 30
MAX_EMPLOYER = 120
MAX_BALANCE_CENTS = 99_999_999_99  # under a hundred million yuan
MAX_BASE_CENTS = 999_999_99  # a month's contribution base, under a million yuan
ACCOUNT_STATUSES = ("active", "suspended")
INDIVIDUAL_ACCOUNTS = ("pension", "medical")  # the insurances with a balance
MIDDLE_DOT = "\u00b7"
EMPLOYER_PUNCTUATION = frozenset("()（）·-&.,'、/")

_SSN = re.compile(r"[0-9]{17}[0-9Xx]")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_MONTH = re.compile(r"[0-9]{4}-(0[1-9]|1[0-2])")
_REGION = re.compile(r"[0-9]{6}")
_MOBILE = re.compile(r"1[3-9][0-9]{9}")
_AMOUNT = re.compile(r"(?:0|[1-9][0-9]{0,9})\.[0-9]{2}")
_WEIGHTS = tuple(pow(2, 17 - i, 11) for i in range(17))
_CHECK = "10X98765432"


class FieldError(BackendError):
    """A value the strict input model refuses: which column, and why.

    The reason describes the rule broken, never the value itself."""

    def __init__(self, column: str, reason: str) -> None:
        super().__init__(f"{column}: {reason}")
        self.column = column
        self.reason = reason


@dataclass(frozen=True, kw_only=True)
class Rules:
    """What checks depend on: the local date and the configured regions."""

    today: date
    regions: frozenset[str]

    @classmethod
    def of(cls, settings: Settings, today: date) -> Rules:
        """The rules for ``settings``' region table on ``today`` (China's date)."""
        return cls(today=today, regions=frozenset(r.code for r in settings.regions))

    @property
    def this_month(self) -> str:
        """``YYYY-MM`` of today: the latest month anything can be paid for."""
        return f"{self.today.year:04d}-{self.today.month:02d}"


def refused(error: FieldError, where: str = "body") -> InvalidRequestError:
    """The 400 ``invalid_request`` answer for ``error`` (as FastAPI's own
    validation errors: ``detail.fields`` names the field)."""
    return InvalidRequestError(
        f"{error.column}: {error.reason}",
        detail={"fields": [f"{where}.{error.column}"], "reason": error.reason},
    )


# --- SSN -------------------------------------------------------------------


def ssn(text: str, column: str = "ssn") -> str:
    """The 18-character SSN (``x`` as ``X``), checked as the module says."""
    if len(text) != 18 or not _SSN.fullmatch(text):
        raise FieldError(column, "not 17 digits and a check character")
    if text[:2] not in PROVINCES:
        raise FieldError(column, "no such province code")
    embedded_birth(text, column)
    total = sum(int(c) * w for c, w in zip(text[:17], _WEIGHTS, strict=True))
    if _CHECK[total % 11] != text[17].upper():
        raise FieldError(column, "wrong check character")
    return text[:17] + text[17].upper()


def embedded_birth(text: str, column: str = "ssn") -> date:
    """The birth date in digits 7-14 of an SSN; a real date from 1900 on."""
    try:
        born = date(int(text[6:10]), int(text[10:12]), int(text[12:14]))
    except ValueError:
        raise FieldError(column, "birth date in the SSN is not a real date") from None
    if born < FIRST_BIRTH:
        raise FieldError(column, "birth date in the SSN is before 1900")
    return born


def embedded_gender(text: str) -> str:
    """``"1"`` (male) when digit 17 is odd, else ``"2"`` (GB 11643)."""
    return card_ssn.gender(text)


# --- names -----------------------------------------------------------------


@lru_cache(maxsize=65536)
def _letter_kind(char: str) -> str:
    """``"cjk"``, ``"latin"``, or the character's general category."""
    name = unicodedata.name(char, "")
    if name.startswith(("CJK UNIFIED IDEOGRAPH", "CJK COMPATIBILITY IDEOGRAPH")):
        return "cjk"
    category = unicodedata.category(char)
    if category in ("Lu", "Ll") and name.startswith("LATIN "):
        return "latin"
    return category


def name(text: str, column: str = "name") -> str:
    """A person's name (see the module doc), NFC-normalised."""
    text = unicodedata.normalize("NFC", text)
    if not 1 <= len(text) <= MAX_NAME:
        raise FieldError(column, f"must have 1 to {MAX_NAME} characters")
    kinds = [_letter_kind(c) for c in text]
    for i, (char, kind) in enumerate(zip(text, kinds, strict=True)):
        if kind in ("cjk", "latin"):
            continue
        before = kinds[i - 1] if i else ""
        after = kinds[i + 1] if i + 1 < len(kinds) else ""
        if (
            char == MIDDLE_DOT
            and before in ("cjk", "latin")
            and after in ("cjk", "latin")
        ):
            continue
        if char == " " and before == "latin" and after == "latin":
            continue
        raise FieldError(column, _character_reason(char, kind))
    return text


def _character_reason(char: str, kind: str) -> str:
    """Why a character is not allowed in a name (named by category, not value)."""
    if kind in ("Cc", "Cf", "Zl", "Zp"):
        return f"control or format character ({kind}) not allowed"
    if char in (" ", MIDDLE_DOT):
        return "space or middle dot only between letters"
    return f"character of category {kind} not allowed"


def employer(text: str, column: str = "employer") -> str:
    """An employer's name: CJK, Latin letters, digits, single spaces and
    ``()（）·-&.,'、/``; 1-120 characters, no control or format character."""
    text = unicodedata.normalize("NFC", text)
    if not 1 <= len(text) <= MAX_EMPLOYER or text != text.strip():
        raise FieldError(column, f"must have 1 to {MAX_EMPLOYER} characters, trimmed")
    if "  " in text:
        raise FieldError(column, "double space")
    for char in text:
        if char.isascii() and char.isdigit() or char in EMPLOYER_PUNCTUATION:
            continue
        kind = _letter_kind(char)
        if kind not in ("cjk", "latin") and char != " ":
            raise FieldError(column, _character_reason(char, kind))
    return text


# --- codes, dates, amounts -------------------------------------------------


def region_code(text: str, column: str = "region") -> str:
    """Six digits (the format of a 统筹区 code)."""
    if not _REGION.fullmatch(text):
        raise FieldError(column, "not a 6-digit region code")
    return text


def region(rules: Rules, text: str, column: str = "region") -> str:
    """A configured region's code."""
    if region_code(text, column) not in rules.regions:
        raise FieldError(column, "unknown region")
    return text


def hukou_region(rules: Rules, text: str, column: str = "hukou_region") -> str:
    """The configured region a hukou lies in: the code itself, or for a county
    or district code (GB/T 2260) its prefecture (``430102`` -> ``430100``) or
    its municipality (``110105`` -> ``110000``)."""
    code = region_code(text, column)
    for candidate in (code, code[:4] + "00", code[:2] + "0000"):
        if candidate in rules.regions:
            return candidate
    raise FieldError(column, "not in a configured region")


def choice(text: str, allowed: Collection[str], column: str) -> str:
    """One of ``allowed``."""
    if text not in allowed:
        raise FieldError(column, f"must be one of {', '.join(sorted(allowed))}")
    return text


def insurance(text: str, column: str = "insurance") -> str:
    """One of the five insurances."""
    return choice(text, INSURANCES, column)


def mobile(text: str, column: str = "mobile") -> str:
    """A mainland mobile number: 11 digits starting 13-19."""
    if not _MOBILE.fullmatch(text):
        raise FieldError(column, "not an 11-digit mobile number")
    return text


def ethnic_group(text: str, column: str = "ethnic_group") -> str:
    """GB 3304: 01-56, 97 (other) or 98 (naturalised)."""
    if not (text.isascii() and len(text) == 2 and text.isdigit()):
        raise FieldError(column, "not a 2-digit GB 3304 code")
    if not (1 <= int(text) <= 56 or text in ("97", "98")):
        raise FieldError(column, "no such GB 3304 code")
    return text


def iso_date(text: str, column: str) -> date:
    """``YYYY-MM-DD``, a real date."""
    if not _DATE.fullmatch(text):
        raise FieldError(column, "not a YYYY-MM-DD date")
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise FieldError(column, "not a real date") from None


def birth_date(rules: Rules, text: str, column: str = "birth_date") -> date:
    """A birth date from 1900-01-01 to today."""
    born = iso_date(text, column)
    if not FIRST_BIRTH <= born <= rules.today:
        raise FieldError(column, "must be from 1900-01-01 to today")
    return born


def separation_date(rules: Rules, text: str, column: str = "separation_date") -> date:
    """The day a job ended: at most ten years ago, at most 31 days ahead."""
    day = iso_date(text, column)
    earliest = _years_before(rules.today, SEPARATION_YEARS_BACK)
    if not earliest <= day <= rules.today + timedelta(days=SEPARATION_DAYS_AHEAD):
        raise FieldError(
            column,
            f"must be within {SEPARATION_YEARS_BACK} years before today "
            f"and {SEPARATION_DAYS_AHEAD} days after",
        )
    return day


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def month(rules: Rules, text: str, column: str = "month") -> str:
    """``YYYY-MM`` from 1951-01 to the current month (never in the future)."""
    if not _MONTH.fullmatch(text):
        raise FieldError(column, "not a YYYY-MM month")
    if not FIRST_MONTH <= text <= rules.this_month:
        raise FieldError(column, f"must be from {FIRST_MONTH} to this month")
    return text


def cents(text: str, column: str, maximum: int) -> int:
    """A non-negative amount with two decimals (``"1234.50"``), in cents."""
    if _AMOUNT.fullmatch(text) is None:
        raise FieldError(column, "not an amount like 1234.50")
    value = int(text.replace(".", ""))
    if value > maximum:
        raise FieldError(
            column, f"above the maximum {maximum // 100}.{maximum % 100:02d}"
        )
    return value


def flag(text: str, column: str) -> bool:
    """``0`` or ``1``."""
    return choice(text, ("0", "1"), column) == "1"


# --- pydantic types for query and path parameters --------------------------


def _pydantic(check: Callable[[str], str]) -> Callable[[str], str]:
    """``check`` raising pydantic's error type, so FastAPI answers 400."""

    def validate(value: str) -> str:
        try:
            return check(value)
        except FieldError as error:
            raise PydanticCustomError("strict_input", error.reason) from None

    return validate


# the pattern documents the shape in the OpenAPI document; the check decides
Ssn = Annotated[
    str, Field(pattern=r"^[0-9]{17}[0-9Xx]$"), AfterValidator(_pydantic(ssn))
]
RegionCode = Annotated[
    str, Field(pattern=r"^[0-9]{6}$"), AfterValidator(_pydantic(region_code))
]


# --- a person (staff registration and persons.csv) -------------------------

PERSON_COLUMNS = (
    "ssn",
    "name",
    "gender",
    "birth_date",
    "hukou_region",
    "mobile",
    "ethnic_group",
)


@dataclass(frozen=True, kw_only=True)
class PersonRecord:
    """A person as the strict model accepts it (the ``persons`` row's fields)."""

    ssn: str
    name: str
    gender: str
    birth_date: date
    hukou_region: str
    mobile: str
    ethnic_group: str


def person(rules: Rules, fields: Mapping[str, str]) -> PersonRecord:
    """A person from text fields (:data:`PERSON_COLUMNS`): every field checked,
    and the birth date and gender checked against the SSN."""
    number = ssn(fields["ssn"])
    born = birth_date(rules, fields["birth_date"])
    if born != embedded_birth(number):
        raise FieldError("birth_date", "differs from the birth date in the SSN")
    gender = choice(fields["gender"], ("1", "2"), "gender")
    if gender != embedded_gender(number):
        raise FieldError("gender", "contradicts digit 17 of the SSN")
    return PersonRecord(
        ssn=number,
        name=name(fields["name"]),
        gender=gender,
        birth_date=born,
        hukou_region=hukou_region(rules, fields["hukou_region"]),
        mobile=mobile(fields["mobile"]),
        ethnic_group=ethnic_group(fields["ethnic_group"]),
    )
