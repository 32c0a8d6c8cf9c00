# SPDX-License-Identifier: Apache-2.0
"""SQLAlchemy 2 models; the schema itself is created only by Alembic migrations.

Money is stored as integer cents (``*_cents``) so SQLite and PostgreSQL agree
exactly; times are UTC, returned timezone-aware by :class:`UtcDateTime`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any, cast

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator


class UtcDateTime(TypeDecorator[datetime]):
    """A timestamp kept in UTC; naive values from SQLite come back as UTC."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def utcnow() -> datetime:
    """The current time, timezone-aware UTC."""
    return datetime.now(UTC)


def table(model: type[Base]) -> Table:
    """A model's :class:`Table` typed as one (``__table__`` is typed as a
    ``FromClause``, which Core's insert/update/delete do not accept)."""
    return cast(Table, model.__table__)


class Base(DeclarativeBase):
    """Declarative base of every table."""


class Person(Base):
    """An insured person, identified by the social-security number."""

    __tablename__ = "persons"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    ssn: Mapped[str] = mapped_column(String(18), unique=True)
    name: Mapped[str] = mapped_column(String(60))
    gender: Mapped[str] = mapped_column(String(1))
    ethnic_group: Mapped[str] = mapped_column(String(2), default="01")
    birth_date: Mapped[date] = mapped_column(Date)
    hukou_region: Mapped[str] = mapped_column(String(6))
    mobile: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    cards: Mapped[list[Card]] = relationship(back_populates="person")


