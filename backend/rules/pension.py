# SPDX-License-Identifier: Apache-2.0
"""Pension transfer rules (城镇企业职工基本养老保险关系转移接续暂行办法, 2010).

Articles as docs/domain.md summarises them: the individual account moves in
full and the pooled fund sends 12% of the actual contribution wage of every
year since 1998-01-01, by months for part years (article 4); where the
relationship goes (article 5): men 50+ and women 40+ moving across provinces
into a province that is not their hukou province keep it at the old region and
get a temporary account, unless the organisation or personnel authorities
arranged the move; the 10-year rule decides where the pension will be paid
(article 6). 户籍所在地 is the hukou *province* (article 5(1)): regions are
compared by :func:`~backend.rules.provinces.province_of`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from backend.money import percent_of
from backend.rules.provinces import province_name, same_province

POOLED_PERCENT = Decimal(12)
POOLED_SINCE = "1998-01"
TEN_YEARS_MONTHS = 120
AGE_THRESHOLD = {"1": 50, "2": 40}  # gender "1" man, "2" woman (article 5(2))


class MoveRule(StrEnum):
    """Which clause decides where the pension relationship goes (article 5)."""

    # 省内: the measures govern moves across provinces and leave moves inside
    # one to the province's own measures; the relationship moves with the
    # person (docs/domain.md)
    WITHIN_PROVINCE = "within_province"
    # 跨省, back into the hukou province: it moves, whatever the age (5(1))
    INTO_HUKOU_PROVINCE = "into_hukou_province"
    # 跨省, elsewhere, under 50 (men) / 40 (women): it moves (5(2))
    NEW_PROVINCE = "new_province"
    # 跨省, elsewhere, 50+ / 40+: it stays, a temporary account opens (5(2))
    TEMPORARY_ACCOUNT = "temporary_account"
    # 跨省, elsewhere, 50+ / 40+, a confirmed organisational transfer (5(3))
    ORGANISATIONAL_TRANSFER = "organisational_transfer"


class OrganisationalTransfer(StrEnum):
    """The applicant's word that the organisation or personnel authorities
    approved the move (组织人事部门批准调动), and the staff's check of it."""

    NONE = "none"  # not claimed
    CLAIMED = "claimed"  # the resident says so; staff have not checked yet
    CONFIRMED = "confirmed"  # staff saw the approval: article 5(3) applies
    REJECTED = "rejected"  # staff did not accept it: the age rule applies


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


@dataclass(frozen=True, kw_only=True)
class Move:
    """A pension transfer's regions: from, to, and the applicant's hukou."""

    from_region: str
    to_region: str
    hukou_region: str

    @property
    def cross_province(self) -> bool:
        """跨省: the old and the new region lie in different provinces."""
        return not same_province(self.from_region, self.to_region)

    @property
    def into_hukou_province(self) -> bool:
        """The new region lies in the hukou province (户籍所在省)."""
        return same_province(self.to_region, self.hukou_region)


def relationship_rule(
    move: Move,
    *,
    gender: str,
    birth_date: date,
    on: date,
    organisational_transfer: bool = False,
) -> MoveRule:
    """Which clause of article 5 applies to ``move`` for this applicant on ``on``.

    ``organisational_transfer``: staff confirmed that the organisation or
    personnel authorities approved the move (a mere claim does not count).
    """
    if not move.cross_province:
        return MoveRule.WITHIN_PROVINCE
    if move.into_hukou_province:
        return MoveRule.INTO_HUKOU_PROVINCE
    if age_on(birth_date, on) < AGE_THRESHOLD.get(gender, 40):
        return MoveRule.NEW_PROVINCE
    if organisational_transfer:
        return MoveRule.ORGANISATIONAL_TRANSFER
    return MoveRule.TEMPORARY_ACCOUNT


def keeps_relationship(
    move: Move,
    *,
    gender: str,
    birth_date: date,
    on: date,
    organisational_transfer: bool = False,
) -> bool:
    """Whether the relationship stays at the old region (a temporary account)."""
    rule = relationship_rule(
        move,
        gender=gender,
        birth_date=birth_date,
        on=on,
        organisational_transfer=organisational_transfer,
    )
    return rule is MoveRule.TEMPORARY_ACCOUNT


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
    """The 10-year rule, cases 1-4 in order (article 6 of the 2010 measures).

    Case 1 compares provinces: the relationship anywhere in the hukou province
    is paid where it is. Case 4 gathers everything in ``hukou_region``.
    """

    def name(code: str) -> str:
        return names.get(code, code)

    if same_province(relationship_region, hukou_region):
        return Payout(
            region=relationship_region,
            rule=1,
            reason=(
                f"Your pension relationship is in {name(relationship_region)}, "
                f"in your hukou province ({province_name(hukou_region)}), so the "
                f"pension is paid there."
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
                f"{name(relationship_region)} is not in your hukou province, but "
                f"you have {here_years:g} contribution years there (10 or more), "
                f"so the pension is paid there."
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
            f"your hukou province ({province_name(hukou_region)}), at "
            f"{name(hukou_region)}, and the pension is paid there."
        ),
    )
