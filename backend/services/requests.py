# SPDX-License-Identifier: Apache-2.0
"""Transfers and claims: creation, stamped status changes, resident views."""

from __future__ import annotations

import secrets
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

from sqlalchemy import bindparam, insert, select
from sqlalchemy.orm import Session, make_transient_to_detached

from backend.context import AppContext
from backend.db import connection_of
from backend.models import Person, RequestEvent, ServiceRequest, table
from backend.money import to_str
from backend.pg import deferred
from backend.rules import steps
from backend.rules.steps import RequestStatus
from backend.services import audit
from backend.services.cards import PersonView

CHINA = timezone(timedelta(hours=8))  # deadlines count local working days
PREFIX = {"pension": "PT", "medical": "MT", "unemployment": "UC"}
CATEGORY = {"pension": "transfer", "medical": "transfer", "unemployment": "claim"}
ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
# built once: no per-call statement construction or cache-key walk
REQUEST_COLUMNS = [c for c in ServiceRequest.__table__.c if c.key != "id"]
NEW_REQUEST = insert(table(ServiceRequest))
NEW_EVENT = deferred(insert(table(RequestEvent)).inline())  # not read back
EVENTS = (
    select(RequestEvent)
    .where(RequestEvent.request_id == bindparam("request_id"))
    .order_by(RequestEvent.id)
)


def local_date(at: datetime) -> date:
    """The calendar date in China of a UTC time."""
    return at.astimezone(CHINA).date()


def new_reference(kind: str, now: datetime) -> str:
    """``PT20261127K7Q2XM``: kind, local date, 6 random characters."""
    tail = "".join(secrets.choice(ALPHABET) for _ in range(6))
    return f"{PREFIX[kind]}{local_date(now):%Y%m%d}{tail}"


def create(
    db: Session,
    *,
    reference: str,
    kind: str,
    person: Person | PersonView,
    card_number: str,
    kiosk_id: str,
    now: datetime,
    from_region: str | None,
    to_region: str | None,
    total_cents: int | None,
    details: dict[str, Any],
    organisational_transfer: str = "none",
) -> ServiceRequest:
    """Insert a submitted request with its first timeline entry (not committed).

    ``organisational_transfer``: ``claimed`` when the applicant says the
    organisation or personnel authorities arranged the move (pension only).

    Core inserts (no ORM flush); the answer is the ServiceRequest holding
    exactly the values written, attached to ``db`` as the persistent row (a
    later status change on it is an UPDATE)."""
    request = ServiceRequest(
        reference=reference,
        kind=kind,
        category=CATEGORY[kind],
        person_id=person.id,
        card_number=card_number,
        kiosk_id=kiosk_id,
        status=RequestStatus.SUBMITTED,
        status_token=secrets.token_urlsafe(16),
        from_region=from_region,
        to_region=to_region,
        total_cents=total_cents,
        details=details,
        created_at=now,
        updated_at=now,
        organisational_transfer=organisational_transfer,
    )
    conn = connection_of(db)
    values = {c.key: getattr(request, c.key) for c in REQUEST_COLUMNS}
    inserted = conn.execute(NEW_REQUEST, values).inserted_primary_key
    if inserted is None:  # every INSERT of one row reports its key
        raise RuntimeError("the database reported no key for the new request")
    request.id = inserted[0]
    make_transient_to_detached(request)
    db.add(request)
    event = first_event(request)
    conn.execute(
        NEW_EVENT,
        {c: getattr(event, c) for c in ("request_id", "status", "at", "actor")}
        | {"reason": event.reason},
    )
    audit.record(
        db,
        actor=event.actor,
        action="request_submitted",
        entity="request",
        entity_id=reference,
        at=now,
        data={"kind": kind},
    )
    return request


def first_event(request: ServiceRequest) -> RequestEvent:
    """The timeline entry :func:`create` writes for a new request (not added to
    the session: the caller may answer with it instead of reading it back)."""
    return RequestEvent(
        request_id=request.id,
        status=RequestStatus.SUBMITTED,
        at=request.created_at,
        actor=f"card:{request.card_number}",
        reason=f"submitted at kiosk {request.kiosk_id}",
    )


def change_status(
    db: Session,
    request: ServiceRequest,
    status: RequestStatus,
    *,
    actor: str,
    reason: str,
    now: datetime,
) -> None:
    """Stamp a status change with time, actor and reason (and audit it)."""
    request.status = status
    request.updated_at = now
    db.add(
        RequestEvent(
            request_id=request.id, status=status, at=now, actor=actor, reason=reason
        )
    )
    audit.record(
        db,
        actor=actor,
        action=f"request_{status}",
        entity="request",
        entity_id=request.reference,
        at=now,
        reason=reason,
    )


def events_of(db: Session, request: ServiceRequest) -> list[RequestEvent]:
    """The timeline, oldest first."""
    return list(db.scalars(EVENTS, {"request_id": request.id}).all())


def progress(
    ctx: AppContext, request: ServiceRequest, events: list[RequestEvent]
) -> steps.Progress:
    """Steps with deadlines; each step starts when its first status was stamped."""
    starts = [local_date(request.created_at)]
    for index in range(1, len(steps.plan(request.kind))):
        begun = next(
            (
                e
                for e in events
                if e.status != RequestStatus.REJECTED
                and steps.step_index(request.kind, e.status) == index
            ),
            None,
        )
        if begun is None:
            break
        starts.append(local_date(begun.at))
    return steps.progress(request.kind, request.status, starts, ctx.settings.holidays)


def summary(
    ctx: AppContext,
    db: Session,
    request: ServiceRequest,
    events: list[RequestEvent] | None = None,
) -> dict:
    """A list entry: reference, kind, status, where it is and what comes next."""
    if events is None:
        events = events_of(db, request)
    state = progress(ctx, request, events)
    names = ctx.settings.region_name
    return {
        "reference": request.reference,
        "kind": request.kind,
        "status": request.status,
        "created_at": _iso(request.created_at),
        "updated_at": _iso(request.updated_at),
        "from_region": request.from_region,
        "to_region": request.to_region,
        "from_region_name": names(request.from_region) if request.from_region else "",
        "to_region_name": names(request.to_region) if request.to_region else "",
        "organisational_transfer": request.organisational_transfer,
        "next_step": state.next_step,
        "next_deadline": state.next_deadline.isoformat()
        if state.next_deadline
        else None,
    }


def detail(
    ctx: AppContext,
    db: Session,
    request: ServiceRequest,
    events: list[RequestEvent] | None = None,
) -> dict:
    """The full resident view: timeline, steps with deadlines, status token
    (``events``: the timeline when the caller has it, else read)."""
    if events is None:
        events = events_of(db, request)
    state = progress(ctx, request, events)
    body = summary(ctx, db, request, events)
    body.update(
        {
            "status_token": request.status_token,
            "total": to_str(request.total_cents)
            if request.total_cents is not None
            else None,
            "timeline": [
                {
                    "status": e.status,
                    "at": _iso(e.at),
                    "actor": e.actor,
                    "reason": e.reason,
                }
                for e in events
            ],
            "steps": [
                {
                    "step": s.step,
                    "status": s.status,
                    "deadline": s.deadline.isoformat() if s.deadline else None,
                }
                for s in state.steps
            ],
            "details": request.details,
            "organisational_transfer_review": request.details.get(
                "organisational_transfer_review"
            ),
        }
    )
    if request.kind == "unemployment":
        body["max_months"] = request.details.get("max_months")
        body["monthly_amount"] = request.details.get("monthly_amount")
    return body


def _iso(at: datetime) -> str:
    return at.astimezone(UTC).isoformat()
