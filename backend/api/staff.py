# SPDX-License-Identifier: Apache-2.0
"""Staff API: login, persons, card issuing and states, reviews, audit."""

from __future__ import annotations

import base64
import dataclasses
from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Header, Query, Request, Response
from fastapi import Path as PathParam
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import ColumnElement, func, select
from sqlalchemy.exc import IntegrityError

from backend import validation
from backend.api.deps import MAX_PAGE, Ctx, Db, PlainRoute, bearer, require_role
from backend.api.resident import card_view, person_view
from backend.errors import ConflictError, NotFoundError
from backend.models import (
    AuditEntry,
    Card,
    Operator,
    Person,
    ServiceRequest,
)
from backend.rules import steps
from backend.rules.cards import (
    CardStatus,
    may_activate,
    may_report_formal_loss,
    may_revoke,
)
from backend.rules.pension import OrganisationalTransfer
from backend.services import audit, operators, staff, staffauth, transfers
from backend.services import requests as reqs
from backend.services.cards import apply_lapse

router = APIRouter(prefix="/api/v1/staff", tags=["staff"], route_class=PlainRoute)
Issuer = Annotated[Operator, Depends(require_role("issuer"))]
Reviewer = Annotated[Operator, Depends(require_role("reviewer"))]
Admin = Annotated[Operator, Depends(require_role("admin"))]


class Strict(BaseModel):
    """Request bodies refuse unknown fields."""

    model_config = ConfigDict(extra="forbid")


class LoginIn(Strict):
    username: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=256)


class PersonIn(Strict):
    """Text fields, bounded; :func:`backend.validation.person` checks them all
    (the same check ``ss-backend import`` applies to persons.csv)."""

    ssn: str = Field(max_length=18)
    name: str = Field(max_length=4 * validation.MAX_NAME)
    gender: str = Field(max_length=1)
    birth_date: str = Field(max_length=10, json_schema_extra={"format": "date"})
    hukou_region: str = Field(max_length=6)
    mobile: str = Field(max_length=11)
    ethnic_group: str = Field(default="01", max_length=2)


class AllocateIn(Strict):
    ssn: validation.Ssn
    # EF05 tag 01 as read from the blank (required unless a demo configuration)
    recognition_code: str | None = Field(default=None, pattern=r"^[0-9a-fA-F]{32}$")


class ChallengeIn(Strict):
    challenge: str = Field(pattern=r"^[0-9a-fA-F]{32}$")


class PinMacIn(Strict):
    challenge: str = Field(pattern=r"^[0-9a-fA-F]{32}$")
    pin_block: str = Field(pattern=r"^[0-9a-fA-F]{6}$")


class CertifyIn(Strict):
    key: Literal["81", "82"]
    public_key: str = Field(pattern=r"^04[0-9a-fA-F]{128}$")


class ReasonIn(Strict):
    reason: str = Field(min_length=1, max_length=500)


class DecisionIn(Strict):
    approve: bool
    reason: str = Field(min_length=1, max_length=500)


class ConfirmIn(Strict):
    confirm: bool
    reason: str = Field(min_length=1, max_length=500)


@router.post("/login")
def login(body: LoginIn, request: Request, ctx: Ctx, db: Db) -> dict[str, Any]:
    """Username + password -> staff token (slow hash check; throttled and
    locked per address and username: backend.services.staffauth)."""
    address = request.client.host if request.client else ""
    done = staffauth.login(ctx, db, body.username, body.password, address)
    return {
        "token": done.token,
        "expires_at": done.expires_at.isoformat(),
        "roles": sorted(done.operator.role_set()),
        "username": done.operator.username,
    }


@router.post("/logout", status_code=204)
def logout(
    ctx: Ctx, db: Db, authorization: Annotated[str | None, Header()] = None
) -> Response:
    """End the bearer's staff session at once (204 also when already ended)."""
    token = bearer(authorization)
    if token is not None:
        staffauth.logout(ctx, db, token)
    return Response(status_code=204)


@router.get("/operators")
def operators_list(ctx: Ctx, db: Db, operator: Admin) -> dict[str, Any]:
    """Every operator with roles, state and open sessions (admin)."""
    found = operators.list_operators(db, now=ctx.now())
    return {"items": [o.as_dict() for o in found]}


