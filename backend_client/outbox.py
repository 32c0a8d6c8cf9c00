# SPDX-License-Identifier: Apache-2.0
"""The durable outbox for card-signed submissions (docs/api.md, docs/decisions.md).

A submission is prepared (canonical body, idempotency key, the digest the card
signs), then stored and committed with the card's signature BEFORE it is sent.
Delivery claims the row with a lease in one atomic UPDATE, so two kiosk
processes on one file never send the same entry at once; the idempotency key
travels with every attempt, so a resend after a crash between send and mark is
answered by the server with the stored result instead of a second record.
No session token is stored: the signature authorises exactly that request.
"""

from __future__ import annotations

import datetime as dt
import enum
import json
import logging
import os
import random
import time
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from backend_client._http import API
from backend_client._parse import Fields, load_json
from backend_client.client import BackendClient
from backend_client.errors import (
    BackendError,
    KioskUnauthorizedError,
    MalformedResponseError,
    OutboxError,
    RateLimitedError,
    ServerError,
    TransportError,
    error_from_response,
)
from backend_client.models import RequestDetail
from card.auth import bind_submission, canonical_json

log = logging.getLogger(__name__)

SubmissionKind = Literal["transfer", "unemployment_claim"]
SUBMISSION_PATHS: dict[str, str] = {
    "transfer": f"{API}/transfers",
    "unemployment_claim": f"{API}/claims/unemployment",
}
DEFAULT_LEASE_S = 120.0


class EntryState(enum.StrEnum):
    """Where an outbox entry is: waiting, accepted by the server, or refused."""

    PENDING = "pending"
    DELIVERED = "delivered"
    FAILED = "failed"


@dataclass(frozen=True, kw_only=True)
class PreparedSubmission:
    """A submission ready for the card to sign ``digest`` (key 82, PIN verified)."""

    kind: str
    kiosk_id: str
    card_number: str
    idempotency_key: str
    signed_at: int
    method: str
    path: str
    body_bytes: bytes = field(repr=False)
    digest: bytes


def prepare_submission(
    kind: SubmissionKind,
    body: Mapping[str, Any],
    kiosk_id: str,
    card_number: str,
    *,
    signed_at: int | None = None,
) -> PreparedSubmission:
    """Serialise ``body`` canonically, make a key, compute the digest to sign.

    ``signed_at`` (seconds since the epoch; default now) is bound into the
    digest: the backend accepts the submission within its window after it
    (docs/api.md), however many times the outbox has to try."""
    try:
        path = SUBMISSION_PATHS[kind]
    except KeyError:
        raise OutboxError(f"unknown submission kind {kind!r}") from None
    key = str(uuid.uuid4())
    body_bytes = canonical_json(body)
    when = int(time.time()) if signed_at is None else signed_at
    digest = bind_submission(
        kiosk_id, card_number, key, "POST", path, body_bytes, signed_at=when
    )
    return PreparedSubmission(
        kind=kind,
        kiosk_id=kiosk_id,
        card_number=card_number,
        idempotency_key=key,
        signed_at=when,
        method="POST",
        path=path,
        body_bytes=body_bytes,
        digest=digest,
    )


@dataclass(frozen=True, kw_only=True)
class OutboxEntry:
    """One stored submission and what became of it."""

    entry_id: int
    kind: str
    kiosk_id: str
    card_number: str
    idempotency_key: str
    signed_at: int
    path: str
    body_bytes: bytes = field(repr=False)
    state: EntryState
    attempts: int
    created_at: dt.datetime
    updated_at: dt.datetime
    result_status: int | None
    result_body: bytes | None = field(repr=False)
    error_code: str | None
    error_message: str | None

    @property
    def body(self) -> dict[str, Any]:
        """The submitted body as JSON."""
        value = load_json(self.body_bytes, "outbox body")
        return dict(value) if isinstance(value, dict) else {}

    @property
    def result(self) -> RequestDetail | None:
        """The server's request detail once delivered."""
        if self.result_body is None or self.state is not EntryState.DELIVERED:
            return None
        try:
            return RequestDetail.parse(
                Fields(load_json(self.result_body, "result"), "result")
            )
        except MalformedResponseError:
            return None

    @property
    def error(self) -> BackendError | None:
        """The refusal of a failed entry, with its code and ``detail`` (for
        instance ``detail.rule`` and ``detail.reference`` of a 409)."""
        if self.state is not EntryState.FAILED:
            return None
        return error_from_response(self.result_status or 0, self.result_body or b"", {})

    @property
    def reference(self) -> str | None:
        """The server's reference of the request once delivered."""
        result = self.result
        return result.reference if result else None


