# SPDX-License-Identifier: Apache-2.0
"""Resident queries and card services (session + kiosk headers)."""

from __future__ import annotations

import secrets
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import Session

from backend.api.auth import SessionIn, signed_challenge
from backend.api.calls import (
    KIOSK_HEADERS,
    RESIDENT_HEADERS,
    header_params,
    kiosk_call,
    resident_call,
)
from backend.api.deps import (
    MAX_PAGE,
    Ctx,
    Db,
    KioskDep,
    PlainRoute,
    Resident,
    ResidentDep,
    get_cancel_loss_resident,
)
from backend.db import connection_of
from backend.errors import NotFoundError
from backend.models import Card, InsuranceCertificate, KioskRef, Person
from backend.rules.cards import CardStatus, temporary_loss_lapses_at
from backend.services import audit
from backend.services.accounts import contributions_page, overview, paid_months
from backend.services.ratelimit import hit
from backend.settings import INSURANCES, Settings

router = APIRouter(prefix="/api/v1", tags=["resident"], route_class=PlainRoute)
CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"


def person_view(settings: Settings, person: Person) -> dict:
    """The person as the kiosk shows it (mobile masked)."""
    return {
        "ssn": person.ssn,
        "name": person.name,
        "gender": person.gender,
        "birth_date": person.birth_date.isoformat(),
        "hukou_region": person.hukou_region,
        "hukou_region_name": settings.region_name(person.hukou_region),
        "mobile_masked": person.mobile[:3] + "****" + person.mobile[-4:],
    }


def card_view(card: Card) -> dict:
    """A card's public facts."""
    return {
        "card_number": card.card_number,
        "status": card.status,
        "issue_date": card.issue_date.isoformat(),
        "expiry_date": card.expiry_date.isoformat(),
    }


@router.get("/me")
def me(ctx: Ctx, who: ResidentDep) -> dict:
    """Who is signed in, and with which card."""
    return {
        "person": person_view(ctx.settings, who.person),
        "card": card_view(who.card),
    }


@router.get("/accounts", openapi_extra=header_params(*RESIDENT_HEADERS))
async def accounts(request: Request) -> JSONResponse:
    """One line per insurance plus yearly sums."""
    call = resident_call(request)
    return JSONResponse(
        await call.run(lambda db, who: overview(call.ctx, db, who.person))
    )


@router.get("/contributions")
def contributions(
    ctx: Ctx,
    db: Db,
    who: ResidentDep,
    insurance: Annotated[Literal[INSURANCES] | None, Query()] = None,  # type: ignore[valid-type]
    year: Annotated[int | None, Query(ge=1990, le=2100)] = None,
    page: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 1,
    page_size: Annotated[int, Query(ge=1, le=100)] = 20,
) -> dict:
    """Monthly contribution records, newest first."""
    return contributions_page(
        ctx,
        db,
        who.person.id,
        insurance=insurance,
        year=year,
        page=page,
        page_size=page_size,
    )


@router.get("/regions")
def regions(ctx: Ctx, who: ResidentDep) -> dict:
    """Transfer destinations."""
    return {
        "regions": [
            {"code": r.code, "name": r.name, "province": r.province}
            for r in ctx.settings.regions
        ]
    }


def _insurances(ctx: Ctx, db: Db, person: Person) -> list[dict]:
    lines = []
    for line in overview(ctx, db, person)["accounts"]:
        months = paid_months(db, person.id, line["insurance"])
        lines.append(
            {
                "insurance": line["insurance"],
                "status": line["status"],
                "region_name": line["region_name"],
                "contribution_months": line["contribution_months"],
                "first_month": months[0].month if months else None,
                "last_month": months[-1].month if months else None,
            }
        )
    return lines


@router.get("/certificate")
def certificate(request: Request, ctx: Ctx, db: Db, who: ResidentDep) -> dict:
    """Issue an insurance certificate (参保证明) with a public verification code."""
    now = ctx.now()
    code = "-".join(
        "".join(secrets.choice(CODE_ALPHABET) for _ in range(4)) for _ in range(4)
    )
    base = ctx.settings.public_base_url or str(request.base_url).rstrip("/")
    data = {
        "verification_code": code,
        "issued_at": now.isoformat(),
        "person": person_view(ctx.settings, who.person),
        "insurances": _insurances(ctx, db, who.person),
        "verify_url": f"{base}/api/v1/public/certificates/{code}",
    }
    db.add(
        InsuranceCertificate(
            verification_code=code, person_id=who.person.id, issued_at=now, data=data
        )
    )
    audit.record(
        db,
        actor=f"card:{who.card.card_number}",
        action="certificate_issued",
        entity="person",
        entity_id=who.person.ssn,
        at=now,
        data={"verification_code": code},
    )
    db.commit()
    return data


