# SPDX-License-Identifier: Apache-2.0
"""Card-signed submissions, each idempotency key used once (docs/api.md).

The card signs kiosk, card, idempotency key, signing time, method, path and
body. Once the signature verifies, the key's record is inserted first in the
same transaction as the request (``INSERT ... ON CONFLICT DO NOTHING
RETURNING``: one round trip, no lookup before it), so under concurrency the
unique constraint picks one winner: the others insert nothing (PostgreSQL once
the winner commits; SQLite serialises writers) and answer the stored outcome.

A key belongs to the kiosk and card that used it first: anyone else presenting
it is refused (``idempotency_key_foreign``), never answered another's request.
A submission refused after its signature verified (too old, card not active,
initial PIN, a rule, one of the same kind open) keeps its record with the
refusal, committed despite the error, so the same signed request is refused
again forever instead of succeeding once the state changes.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from backend.context import AppContext
from backend.db import connection_of, keep_on_error
from backend.errors import (
    ApiError,
    ConflictError,
    IdempotencyKeyForeignError,
    IdempotencyMismatchError,
    InvalidRequestError,
    PinChangeRequiredError,
    RecordedRefusalError,
    SubmissionClockSkewError,
    SubmissionExpiredError,
)
from backend.models import IdempotencyRecord, KioskRef, ServiceRequest
from backend.pg import prepared
from backend.rules.cards import CardStatus
from backend.services import audit
from backend.services.cards import (
    CardView,
    check_holder_signature,
    find_card,
    holder_key,
    require_status,
)
from card.auth import bind_submission, canonical_json

log = logging.getLogger(__name__)

KEY_PATTERN = re.compile(r"^[A-Za-z0-9-]{8,64}$")
CARD_PATTERN = re.compile(r"^[0-9A-Z]{9}$")
SIG_PATTERN = re.compile(r"^[0-9a-fA-F]{128}$")
SIGNED_AT_PATTERN = re.compile(r"^[0-9]{1,12}$")


@dataclass(frozen=True, kw_only=True)
class SignedSubmission:
    """The headers and canonical body of one signed submission."""

    idempotency_key: str
    card_number: str
    signature: bytes
    signed_at: int
    method: str
    path: str
    body: bytes

    @classmethod
    def parse(
        cls,
        *,
        key: str | None,
        card_number: str | None,
        signature: str | None,
        signed_at: str | None,
        method: str,
        path: str,
        payload: dict[str, Any],
    ) -> SignedSubmission:
        """Validate the headers; InvalidRequestError (400) on anything malformed."""
        if not key or not KEY_PATTERN.match(key):
            raise InvalidRequestError("Idempotency-Key missing or malformed")
        if not card_number or not CARD_PATTERN.match(card_number):
            raise InvalidRequestError("X-Card-Number missing or malformed")
        if not signature or not SIG_PATTERN.match(signature):
            raise InvalidRequestError("X-Card-Signature missing or malformed")
        if not signed_at or not SIGNED_AT_PATTERN.match(signed_at):
            raise InvalidRequestError("X-Signed-At missing or malformed")
        return cls(
            idempotency_key=key,
            card_number=card_number,
            signature=bytes.fromhex(signature),
            signed_at=int(signed_at),
            method=method,
            path=path,
            body=canonical_json(payload),
        )

    def body_hash(self) -> str:
        """What must match for a replay to be the same signed request (kiosk,
        card and key are compared as such)."""
        signed = f"{self.signed_at}\0{self.method}\0{self.path}\0".encode()
        return hashlib.sha256(signed + self.body).hexdigest()


def verify(
    ctx: AppContext, db: Session, kiosk: KioskRef, sub: SignedSubmission, now: datetime
) -> CardView:
    """Check the card's key-82 signature over the bound submission digest."""
    card = find_card(db, sub.card_number, now)
    holder = holder_key(card, ctx.ca_certificate, now)
    digest = bind_submission(
        kiosk.id,
        card.card_number,
        sub.idempotency_key,
        sub.method,
        sub.path,
        sub.body,
        signed_at=sub.signed_at,
    )
    check_holder_signature(holder, digest, sub.signature)
    return card


IDEMPOTENCY = IdempotencyRecord.__table__
# built once: no per-call statement construction or cache-key walk
STORED_KEY = prepared(
    select(
        IDEMPOTENCY.c.kiosk_id,
        IDEMPOTENCY.c.card_number,
        IDEMPOTENCY.c.body_hash,
        IDEMPOTENCY.c.status,
        IDEMPOTENCY.c.reference,
        IDEMPOTENCY.c.error,
    )
).where(IDEMPOTENCY.c.key == bindparam("key"))
REQUEST_BY_REFERENCE = select(ServiceRequest).where(
    ServiceRequest.reference == bindparam("reference")
)
NEW_KEY = {
    dialect.__name__.rsplit(".", 1)[-1]: dialect.insert(IDEMPOTENCY)
    .on_conflict_do_nothing(index_elements=["key"])
    .returning(IDEMPOTENCY.c.id)
    for dialect in (postgresql, sqlite)
}
REFUSED = (
    update(IdempotencyRecord)
    .where(IdempotencyRecord.id == bindparam("b_id"))
    .values(status=bindparam("status"), reference=None, error=bindparam("error"))
)


