# SPDX-License-Identifier: Apache-2.0
"""Transfers and unemployment claims: previews, signed submissions, status."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Literal

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field, StrictBool, model_validator
from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from backend import validation
from backend.api.calls import KIOSK_HEADERS, header_params, kiosk_call
from backend.api.deps import Ctx, Db, PlainRoute, ResidentDep
from backend.context import AppContext
from backend.db import connection_of, read_only
from backend.errors import ConflictError, NotEligibleError, NotFoundError
from backend.models import KioskRef, ServiceRequest
from backend.money import to_cents
from backend.pg import prepared
from backend.rules.pension import OrganisationalTransfer
from backend.rules.steps import RequestStatus
from backend.rules.unemployment import SeparationReason, evaluate
from backend.services import requests as reqs
from backend.services import submissions, transfers
from backend.services.accounts import unemployment_history
from backend.services.cards import CardView

router = APIRouter(prefix="/api/v1", tags=["requests"], route_class=PlainRoute)


class TransferIn(BaseModel):
    """Body of POST /transfers and /transfers/preview."""

    model_config = ConfigDict(extra="forbid")

    kind: Literal["pension", "medical"]
    to_region: validation.RegionCode
    organisational_transfer: StrictBool = Field(
        default=False,
        description=(
            "The applicant says the organisation or personnel authorities "
            "approved the move (组织人事部门批准调动; pension only). Staff "
            "check it at review; only a confirmed one lifts the age rule."
        ),
    )

    @model_validator(mode="after")
    def _pension_only(self) -> TransferIn:
        if self.organisational_transfer and self.kind != "pension":
            raise ValueError("organisational_transfer is for pension transfers only")
        return self

    @property
    def organisational(self) -> OrganisationalTransfer:
        """The claim as the rules see it before staff have checked it."""
        if self.organisational_transfer:
            return OrganisationalTransfer.CLAIMED
        return OrganisationalTransfer.NONE


class ClaimIn(BaseModel):
    """Body of POST /claims/unemployment."""

    model_config = ConfigDict(extra="forbid")

    # the text the card signed; checked by validation.separation_date
    separation_date: str = Field(max_length=10, json_schema_extra={"format": "date"})
    reason: SeparationReason
    registered_unemployed: bool


@router.post("/transfers/preview")
def preview_transfer(body: TransferIn, ctx: Ctx, db: Db, who: ResidentDep) -> dict:
    """What would move, where the relationship goes and where the pension is paid."""
    today = reqs.local_date(ctx.now())
    return transfers.preview(
        ctx, db, who.person, body.kind, body.to_region, today, body.organisational
    )


SIGNED_HEADERS = ("idempotency-key", "x-card-number", "x-card-signature", "x-signed-at")
SUBMISSION = header_params(*KIOSK_HEADERS, *SIGNED_HEADERS)


FINISHED = (RequestStatus.REJECTED.value, RequestStatus.COMPLETED.value)


REQUESTS = ServiceRequest.__table__.c
OPEN_OF_KIND = prepared(select(REQUESTS.reference)).where(
    REQUESTS.person_id == bindparam("person_id"),
    REQUESTS.kind == bindparam("kind"),
    REQUESTS.status.not_in(FINISHED),
)


def _refuse_second_open(db: Session, person_id: int, kind: str) -> None:
    """One open request of a kind per person (docs/domain.md, "Requests": a
    transfer or claim is one procedure); a new idempotency key does not make a
    second one legal."""
    params = {"person_id": person_id, "kind": kind}
    open_ref = connection_of(db).execute(OPEN_OF_KIND, params).scalar()
    if open_ref is not None:
        raise ConflictError(
            f"a {kind} request is already under way ({open_ref})",
            detail={"reference": open_ref, "rule": "in_progress"},
        )


Make = Callable[[Session, KioskRef, CardView, str], ServiceRequest]


def _stored_once(
    ctx: AppContext, sub: submissions.SignedSubmission, make: Make, reference: str
) -> Callable[[Session, KioskRef], JSONResponse]:
    """The unit of a submission: verify, store once, answer 201 (200 on replay)."""

    def unit(db: Session, kiosk: KioskRef) -> JSONResponse:
        req, created = submissions.submit(
            ctx, db, kiosk, sub, partial(make, db, kiosk), reference
        )
        # a new request's timeline is the one entry just written; a stored
        # one's is read in the unit's transaction
        events = [reqs.first_event(req)] if created else None
        body = reqs.detail(ctx, db, req, events)
        return JSONResponse(body, status_code=201 if created else 200)

    return unit


def _submission(request: Request, body: BaseModel) -> submissions.SignedSubmission:
    """The signed-submission headers (docs/api.md "Submissions") and the body.

    The canonical body holds the members the kiosk sent (``exclude_unset``):
    a default the kiosk left out was not signed.
    """
    headers = request.headers
    return submissions.SignedSubmission.parse(
        key=headers.get("idempotency-key"),
        card_number=headers.get("x-card-number"),
        signature=headers.get("x-card-signature"),
        signed_at=headers.get("x-signed-at"),
        method=request.method,
        path=request.url.path,
        payload=body.model_dump(mode="json", exclude_unset=True),
    )


@router.post("/transfers", status_code=201, openapi_extra=SUBMISSION)
async def submit_transfer(body: TransferIn, request: Request) -> JSONResponse:
    """A card-signed transfer application, stored once per idempotency key."""
    call = kiosk_call(request)
    sub = _submission(request, body)
    ctx = call.ctx
    now = ctx.now()

    def make(
        db: Session, kiosk: KioskRef, card: CardView, reference: str
    ) -> ServiceRequest:
        _refuse_second_open(db, card.person_id, body.kind)
        today = reqs.local_date(now)
        view = transfers.preview(
            ctx, db, card.person, body.kind, body.to_region, today, body.organisational
        )
        return reqs.create(
            db,
            reference=reference,
            kind=body.kind,
            person=card.person,
            card_number=card.card_number,
            kiosk_id=kiosk.id,
            now=now,
            from_region=view["from_region"],
            to_region=body.to_region,
            total_cents=to_cents(view["total"]),
            details={"preview": view},
            organisational_transfer=body.organisational.value,
        )

    reference = reqs.new_reference(body.kind, now)
    unit = _stored_once(ctx, sub, make, reference)
    return await call.run(unit, sub.card_number)


@router.get("/transfers")
def list_transfers(ctx: Ctx, db: Db, who: ResidentDep) -> dict:
    """The resident's transfers, newest first."""
    read_only(db)
    return {"items": _list(ctx, db, who.person.id, "transfer")}


