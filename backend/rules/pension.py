# SPDX-License-Identifier: Apache-2.0
"""Pension transfer rules (城镇企业职工基本养老保险关系转移接续暂行办法, 2010).

Articles as DOMAIN.md summarises them: the individual account moves in full;
the pooled fund sends 12% of the actual contribution wage of every year since
1998-01-01 (by months for part years); men 50+ and women 40+ moving outside
their hukou province keep the relationship and get a temporary account; the
10-year rule decides where the pension will be paid.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from backend.money import percent_of

POOLED_PERCENT = Decimal(12)
POOLED_SINCE = "1998-01"
TEN_YEARS_MONTHS = 120


@dataclass(frozen=True, kw_only=True)
class PaidMonth:
    """One month of pension contributions: where and on what wage."""

    month: str  # "YYYY-MM"
    region: str
    base_cents: int


@dataclass(frozen=True, kw_only=True)
class PooledYear:
    """The pooled-fund share of one calendar year."""

    year: int
    wage_total_cents: int
    months: int
    amount_cents: int


@dataclass(frozen=True, kw_only=True)
class RegionYears:
    """Cumulative contribution months in one region, and the last month paid."""

    region: str
    months: int
    last_month: str

    @property
    def years(self) -> float:
        """Contribution years, to one decimal."""
        return round(self.months / 12, 1)


@dataclass(frozen=True, kw_only=True)
class Payout:
    """Where the pension will be paid, by which case (1-4) and why."""

    region: str
    rule: int
    reason: str


def age_on(birth_date: date, day: date) -> int:
    """Completed years of age on ``day``."""
    before_birthday = (day.month, day.day) < (birth_date.month, birth_date.day)
    return day.year - birth_date.year - int(before_birthday)


def pooled_fund(months: Iterable[PaidMonth], from_region: str) -> list[PooledYear]:
    """12% of the wage of each year since 1998 paid in ``from_region``, by year."""
    totals: dict[int, list[int]] = {}
    for paid in months:
        if paid.region != from_region or paid.month < POOLED_SINCE:
            continue
        year = totals.setdefault(int(paid.month[:4]), [0, 0])
        year[0] += paid.base_cents
        year[1] += 1
    return [
        PooledYear(
            year=year,
            wage_total_cents=wage,
            months=count,
            amount_cents=percent_of(wage, POOLED_PERCENT),
        )
        for year, (wage, count) in sorted(totals.items())
    ]


def keeps_relationship(
    *, gender: str, birth_date: date, on: date, hukou_region: str, to_region: str
) -> bool:
    """Men 50+ (gender "1") and women 40+ moving outside the hukou province."""
    threshold = 50 if gender == "1" else 40
    outside = to_region[:2] != hukou_region[:2]
    return outside and age_on(birth_date, on) >= threshold


def years_by_region(months: Iterable[PaidMonth]) -> list[RegionYears]:
    """Cumulative months per region, the most recently paid region first."""
    return region_years((paid.month, paid.region) for paid in months)


def region_years(paid: Iterable[tuple[str, str]]) -> list[RegionYears]:
    """``years_by_region`` of ``(month, region)`` pairs.

    Regions with the same last month keep the order in which they first
    appear in ``paid``.
    """
    count: dict[str, int] = {}
    last: dict[str, str] = {}
    for month, region in paid:
        if region in count:
            count[region] += 1
            if month > last[region]:
                last[region] = month
        else:
            count[region] = 1
            last[region] = month
    found = [
        RegionYears(region=r, months=n, last_month=last[r]) for r, n in count.items()
    ]
    return sorted(found, key=lambda r: r.last_month, reverse=True)


def payout_region(
    *,
    relationship_region: str,
    hukou_region: str,
    history: list[RegionYears],
    names: Mapping[str, str],
) -> Payout:
    """The 10-year rule, cases 1-4 in order (Article 6 of the 2010 measures)."""
    name = lambda code: names.get(code, code)  # noqa: E731
    if relationship_region == hukou_region:
        return Payout(
            region=hukou_region,
            rule=1,
            reason=(
                f"Your pension relationship is in your hukou region "
                f"({name(hukou_region)}), so the pension is paid there."
            ),
        )
    by_region = {r.region: r for r in history}
    here = by_region.get(relationship_region)
    here_years = here.years if here else 0.0
    if here and here.months >= TEN_YEARS_MONTHS:
        return Payout(
            region=relationship_region,
            rule=2,
            reason=(
                f"{name(relationship_region)} is not your hukou region, but you have "
                f"{here_years:g} contribution years there (10 or more), so the "
                f"pension is paid there."
            ),
        )
    for earlier in history:
        if earlier.region != relationship_region and earlier.months >= TEN_YEARS_MONTHS:
            return Payout(
                region=earlier.region,
                rule=3,
                reason=(
                    f"You have fewer than 10 contribution years in "
                    f"{name(relationship_region)} ({here_years:g}); the most recent "
                    f"earlier region with 10 or more years is {name(earlier.region)} "
                    f"({earlier.years:g}), where everything is gathered and paid."
                ),
            )
    return Payout(
        region=hukou_region,
        rule=4,
        reason=(
            f"No region has 10 contribution years, so everything is gathered in "
            f"your hukou region ({name(hukou_region)}) and the pension is paid there."
        ),
    )
