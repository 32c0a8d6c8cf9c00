# SPDX-License-Identifier: Apache-2.0
"""Operators and kiosks: creation, credential rotation, disabling (CLI, staff
API and demo). A password reset and a disable end the operator's sessions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from backend.errors import ConflictError, InvalidRequestError, NotFoundError
from backend.models import Kiosk, Operator, StaffSession
from backend.security import hash_secret, new_token, token_hash
from backend.services import audit
from backend.services.staffauth import end_sessions

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
    """Create an operator or reset its password and roles, which ends its
    sessions (audited)."""
    if not roles or not roles <= ROLES:
        raise InvalidRequestError(f"roles must be among {sorted(ROLES)}")
    if len(password) < 8:
        raise InvalidRequestError("password must have at least 8 characters")
    operator = _operator(db, username)
    ended = 0
    if operator is None:
        operator = Operator(username=username, password_hash="", roles="")
        db.add(operator)
    else:
        ended = end_sessions(db, operator.id)
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
        data={"roles": sorted(roles), "sessions_ended": ended},
    )
    return operator


def _operator(db: Session, username: str) -> Operator | None:
    return db.scalars(select(Operator).where(Operator.username == username)).first()


@dataclass(frozen=True, kw_only=True)
class OperatorInfo:
    """An operator as listed: no password hash."""

    username: str
    roles: tuple[str, ...]
    disabled: bool
    created_at: datetime
    open_sessions: int

    def as_dict(self) -> dict[str, object]:
        """The JSON shape of ``GET /staff/operators`` items."""
        return {
            "username": self.username,
            "roles": list(self.roles),
            "disabled": self.disabled,
            "created_at": self.created_at.isoformat(),
            "open_sessions": self.open_sessions,
        }


def list_operators(db: Session, *, now: datetime) -> list[OperatorInfo]:
    """Every operator by username, with its sessions not yet expired."""
    counts = db.execute(
        select(StaffSession.operator_id, func.count(StaffSession.id))
        .where(StaffSession.expires_at > now)
        .group_by(StaffSession.operator_id)
    )
    open_sessions = {operator_id: int(n) for operator_id, n in counts}
    return [
        OperatorInfo(
            username=o.username,
            roles=tuple(sorted(o.role_set())),
            disabled=o.disabled,
            created_at=o.created_at,
            open_sessions=open_sessions.get(o.id, 0),
        )
        for o in db.scalars(select(Operator).order_by(Operator.username))
    ]


def disable_operator(
    db: Session, username: str, *, now: datetime, reason: str, actor: str = "cli"
) -> int:
    """Disable an operator: no login any more, every session ends at once
    (how many ended). ``upsert_operator`` enables it again with a new password."""
    operator = _operator(db, username)
    if operator is None:
        raise NotFoundError(f"no operator {username!r}")
    operator.disabled = True
    ended = end_sessions(db, operator.id)
    audit.record(
        db,
        actor=actor,
        action="operator_disabled",
        entity="operator",
        entity_id=username,
        reason=reason,
        at=now,
        data={"sessions_ended": ended},
    )
    return ended


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