def stored(
    db: Session, kiosk: KioskRef, sub: SignedSubmission
) -> ServiceRequest | None:
    """The request already stored for this key, or None when there is none.

    Raises the recorded refusal again when the key's submission was refused,
    409 ``idempotency_key_foreign`` when another kiosk or card holds the key,
    409 ``idempotency_mismatch`` when its request had another body."""
    params = {"key": sub.idempotency_key}
    record = connection_of(db).execute(STORED_KEY, params).first()
    if record is None:
        return None
    if record.kiosk_id != kiosk.id or record.card_number != sub.card_number:
        raise IdempotencyKeyForeignError(
            "idempotency key already used by another card or kiosk"
        )
    if record.body_hash != sub.body_hash():
        raise IdempotencyMismatchError(
            "idempotency key already used with another request"
        )
    if record.reference is None:
        error = record.error or {}
        raise RecordedRefusalError(
            status=record.status,
            code=str(error.get("code", "conflict")),
            message=str(error.get("message", "refused")),
            detail=error.get("detail"),
        )
    return db.scalars(REQUEST_BY_REFERENCE, {"reference": record.reference}).one()


def check_signed_at(ctx: AppContext, sub: SignedSubmission, now: datetime) -> None:
    """Refuse a submission signed outside the acceptance window (docs/api.md)."""
    settings = ctx.settings
    age = now.timestamp() - sub.signed_at
    if age > settings.submission_max_age_seconds:
        raise SubmissionExpiredError(
            "submission signed too long ago",
            detail={"max_age_seconds": settings.submission_max_age_seconds},
        )
    if -age > settings.submission_clock_skew_seconds:
        raise SubmissionClockSkewError(
            "submission signed ahead of the backend's clock",
            detail={"clock_skew_seconds": settings.submission_clock_skew_seconds},
        )


def final_refusal(error: ApiError) -> bool:
    """A verdict on the signed request itself (4xx), not a passing condition
    such as a rate limit (429) or a server fault: recorded with its key."""
    return 400 <= error.status < 500 and error.status != 429


def _record_refusal(
    db: Session,
    kiosk: KioskRef,
    sub: SignedSubmission,
    record_id: int,
    error: ApiError,
    now: datetime,
) -> None:
    """Keep the key's record with ``error`` (and an audit entry), committed
    although the unit then fails with it."""
    refusal = {"code": error.code, "message": error.message, "detail": error.detail}
    conn = connection_of(db)
    conn.execute(REFUSED, {"b_id": record_id, "status": error.status, "error": refusal})
    audit.record(
        db,
        actor=f"card:{sub.card_number}",
        action="submission_refused",
        entity="card",
        entity_id=sub.card_number,
        at=now,
        reason=error.code,
        data={"kiosk": kiosk.id, "path": sub.path, "key": sub.idempotency_key},
    )
    keep_on_error(db)


def submit(
    ctx: AppContext,
    db: Session,
    kiosk: KioskRef,
    sub: SignedSubmission,
    make: Callable[[CardView, str], ServiceRequest],
    reference: str,
) -> tuple[ServiceRequest, bool]:
    """Verify, then create once; ``(request, created)``, replay-safe.

    Not committed: the caller's unit commits (a duplicate key raises at the
    insert itself, PostgreSQL once the first holder of the key commits). A
    refusal after the key's record was inserted is recorded with it and kept
    (``keep_on_error``); ``make`` must refuse before it writes anything."""
    now = ctx.now()
    card = verify(ctx, db, kiosk, sub, now)
    conn = connection_of(db)
    created = conn.execute(
        NEW_KEY[conn.dialect.name],
        {
            "kiosk_id": kiosk.id,
            "card_number": sub.card_number,
            "key": sub.idempotency_key,
            "body_hash": sub.body_hash(),
            "signed_at": sub.signed_at,
            "status": 201,
            "reference": reference,
            "created_at": now,
        },
    ).first()
    if created is None:  # the key is taken (a replay, or a winner that committed)
        previous = stored(db, kiosk, sub)
        if previous is None:  # only if the stored row vanished in between
            raise ConflictError(
                "idempotency key in use; try again", detail={"rule": "busy"}
            )
        return previous, False
    try:
        check_signed_at(ctx, sub, now)
        require_status(card, CardStatus.ACTIVE)
        if card.pin_initial:
            raise PinChangeRequiredError("the card's initial PIN must be changed first")
        request = make(card, reference)
    except ApiError as error:
        if final_refusal(error):
            _record_refusal(db, kiosk, sub, created.id, error, now)
        raise
    db.flush()
    return request, True
