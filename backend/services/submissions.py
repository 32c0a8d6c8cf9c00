# SPDX-License-Identifier: Apache-2.0
"""Card-signed submissions with idempotency per (kiosk, key) (docs/api.md).

The idempotency row is inserted first in the same transaction as the request
(``INSERT ... ON CONFLICT DO NOTHING RETURNING``: one round trip, no lookup
before it), so under concurrency the unique constraint picks one winner: the
others insert nothing (PostgreSQL once the winner commits; SQLite serialises
writers) and answer the stored result instead.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from backend.context import AppContext
from backend.db import connection_of
from backend.errors import (
    ConflictError,
    IdempotencyMismatchError,
    InvalidRequestError,
)
from backend.models import IdempotencyRecord, KioskRef, ServiceRequest
from backend.pg import prepared
from backend.rules.cards import CardStatus
from backend.services.cards import (
    CardView,
    check_holder_signature,
    find_card,
    holder_key,
    require_status,
)
from card.auth import bind_submission

log = logging.getLogger(__name__)

KEY_PATTERN = re.compile(r"^[A-Za-z0-9-]{8,64}$")
CARD_PATTERN = re.compile(r"^[0-9A-Z]{9}$")
SIG_PATTERN = re.compile(r"^[0-9a-fA-F]{128}$")


@dataclass(frozen=True, kw_only=True)
class SignedSubmission:
    """The headers and canonical body of one signed submission."""

    idempotency_key: str
    card_number: str
    signature: bytes
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
        return cls(
            idempotency_key=key,
            card_number=card_number,
            signature=bytes.fromhex(signature),
            method=method,
            path=path,
            body=canonical(payload),
        )

    def body_hash(self) -> str:
        """What must match for a replay to be the same request."""
        return hashlib.sha256(
            self.method.encode() + b"\0" + self.path.encode() + b"\0" + self.body
        ).hexdigest()


def canonical(payload: dict[str, Any]) -> bytes:
    """The canonical body the card signs (docs/api.md)."""
    text = json.dumps(
        payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False
    )
    return text.encode("utf-8")


def verify(
    ctx: AppContext, db: Session, kiosk: KioskRef, sub: SignedSubmission, now: datetime
) -> CardView:
    """Check the card's key-82 signature over the bound submission digest."""
    card = find_card(db, sub.card_number, now)
    holder = holder_key(card, ctx.ca_certificate, now)
    digest = bind_submission(
        kiosk.id, card.card_number, sub.idempotency_key, sub.method, sub.path, sub.body
    )
    check_holder_signature(holder, digest, sub.signature)
    return card


IDEMPOTENCY = IdempotencyRecord.__table__
# built once: no per-call statement construction or cache-key walk
STORED_KEY = prepared(select(IDEMPOTENCY.c.body_hash, IDEMPOTENCY.c.reference)).where(
    IDEMPOTENCY.c.kiosk_id == bindparam("kiosk_id"),
    IDEMPOTENCY.c.key == bindparam("key"),
)
REQUEST_BY_REFERENCE = select(ServiceRequest).where(
    ServiceRequest.reference == bindparam("reference")
)
NEW_KEY = {
    dialect.__name__.rsplit(".", 1)[-1]: dialect.insert(IDEMPOTENCY)
    .on_conflict_do_nothing(index_elements=["kiosk_id", "key"])
    .returning(IDEMPOTENCY.c.id)
    for dialect in (postgresql, sqlite)
}


def stored(
    db: Session, kiosk: KioskRef, sub: SignedSubmission
) -> ServiceRequest | None:
    """The request already stored for this key, or None; mismatch raises 409."""
    params = {"kiosk_id": kiosk.id, "key": sub.idempotency_key}
    record = connection_of(db).execute(STORED_KEY, params).first()
    if record is None:
        return None
    if record.body_hash != sub.body_hash():
        raise IdempotencyMismatchError(
            "idempotency key already used with another request"
        )
    return db.scalars(REQUEST_BY_REFERENCE, {"reference": record.reference}).one()


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
    insert itself, PostgreSQL once the first holder of the key commits)."""
    now = ctx.now()
    card = verify(ctx, db, kiosk, sub, now)
    conn = connection_of(db)
    created = conn.execute(
        NEW_KEY[conn.dialect.name],
        {
            "kiosk_id": kiosk.id,
            "key": sub.idempotency_key,
            "body_hash": sub.body_hash(),
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
    require_status(card, CardStatus.ACTIVE)
    request = make(card, reference)
    db.flush()
    return request, True
