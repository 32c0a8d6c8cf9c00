# SPDX-License-Identifier: Apache-2.0
"""Dates, durations, money, references and ID numbers as residents read them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from PySide6.QtCore import QLocale

from kiosk import formats
from kiosk.i18n import Language, locale_of


@pytest.fixture(params=list(Language), ids=lambda lang: lang.value)
def language(request):
    before = QLocale()
    QLocale.setDefault(locale_of(request.param))
    yield request.param
    QLocale.setDefault(before)


EXPECTED = {
    Language.ZH_CN: {
        "date": "2034年3月1日",
        "span": "23年4个月",
        "months": "4个月",
        "years": "23年",
        "month": "2024年3月",
        "titled": "养老：参保",
        "time": "2034年3月1日 08:05",
    },
    Language.EN: {
        "date": "1 March 2034",
        "span": "23 years 4 months",
        "months": "4 months",
        "years": "23 years",
        "month": "March 2024",
        "titled": "养老: 参保",
        "time": "1 March 2034 08:05",
    },
}


def test_formats_follow_the_language(language) -> None:
    want = EXPECTED[language]
    assert formats.date_text(dt.date(2034, 3, 1)) == want["date"]
    assert formats.years_months(23 * 12 + 4) == want["span"]
    assert formats.years_months(4) == want["months"]
    assert formats.years_months(23 * 12) == want["years"]
    assert formats.month_text("2024-03") == want["month"]
    assert formats.titled("养老", "参保") == want["titled"]
    # 00:05 UTC is 08:05 in Asia/Shanghai, whatever the host's zone
    at = dt.datetime(2034, 3, 1, 0, 5, tzinfo=dt.UTC)
    assert formats.datetime_text(at) == want["time"]


def test_configured_zone_is_used(language) -> None:
    at = dt.datetime(2034, 3, 1, 0, 5, tzinfo=dt.UTC)
    try:
        formats.set_zone("Asia/Urumqi")
        assert formats.local_time(at).hour == 6
    finally:
        formats.set_zone("Asia/Shanghai")
    assert formats.local_time(at).hour == 8


def test_money_reference_and_mask() -> None:
    assert formats.money(Decimal("204363.64")) == "¥204,363.64"
    assert formats.reference_for_reading("PT20340301K7Q2XM") == "PT 2034 0301 K7Q 2XM"
    assert formats.mask_ssn("43010219740315031X") == "4301**********031X"
