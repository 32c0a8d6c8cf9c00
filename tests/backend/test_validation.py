# SPDX-License-Identifier: Apache-2.0
"""The strict input model (backend.validation): one test per class of defect."""

from __future__ import annotations

from datetime import date

import pytest

from backend import validation as v
from backend.settings import load_settings
from card.ssn import complete

RULES = v.Rules.of(load_settings(), date(2026, 12, 3))
GOOD = complete("11010519900307001")  # male, born 1990-03-07
PERSON = {
    "ssn": GOOD,
    "name": "李明",
    "gender": "1",
    "birth_date": "1990-03-07",
    "hukou_region": "110000",
    "mobile": "13912345678",
    "ethnic_group": "01",
}


def refusal(check, *args: object) -> v.FieldError:  # type: ignore[no-untyped-def]
    with pytest.raises(v.FieldError) as caught:
        check(*args)
    return caught.value


def wrong_check(ssn: str) -> str:
    return ssn[:17] + next(c for c in "0123456789X" if c != ssn[17])


def test_a_good_person_passes_and_lower_case_x_is_read_as_x() -> None:
    record = v.person(RULES, PERSON)
    assert (record.ssn, record.birth_date) == (GOOD, date(1990, 3, 7))
    with_x = next(
        s
        for s in (complete(f"110105199003070{n:02d}") for n in range(100))
        if s[-1] == "X"
    )
    assert v.ssn(with_x.lower()) == with_x


@pytest.mark.parametrize(
    ("ssn", "reason"),
    [
        (wrong_check(GOOD), "wrong check character"),
        (GOOD[:17], "not 17 digits and a check character"),
        ("11010519900307001Y", "not 17 digits and a check character"),
        (
            "１１０１０５１９９００３０７００１７"[:18],
            "not 17 digits and a check character",
        ),
        (complete("99010519900307001"), "no such province code"),
        (complete("11010519900230001"), "birth date in the SSN is not a real date"),
        (complete("11010518991231001"), "birth date in the SSN is before 1900"),
    ],
)
def test_ssn_defects(ssn: str, reason: str) -> None:
    error = refusal(v.ssn, ssn)
    assert (error.column, error.reason) == ("ssn", reason)
    assert ssn not in str(error)  # a refusal never repeats the value


@pytest.mark.parametrize(
    ("change", "column", "reason"),
    [
        ({"birth_date": "1990-03-08"}, "birth_date", "differs"),
        ({"gender": "2"}, "gender", "contradicts digit 17"),
        ({"birth_date": "1899-12-31"}, "birth_date", "from 1900-01-01"),
        ({"birth_date": "1990-02-30"}, "birth_date", "not a real date"),
        ({"birth_date": "19900307"}, "birth_date", "not a YYYY-MM-DD"),
        ({"hukou_region": "999999"}, "hukou_region", "not in a configured region"),
        ({"hukou_region": "441900"}, "hukou_region", "not in a configured region"),
        ({"hukou_region": "11000"}, "hukou_region", "6-digit"),
        ({"mobile": "02012345678"}, "mobile", "mobile"),
        ({"ethnic_group": "77"}, "ethnic_group", "GB 3304"),
    ],
)
def test_person_defects(change: dict[str, str], column: str, reason: str) -> None:
    error = refusal(v.person, RULES, {**PERSON, **change})
    assert error.column == column and reason in error.reason


@pytest.mark.parametrize(
    ("given", "stored"),
    [("110000", "110000"), ("110105", "110000"), ("430102", "430100")],
)
def test_a_hukou_is_stored_as_its_configured_region(given: str, stored: str) -> None:
    assert v.person(RULES, {**PERSON, "hukou_region": given}).hukou_region == stored


def test_a_birth_date_after_today_is_refused() -> None:
    born = complete("11010520261204001")
    fields = {**PERSON, "ssn": born, "birth_date": "2026-12-04"}
    assert "to today" in refusal(v.person, RULES, fields).reason


@pytest.mark.parametrize(
    "name",
    [
        "李\u0000明",  # NUL
        "李\u0007明",  # bell (Cc)
        "李\u200b明",  # zero-width space (Cf)
        "李\u200d明",  # zero-width joiner
        "\u202e明李",  # right-to-left override (bidi)
        "李\u2066明\u2069",  # bidi isolates
        "李\ufeff明",  # zero-width no-break space / BOM
        "李\u00ad明",  # soft hyphen (Cf)
        "李\u2028明",  # line separator
        "李\n明",
        "李 明",  # a space between ideographs
        "·李明",  # a middle dot not between letters
        "李明1",
        "李明<script>",
        "Иван",  # Cyrillic: not in the allowed categories
        "",
        "李" * 31,
    ],
)
def test_name_defects(name: str) -> None:
    assert refusal(v.name, name).column == "name"


@pytest.mark.parametrize(
    "name",
    ["张伟", "阿不都热合曼·买买提艾力江木尔", "John Smith", "José Müller", "𠀀明"],
)
def test_names_of_the_allowed_categories_pass(name: str) -> None:
    assert v.name(name) == name


def test_names_are_nfc_normalised() -> None:
    assert v.name("Jose\u0301") == "José"


@pytest.mark.parametrize(
    "day", ["0001-01-01", "9999-12-31", "2016-12-02", "2027-01-04"]
)
def test_separation_dates_outside_the_window_are_refused(day: str) -> None:
    assert refusal(v.separation_date, RULES, day).column == "separation_date"


@pytest.mark.parametrize("day", ["2016-12-03", "2026-12-03", "2027-01-03"])
def test_separation_dates_inside_the_window_pass(day: str) -> None:
    assert v.separation_date(RULES, day) == date.fromisoformat(day)


@pytest.mark.parametrize(
    "month", ["2027-01", "1950-12", "2026-13", "2026-1", "9999-12"]
)
def test_months_in_the_future_or_before_1951_are_refused(month: str) -> None:
    assert refusal(v.month, RULES, month).column == "month"


@pytest.mark.parametrize(
    "amount", ["-1.00", "1.5", "1.005", "1,000.00", "01.00", "1e3", "", " 1.00"]
)
def test_malformed_or_negative_amounts_are_refused(amount: str) -> None:
    assert "amount like" in refusal(v.cents, amount, "base", v.MAX_BASE_CENTS).reason


def test_amounts_are_bounded() -> None:
    assert v.cents("999999.99", "base", v.MAX_BASE_CENTS) == 99_999_999
    assert "maximum" in refusal(v.cents, "1000000.00", "base", v.MAX_BASE_CENTS).reason


@pytest.mark.parametrize(
    "employer",
    ["深圳华强电子有限公司", "Acme (China) Co., Ltd.", "上海3D打印科技有限公司"],
)
def test_employer_names(employer: str) -> None:
    assert v.employer(employer) == employer
    assert refusal(v.employer, employer + "\u202e").column == "employer"