class Card(Base):
    """A social-security card and its registered certificates (DER)."""

    __tablename__ = "cards"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    card_number: Mapped[str] = mapped_column(String(9), unique=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id"), index=True)
    recognition_code: Mapped[str] = mapped_column(String(32), unique=True)
    # the manufacturer batch of the blank (None: keyed from the master key)
    batch_id: Mapped[str | None] = mapped_column(
        ForeignKey("blank_batches.id"), nullable=True
    )
    card_type: Mapped[str] = mapped_column(String(1), default="3")
    spec_version: Mapped[str] = mapped_column(String(4), default="3.00")
    status: Mapped[str] = mapped_column(String(20), index=True)
    issue_date: Mapped[date] = mapped_column(Date)
    expiry_date: Mapped[date] = mapped_column(Date)
    cert_auth: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    cert_holder: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    temp_loss_lapses_at: Mapped[datetime | None] = mapped_column(
        UtcDateTime, nullable=True
    )
    # True while the PIN is one the issuer loaded (personalization, unblock at
    # the counter) and no card-signed PIN change was registered since
    pin_initial: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    person: Mapped[Person] = relationship(back_populates="cards")


class BlankBatch(Base):
    """A manufacturer's batch of blank cards, imported from its delivery note."""

    __tablename__ = "blank_batches"
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    manufacturer: Mapped[str] = mapped_column(String(100))
    transport_key_kcv: Mapped[str] = mapped_column(String(6))
    imported_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class BlankCard(Base):
    """A blank's recognition code as the manufacturer delivered it."""

    __tablename__ = "blank_cards"
    recognition_code: Mapped[str] = mapped_column(String(32), primary_key=True)
    batch_id: Mapped[str] = mapped_column(ForeignKey("blank_batches.id"), index=True)


class Account(Base):
    """One insurance account of a person in one region, with its balance."""

    __tablename__ = "accounts"
    # also a person's accounts (GET /accounts): migration 0008
    __table_args__ = (UniqueConstraint("person_id", "insurance", "region"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id"))
    insurance: Mapped[str] = mapped_column(String(20))
    region: Mapped[str] = mapped_column(String(6))
    status: Mapped[str] = mapped_column(String(12))
    balance_cents: Mapped[int] = mapped_column(BigInteger, default=0)
    temporary: Mapped[bool] = mapped_column(Boolean, default=False)
    # the month an imported balance was drawn up (an older one never replaces it)
    balance_as_of: Mapped[str | None] = mapped_column(String(7), nullable=True)


class Contribution(Base):
    """One month's contribution to one insurance in one region.

    On PostgreSQL the table is partitioned by HASH (person_id) (migration
    0007, docs/scale.md): its key is the natural key below, which contains the
    partition key, and ``id`` (a bigint from its sequence, referenced by
    nothing) only orders two rows of one month and has no index there. On
    SQLite it is a plain table whose primary key is ``id``. The schema is made
    by the migrations only, never by ``create_all``."""

    __tablename__ = "contributions"
    # the natural key of ss-backend import, and the order of one insurance's
    # months of a person (transfer previews, the last month's region of GET
    # /accounts): migration 0004
    __table_args__ = (
        Index(
            "uq_contributions_person_insurance_month_region",
            "person_id",
            "insurance",
            "month",
            "region",
            unique=True,
        ),
    )
    id: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer, "sqlite"), primary_key=True
    )
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id"))
    insurance: Mapped[str] = mapped_column(String(20))
    month: Mapped[str] = mapped_column(String(7))
    region: Mapped[str] = mapped_column(String(6))
    employer: Mapped[str] = mapped_column(String(120))
    base_cents: Mapped[int] = mapped_column(BigInteger)
    employee_cents: Mapped[int] = mapped_column(BigInteger)
    employer_cents: Mapped[int] = mapped_column(BigInteger)
    account_credit_cents: Mapped[int] = mapped_column(BigInteger)


class Employment(Base):
    """A span of insured employment: region, employer, first and last month."""

    __tablename__ = "employments"
    __table_args__ = (
        UniqueConstraint(
            "person_id",
            "region",
            "employer",
            "start_month",
            name="uq_employments_person_region_employer_start",
        ),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id"))
    region: Mapped[str] = mapped_column(String(6))
    employer: Mapped[str] = mapped_column(String(120))
    start_month: Mapped[str] = mapped_column(String(7))
    end_month: Mapped[str | None] = mapped_column(String(7), nullable=True)  # ongoing


class BenefitHistory(Base):
    """A past unemployment benefit period: entitled and received months."""

    __tablename__ = "benefit_history"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id"), index=True)
    separation_date: Mapped[date] = mapped_column(Date)
    entitled_months: Mapped[int] = mapped_column(Integer)
    received_months: Mapped[int] = mapped_column(Integer)


class ServiceRequest(Base):
    """A transfer (pension, medical) or a claim (unemployment)."""

    __tablename__ = "service_requests"
    # migration 0003: the applicant's organisational-transfer claim and the
    # staff's check of it (backend.rules.pension.OrganisationalTransfer)
    __table_args__ = (
        CheckConstraint(
            "organisational_transfer IN ('none', 'claimed', 'confirmed', 'rejected')",
            name="ck_service_requests_organisational_transfer",
        ),
        # a resident's transfers or claims, newest first: migration 0008
        Index(
            "ix_service_requests_person_category_created",
            "person_id",
            "category",
            "created_at",
        ),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    reference: Mapped[str] = mapped_column(String(24), unique=True)
    kind: Mapped[str] = mapped_column(String(20))
    category: Mapped[str] = mapped_column(String(10))
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id"))
    card_number: Mapped[str] = mapped_column(String(9))
    kiosk_id: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(20), index=True)
    status_token: Mapped[str] = mapped_column(String(64))
    from_region: Mapped[str | None] = mapped_column(String(6), nullable=True)
    to_region: Mapped[str | None] = mapped_column(String(6), nullable=True)
    total_cents: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    organisational_transfer: Mapped[str] = mapped_column(
        String(10), default="none", server_default="none"
    )
    events: Mapped[list[RequestEvent]] = relationship(
        order_by="RequestEvent.id", back_populates="request"
    )


class RequestEvent(Base):
    """One stamped status change of a request (its timeline)."""

    __tablename__ = "request_events"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    request_id: Mapped[int] = mapped_column(
        ForeignKey("service_requests.id"), index=True
    )
    status: Mapped[str] = mapped_column(String(20))
    at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    actor: Mapped[str] = mapped_column(String(80))
    reason: Mapped[str] = mapped_column(Text, default="")
    request: Mapped[ServiceRequest] = relationship(back_populates="events")


class Challenge(Base):
    """A single-use nonce issued to one kiosk for one card."""

    __tablename__ = "challenges"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    nonce: Mapped[bytes] = mapped_column(LargeBinary)
    kiosk_id: Mapped[str] = mapped_column(String(64), index=True)
    card_number: Mapped[str] = mapped_column(String(9))
    purpose: Mapped[str] = mapped_column(String(12))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)


class ResidentSession(Base):
    """A resident session: token hash bound to one kiosk and one card."""

    __tablename__ = "sessions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    kiosk_id: Mapped[str] = mapped_column(String(64))
    card_id: Mapped[int] = mapped_column(ForeignKey("cards.id"))
    purpose: Mapped[str] = mapped_column(String(12))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)


