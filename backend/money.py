# SPDX-License-Identifier: Apache-2.0
"""Money as integer cents inside, two-place decimal strings on the wire."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal


def to_str(cents: int) -> str:
    """``123456`` -> ``"1234.56"`` (docs/api.md: money is a decimal string)."""
    sign = "-" if cents < 0 else ""
    whole, part = divmod(abs(cents), 100)
    return f"{sign}{whole}.{part:02d}"


def to_cents(amount: Decimal | str) -> int:
    """``Decimal("12.345")`` -> ``1235`` (half up, as payroll rounds)."""
    value = Decimal(amount) * 100
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def percent_of(cents: int, percent: Decimal) -> int:
    """``percent`` % of ``cents``, rounded half up to a cent."""
    value = Decimal(cents) * percent / 100
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))
