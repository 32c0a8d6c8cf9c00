# SPDX-License-Identifier: Apache-2.0
"""Operators and kiosks: creation and credential rotation (CLI and demo)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.errors import ConflictError, InvalidRequestError, NotFoundError
from backend.models import Kiosk, Operator
from backend.security import hash_secret, new_token, token_hash
from backend.services import audit

ROLES = frozenset({"issuer", "reviewer", "admin"})


def upsert_operator(
    db: Session,
    username: str,
    password: str,
    roles: set[str],
    *,
    now: datetime,
    actor: str = "cli",
) -> Operator:
    """Create an operator or reset its password and roles (audited)."""
    if not roles or not roles <= ROLES:
        raise InvalidRequestError(f"roles must be among {sorted(ROLES)}")
    if len(password) < 8:
        raise InvalidRequestError("password must have at least 8 characters")
    operator = db.scalars(select(Operator).where(Operator.username == username)).first()
    if operator is None:
        operator = Operator(username=username, password_hash="", roles="")
        db.add(operator)
    operator.password_hash = hash_secret(password)
    operator.roles = ",".join(sorted(roles))
    operator.disabled = False
    audit.record(
        db,
        actor=actor,
        action="operator_set",
        entity="operator",
        entity_id=username,
        at=now,
        data={"roles": sorted(roles)},
    )
    return operator


def register_kiosk(
    db: Session,
    kiosk_id: str,
    *,
    now: datetime,
    actor: str = "cli",
    rotate: bool = False,
) -> str:
    """Register a kiosk, or with ``rotate`` give a registered one a new secret;
    returns the secret, which is stored hashed.

    An existing id without ``rotate`` is refused (ConflictError), so a typo
    cannot cut a working kiosk off; a revoked kiosk stays revoked either way
    (``revoke_kiosk`` is undone by no command)."""
    if not kiosk_id or len(kiosk_id) > 64 or not kiosk_id.isascii():
        raise InvalidRequestError("kiosk id must be 1-64 ASCII characters")
    kiosk = db.get(Kiosk, kiosk_id)
    if kiosk is not None and not rotate:
        raise ConflictError(
            f"kiosk {kiosk_id!r} exists: --rotate-secret gives it a new secret"
        )
    if kiosk is None and rotate:
        raise NotFoundError(f"no kiosk {kiosk_id!r} to rotate")
    secret = new_token()
    if kiosk is None:
        kiosk = Kiosk(id=kiosk_id, secret_hash="", created_at=now)
        db.add(kiosk)
    kiosk.secret_hash = token_hash(secret)
    audit.record(
        db,
        actor=actor,
        action="kiosk_secret_rotated" if rotate else "kiosk_registered",
        entity="kiosk",
        entity_id=kiosk_id,
        at=now,
    )
    return secret


@dataclass(frozen=True, kw_only=True)
class KioskRow:
    """A kiosk as ``list-kiosks`` shows it (no secret, not even its hash)."""

    kiosk_id: str
    revoked: bool
    created_at: datetime


def list_kiosks(db: Session) -> tuple[KioskRow, ...]:
    """Every registered kiosk, by id."""
    rows = db.scalars(select(Kiosk).order_by(Kiosk.id)).all()
    return tuple(
        KioskRow(kiosk_id=k.id, revoked=k.revoked, created_at=k.created_at)
        for k in rows
    )


def revoke_kiosk(
    db: Session, kiosk_id: str, *, now: datetime, reason: str, actor: str = "cli"
) -> None:
    """Revoke a kiosk's credential: every later call from it answers 401
    ``kiosk_unauthorized`` until ``register_kiosk`` re-keys it."""
    kiosk = db.get(Kiosk, kiosk_id)
    if kiosk is None:
        raise NotFoundError(f"no kiosk {kiosk_id!r}")
    kiosk.revoked = True
    audit.record(
        db,
        actor=actor,
        action="kiosk_revoked",
        entity="kiosk",
        entity_id=kiosk_id,
        reason=reason,
        at=now,
    )