@router.get("/transfers/{reference}")
def get_transfer(reference: str, ctx: Ctx, db: Db, who: ResidentDep) -> dict:
    """One transfer with timeline and step deadlines."""
    read_only(db)
    return reqs.detail(ctx, db, _own(db, who.person.id, reference, "transfer"))


def _eligibility(ctx: Ctx, db: Db, person_id: int, claim: ClaimIn | None) -> dict:
    return _decide(ctx, db, person_id, claim)[0]


def _decide(
    ctx: Ctx, db: Db, person_id: int, claim: ClaimIn | None
) -> tuple[dict, str]:
    """The eligibility facts (JSON) and the refusing rule ("" when eligible)."""
    history = unemployment_history(db, person_id)
    result = evaluate(
        contribution_months=history.contribution_months,
        carried_over_months=history.carried_over_months,
        separation=claim.reason if claim else None,
        registered_unemployed=claim.registered_unemployed if claim else None,
    )
    region = ctx.settings.region(history.region)
    monthly = region.unemployment_monthly if region else None
    monthly = monthly or ctx.settings.default_unemployment_monthly
    facts = {
        "eligible": result.eligible,
        "reason": result.reason,
        "contribution_months": result.contribution_months,
        "max_months": result.max_months,
        "carried_over_months": result.carried_over_months,
        "monthly_amount": f"{monthly:.2f}",
        "region": history.region,
    }
    return facts, result.rule


@router.get("/claims/unemployment/eligibility")
def claim_eligibility(ctx: Ctx, db: Db, who: ResidentDep) -> dict:
    """Whether the contribution record allows a claim, and for how long."""
    return _eligibility(ctx, db, who.person.id, None)


@router.post("/claims/unemployment", status_code=201, openapi_extra=SUBMISSION)
async def submit_claim(body: ClaimIn, request: Request) -> JSONResponse:
    """A card-signed unemployment claim; 422 not_eligible when the rules refuse."""
    call = kiosk_call(request)
    sub = _submission(request, body)
    ctx = call.ctx
    now = ctx.now()
    rules = validation.Rules.of(ctx.settings, reqs.local_date(now))
    try:
        validation.separation_date(rules, body.separation_date)
    except validation.FieldError as error:
        raise validation.refused(error) from None

    def make(
        db: Session, kiosk: KioskRef, card: CardView, reference: str
    ) -> ServiceRequest:
        _refuse_second_open(db, card.person_id, "unemployment")
        facts, rule = _decide(ctx, db, card.person_id, body)
        if not facts["eligible"]:
            detail = {"reason": facts["reason"], "rule": rule}
            raise NotEligibleError(facts["reason"], detail=detail)
        details = {**facts, **body.model_dump(mode="json")}
        return reqs.create(
            db,
            reference=reference,
            kind="unemployment",
            person=card.person,
            card_number=card.card_number,
            kiosk_id=kiosk.id,
            now=now,
            from_region=facts["region"] or None,
            to_region=None,
            total_cents=None,
            details=details,
        )

    reference = reqs.new_reference("unemployment", now)
    unit = _stored_once(ctx, sub, make, reference)
    return await call.run(unit, sub.card_number)


@router.get("/claims")
def list_claims(ctx: Ctx, db: Db, who: ResidentDep) -> dict:
    """The resident's claims, newest first."""
    return {"items": _list(ctx, db, who.person.id, "claim")}


@router.get("/claims/{reference}")
def get_claim(reference: str, ctx: Ctx, db: Db, who: ResidentDep) -> dict:
    """One claim with timeline and step deadlines."""
    return reqs.detail(ctx, db, _own(db, who.person.id, reference, "claim"))


def _list(ctx: Ctx, db: Db, person_id: int, category: str) -> list[dict]:
    rows = db.scalars(
        select(ServiceRequest)
        .where(
            ServiceRequest.person_id == person_id,
            ServiceRequest.category == category,
        )
        .order_by(ServiceRequest.created_at.desc(), ServiceRequest.id.desc())
    ).all()
    return [reqs.summary(ctx, db, r) for r in rows]


def _own(db: Db, person_id: int, reference: str, category: str) -> ServiceRequest:
    found = db.scalars(
        select(ServiceRequest).where(
            ServiceRequest.reference == reference,
            ServiceRequest.person_id == person_id,
            ServiceRequest.category == category,
        )
    ).first()
    if found is None:
        raise NotFoundError("no such request")
    return found