@router.post("/operators/{username}/disable")
def disable_operator(
    username: Annotated[str, PathParam(min_length=1, max_length=64)],
    body: ReasonIn,
    ctx: Ctx,
    db: Db,
    operator: Admin,
) -> dict[str, Any]:
    """Disable an operator and end its sessions (admin; not oneself)."""
    if username == operator.username:
        raise ConflictError("an operator cannot disable themselves")
    operators.disable_operator(
        db,
        username,
        now=ctx.now(),
        reason=body.reason,
        actor=f"staff:{operator.username}",
    )
    db.commit()
    found = operators.list_operators(db, now=ctx.now())
    return next(o.as_dict() for o in found if o.username == username)


def _person(db: Db, ssn: str) -> Person:
    person = db.scalars(select(Person).where(Person.ssn == ssn)).first()
    if person is None:
        raise NotFoundError("unknown person")
    return person


def _person_with_cards(ctx: Ctx, db: Db, person: Person) -> dict:
    cards = db.scalars(
        select(Card).where(Card.person_id == person.id).order_by(Card.id)
    ).all()
    for card in cards:
        apply_lapse(db, card, ctx.now())
    view = person_view(ctx.settings, person)
    view["mobile"] = person.mobile
    view["cards"] = [
        {
            **card_view(c),
            "recognition_code": c.recognition_code,
            "has_certificates": bool(c.cert_auth and c.cert_holder),
        }
        for c in cards
    ]
    return view


@router.get("/persons")
def find_person(
    ctx: Ctx,
    db: Db,
    operator: Annotated[Operator, Depends(require_role("issuer"))],
    ssn: Annotated[validation.Ssn, Query()],
) -> dict:
    """A person with all cards (issuer)."""
    view = _person_with_cards(ctx, db, _person(db, ssn))
    db.commit()
    return view


@router.post("/persons", status_code=201)
def register_person(body: PersonIn, ctx: Ctx, db: Db, operator: Issuer) -> dict:
    """Register an insured person (issuer); 400 for anything the strict input
    model refuses (docs/import.md, "Validation")."""
    rules = validation.Rules.of(ctx.settings, reqs.local_date(ctx.now()))
    try:
        record = validation.person(rules, body.model_dump())
    except validation.FieldError as error:
        raise validation.refused(error) from None
    person = Person(**dataclasses.asdict(record))
    db.add(person)
    try:
        db.flush()
    except IntegrityError:
        raise ConflictError("a person with this SSN exists") from None
    audit.record(
        db,
        actor=f"staff:{operator.username}",
        action="person_registered",
        entity="person",
        entity_id=person.ssn,
        at=ctx.now(),
    )
    db.commit()
    return _person_with_cards(ctx, db, person)


def _issuing_view(ctx: Ctx, card: Card) -> dict:
    """A card as the issuing station needs it, with EF05's institution number."""
    return {
        "card_number": card.card_number,
        "recognition_code": card.recognition_code,
        "card_type": card.card_type,
        "spec_version": card.spec_version,
        "issue_date": card.issue_date.isoformat(),
        "expiry_date": card.expiry_date.isoformat(),
        "status": card.status,
        "init_institution": ctx.settings.init_institution.hex().upper(),
    }


@router.get("/persons/{ssn}/allocations")
def open_allocations(
    ssn: Annotated[validation.Ssn, PathParam()],
    ctx: Ctx,
    db: Db,
    operator: Issuer,
) -> dict:
    """Card numbers allocated to a person and not yet activated (issuer).

    A station that failed or restarted mid-personalization resumes one of
    these instead of allocating another card number.
    """
    person = _person(db, ssn)
    cards = db.scalars(
        select(Card)
        .where(Card.person_id == person.id, Card.status == CardStatus.ALLOCATED)
        .order_by(Card.id.desc())
    ).all()
    return {"items": [_issuing_view(ctx, c) for c in cards]}


