# SPDX-License-Identifier: Apache-2.0
"""Resident queries and card services (session + kiosk headers)."""

from __future__ import annotations

import secrets
from datetime import datetime
from typing import Annotated, Any, Literal, NoReturn

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import and_, bindparam, literal_column, select, update
from sqlalchemy.orm import Session

from backend import validation
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
from backend.pg import prepared
from backend.rules.cards import CardStatus, temporary_loss_lapses_at
from backend.security import same_text
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
    year: Annotated[int | None, Query(ge=validation.FIRST_YEAR, le=2100)] = None,
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


def verify_url(settings: Settings, code: str) -> str | None:
    """Where anyone checks a certificate: ``[public] base_url`` of the settings
    and the public path, or None when no base URL is configured (the
    certificate then carries its code only). Never the request's Host header:
    a client could name any site, and the address is stored and printed."""
    base = settings.public_base_url
    return f"{base}/api/v1/public/certificates/{code}" if base else None


@router.get("/certificate")
def certificate(ctx: Ctx, db: Db, who: ResidentDep) -> dict[str, Any]:
    """Issue an insurance certificate (参保证明) with a public verification code."""
    now = ctx.now()
    code = "-".join(
        "".join(secrets.choice(CODE_ALPHABET) for _ in range(4)) for _ in range(4)
    )
    data = {
        "verification_code": code,
        "issued_at": now.isoformat(),
        "person": person_view(ctx.settings, who.person),
        "insurances": _insurances(ctx, db, who.person),
        "verify_url": verify_url(ctx.settings, code),
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
    ssn: validation.Ssn
    mobile_last4: str = Field(pattern=r"^[0-9]{4}$")


# the person of an SSN with their active card, or NULLs: always exactly one
# row, so a known SSN and an unknown one cost the same statement
_ONE = select(literal_column("1").label("one")).subquery()
PERSONS, CARDS = Person.__table__.c, Card.__table__.c
LOSS_CANDIDATE = prepared(
    select(PERSONS.mobile, CARDS.id, CARDS.card_number)
    .select_from(
        _ONE.outerjoin(Person, PERSONS.ssn == bindparam("ssn")).outerjoin(
            Card,
            and_(
                CARDS.person_id == PERSONS.id,
                CARDS.status == CardStatus.ACTIVE.value,
            ),
        )
    )
    .limit(1)
)
REPORT_LOSS = (
    update(Card)
    .where(CARDS.id == bindparam("b_id"))
    .values(
        status=CardStatus.TEMPORARILY_LOST.value,
        temp_loss_lapses_at=bindparam("lapses"),
    )
)
NO_MOBILE = "----"  # compared when there is no person: never four digits


@router.get("/kiosk/ping", status_code=204)
def ping_kiosk(kiosk: KioskDep) -> Response:
    """204 when the kiosk's credential is accepted (401 kiosk_unauthorized
    when not): the kiosk's periodic self-check, with no card and no session."""
    return Response(status_code=204)


@router.post("/loss-reports/temporary")
def report_temporary_loss(
    body: LossReportIn, ctx: Ctx, db: Db, kiosk: KioskDep
) -> dict[str, Any]:
    """临时挂失 without the card: SSN + last 4 of the mobile; rate limited.

    Unknown SSN, no active card and wrong digits do the same work (the same
    statements, one audit entry alike) and answer the same 404: the answer
    and its timing tell nobody which SSNs exist."""
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
    found = db.execute(LOSS_CANDIDATE, {"ssn": body.ssn}).one()
    mobile = found.mobile[-4:] if found.mobile else NO_MOBILE
    if not same_text(mobile, body.mobile_last4) or found.id is None:
        _refuse_loss_report(db, kiosk, now)
    lapses = temporary_loss_lapses_at(now, ctx.settings.temporary_loss_lapse_days)
    db.execute(REPORT_LOSS, {"b_id": found.id, "lapses": lapses})
    audit.record(
        db,
        actor=f"kiosk:{kiosk.id}",
        action="temporary_loss_reported",
        entity="card",
        entity_id=found.card_number,
        at=now,
        reason="reported at kiosk with SSN and mobile number",
    )
    db.commit()
    return {
        "card_number_masked": found.card_number[:2] + "*****" + found.card_number[-2:],
        "status": CardStatus.TEMPORARILY_LOST.value,
        "lapses_at": lapses.isoformat(),
    }


def _refuse_loss_report(db: Db, kiosk: KioskRef, now: datetime) -> NoReturn:
    """The one refusal: counted (the limits above) and audited, then 404."""
    audit.record(
        db,
        actor=f"kiosk:{kiosk.id}",
        action="temporary_loss_refused",
        entity="kiosk",
        entity_id=kiosk.id,
        at=now,
        reason="no active card for this SSN and mobile number",
    )
    db.commit()  # attempts count even when the pair is wrong (no guessing)
    raise NotFoundError("no active card for this SSN and mobile number")


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
