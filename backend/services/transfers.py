# SPDX-License-Identifier: Apache-2.0
"""Transfer previews: pension (2010 measures) and medical (2021 procedure)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from backend.context import AppContext
from backend.errors import ConflictError, NotFoundError
from backend.models import Person
from backend.money import to_str
from backend.rules import pension
from backend.rules.steps import plan
from backend.services.accounts import balance as account_balance
from backend.services.accounts import paid_months, paid_regions

if TYPE_CHECKING:
    from backend.services.cards import PersonView


def _from_region(paid: list[tuple[str, str]], to_region: str) -> str:
    """The most recently paid region other than the destination."""
    for _, region in reversed(paid):
        if region != to_region:
            return region
    if paid:
        raise ConflictError("the insurance is already in that region")
    raise ConflictError("no insurance relationship to transfer")


def preview(
    ctx: AppContext,
    db: Session,
    person: Person | PersonView,
    kind: str,
    to_region: str,
    today: date,
) -> dict:
    """POST /transfers/preview for ``kind`` in {pension, medical}."""
    if ctx.settings.region(to_region) is None:
        raise NotFoundError("unknown destination region")
    if kind == "pension":  # the pooled fund needs each month's wage
        months = paid_months(db, person.id, kind)
        paid = [(m.month, m.region) for m in months]
    else:
        months, paid = [], paid_regions(db, person.id, kind)
    from_region = _from_region(paid, to_region)
    history = pension.region_years(paid)
    found = account_balance(db, person.id, kind, from_region)
    balance = found or 0
    names = {r.code: r.name for r in ctx.settings.regions}
    result = {
        "kind": kind,
        "from_region": from_region,
        "to_region": to_region,
        "from_region_name": names.get(from_region, from_region),
        "to_region_name": names.get(to_region, to_region),
        "individual_account": to_str(balance),
        "pooled_fund_transfer": to_str(0),
        "pooled_fund_breakdown": [],
        "total": to_str(balance),
        "relationship_to": to_region,
        "temporary_account": False,
        "temporary_account_reason": "",
        "payout_region": None,
        "payout_rule": None,
        "payout_reason": "",
        "contribution_years_by_region": _years(history, names),
        "steps": [{"step": s, "deadline_working_days": d} for s, d in plan(kind)],
    }
    if kind == "pension":
        result.update(
            _pension(
                person, months, history, (from_region, to_region), balance, today, names
            )
        )
    return result


def _years(history: list[pension.RegionYears], names: dict[str, str]) -> list[dict]:
    return [
        {
            "region": r.region,
            "region_name": names.get(r.region, r.region),
            "years": r.years,
            "months": r.months,
        }
        for r in history
    ]


def _pension(
    person: Person | PersonView,
    months: list[pension.PaidMonth],
    history: list[pension.RegionYears],
    regions: tuple[str, str],
    balance: int,
    today: date,
    names: dict[str, str],
) -> dict:
    """Pooled fund, relationship/temporary account and the 10-year rule."""
    from_region, to_region = regions
    keeps = pension.keeps_relationship(
        gender=person.gender,
        birth_date=person.birth_date,
        on=today,
        hukou_region=person.hukou_region,
        to_region=to_region,
    )
    relationship = from_region if keeps else to_region
    payout = pension.payout_region(
        relationship_region=relationship,
        hukou_region=person.hukou_region,
        history=history,
        names=names,
    )
    pooled = [] if keeps else pension.pooled_fund(months, from_region)
    pooled_total = sum(p.amount_cents for p in pooled)
    moved = 0 if keeps else balance
    return {
        "individual_account": to_str(moved),
        "pooled_fund_transfer": to_str(pooled_total),
        "pooled_fund_breakdown": [
            {
                "year": p.year,
                "wage_total": to_str(p.wage_total_cents),
                "months": p.months,
                "amount": to_str(p.amount_cents),
            }
            for p in pooled
        ],
        "total": to_str(moved + pooled_total),
        "relationship_to": relationship,
        "temporary_account": keeps,
        "temporary_account_reason": _temporary_reason(person) if keeps else "",
        "payout_region": payout.region,
        "payout_region_name": names.get(payout.region, payout.region),
        "payout_rule": payout.rule,
        "payout_reason": payout.reason,
    }


def _temporary_reason(person: Person | PersonView) -> str:
    who = "Men aged 50 or over" if person.gender == "1" else "Women aged 40 or over"
    return (
        f"{who} moving outside their hukou province keep the pension "
        f"relationship (and its funds) at the old region; a temporary "
        f"contribution account opens at the new region."
    )