PIN_CHANGED = frozenset({"pin_changed"})
# the registration makes the card able to submit: only a card still marked
# initial is written (and audited)
PIN_REGISTERED = (
    update(Card).where(Card.id == bindparam("b_id")).values(pin_initial=False)
)


@router.post(
    "/card/pin-changed",
    status_code=204,
    openapi_extra=header_params(*KIOSK_HEADERS),
)
async def pin_changed(body: SessionIn, request: Request) -> Response:
    """Register a PIN change done on the card: the card signs, with key 82
    after the new PIN was verified, a nonce issued for purpose ``pin_changed``
    (the PIN never leaves the card). From then on the card may submit."""
    call = kiosk_call(request)

    def register(db: Session, kiosk: KioskRef) -> None:
        _, card = signed_challenge(call.ctx, db, kiosk, body, PIN_CHANGED)
        connection_of(db).execute(PIN_REGISTERED, {"b_id": card.id})
        audit.record(
            db,
            actor=f"card:{card.card_number}",
            action="pin_changed",
            entity="card",
            entity_id=card.card_number,
            at=call.ctx.now(),
            data={"kiosk": kiosk.id, "was_initial": card.pin_initial},
        )

    await call.run(register, body.card_number)
    return Response(status_code=204)


class LossReportIn(BaseModel):
    """Body of POST /loss-reports/temporary."""

    model_config = ConfigDict(extra="forbid")
    ssn: str = Field(pattern=r"^[0-9]{17}[0-9X]$")
    mobile_last4: str = Field(pattern=r"^[0-9]{4}$")


@router.post("/loss-reports/temporary")
def report_temporary_loss(
    body: LossReportIn, ctx: Ctx, db: Db, kiosk: KioskDep
) -> dict:
    """临时挂失 without the card: SSN + last 4 of the mobile; rate limited."""
    now = ctx.now()
    limits = ctx.settings.rate_limits
    window = limits.loss_report_window_seconds
    hit(
        db,
        f"loss:kiosk:{kiosk.id}",
        limit=limits.loss_reports_per_kiosk,
        window=window,
        now=now,
    )
    hit(
        db,
        f"loss:ssn:{body.ssn}",
        limit=limits.loss_reports_per_ssn,
        window=window,
        now=now,
    )
    db.commit()  # attempts count even when the pair is wrong (no guessing)
    person = db.scalars(select(Person).where(Person.ssn == body.ssn)).first()
    card = _active_card(db, person) if person else None
    if person is None or card is None or person.mobile[-4:] != body.mobile_last4:
        raise NotFoundError("no active card for this SSN and mobile number")
    card.status = CardStatus.TEMPORARILY_LOST
    card.temp_loss_lapses_at = temporary_loss_lapses_at(
        now, ctx.settings.temporary_loss_lapse_days
    )
    audit.record(
        db,
        actor=f"kiosk:{kiosk.id}",
        action="temporary_loss_reported",
        entity="card",
        entity_id=card.card_number,
        at=now,
        reason="reported at kiosk with SSN and mobile number",
    )
    db.commit()
    return {
        "card_number_masked": card.card_number[:2] + "*****" + card.card_number[-2:],
        "status": card.status,
        "lapses_at": card.temp_loss_lapses_at.isoformat(),
    }


def _active_card(db: Db, person: Person) -> Card | None:
    return db.scalars(
        select(Card).where(
            Card.person_id == person.id, Card.status == CardStatus.ACTIVE
        )
    ).first()


@router.delete("/loss-reports/temporary")
def cancel_temporary_loss(
    ctx: Ctx,
    db: Db,
    who: Annotated[Resident, Depends(get_cancel_loss_resident)],
) -> dict:
    """Cancel a temporary loss with the card itself (a ``cancel_loss`` session)."""
    who.card.status = CardStatus.ACTIVE
    who.card.temp_loss_lapses_at = None
    who.session.ended_at = ctx.now()
    audit.record(
        db,
        actor=f"card:{who.card.card_number}",
        action="temporary_loss_cancelled",
        entity="card",
        entity_id=who.card.card_number,
        at=ctx.now(),
        reason="cancelled at kiosk with card and PIN",
    )
    db.commit()
    return {"card_number": who.card.card_number, "status": who.card.status}