metadata = sa.MetaData()
entries = sa.Table(
    "outbox_entry",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("kind", sa.String(32), nullable=False),
    sa.Column("kiosk_id", sa.String(64), nullable=False),
    sa.Column("card_number", sa.String(16), nullable=False),
    sa.Column("idempotency_key", sa.String(64), nullable=False, unique=True),
    # the signing time the card's signature binds (0: an entry stored before
    # signatures bound one, which the backend no longer accepts)
    sa.Column("signed_at", sa.BigInteger, nullable=False, server_default="0"),
    sa.Column("method", sa.String(8), nullable=False),
    sa.Column("path", sa.String(200), nullable=False),
    sa.Column("body", sa.LargeBinary, nullable=False),
    sa.Column("signature", sa.LargeBinary, nullable=False),
    sa.Column("state", sa.String(16), nullable=False, index=True),
    sa.Column("attempts", sa.Integer, nullable=False, default=0),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("lease_owner", sa.String(64), nullable=True),
    sa.Column("lease_until", sa.DateTime(timezone=True), nullable=True),
    sa.Column("result_status", sa.Integer, nullable=True),
    sa.Column("result_body", sa.LargeBinary, nullable=True),
    sa.Column("error_code", sa.String(64), nullable=True),
    sa.Column("error_message", sa.String(500), nullable=True),
)


def _add_missing_columns(engine: Engine) -> None:
    """Columns added since a kiosk's outbox file was made (``create_all``
    makes missing tables only); each has a server default for the old rows."""
    with engine.begin() as conn:
        have = {c["name"] for c in sa.inspect(conn).get_columns(entries.name)}
        for column in entries.columns:
            if column.name in have:
                continue
            kind = column.type.compile(dialect=engine.dialect)
            default = column.server_default
            assert isinstance(default, sa.DefaultClause), column.name
            conn.exec_driver_sql(
                f"ALTER TABLE {entries.name} ADD COLUMN {column.name} {kind} "
                f"NOT NULL DEFAULT {default.arg}"
            )
            log.info("outbox: column %s added to %s", column.name, entries.name)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _aware(value: dt.datetime) -> dt.datetime:
    """SQLite returns naive datetimes; every stored time is UTC."""
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def _sqlite_engine(path: Path) -> Engine:
    """An engine on ``path`` in WAL mode, waiting for locks instead of failing."""
    engine = sa.create_engine(f"sqlite:///{path}", future=True)

    @sa.event.listens_for(engine, "connect")
    def _pragmas(dbapi_conn: Any, _record: Any) -> None:
        cursor = dbapi_conn.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA busy_timeout=15000")
        cursor.close()

    return engine


