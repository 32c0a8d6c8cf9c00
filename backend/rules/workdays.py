# SPDX-License-Identifier: Apache-2.0
"""Working-day arithmetic: weekends and a configurable holiday list are skipped."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, timedelta


def is_working_day(day: date, holidays: Collection[date] = ()) -> bool:
    """Monday to Friday and not a listed public holiday."""
    return day.weekday() < 5 and day not in holidays


def add_working_days(start: date, days: int, holidays: Collection[date] = ()) -> date:
    """The date ``days`` working days after ``start`` (``start`` itself not counted).

    A deadline of "15 working days" from an application on a Friday counts from
    the next working day; ``days == 0`` gives ``start``.
    """
    current = start
    remaining = days
    while remaining > 0:
        current += timedelta(days=1)
        if is_working_day(current, holidays):
            remaining -= 1
    return current
