# SPDX-License-Identifier: Apache-2.0
"""Transfer previews: pension (2010 measures) and medical (2021 procedure)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy.orm import Session

from backend.context import AppContext
from backend.errors import ConflictError, NotFoundError
from backend.models import Person, ServiceRequest
from backend.money import to_cents, to_str
from backend.rules import pension
from backend.rules.pension import MoveRule, OrganisationalTransfer
from backend.rules.provinces import province_name, province_of
from backend.rules.steps import RequestStatus, plan
from backend.services import audit
from backend.services.accounts import balance as account_balance
from backend.services.accounts import paid_months, paid_regions
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
    organisational: OrganisationalTransfer = OrganisationalTransfer.NONE,
) -> dict[str, Any]:
    """POST /transfers/preview for ``kind`` in {pension, medical}.

    ``organisational``: the state of the applicant's organisational-transfer
    claim; only a confirmed one lifts the age rule (docs/domain.md).
    """
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
    move = pension.Move(
        from_region=from_region, to_region=to_region, hukou_region=person.hukou_region
    )
    result = {
        "kind": kind,
        "from_region": from_region,
        "to_region": to_region,
        "from_region_name": names.get(from_region, from_region),
        "to_region_name": names.get(to_region, to_region),
        **_provinces(move),
        "organisational_transfer": OrganisationalTransfer.NONE.value,
        "if_confirmed": None,
        "relationship_rule": "",
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
        facts = Facts(
            person=person,
            move=move,
            months=months,
            history=history,
            balance=balance,
            today=today,
            names=names,
        )
        result.update(_pension(facts, organisational))
    return result


def _provinces(move: pension.Move) -> dict[str, Any]:
    """Which provinces the move joins (跨省 or 省内) and the hukou province."""
    return {
        "cross_province": move.cross_province,
        "from_province": province_of(move.from_region),
        "to_province": province_of(move.to_region),
        "hukou_province": province_of(move.hukou_region),
        "from_province_name": province_name(move.from_region),
        "to_province_name": province_name(move.to_region),
        "hukou_province_name": province_name(move.hukou_region),
    }


@dataclass(frozen=True, kw_only=True)
class Facts:
    """What a pension preview is computed from."""

    person: Person | PersonView
    move: pension.Move
    months: list[pension.PaidMonth]
    history: list[pension.RegionYears]
    balance: int
    today: date
    names: dict[str, str]


def _years(
    history: list[pension.RegionYears], names: dict[str, str]
) -> list[dict[str, Any]]:
    return [
        {
            "region": r.region,
            "region_name": names.get(r.region, r.region),
            "years": r.years,
            "months": r.months,
        }
        for r in history
    ]


def _pension(facts: Facts, organisational: OrganisationalTransfer) -> dict[str, Any]:
    """The outcome under the rules as they stand for ``organisational`` and,
    while a claim awaits staff, the outcome once confirmed (``if_confirmed``,
    only when confirming would change it)."""
    confirmed = organisational is OrganisationalTransfer.CONFIRMED
    outcome = _outcome(facts, organisational_transfer=confirmed)
    alternative: dict[str, Any] | None = None
    if organisational is OrganisationalTransfer.CLAIMED:
        confirmed_outcome = _outcome(facts, organisational_transfer=True)
        if confirmed_outcome["relationship_rule"] != outcome["relationship_rule"]:
            alternative = confirmed_outcome
    return {
        **outcome,
        "organisational_transfer": organisational.value,
        "if_confirmed": alternative,
    }


def _outcome(facts: Facts, *, organisational_transfer: bool) -> dict[str, Any]:
    """Pooled fund, relationship/temporary account and the 10-year rule."""
    person, move = facts.person, facts.move
    rule = pension.relationship_rule(
        move,
        gender=person.gender,
        birth_date=person.birth_date,
        on=facts.today,
        organisational_transfer=organisational_transfer,
    )
    keeps = rule is MoveRule.TEMPORARY_ACCOUNT
    relationship = move.from_region if keeps else move.to_region
    payout = pension.payout_region(
        relationship_region=relationship,
        hukou_region=person.hukou_region,
        history=facts.history,
        names=facts.names,
    )
    pooled = [] if keeps else pension.pooled_fund(facts.months, move.from_region)
    pooled_total = sum(p.amount_cents for p in pooled)
    moved = 0 if keeps else facts.balance
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
        "relationship_rule": rule.value,
        "temporary_account": keeps,
        "temporary_account_reason": _temporary_reason(person) if keeps else "",
        "payout_region": payout.region,
        "payout_region_name": facts.names.get(payout.region, payout.region),
        "payout_rule": payout.rule,
        "payout_reason": payout.reason,
    }


def _temporary_reason(person: Person | PersonView) -> str:
    who = "Men aged 50 or over" if person.gender == "1" else "Women aged 40 or over"
    return (
        f"{who} moving across provinces into a province that is not their "
        f"hukou province keep the pension relationship (and its funds) at the "
        f"old region; a temporary contribution account opens at the new region."
    )


def settle_organisational_transfer(
    db: Session,
    request: ServiceRequest,
    *,
    confirm: bool,
    actor: str,
    reason: str,
    now: datetime,
) -> None:
    """Staff confirm or reject a claimed organisational transfer (article 5(3)).

    Confirming applies the outcome the resident was shown as ``if_confirmed``
    (relationship, amounts, payout) to the stored preview and total; rejecting
    keeps the outcome that already held. Either way the request records who
    decided, when and why, and the audit log has the entry.
    """
    if request.organisational_transfer != OrganisationalTransfer.CLAIMED:
        raise ConflictError(
            "no organisational transfer awaits confirmation",
            detail={"organisational_transfer": request.organisational_transfer},
        )
    if request.status not in (RequestStatus.SUBMITTED, RequestStatus.UNDER_REVIEW):
        raise ConflictError(f"request is {request.status}")
    state = (
        OrganisationalTransfer.CONFIRMED if confirm else OrganisationalTransfer.REJECTED
    )
    view = dict(request.details.get("preview") or {})
    alternative = view.get("if_confirmed")
    if confirm and alternative:
        view.update(alternative)
        request.total_cents = to_cents(view["total"])
    view.update(organisational_transfer=state.value, if_confirmed=None)
    review = {
        "confirmed": confirm,
        "actor": actor,
        "at": now.isoformat(),
        "reason": reason,
    }
    request.details = {
        **request.details,
        "preview": view,
        "organisational_transfer_review": review,
    }
    request.organisational_transfer = state.value
    request.updated_at = now
    audit.record(
        db,
        actor=actor,
        action=f"organisational_transfer_{state.value}",
        entity="request",
        entity_id=request.reference,
        at=now,
        reason=reason,
    )