@router.post("/cards", status_code=201)
def allocate_card(body: AllocateIn, ctx: Ctx, db: Db, operator: Issuer) -> dict:
    """Allocate a card number for the blank carrying ``recognition_code``
    (issuer); 409 when the blank is in no imported batch or already a card."""
    person = _person(db, body.ssn)
    code = bytes.fromhex(body.recognition_code) if body.recognition_code else None
    card = staff.allocate(
        ctx,
        db,
        person,
        f"staff:{operator.username}",
        reqs.local_date(ctx.now()),
        code,
    )
    db.commit()
    return _issuing_view(ctx, card)


@router.post("/cards/{card_number}/issuer-cryptogram")
def issuer_cryptogram(
    card_number: str, body: ChallengeIn, ctx: Ctx, db: Db, operator: Issuer
) -> dict:
    """EXTERNAL AUTHENTICATE cryptogram for a card's challenge (Part C)."""
    card = _allocated(db, card_number)
    challenge = staff.hex_bytes(body.challenge, 16, "challenge")
    cryptogram = ctx.keys.issuer_cryptogram(staff.key_ref(card), challenge)
    return {"cryptogram": cryptogram.hex().upper()}


@router.post("/cards/{card_number}/pin-reload-mac")
def pin_reload_mac(
    card_number: str, body: PinMacIn, ctx: Ctx, db: Db, operator: Issuer
) -> dict:
    """RELOAD PIN MAC (issuing and PIN unblock at the counter)."""
    card = staff.find_allocated_or_any(db, card_number)
    if card.status not in (
        CardStatus.ALLOCATED,
        CardStatus.ACTIVE,
        CardStatus.TEMPORARILY_LOST,
    ):
        raise ConflictError(f"card is {card.status}")
    mac = ctx.keys.pin_reload_mac(
        staff.key_ref(card),
        staff.hex_bytes(body.challenge, 16, "challenge"),
        staff.hex_bytes(body.pin_block, 3, "pin_block"),
    )
    # the PIN the card gets is the issuer's, not the holder's: submissions
    # wait for a card-signed change (docs/decisions.md)
    card.pin_initial = True
    if card.status != CardStatus.ALLOCATED:
        audit.record(
            db,
            actor=f"staff:{operator.username}",
            action="pin_reload_mac",
            entity="card",
            entity_id=card.card_number,
            at=ctx.now(),
            reason="PIN unblock at the counter",
        )
    db.commit()
    return {"mac": mac.hex().upper()}


def _allocated(db: Db, card_number: str) -> Card:
    card = staff.find_allocated_or_any(db, card_number)
    if card.status != CardStatus.ALLOCATED:
        raise ConflictError(f"card is {card.status}, not being issued")
    return card


@router.post("/cards/{card_number}/certify")
def certify(
    card_number: str, body: CertifyIn, ctx: Ctx, db: Db, operator: Issuer
) -> dict:
    """Certify a card key with the issuer CA and register the certificate."""
    card = _allocated(db, card_number)
    der = staff.certify(ctx, card, body.key, bytes.fromhex(body.public_key))
    audit.record(
        db,
        actor=f"staff:{operator.username}",
        action="card_key_certified",
        entity="card",
        entity_id=card.card_number,
        at=ctx.now(),
        data={"key": body.key},
    )
    db.commit()
    return {"certificate": base64.b64encode(der).decode("ascii")}


@router.post("/cards/{card_number}/activate")
def activate(card_number: str, ctx: Ctx, db: Db, operator: Issuer) -> dict:
    """Activate a personalized card; the previous active card becomes replaced."""
    card = staff.find_allocated_or_any(db, card_number)
    if not may_activate(card.status):
        raise ConflictError(f"card is {card.status}")
    if not (card.cert_auth and card.cert_holder):
        raise ConflictError("both card keys must be certified first")
    now, actor = ctx.now(), f"staff:{operator.username}"
    for old in db.scalars(
        select(Card).where(
            Card.person_id == card.person_id,
            Card.id != card.id,
            Card.status.in_([CardStatus.ACTIVE, CardStatus.TEMPORARILY_LOST]),
        )
    ).all():
        old.status = CardStatus.REPLACED
        audit.record(
            db,
            actor=actor,
            action="card_replaced",
            entity="card",
            entity_id=old.card_number,
            at=now,
            reason=f"replaced by {card.card_number}",
        )
    card.status = CardStatus.ACTIVE
    audit.record(
        db,
        actor=actor,
        action="card_activated",
        entity="card",
        entity_id=card.card_number,
        at=now,
    )
    db.commit()
    return _issuing_view(ctx, card)


