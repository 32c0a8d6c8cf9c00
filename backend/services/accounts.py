# SPDX-License-Identifier: Apache-2.0
"""Read models of a person's insurance: accounts, contributions, histories."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import BigInteger, Integer, Row, Select, bindparam, cast, func, select
from sqlalchemy.orm import Session

from backend.context import AppContext
from backend.db import connection_of
from backend.models import Account, BenefitHistory, Contribution, Person
from backend.money import to_str
from backend.pg import prepared
from backend.rules.pension import PaidMonth
from backend.settings import INSURANCES

if TYPE_CHECKING:
    from backend.services.cards import PersonView

PAYMENTS = Contribution.__table__.c
ACCOUNT_COLUMNS = Account.__table__.c
# built once: no per-call statement construction or cache-key walk
PAID_MONTHS = prepared(
    select(PAYMENTS.month, PAYMENTS.region, PAYMENTS.base_cents)
    .where(
        PAYMENTS.person_id == bindparam("person_id"),
        PAYMENTS.insurance == bindparam("insurance"),
    )
    .order_by(PAYMENTS.month, PAYMENTS.id)
)
PAID_REGIONS = prepared(
    select(PAYMENTS.month, PAYMENTS.region)
    .where(
        PAYMENTS.person_id == bindparam("person_id"),
        PAYMENTS.insurance == bindparam("insurance"),
    )
    .order_by(PAYMENTS.month, PAYMENTS.id)
)
BALANCE = prepared(select(ACCOUNT_COLUMNS.balance_cents)).where(
    ACCOUNT_COLUMNS.person_id == bindparam("person_id"),
    ACCOUNT_COLUMNS.insurance == bindparam("insurance"),
    ACCOUNT_COLUMNS.region == bindparam("region"),
)
ACCOUNT_LINES = prepared(
    select(
        ACCOUNT_COLUMNS.insurance,
        ACCOUNT_COLUMNS.region,
        ACCOUNT_COLUMNS.status,
        ACCOUNT_COLUMNS.balance_cents,
        ACCOUNT_COLUMNS.temporary,
    )
    .where(ACCOUNT_COLUMNS.person_id == bindparam("person_id"))
    .order_by(ACCOUNT_COLUMNS.id)
)


def paid_months(db: Session, person_id: int, insurance: str) -> list[PaidMonth]:
    """Every paid month of one insurance, oldest first (same month: by id)."""
    rows = (
        connection_of(db)
        .execute(PAID_MONTHS, {"person_id": person_id, "insurance": insurance})
        .all()
    )
    return [PaidMonth(month=m, region=r, base_cents=b) for m, r, b in rows]


def paid_regions(db: Session, person_id: int, insurance: str) -> list[tuple[str, str]]:
    """``(month, region)`` of every paid month of one insurance, as ``paid_months``."""
    params = {"person_id": person_id, "insurance": insurance}
    return [(m, r) for m, r in connection_of(db).execute(PAID_REGIONS, params)]


def balance(db: Session, person_id: int, insurance: str, region: str) -> int | None:
    """The balance of the account of one insurance in one region, if any."""
    params = {"person_id": person_id, "insurance": insurance, "region": region}
    found: int | None = connection_of(db).execute(BALANCE, params).scalar()
    return found


def overview(ctx: AppContext, db: Session, person: Person | PersonView) -> dict:
    """GET /accounts: one line per insurance (current region) and yearly sums.

    One scan of the person's contributions (yearly sums with each year's last
    month), the accounts, and, only for an insurance without an active
    account, the region of its last paid month (an indexed lookup).
    """
    conn = connection_of(db)
    years = conn.execute(BY_YEAR, {"person_id": person.id}).all()
    stats = _month_stats(years)
    accounts: dict[str, list[Row]] = {}
    for row in conn.execute(ACCOUNT_LINES, {"person_id": person.id}):
        accounts.setdefault(row.insurance, []).append(row)
    wanted = {
        ins: last
        for ins, (_, last) in stats.items()
        if _active(accounts.get(ins, [])) is None
    }
    regions = _last_regions(db, person.id, wanted) if wanted else {}
    return {
        "accounts": [
            _line(ctx, insurance, stats, accounts.get(insurance, []), regions)
            for insurance in INSURANCES
        ],
        "by_year": _by_year(years),
    }


def _line(
    ctx: AppContext,
    insurance: str,
    stats: dict[str, tuple[int, str]],
    mine: list[Row],
    regions: dict[str, str],
) -> dict:
    """One insurance's line of GET /accounts."""
    count, last_month = stats.get(insurance, (0, None))
    current = _active(mine)
    if current is None:
        last_region = regions.get(insurance, "")
        current = next(
            (a for a in mine if a.region == last_region), mine[0] if mine else None
        )
        region = current.region if current else last_region
    else:
        region = current.region
    return {
        "insurance": insurance,
        "status": current.status if current else "none",
        "region": region,
        "region_name": ctx.settings.region_name(region) if region else "",
        "balance": to_str(current.balance_cents if current else 0),
        "contribution_months": count,
        "contribution_years": round(count / 12, 1),
        "last_paid_month": last_month,
    }


