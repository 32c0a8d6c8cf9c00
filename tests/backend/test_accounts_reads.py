# SPDX-License-Identifier: Apache-2.0
"""GET /accounts and transfer previews against a plain computation over every row.

The read models aggregate in SQL (one scan, a lookup of the last month's
region); these tests build random histories, ties in the last month
included, and compare with a straightforward Python computation.
"""

from __future__ import annotations

import random
import uuid
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.errors import ConflictError
from backend.models import Account, Contribution, Person
from backend.money import to_str
from backend.rules import pension
from backend.services.accounts import overview
from backend.services.transfers import preview
from backend.settings import INSURANCES
from tests.backend.conftest import Env

REGIONS = ["110000", "310000", "420100", "440300", "510100"]
STATUSES = ["active", "closed", "transferred"]


def _random_person(db: Session, rnd: random.Random) -> Person:
    """A person with a random history: gaps, several jobs a month, odd accounts."""
    person = Person(
        ssn=uuid.uuid4().hex[:18],
        name="随机",
        gender=rnd.choice("12"),
        birth_date=date(1960 + rnd.randrange(30), 1 + rnd.randrange(12), 1),
        hukou_region=rnd.choice(REGIONS),
        mobile="13800000000",
    )
    db.add(person)
    db.flush()
    rows = []
    for insurance in rnd.sample(INSURANCES, rnd.randrange(len(INSURANCES) + 1)):
        first = rnd.randrange(1990, 2024)
        months = {
            f"{rnd.randrange(first, 2026):04d}-{rnd.randrange(1, 13):02d}"
            for _ in range(rnd.randrange(1, 60))
        }
        for month in sorted(months):
            # ties: several rows of one month, in other regions (a month is
            # paid once per region: the contributions' natural key)
            for region in rnd.sample(REGIONS, rnd.choice([1, 1, 1, 2, 3])):
                base = rnd.randrange(0, 3_000_000)
                rows.append(
                    Contribution(
                        person_id=person.id,
                        insurance=insurance,
                        month=month,
                        region=region,
                        employer="E",
                        base_cents=base,
                        employee_cents=base * rnd.randrange(0, 9) // 100,
                        employer_cents=base * rnd.randrange(0, 17) // 100,
                        account_credit_cents=0,
                    )
                )
    rnd.shuffle(rows)  # ids need not follow months
    db.add_all(rows)
    for insurance in INSURANCES:
        for region in rnd.sample(REGIONS, rnd.choice([0, 1, 1, 2, 3])):
            db.add(
                Account(
                    person_id=person.id,
                    insurance=insurance,
                    region=region,
                    status=rnd.choice(STATUSES),
                    balance_cents=rnd.randrange(-500, 10_000_000),
                    temporary=rnd.random() < 0.3,
                )
            )
    db.flush()
    return person


def _expected(env: Env, db: Session, person: Person) -> dict[str, Any]:
    """GET /accounts computed from every row, the rules spelled out."""
    paid = db.scalars(
        select(Contribution)
        .where(Contribution.person_id == person.id)
        .order_by(Contribution.id)
    ).all()
    accounts = db.scalars(
        select(Account).where(Account.person_id == person.id).order_by(Account.id)
    ).all()
    lines = []
    for insurance in INSURANCES:
        mine = [c for c in paid if c.insurance == insurance]
        last = max((c.month for c in mine), default=None)
        # the region of the last month; several rows: the lowest id
        last_region = next((c.region for c in mine if c.month == last), "")
        own = [a for a in accounts if a.insurance == insurance]
        active = [a for a in own if a.status == "active" and not a.temporary]
        by_region = [a for a in own if a.region == last_region]
        current = (active or by_region or own or [None])[0]
        region = current.region if current else last_region
        lines.append(
            {
                "insurance": insurance,
                "status": current.status if current else "none",
                "region": region,
                "region_name": env.ctx.settings.region_name(region) if region else "",
                "balance": to_str(current.balance_cents if current else 0),
                "contribution_months": len(mine),
                "contribution_years": round(len(mine) / 12, 1),
                "last_paid_month": last,
            }
        )
    years: dict[tuple[str, str], list[int]] = {}
    for c in paid:
        sums = years.setdefault((c.month[:4], c.insurance), [0, 0, 0])
        sums[0] += c.employee_cents
        sums[1] += c.employer_cents
        sums[2] += 1
    by_year = [
        {
            "year": int(year),
            "insurance": insurance,
            "employee_amount": to_str(employee),
            "employer_amount": to_str(employer),
            "months": months,
        }
        for (year, insurance), (employee, employer, months) in sorted(years.items())
    ]
    return {"accounts": lines, "by_year": by_year}


def test_overview_matches_plain_computation(env: Env) -> None:
    rnd = random.Random(20261128)
    with env.ctx.sessions() as db:
        people = [_random_person(db, rnd) for _ in range(40)]
        db.commit()
        for person in people:
            assert overview(env.ctx, db, person) == _expected(env, db, person)


def test_overview_of_demo_residents(env: Env) -> None:
    with env.ctx.sessions() as db:
        people = db.scalars(select(Person).order_by(Person.id).limit(60)).all()
        assert people
        for person in people:
            assert overview(env.ctx, db, person) == _expected(env, db, person)


def _expected_preview(db: Session, person: Person, kind: str, to: str) -> dict:
    """The parts of a transfer preview that come from the rows, spelled out."""
    rows = db.scalars(
        select(Contribution)
        .where(Contribution.person_id == person.id, Contribution.insurance == kind)
        .order_by(Contribution.month, Contribution.id)
    ).all()
    others = [c.region for c in rows if c.region != to]
    if not others:
        return {}
    from_region = others[-1]
    found = db.scalars(
        select(Account).where(
            Account.person_id == person.id,
            Account.insurance == kind,
            Account.region == from_region,
        )
    ).first()
    first_seen = list(dict.fromkeys(c.region for c in rows))
    years = [
        {
            "region": region,
            "months": sum(1 for c in rows if c.region == region),
            "last": max(c.month for c in rows if c.region == region),
        }
        for region in first_seen
    ]
    years.sort(key=lambda y: y["last"], reverse=True)  # stable: first seen first
    pooled = pension.pooled_fund(
        [
            pension.PaidMonth(month=c.month, region=c.region, base_cents=c.base_cents)
            for c in rows
        ],
        from_region,
    )
    return {
        "from_region": from_region,
        "balance": found.balance_cents if found else 0,
        "years": [(y["region"], y["months"]) for y in years],
        "pooled": sum(p.amount_cents for p in pooled),
    }


def test_preview_matches_plain_computation(env: Env) -> None:
    rnd = random.Random(11282026)
    today = date(2026, 11, 28)
    with env.ctx.sessions() as db:
        people = [_random_person(db, rnd) for _ in range(30)]
        db.commit()
        for person in people:
            for kind in ("pension", "medical"):
                to = rnd.choice(REGIONS)
                want = _expected_preview(db, person, kind, to)
                try:
                    got = preview(env.ctx, db, person, kind, to, today)
                except ConflictError:
                    assert want == {}
                    continue
                assert want["from_region"] == got["from_region"]
                years = got["contribution_years_by_region"]
                assert [(y["region"], y["months"]) for y in years] == want["years"]
                moved = got["temporary_account"] is False
                balance = want["balance"] if moved else 0
                assert got["individual_account"] == to_str(balance)
                pooled = want["pooled"] if kind == "pension" and moved else 0
                assert got["pooled_fund_transfer"] == to_str(pooled)