CARD_ACTIONS = {
    "formal-loss": (may_report_formal_loss, CardStatus.LOST),
    "revoke": (may_revoke, CardStatus.REVOKED),
    "cancel-temporary-loss": (
        lambda s: s == CardStatus.TEMPORARILY_LOST,
        CardStatus.ACTIVE,
    ),
}


@router.post("/cards/{card_number}/{action}")
def change_card(
    card_number: str,
    action: Literal["formal-loss", "revoke", "cancel-temporary-loss"],
    body: ReasonIn,
    ctx: Ctx,
    db: Db,
    operator: Issuer,
) -> dict:
    """Formal loss, revocation or cancelling a temporary loss at the counter."""
    card = staff.find_allocated_or_any(db, card_number)
    apply_lapse(db, card, ctx.now())
    allowed, target = CARD_ACTIONS[action]
    if not allowed(card.status):
        raise ConflictError(f"card is {card.status}")
    card.status = target
    card.temp_loss_lapses_at = None
    audit.record(
        db,
        actor=f"staff:{operator.username}",
        action=f"card_{action.replace('-', '_')}",
        entity="card",
        entity_id=card.card_number,
        at=ctx.now(),
        reason=body.reason,
    )
    db.commit()
    return _issuing_view(ctx, card)


@router.get("/reviews")
def reviews(
    ctx: Ctx, db: Db, operator: Reviewer, status: Annotated[str | None, Query()] = None
) -> dict:
    """Requests awaiting a decision (default: submitted and under review)."""
    wanted = [status] if status else [steps.S.SUBMITTED, steps.S.UNDER_REVIEW]
    rows = db.scalars(
        select(ServiceRequest)
        .where(ServiceRequest.status.in_(wanted))
        .order_by(ServiceRequest.created_at)
    ).all()
    items = []
    for row in rows:
        item = reqs.summary(ctx, db, row)
        person = db.get(Person, row.person_id)
        item.update(
            {
                "ssn": person.ssn if person else "",
                "name": person.name if person else "",
                "total": reqs.detail(ctx, db, row)["total"],
            }
        )
        items.append(item)
    return {"items": items}


def _request(db: Db, reference: str) -> ServiceRequest:
    found = db.scalars(
        select(ServiceRequest).where(ServiceRequest.reference == reference)
    ).first()
    if found is None:
        raise NotFoundError("unknown request")
    return found


def _review_view(ctx: Ctx, db: Db, row: ServiceRequest) -> dict:
    """A request's full detail (timeline, steps) with the applicant named."""
    body = reqs.detail(ctx, db, row)
    person = db.get(Person, row.person_id)
    body.update(
        {"ssn": person.ssn if person else "", "name": person.name if person else ""}
    )
    return body


@router.get("/requests/{reference}")
def request_detail(reference: str, ctx: Ctx, db: Db, operator: Reviewer) -> dict:
    """One request's timeline and steps with its applicant (reviewer)."""
    return _review_view(ctx, db, _request(db, reference))


@router.post("/requests/{reference}/decision")
def decide(
    reference: str, body: DecisionIn, ctx: Ctx, db: Db, operator: Reviewer
) -> dict:
    """Approve or reject; a submitted request passes under_review first.

    A claimed organisational transfer must be confirmed or rejected before
    approval: it decides where the relationship goes (409 otherwise).
    """
    req = _request(db, reference)
    result = steps.decide(req.status, body.approve)
    if body.approve and req.organisational_transfer == OrganisationalTransfer.CLAIMED:
        raise ConflictError(
            "confirm or reject the organisational transfer first",
            detail={"organisational_transfer": req.organisational_transfer},
        )
    actor, now = f"staff:{operator.username}", ctx.now()
    _start_review(db, req, actor, now)
    reqs.change_status(db, req, result, actor=actor, reason=body.reason, now=now)
    db.commit()
    return _review_view(ctx, db, req)


