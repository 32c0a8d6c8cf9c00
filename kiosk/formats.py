# SPDX-License-Identifier: Apache-2.0
"""How the kiosk writes references, dates, durations and money for residents.

Pure functions of the current language (``QLocale()``, set with the
translator): ``2034年3月1日`` / ``1 March 2034``, ``23年4个月`` /
``23 years 4 months``, ``¥204,363.64``; in Chinese no spaces around names and
full-width punctuation. Times are shown in the configured zone
(:data:`ZONE`, Asia/Shanghai by default), never the host's.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from zoneinfo import ZoneInfo

from PySide6.QtCore import QDate, QLocale

ZONE = ZoneInfo("Asia/Shanghai")  # replaced by set_zone() from kiosk.toml

REFERENCE = re.compile(r"^([A-Z]{2})(\d{4})(\d{4})([A-Z0-9]{3})([A-Z0-9]{3})$")


def reference_for_reading(reference: str) -> str:
    """A reference in short groups for reading aloud: ``PT20261127K7Q2XM`` →
    ``PT 2026 1127 K7Q 2XM`` (kind, date, random part); the stored reference
    is unchanged and still accepted without spaces."""
    match = REFERENCE.match(reference)
    if match:
        return " ".join(match.groups())
    return " ".join(reference[i : i + 4] for i in range(0, len(reference), 4))


def set_zone(name: str) -> None:
    """The zone every time on screen and on paper is shown in (``[display]
    time_zone``); the host's zone is never used."""
    global ZONE  # noqa: PLW0603 - one setting for the whole process
    ZONE = ZoneInfo(name)


def chinese() -> bool:
    """True while the kiosk speaks Chinese (the default locale follows it)."""
    return QLocale().language() == QLocale.Language.Chinese


def titled(title: str, body: str) -> str:
    """``title: body`` with the language's colon (full-width ``：`` in Chinese)."""
    return f"{title}：{body}" if chinese() else f"{title}: {body}"


def date_text(day: dt.date | None) -> str:
    """``2034年3月1日`` / ``1 March 2034`` (empty for no date)."""
    if day is None:
        return ""
    if chinese():
        return f"{day.year}年{day.month}月{day.day}日"
    return QLocale().toString(QDate(day.year, day.month, day.day), "d MMMM yyyy")


def month_text(month: str) -> str:
    """A contribution month ``2024-03`` as ``2024年3月`` / ``March 2024``."""
    try:
        year, number = (int(x) for x in month.split("-"))
        day = dt.date(year, number, 1)
    except ValueError:
        return month
    if chinese():
        return f"{day.year}年{day.month}月"
    return QLocale().toString(QDate(day.year, day.month, 1), "MMMM yyyy")


def local_time(at: dt.datetime) -> dt.datetime:
    """``at`` in the configured zone (a naive time is taken as UTC)."""
    if at.tzinfo is None:
        at = at.replace(tzinfo=dt.UTC)
    return at.astimezone(ZONE)


def datetime_text(at: dt.datetime) -> str:
    """Date and hh:mm in the configured zone: ``2034年3月1日 14:05``."""
    local = local_time(at)
    return f"{date_text(local.date())} {local:%H:%M}"


def years_months(months: int) -> str:
    """A contribution period: ``23年4个月`` / ``23 years 4 months``."""
    years, rest = divmod(max(0, months), 12)
    if chinese():
        text = f"{years}年" if years else ""
        return text + (f"{rest}个月" if rest or not years else "")
    # English is the source language (no translator): plurals written here
    parts = []
    if years:
        parts.append(f"{years} year" + ("s" if years != 1 else ""))
    if rest or not years:
        parts.append(f"{rest} month" + ("s" if rest != 1 else ""))
    return " ".join(parts)


def money(amount: Decimal | None) -> str:
    """Money as residents read it: ``¥12,345.67`` (empty for no amount)."""
    return "" if amount is None else f"¥{amount:,.2f}"


def mask_ssn(ssn: str) -> str:
    """An ID number with only its first 4 and last 4 characters shown
    (``1101**********123X``), as on printed counter slips."""
    if len(ssn) <= 8:
        return "*" * len(ssn)
    return ssn[:4] + "*" * (len(ssn) - 8) + ssn[-4:]