@dataclass(frozen=True, kw_only=True)
class KioskRef:
    """A kiosk whose credential a request has checked (not a table row)."""

    id: str


class Kiosk(Base):
    """A registered kiosk; the secret is stored only as a slow hash."""

    __tablename__ = "kiosks"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    secret_hash: Mapped[str] = mapped_column(String(200))
    revoked: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class Operator(Base):
    """A staff operator with roles (issuer, reviewer, admin)."""

    __tablename__ = "operators"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    password_hash: Mapped[str] = mapped_column(String(200))
    roles: Mapped[str] = mapped_column(String(64))
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)

    def role_set(self) -> frozenset[str]:
        """The roles as a set."""
        return frozenset(r for r in self.roles.split(",") if r)


class StaffSession(Base):
    """A staff login: token hash and expiry."""

    __tablename__ = "staff_sessions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    operator_id: Mapped[int] = mapped_column(ForeignKey("operators.id"))
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime)


class IdempotencyRecord(Base):
    """The outcome of one card-signed submission, per idempotency key.

    A key belongs to the kiosk and card that first used it with a valid
    signature; the outcome is either the request created (``reference``) or
    the refusal (``status`` and ``error``), answered again to every replay."""

    __tablename__ = "idempotency_records"
    __table_args__ = (UniqueConstraint("key", name="uq_idempotency_records_key"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kiosk_id: Mapped[str] = mapped_column(String(64))
    card_number: Mapped[str] = mapped_column(String(9))
    key: Mapped[str] = mapped_column(String(64))
    body_hash: Mapped[str] = mapped_column(String(64))
    signed_at: Mapped[int] = mapped_column(BigInteger)
    status: Mapped[int] = mapped_column(Integer, default=201)
    reference: Mapped[str | None] = mapped_column(String(24), nullable=True)
    error: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class InsuranceCertificate(Base):
    """A printed insurance certificate (参保证明) and its verification code."""

    __tablename__ = "insurance_certificates"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    verification_code: Mapped[str] = mapped_column(String(32), unique=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id"))
    issued_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)


class RateEvent(Base):
    """One counted event of a rate-limited bucket (shared by all replicas)."""

    __tablename__ = "rate_events"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    bucket: Mapped[str] = mapped_column(String(120), index=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, index=True)


class AuditEntry(Base):
    """Append-only audit log of every state change."""

    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, index=True)
    actor: Mapped[str] = mapped_column(String(80))
    action: Mapped[str] = mapped_column(String(60))
    entity: Mapped[str] = mapped_column(String(40), index=True)
    entity_id: Mapped[str] = mapped_column(String(64))
    reason: Mapped[str] = mapped_column(Text, default="")
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