def _start_review(db: Db, req: ServiceRequest, actor: str, now: datetime) -> None:
    """A submitted request passes under_review when a reviewer first acts on it."""
    if req.status == steps.S.SUBMITTED:
        reqs.change_status(
            db, req, steps.S.UNDER_REVIEW, actor=actor, reason="review started", now=now
        )


@router.post("/requests/{reference}/organisational-transfer")
def confirm_organisational_transfer(
    reference: str, body: ConfirmIn, ctx: Ctx, db: Db, operator: Reviewer
) -> dict[str, Any]:
    """Confirm or reject the applicant's organisational transfer (组织人事部门批准
    调动, article 5(3) of the 2010 measures); answers the review view."""
    req = _request(db, reference)
    actor, now = f"staff:{operator.username}", ctx.now()
    if req.organisational_transfer == OrganisationalTransfer.CLAIMED:
        _start_review(db, req, actor, now)
    transfers.settle_organisational_transfer(
        db, req, confirm=body.confirm, actor=actor, reason=body.reason, now=now
    )
    db.commit()
    return _review_view(ctx, db, req)


@router.post("/requests/{reference}/advance")
def advance(
    reference: str, body: ReasonIn, ctx: Ctx, db: Db, operator: Reviewer
) -> dict:
    """Next status: submitted -> under_review; approved -> funds_transferred, etc."""
    req = _request(db, reference)
    nxt = steps.advance(req.category, req.status)
    reqs.change_status(
        db,
        req,
        nxt,
        actor=f"staff:{operator.username}",
        reason=body.reason,
        now=ctx.now(),
    )
    db.commit()
    return reqs.detail(ctx, db, req)


def _audit_filter(
    since: datetime | None,
    until: datetime | None,
    actor: str | None,
    action: str | None,
    card: str | None,
) -> list[ColumnElement[bool]]:
    """The WHERE terms of an audit query; times without an offset are UTC."""
    where: list[ColumnElement[bool]] = []
    if since is not None:
        where.append(AuditEntry.at >= _utc(since))
    if until is not None:
        where.append(AuditEntry.at < _utc(until))
    if actor:
        where.append(AuditEntry.actor == actor)
    if action:
        where.append(AuditEntry.action == action)
    if card:
        where += [AuditEntry.entity == "card", AuditEntry.entity_id == card]
    return where


def _utc(at: datetime) -> datetime:
    return at.replace(tzinfo=UTC) if at.tzinfo is None else at.astimezone(UTC)


@router.get("/audit")
def audit_log(
    db: Db,
    operator: Admin,
    entity: Annotated[str | None, Query(max_length=40)] = None,
    entity_id: Annotated[str | None, Query(max_length=64)] = None,
    since: Annotated[datetime | None, Query()] = None,
    until: Annotated[datetime | None, Query()] = None,
    actor: Annotated[str | None, Query(max_length=80)] = None,
    action: Annotated[str | None, Query(max_length=60)] = None,
    card: Annotated[str | None, Query(max_length=64)] = None,
    page: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 1,
    page_size: Annotated[int, Query(ge=1, le=200)] = 50,
) -> dict:
    """The audit log, newest first, filtered by the given terms (admin)."""
    where = _audit_filter(since, until, actor, action, card)
    if entity:
        where.append(AuditEntry.entity == entity)
    if entity_id:
        where.append(AuditEntry.entity_id == entity_id)
    total = db.scalar(select(func.count(AuditEntry.id)).where(*where)) or 0
    rows = db.scalars(
        select(AuditEntry)
        .where(*where)
        .order_by(AuditEntry.id.desc())
        .offset((page - 1) * page_size)
        .limit(page_size)
    ).all()
    return {
        "items": [
            {
                "at": e.at.isoformat(),
                "actor": e.actor,
                "action": e.action,
                "entity": e.entity,
                "entity_id": e.entity_id,
                "reason": e.reason,
                "data": e.data,
            }
            for e in rows
        ],
        "total": total,
        "page": page,
        "page_size": page_size,
    }
