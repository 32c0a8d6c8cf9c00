# SPDX-License-Identifier: Apache-2.0
"""Read models of a person's insurance: accounts, contributions, histories."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Select, bindparam, func, select
from sqlalchemy.orm import Session

from backend.context import AppContext
from backend.models import Account, BenefitHistory, Contribution, Person
from backend.money import to_str
from backend.rules.pension import PaidMonth
from backend.settings import INSURANCES

PAYMENTS = Contribution.__table__.c
# built once: no per-call statement construction or cache-key walk
PAID_MONTHS = (
    select(PAYMENTS.month, PAYMENTS.region, PAYMENTS.base_cents)
    .where(
        PAYMENTS.person_id == bindparam("person_id"),
        PAYMENTS.insurance == bindparam("insurance"),
    )
    .order_by(PAYMENTS.month)
)
ACCOUNT = select(Account).where(
    Account.person_id == bindparam("person_id"),
    Account.insurance == bindparam("insurance"),
    Account.region == bindparam("region"),
)
ACCOUNTS = select(Account).where(Account.person_id == bindparam("person_id"))


def paid_months(db: Session, person_id: int, insurance: str) -> list[PaidMonth]:
    """Every paid month of one insurance, oldest first."""
    rows = (
        db.connection()
        .execute(PAID_MONTHS, {"person_id": person_id, "insurance": insurance})
        .all()
    )
    return [PaidMonth(month=m, region=r, base_cents=b) for m, r, b in rows]


def account(db: Session, person_id: int, insurance: str, region: str) -> Account | None:
    """The account of one insurance in one region, if any."""
    params = {"person_id": person_id, "insurance": insurance, "region": region}
    return db.scalars(ACCOUNT, params).first()


def overview(ctx: AppContext, db: Session, person: Person) -> dict:
    """GET /accounts: one line per insurance (current region) and yearly sums.

    Three queries in all (month counts, accounts, yearly sums), not a full read
    of every paid month per insurance: the kiosk asks for this on every session.
    """
    stats = _month_stats(db, person.id)
    accounts = db.scalars(ACCOUNTS, {"person_id": person.id}).all()
    lines = []
    for insurance in INSURANCES:
        count, last_month, last_region = stats.get(insurance, (0, None, ""))
        mine = [a for a in accounts if a.insurance == insurance]
        current = _current_account(mine, last_region)
        region = current.region if current else last_region
        lines.append(
            {
                "insurance": insurance,
                "status": current.status if current else "none",
                "region": region,
                "region_name": ctx.settings.region_name(region) if region else "",
                "balance": to_str(current.balance_cents if current else 0),
                "contribution_months": count,
                "contribution_years": round(count / 12, 1),
                "last_paid_month": last_month,
            }
        )
    return {"accounts": lines, "by_year": _by_year(db, person.id)}


def _month_stats_query() -> Select:
    """Per insurance of one person: months, last month and its region."""
    person = bindparam("person_id")
    sub = (
        select(
            PAYMENTS.insurance,
            func.count(PAYMENTS.id).label("months"),
            func.max(PAYMENTS.month).label("last"),
        )
        .where(PAYMENTS.person_id == person)
        .group_by(PAYMENTS.insurance)
        .subquery()
    )
    table = Contribution.__table__
    return (
        select(sub.c.insurance, sub.c.months, sub.c.last, table.c.region)
        .join(
            table,
            (table.c.person_id == person)
            & (table.c.insurance == sub.c.insurance)
            & (table.c.month == sub.c.last),
        )
        .order_by(table.c.id)
    )


def _by_year_query() -> Select:
    """Yearly sums per insurance of one person."""
    year = func.substr(PAYMENTS.month, 1, 4)
    return (
        select(
            year,
            PAYMENTS.insurance,
            func.sum(PAYMENTS.employee_cents),
            func.sum(PAYMENTS.employer_cents),
            func.count(PAYMENTS.id),
        )
        .where(PAYMENTS.person_id == bindparam("person_id"))
        .group_by(year, PAYMENTS.insurance)
        .order_by(year, PAYMENTS.insurance)
    )


MONTH_STATS, BY_YEAR = _month_stats_query(), _by_year_query()


def _month_stats(db: Session, person_id: int) -> dict[str, tuple[int, str, str]]:
    """Per insurance: paid months, the last paid month and its region."""
    rows = db.connection().execute(MONTH_STATS, {"person_id": person_id}).all()
    stats: dict[str, tuple[int, str, str]] = {}
    for insurance, months, last, region in rows:
        stats.setdefault(insurance, (int(months), last, region))
    return stats


def _current_account(accounts: list[Account], last_region: str) -> Account | None:
    """The active account if any, else the account of the latest paid region."""
    active = [a for a in accounts if a.status == "active" and not a.temporary]
    if active:
        return active[0]
    return next(
        (a for a in accounts if a.region == last_region),
        accounts[0] if accounts else None,
    )


def _by_year(db: Session, person_id: int) -> list[dict]:
    rows = db.connection().execute(BY_YEAR, {"person_id": person_id}).all()
    return [
        {
            "year": int(y),
            "insurance": ins,
            "employee_amount": to_str(int(emp)),
            "employer_amount": to_str(int(er)),
            "months": int(n),
        }
        for y, ins, emp, er, n in rows
    ]


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