class Outbox:
    """Submissions stored durably in SQLite and delivered exactly once."""

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        lease_s: float = DEFAULT_LEASE_S,
        retry_base_s: float = 2.0,
        retry_max_s: float = 300.0,
    ) -> None:
        self.path = Path(path)
        self.lease = dt.timedelta(seconds=lease_s)
        self.retry_base_s = retry_base_s
        self.retry_max_s = retry_max_s
        self.owner = f"{os.getpid()}-{uuid.uuid4().hex[:12]}"
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.engine = _sqlite_engine(self.path)
        metadata.create_all(self.engine)
        _add_missing_columns(self.engine)

    def __repr__(self) -> str:
        return f"Outbox({str(self.path)!r})"

    def close(self) -> None:
        """Release the database connections."""
        self.engine.dispose()

    # --- storing ------------------------------------------------------------

    def enqueue(self, prepared: PreparedSubmission, signature: bytes) -> int:
        """Store a signed submission (committed before returning); its entry id."""
        if len(signature) != 64:
            raise OutboxError(
                f"card signature must be 64 bytes (r||s), not {len(signature)}"
            )
        try:
            entry_id = self._insert(prepared, signature)
        except sa.exc.IntegrityError:
            raise OutboxError(
                "this submission (idempotency key) is already stored"
            ) from None
        except sa.exc.SQLAlchemyError as exc:
            raise OutboxError(
                f"cannot store the submission ({type(exc).__name__})"
            ) from None
        log.info(
            "outbox: stored %s entry %d for card %s",
            prepared.kind,
            entry_id,
            prepared.card_number,
        )
        return entry_id

    def _insert(self, prepared: PreparedSubmission, signature: bytes) -> int:
        now = _now()
        with self.engine.begin() as conn:
            result = conn.execute(
                entries.insert().values(
                    kind=prepared.kind,
                    kiosk_id=prepared.kiosk_id,
                    card_number=prepared.card_number,
                    idempotency_key=prepared.idempotency_key,
                    signed_at=prepared.signed_at,
                    method=prepared.method,
                    path=prepared.path,
                    body=prepared.body_bytes,
                    signature=signature,
                    state=EntryState.PENDING.value,
                    attempts=0,
                    created_at=now,
                    updated_at=now,
                    next_attempt_at=now,
                )
            )
            key = result.inserted_primary_key
            if key is None:  # pragma: no cover - SQLite always reports the row id
                raise OutboxError("the database did not report the new entry id")
            entry_id = int(key[0])
        return entry_id

    def get(self, entry_id: int) -> OutboxEntry:
        """The entry ``entry_id``; :class:`OutboxError` when there is none."""
        with self.engine.connect() as conn:
            row = conn.execute(entries.select().where(entries.c.id == entry_id)).first()
        if row is None:
            raise OutboxError(f"no outbox entry {entry_id}")
        return _entry(row._mapping)

    def pending(self) -> list[OutboxEntry]:
        """Entries not yet accepted or refused, oldest first."""
        query = (
            entries.select()
            .where(entries.c.state == EntryState.PENDING.value)
            .order_by(entries.c.id)
        )
        with self.engine.connect() as conn:
            return [_entry(row._mapping) for row in conn.execute(query)]

    # --- delivering -----------------------------------------------------------

    def deliver(self, client: BackendClient, entry_id: int) -> OutboxEntry:
        """Send entry ``entry_id`` once if it is pending and not leased elsewhere.

        Delivered: the server accepted it (201) or had it already (200). Failed:
        the server refused it (4xx other than 429). Pending: the backend was
        unreachable, slow, overloaded or broken; a later call retries it with
        the same idempotency key.
        """
        kiosk_id = _kiosk_of(client)
        if self.get(entry_id).kiosk_id != kiosk_id:
            raise OutboxError(
                f"entry {entry_id} was signed for another kiosk than {kiosk_id!r}"
            )
        claimed = self._claim(entry_id)
        if claimed is None:
            return self.get(entry_id)
        try:
            answer = client.submit(
                path=claimed["path"],
                body=claimed["body"],
                idempotency_key=claimed["idempotency_key"],
                card_number=claimed["card_number"],
                signed_at=claimed["signed_at"],
                signature=claimed["signature"],
            )
        except _TRANSIENT as exc:
            self._release(entry_id, claimed["attempts"], exc)
        except BackendError as exc:
            self._finish(
                entry_id,
                EntryState.FAILED,
                status=exc.status,
                body=_error_document(exc),
                error=exc,
            )
        except BaseException:
            self._release(entry_id, claimed["attempts"], None)
            raise
        else:
            self._finish(
                entry_id,
                EntryState.DELIVERED,
                status=answer.status,
                body=answer.body,
                error=None,
            )
        return self.get(entry_id)

    def deliver_pending(
        self, client: BackendClient, *, limit: int = 50
    ) -> list[OutboxEntry]:
        """Deliver due pending entries, oldest first; stop when the backend is down."""
        now = _now()
        query = (
            sa.select(entries.c.id)
            .where(
                entries.c.state == EntryState.PENDING.value,
                entries.c.next_attempt_at <= now,
                entries.c.kiosk_id == _kiosk_of(client),
            )
            .order_by(entries.c.id)
            .limit(limit)
        )
        with self.engine.connect() as conn:
            ids = [int(i) for i in conn.execute(query).scalars()]
        outcomes = []
        for entry_id in ids:
            entry = self.deliver(client, entry_id)
            outcomes.append(entry)
            if entry.state is EntryState.PENDING and entry.error_code in _BACKEND_DOWN:
                break
        return outcomes

    def _claim(self, entry_id: int) -> dict[str, Any] | None:
        """Take a lease on a pending entry in one atomic UPDATE; its row or None."""
        now = _now()
        claim = (
            entries.update()
            .where(
                entries.c.id == entry_id,
                entries.c.state == EntryState.PENDING.value,
                sa.or_(entries.c.lease_until.is_(None), entries.c.lease_until < now),
            )
            .values(
                lease_owner=self.owner,
                lease_until=now + self.lease,
                attempts=entries.c.attempts + 1,
                updated_at=now,
            )
        )
        with self.engine.begin() as conn:
            if conn.execute(claim).rowcount != 1:
                return None
            row = conn.execute(entries.select().where(entries.c.id == entry_id)).one()
        return dict(row._mapping)

    def _release(
        self, entry_id: int, attempts: int, error: BaseException | None
    ) -> None:
        """Give the lease back and schedule the next attempt (entry stays pending).

        When the backend is down or refuses this kiosk, the entry is due again at
        once: :meth:`deliver_pending` stops a round at the first such failure, so
        the flusher's period paces the attempts, and everything goes out on the
        first round after the backend is back. A fault of this one request (5xx,
        a broken answer) backs off exponentially; 429 waits its Retry-After.
        """
        delay = min(self.retry_max_s, self.retry_base_s * 2 ** max(0, attempts - 1))
        if isinstance(error, RateLimitedError):
            delay = max(delay, error.retry_after or 0.0)
        elif isinstance(error, BackendError) and error.code in _BACKEND_DOWN:
            delay = 0.0
        now = _now()
        values: dict[str, Any] = {
            "lease_owner": None,
            "lease_until": None,
            "updated_at": now,
            "next_attempt_at": now
            + dt.timedelta(seconds=random.uniform(delay / 2, delay)),
        }
        if isinstance(error, BackendError):
            values |= {"error_code": error.code, "error_message": str(error)[:500]}
        self._update_own(entry_id, values)
        log.warning(
            "outbox: entry %d left pending (%s)",
            entry_id,
            values.get("error_code", "interrupted"),
        )

    def _finish(
        self,
        entry_id: int,
        state: EntryState,
        *,
        status: int | None,
        body: bytes | None,
        error: BackendError | None,
    ) -> None:
        values: dict[str, Any] = {
            "state": state.value,
            "lease_owner": None,
            "lease_until": None,
            "updated_at": _now(),
            "result_status": status,
            "result_body": body,
            "error_code": error.code if error else None,
            "error_message": str(error)[:500] if error else None,
        }
        self._update_own(entry_id, values)
        log.info(
            "outbox: entry %d %s (HTTP %s%s)",
            entry_id,
            state.value,
            status,
            f", {error.code}" if error else "",
        )

    def _update_own(self, entry_id: int, values: dict[str, Any]) -> None:
        """Update an entry this outbox holds the lease on."""
        with self.engine.begin() as conn:
            done = conn.execute(
                entries.update()
                .where(
                    entries.c.id == entry_id,
                    entries.c.lease_owner == self.owner,
                )
                .values(**values)
            ).rowcount
        if done != 1:
            log.error(
                "outbox: lease on entry %d lost before recording the outcome", entry_id
            )


