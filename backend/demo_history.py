# SPDX-License-Identifier: Apache-2.0
"""Monthly contribution rows and account balances generated from demo jobs."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from typing import Any

from backend.demo_data import Job, Resident
from backend.money import percent_of
from backend.settings import Settings

MEDICAL_EMPLOYER_TO_ACCOUNT = Decimal(30)  # % of employer share (docs/domain.md)


def months(start: str, end: str) -> Iterator[str]:
    """``"YYYY-MM"`` from ``start`` to ``end`` inclusive."""
    year, month = int(start[:4]), int(start[5:])
    while f"{year:04d}-{month:02d}" <= end:
        yield f"{year:04d}-{month:02d}"
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def last_month(today: date) -> str:
    """The month before ``today``'s (contributions are paid a month behind)."""
    year, month = (
        (today.year - 1, 12) if today.month == 1 else (today.year, today.month - 1)
    )
    return f"{year:04d}-{month:02d}"


def pension_credit_percent(month: str) -> Decimal:
    """11% of the wage to the individual account in 1998-2005, 8% from 2006."""
    return Decimal(11) if month < "2006-01" else Decimal(8)


def _rates(settings: Settings, region: str) -> dict[str, Decimal]:
    found = settings.region(region)
    return found.rates if found else {}


def _rows(
    settings: Settings, person_id: int, job: Job, month: str, base: int
) -> list[dict[str, Any]]:
    rates = _rates(settings, job.region)
    rows = []
    for insurance in ("pension", "medical", "unemployment", "work_injury", "maternity"):
        employee = percent_of(base, rates.get(f"{insurance}_employee", Decimal(0)))
        employer = percent_of(base, rates.get(f"{insurance}_employer", Decimal(0)))
        credit = 0
        if insurance == "pension":
            credit = percent_of(base, pension_credit_percent(month))
        elif insurance == "medical":
            credit = employee + percent_of(employer, MEDICAL_EMPLOYER_TO_ACCOUNT)
        rows.append(
            {
                "person_id": person_id,
                "insurance": insurance,
                "month": month,
                "region": job.region,
                "employer": job.employer,
                "base_cents": base,
                "employee_cents": employee,
                "employer_cents": employer,
                "account_credit_cents": credit,
            }
        )
    return rows


def contributions_for(
    settings: Settings, person_id: int, resident: Resident, today: date
) -> list[dict[str, Any]]:
    """Every monthly contribution row of a demo resident, up to last month."""
    rows: list[dict[str, Any]] = []
    stop = last_month(today)
    for job in resident.jobs:
        for month in months(job.start, min(job.end or stop, stop)):
            years = int(month[:4]) - int(job.start[:4])
            base = round(job.wage * (1 + job.growth) ** years) * 100
            rows.extend(_rows(settings, person_id, job, month, base))
    return rows


def accounts_for(
    person_id: int, resident: Resident, rows: list[dict[str, Any]], today: date
) -> list[dict[str, Any]]:
    """One account per (insurance, region); active where the current job pays."""
    current = resident.jobs[-1]
    ongoing = current.end is None or current.end >= last_month(today)
    balances: dict[tuple[str, str], int] = {}
    for row in rows:
        key = (row["insurance"], row["region"])
        balances[key] = balances.get(key, 0) + row["account_credit_cents"]
    return [
        {
            "person_id": person_id,
            "insurance": insurance,
            "region": region,
            "status": "active" if ongoing and region == current.region else "suspended",
            "balance_cents": balance,
            "temporary": False,
        }
        for (insurance, region), balance in sorted(balances.items())
    ]