def _active(accounts: list[Row]) -> Row | None:
    """The first active, not temporary, account (by id), if any."""
    return next((a for a in accounts if a.status == "active" and not a.temporary), None)


def _by_year_query() -> Select:
    """Yearly sums per insurance of one person, with each year's last month.

    Grouped and ordered by insurance first: PostgreSQL can then sort less
    (its index gives the insurance order); ``_by_year`` puts years first.
    """
    year = cast(func.substr(PAYMENTS.month, 1, 4), Integer).label("year")
    return (
        select(
            year,
            PAYMENTS.insurance,
            cast(func.sum(PAYMENTS.employee_cents), BigInteger),
            cast(func.sum(PAYMENTS.employer_cents), BigInteger),
            func.count(PAYMENTS.id),
            func.max(PAYMENTS.month),
        )
        .where(PAYMENTS.person_id == bindparam("person_id"))
        .group_by(PAYMENTS.insurance, year)
        .order_by(PAYMENTS.insurance, year)
    )


def _last_regions_query() -> Select:
    """Rows of the given insurances paid in the given months, by id."""
    return (
        select(PAYMENTS.insurance, PAYMENTS.month, PAYMENTS.region)
        .where(
            PAYMENTS.person_id == bindparam("person_id"),
            PAYMENTS.insurance.in_(bindparam("insurances", expanding=True)),
            PAYMENTS.month.in_(bindparam("months", expanding=True)),
        )
        .order_by(PAYMENTS.id)
    )


BY_YEAR, LAST_REGIONS = prepared(_by_year_query()), _last_regions_query()


def _month_stats(years: Sequence[Row]) -> dict[str, tuple[int, str]]:
    """Per insurance: paid months and the last paid month, from the yearly rows."""
    stats: dict[str, tuple[int, str]] = {}
    for _, insurance, _, _, months, last in years:
        count, latest = stats.get(insurance, (0, ""))
        stats[insurance] = (count + months, max(latest, last))
    return stats


def _last_regions(db: Session, person_id: int, last: dict[str, str]) -> dict[str, str]:
    """Per insurance: the region of its last paid month (lowest id on a tie)."""
    params = {
        "person_id": person_id,
        "insurances": sorted(last),
        "months": sorted(set(last.values())),
    }
    regions: dict[str, str] = {}
    for insurance, month, region in connection_of(db).execute(LAST_REGIONS, params):
        if last[insurance] == month:
            regions.setdefault(insurance, region)
    return regions


def _by_year(years: Sequence[Row]) -> list[dict]:
    """The ``by_year`` list of GET /accounts."""
    return [
        {
            "year": year,
            "insurance": ins,
            "employee_amount": to_str(emp),
            "employer_amount": to_str(er),
            "months": n,
        }
        for year, ins, emp, er, n, _ in sorted(years, key=_year_first)
    ]


def _year_first(row: Row) -> tuple[int, str]:
    return row[0], row[1]


def contributions_page(
    ctx: AppContext,
    db: Session,
    person_id: int,
    *,
    insurance: str | None,
    year: int | None,
    page: int,
    page_size: int,
) -> dict:
    """GET /contributions: newest first, filtered and paged."""
    where = [Contribution.person_id == person_id]
    if insurance:
        where.append(Contribution.insurance == insurance)
    if year:
        where.append(Contribution.month.like(f"{year:04d}-%"))
    total = db.scalar(select(func.count(Contribution.id)).where(*where)) or 0
    rows = db.scalars(
        select(Contribution)
        .where(*where)
        .order_by(Contribution.month.desc(), Contribution.insurance)
        .offset((page - 1) * page_size)
        .limit(page_size)
    ).all()
    items = [
        {
            "month": c.month,
            "insurance": c.insurance,
            "region": c.region,
            "region_name": ctx.settings.region_name(c.region),
            "employer": c.employer,
            "base": to_str(c.base_cents),
            "employee_amount": to_str(c.employee_cents),
            "employer_amount": to_str(c.employer_cents),
            "account_credit": to_str(c.account_credit_cents),
        }
        for c in rows
    ]
    return {"items": items, "total": total, "page": page, "page_size": page_size}


@dataclass(frozen=True, kw_only=True)
class UnemploymentHistory:
    """Months paid since the last claim, carry-over, and the latest region."""

    contribution_months: int
    carried_over_months: int
    region: str


def unemployment_history(db: Session, person_id: int) -> UnemploymentHistory:
    """Contribution time restarts after a claim; unused months carry over."""
    last = db.scalars(
        select(BenefitHistory)
        .where(
            BenefitHistory.person_id == person_id,
        )
        .order_by(BenefitHistory.separation_date.desc())
        .limit(1)
    ).first()
    since = _month_after(last.separation_date) if last else "0000-00"
    months = [m for m in paid_months(db, person_id, "unemployment") if m.month >= since]
    carried = max(0, last.entitled_months - last.received_months) if last else 0
    return UnemploymentHistory(
        contribution_months=len(months),
        carried_over_months=carried,
        region=months[-1].region if months else "",
    )


def _month_after(day: date) -> str:
    year, month = (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)
    return f"{year:04d}-{month:02d}"
