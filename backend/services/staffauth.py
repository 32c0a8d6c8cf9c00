# SPDX-License-Identifier: Apache-2.0
"""Staff sign-in: password check, throttling, lockout, tokens and their end.

- **Per source address**: more than ``staff_login_failures_per_address``
  failed logins within ``staff_login_window_seconds`` and the address gets
  ``429 rate_limited`` (``Retry-After``) before any password is checked.
- **Per username**: after ``staff_login_failures_per_user`` failures within
  the window the username is locked: every login answers ``401
  staff_unauthorized`` exactly like a wrong password, the right password
  included, so the lock tells a guesser nothing. Attempts while locked do not
  count against the username, so the lock lifts when its oldest failure
  leaves the window. Unknown usernames are counted and locked alike (the lock
  does not reveal which usernames exist); the bucket holds a hash of the name.
- The scrypt check runs for every attempt that passes the address limit
  (known, unknown, locked or disabled alike): the answer's timing is the same.
- Every failure is audited (``staff_login_failed``: address, reason, and the
  username only when it names an operator: a password typed into the
  username field stays out of the audit).
- Tokens end on logout, on a password reset and when the operator is
  disabled (:func:`end_sessions`): their rows are deleted.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from backend.context import AppContext
from backend.db import read_only
from backend.errors import StaffUnauthorizedError
from backend.models import Operator, StaffSession
from backend.security import check_secret, new_token, token_hash
from backend.services import audit, ratelimit

log = logging.getLogger(__name__)
# checked when the username is unknown, so that every attempt costs one scrypt
NO_OPERATOR_HASH = "scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$" + "A" * 43 + "="


@dataclass(frozen=True, kw_only=True)
class StaffLogin:
    """A new staff session: the token (shown once) and its operator."""

    token: str
    expires_at: datetime
    operator: Operator


def _buckets(username: str, address: str) -> tuple[str, str]:
    """Rate-event buckets of the source address and of the username (hashed)."""
    name = hashlib.sha256(username.encode("utf-8")).hexdigest()[:40]
    return f"staff-login:address:{address}"[:120], f"staff-login:user:{name}"


def login(
    ctx: AppContext, db: Session, username: str, password: str, address: str
) -> StaffLogin:
    """Check the password under the limits above; a token, or 401 / 429.

    Three steps, so that no transaction is open during the slow hash check
    (on SQLite a writing one would hold the writer lock and stall every
    kiosk): read the counts and the operator (read-only), check the
    password, then write the failure (counted and audited, committed before
    the error is raised) or the new session."""
    now, limits = ctx.now(), ctx.settings.rate_limits
    window = limits.staff_login_window_seconds
    by_address, by_user = _buckets(username, address)
    read_only(db)
    count, oldest = ratelimit.recent(db, by_address, window=window, now=now)
    failures, _ = ratelimit.recent(db, by_user, window=window, now=now)
    operator = db.scalars(select(Operator).where(Operator.username == username)).first()
    db.commit()
    if count >= limits.staff_login_failures_per_address:
        _failed(db, None, address, "rate_limited", now)
        db.commit()
        ratelimit.refuse(oldest, now - timedelta(seconds=window))
    matches = check_secret(password, operator.password_hash if operator else "")
    if operator is None:
        check_secret(password, NO_OPERATOR_HASH)  # the same work as a known name
    locked = failures >= limits.staff_login_failures_per_user
    reason = _refusal(operator, matches, locked)
    if reason or operator is None:
        ratelimit.count_one(db, by_address, window=window, now=now)
        if not locked:  # the lock lifts on time, whatever is tried meanwhile
            ratelimit.count_one(db, by_user, window=window, now=now)
        _failed(db, operator, address, reason or "unknown_user", now, locked=locked)
        db.commit()
        raise StaffUnauthorizedError("wrong username or password")
    ratelimit.forget(db, by_user)
    return _open_session(ctx, db, operator, address)


def _refusal(operator: Operator | None, matches: bool, locked: bool) -> str:
    """Why a login is refused ("" when it is not): ``locked`` only for the
    right password of a usable account, which the lock held off."""
    if operator is None:
        return "unknown_user"
    if not matches:
        return "wrong_password"
    if operator.disabled:
        return "disabled"
    return "locked" if locked else ""


def _failed(
    db: Session,
    operator: Operator | None,
    address: str,
    reason: str,
    now: datetime,
    *,
    locked: bool = False,
) -> None:
    audit.record(
        db,
        actor=f"address:{address}"[:80],
        action="staff_login_failed",
        entity="operator",
        entity_id=operator.username if operator else "",
        at=now,
        data={"reason": reason, "address": address, "locked": locked},
    )
    log.info("staff login refused (%s) from %s", reason, address)


def _open_session(
    ctx: AppContext, db: Session, operator: Operator, address: str
) -> StaffLogin:
    token, now = new_token(), ctx.now()
    expires = now + timedelta(seconds=ctx.settings.staff_session_lifetime_seconds)
    db.add(
        StaffSession(
            token_hash=token_hash(token), operator_id=operator.id, expires_at=expires
        )
    )
    audit.record(
        db,
        actor=f"staff:{operator.username}",
        action="staff_login",
        entity="operator",
        entity_id=operator.username,
        at=now,
        data={"address": address},
    )
    db.commit()
    return StaffLogin(token=token, expires_at=expires, operator=operator)


def logout(ctx: AppContext, db: Session, token: str) -> None:
    """End the session of ``token`` (nothing when it is unknown or ended)."""
    found = db.scalars(
        select(StaffSession).where(StaffSession.token_hash == token_hash(token))
    ).first()
    if found is None:
        return
    operator = db.get(Operator, found.operator_id)
    db.delete(found)
    username = operator.username if operator else ""
    audit.record(
        db,
        actor=f"staff:{username}",
        action="staff_logout",
        entity="operator",
        entity_id=username,
        at=ctx.now(),
    )
    db.commit()


def end_sessions(db: Session, operator_id: int) -> int:
    """End every session of an operator (password reset, disable); how many."""
    ended = db.execute(
        delete(StaffSession).where(StaffSession.operator_id == operator_id)
    )
    return int(getattr(ended, "rowcount", 0) or 0)