# Left pending, retried later: the request may not have been judged at all.
# A kiosk credential refused is a configuration fault of this kiosk, not a
# verdict on the submission (the signature binds the kiosk id, not its key).
_TRANSIENT = (
    TransportError,
    ServerError,
    RateLimitedError,
    MalformedResponseError,
    KioskUnauthorizedError,
)
# After these, the next entries would meet the same fate: stop the round.
_BACKEND_DOWN = frozenset(
    {"unavailable", "timeout", "tls", "rate_limited", "kiosk_unauthorized"}
)


def _kiosk_of(client: BackendClient) -> str:
    if client.kiosk is None:
        raise OutboxError("delivering submissions needs the kiosk's credentials")
    return client.kiosk.kiosk_id


def _entry(row: Mapping[Any, Any]) -> OutboxEntry:
    return OutboxEntry(
        entry_id=row["id"],
        kind=row["kind"],
        kiosk_id=row["kiosk_id"],
        card_number=row["card_number"],
        idempotency_key=row["idempotency_key"],
        signed_at=row["signed_at"],
        path=row["path"],
        body_bytes=row["body"],
        state=EntryState(row["state"]),
        attempts=row["attempts"],
        created_at=_aware(row["created_at"]),
        updated_at=_aware(row["updated_at"]),
        result_status=row["result_status"],
        result_body=row["result_body"],
        error_code=row["error_code"],
        error_message=row["error_message"],
    )


def _error_document(exc: BackendError) -> bytes:
    """A refusal as the backend's error document, so :attr:`OutboxEntry.error`
    rebuilds it with its detail."""
    error = {"code": exc.code, "message": str(exc)[:500], "detail": exc.detail}
    return json.dumps({"error": error}, default=str).encode()
