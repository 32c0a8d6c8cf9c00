# SPDX-License-Identifier: Apache-2.0
"""Blank card batches: the manufacturer's delivery note, imported once.

The note (docs/technician-guide.md "Blank card batches") lists the
recognition codes of a batch and the check value of the transport key the
maker keyed the blanks with; it holds no key. Importing checks that check
value against the transport key the issuer derives for the batch id, so a
batch keyed with another key is refused before any card of it is touched.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from backend.errors import ConflictError, InvalidRequestError
from backend.keys import IssuerKeys
from backend.models import BlankBatch, BlankCard, Card
from backend.services import audit
from card import issuer as card_issuer
from card.errors import CardError
from card.profile import check_recognition_code

BATCH_FORMAT = "ssc-card-batch/1"
BATCH_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$")


@dataclass(frozen=True, kw_only=True)
class DeliveryNote:
    """A parsed batch file."""

    batch_id: str
    manufacturer: str
    transport_key_kcv: str
    codes: tuple[bytes, ...]

    @classmethod
    def parse(cls, text: str) -> DeliveryNote:
        """The note from its JSON text; InvalidRequestError names what is wrong."""
        try:
            doc: Any = json.loads(text)
            if doc["format"] != BATCH_FORMAT:
                raise ValueError(f"format is not {BATCH_FORMAT}")
            batch_id = str(doc["batch"])
            if not BATCH_ID.match(batch_id):
                raise ValueError("batch id: 1-40 letters, digits, '.', '_', '-'")
            codes = tuple(
                check_recognition_code(bytes.fromhex(str(c))) for c in doc["cards"]
            )
            kcv = str(doc["transport_key_kcv"]).upper()
            bytes.fromhex(kcv)
        except (ValueError, KeyError, TypeError, CardError) as exc:
            raise InvalidRequestError(f"not a batch file: {exc}") from None
        if not codes or len(set(codes)) != len(codes) or len(kcv) != 6:
            raise InvalidRequestError(
                "batch file: no cards, a repeated code or bad kcv"
            )
        return cls(
            batch_id=batch_id,
            manufacturer=str(doc.get("manufacturer", "")),
            transport_key_kcv=kcv,
            codes=codes,
        )


def import_batch(
    db: Session, keys: IssuerKeys, note: DeliveryNote, *, now: datetime, actor: str
) -> int:
    """Record the batch and its codes (audited); the number of codes.

    Refused: a batch id already imported, a code already known, or a check
    value that is not the one of this batch's transport key."""
    expected = card_issuer.key_check_value(keys.transport_key(note.batch_id))
    if expected.hex().upper() != note.transport_key_kcv:
        raise ConflictError(
            f"batch {note.batch_id}: the blanks were keyed with another transport "
            "key than this issuer's for the batch (key check value differs)"
        )
    if db.get(BlankBatch, note.batch_id) is not None:
        raise ConflictError(f"batch {note.batch_id} was already imported")
    hexes = [c.hex().upper() for c in note.codes]
    known = set(
        db.scalars(
            select(BlankCard.recognition_code).where(
                BlankCard.recognition_code.in_(hexes)
            )
        )
    ) | set(
        db.scalars(
            select(Card.recognition_code).where(Card.recognition_code.in_(hexes))
        )
    )
    if known:
        raise ConflictError(
            f"batch {note.batch_id}: {len(known)} code(s) already known"
        )
    db.add(
        BlankBatch(
            id=note.batch_id,
            manufacturer=note.manufacturer,
            transport_key_kcv=note.transport_key_kcv,
            imported_at=now,
        )
    )
    db.flush()
    db.execute(
        insert(BlankCard),
        [{"recognition_code": h, "batch_id": note.batch_id} for h in hexes],
    )
    audit.record(
        db,
        actor=actor,
        action="batch_imported",
        entity="batch",
        entity_id=note.batch_id,
        at=now,
        data={"cards": len(hexes), "manufacturer": note.manufacturer},
    )
    return len(hexes)


def batch_of(db: Session, code: bytes) -> str:
    """The batch of a delivered blank; ConflictError for a code no imported
    batch lists (a blank from an unknown batch, or not a blank of ours)."""
    batch = db.scalars(
        select(BlankCard.batch_id).where(
            BlankCard.recognition_code == code.hex().upper()
        )
    ).first()
    if batch is None:
        raise ConflictError(
            "this blank is not in any imported batch: import the manufacturer's "
            "batch file first (ss-backend import-batch)",
            detail={"reason": "unknown_blank"},
        )
    return batch
