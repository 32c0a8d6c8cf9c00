# SPDX-License-Identifier: Apache-2.0
"""Demo seed (residents, histories, cards, kiosk, operators) and embedded server.

``seed(..., cards_out=DIR)`` personalizes a virtual card per resident through
``card.virtual.factory`` (Part C commands, certified by the demo CA) and saves
the images; without it, the certificates are read FROM the committed images in
``card/virtual/demo/cards`` so the backend and the cards always agree.
"""

from __future__ import annotations

import hashlib
import logging
import socket
import threading
import time
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import uvicorn
from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from backend.app import create_app
from backend.context import AppContext
from backend.db import migrate
from backend.demo_data import RESIDENTS, Resident
from backend.demo_history import accounts_for, contributions_for
from backend.errors import BackendError
from backend.models import (
    Account,
    BenefitHistory,
    Card,
    Contribution,
    Kiosk,
    Person,
)
from backend.rules.cards import CardStatus
from backend.services import operators
from backend.settings import DEFAULT_CONFIG, Settings, load_settings
from card import ssn, tlv
from card.auth import KeyRef, der_length
from card.profile import INITIAL_PIN, new_recognition_code
from card.ssse import Holder, IssuerData
from card.virtual.bundled import DEMO_CARDS_DIR
from card.virtual.card import VirtualCard
from card.virtual.core import CERT_EF
from card.virtual.state import ISSUER_EF

log = logging.getLogger(__name__)

DEMO_CARDS = DEMO_CARDS_DIR
DEMO_KIOSK = "demo-kiosk-01"
DEMO_OPERATORS = (
    ("issuer", "issuer-demo", "issuer"),
    ("reviewer", "reviewer-demo", "reviewer"),
    ("admin", "admin-demo", "admin"),
)
INSTITUTION = bytes.fromhex("110000000000000000000001")


class DemoError(BackendError):
    """The demo cards folder does not match the demo residents."""


@dataclass(frozen=True, kw_only=True)
class CardDates:
    """Issue and expiry dates of a demo card."""

    issue: date
    expiry: date


def card_dates(resident: Resident) -> CardDates:
    """Ten-year cards; the "expired" one ran 2014-2024."""
    if resident.card == "expired":
        return CardDates(issue=date(2014, 6, 1), expiry=date(2024, 6, 1))
    return CardDates(issue=date(2024, 3, 1), expiry=date(2034, 3, 1))


def recognition_code(resident: Resident) -> bytes:
    """Region (BCD) + D156000005 + 8 bytes fixed per card (Part A, EF05 tag 01)."""
    tail = hashlib.sha256(resident.card_number.encode()).digest()[:8]
    return new_recognition_code(bytes.fromhex(resident.hukou), tail)


def issuer_data(resident: Resident) -> IssuerData:
    """EF05 content for a demo card."""
    dates = card_dates(resident)
    return IssuerData(
        card_number=resident.card_number,
        recognition_code=recognition_code(resident),
        card_type="3",
        spec_version="3.00",
        init_institution=INSTITUTION,
        issue_date=dates.issue,
        expiry_date=dates.expiry,
    )


def holder(resident: Resident) -> Holder:
    """EF06 content for a demo card."""
    return Holder(
        ssn=ssn.complete(resident.first17),
        name=resident.name,
        gender=resident.gender,
        ethnic_group="01",
        birthplace=resident.first17[:6],
        birth_date=resident.birth,
    )


def personalize_card(ctx: AppContext, resident: Resident) -> VirtualCard:
    """A virtual card personalized through Part C, keys certified by the demo CA."""
    from card.virtual.factory import new_personalized

    dates = card_dates(resident)
    not_before = datetime(
        dates.issue.year, dates.issue.month, dates.issue.day, tzinfo=UTC
    )
    not_after = datetime(
        dates.expiry.year, dates.expiry.month, dates.expiry.day, 23, 59, 59, tzinfo=UTC
    )

    def certify(ref: KeyRef, public_key):  # type: ignore[no-untyped-def]
        return ctx.keys.certify(
            resident.card_number, int(ref), public_key, not_before, not_after
        )

    return new_personalized(
        issuer=issuer_data(resident),
        holder=holder(resident),
        pin=resident.pin,
        retry_limit=3,
        tries_left=0 if resident.card == "blocked_pin" else None,
        certify=certify,
        master_key=demo_master_key(ctx),
    )


def demo_master_key(ctx: AppContext) -> bytes:
    """The master key itself, which only the demo's simulated card factory
    needs (file-based keys; an HSM never hands it out)."""
    from backend.keys import FileIssuerKeys

    if not isinstance(ctx.keys, FileIssuerKeys):
        raise DemoError("demo cards need file-based issuer keys")
    return ctx.keys.master_key


def certificates_of(card: VirtualCard) -> tuple[bytes, bytes]:
    """The (key 81, key 82) certificate DER stored on a card image."""
    found = []
    for ref in (KeyRef.CARD, KeyRef.HOLDER):
        raw = card.image.binaries.get(CERT_EF[int(ref)], b"")
        if not raw:
            raise DemoError(f"card {card.path} has no certificate for key {ref:02X}")
        found.append(bytes(raw[: der_length(bytes(raw[:4]))]))
    return found[0], found[1]


def card_number_of_image(card: VirtualCard) -> str:
    """The card number in the image's EF05."""
    records = dict(tlv.parse_simple_record(r) for r in card.image.records[ISSUER_EF])
    return IssuerData.parse(records).card_number


def image_path(folder: Path, resident: Resident) -> Path:
    """Where a resident's card image lives."""
    return folder / f"{resident.card_number}.json"


def _card_row(
    resident: Resident, person_id: int, certs: tuple[bytes, bytes], now: datetime
) -> Card:
    dates = card_dates(resident)
    lost = resident.card == "temporarily_lost"
    return Card(
        card_number=resident.card_number,
        person_id=person_id,
        recognition_code=recognition_code(resident).hex().upper(),
        card_type="3",
        spec_version="3.00",
        status=CardStatus.TEMPORARILY_LOST if lost else CardStatus.ACTIVE,
        issue_date=dates.issue,
        expiry_date=dates.expiry,
        cert_auth=certs[0],
        cert_holder=certs[1],
        temp_loss_lapses_at=now + timedelta(days=5) if lost else None,
        pin_initial=resident.pin == INITIAL_PIN,
    )


def _certificates(
    ctx: AppContext,
    resident: Resident,
    cards_dir: Path,
    cards_out: Path | None,
    keep_existing: bool = False,
) -> tuple[bytes, bytes]:
    """Personalize a fresh card into ``cards_out``, or read the committed image
    (``keep_existing``: read an image ``cards_out`` already holds, personalize
    only the missing ones, so adding a resident leaves the other cards as
    they are)."""
    if (
        cards_out is not None
        and keep_existing
        and image_path(cards_out, resident).exists()
    ):
        cards_dir, cards_out = cards_out, None
    if cards_out is not None:
        card = personalize_card(ctx, resident)
        card.save(image_path(cards_out, resident))
        return certificates_of(card)
    path = image_path(cards_dir, resident)
    if not path.exists():
        raise DemoError(f"demo card image missing: {path}")
    card = VirtualCard.load(path)
    if card_number_of_image(card) != resident.card_number:
        raise DemoError(f"{path} holds another card number")
    return certificates_of(card)


def seed_resident(
    ctx: AppContext,
    db: Session,
    resident: Resident,
    certs: tuple[bytes, bytes],
    today: date,
) -> None:
    """Add ``resident``: person, contribution history, accounts and card row."""
    person = Person(
        ssn=ssn.complete(resident.first17),
        name=resident.name,
        gender=resident.gender,
        birth_date=resident.birth,
        hukou_region=resident.hukou,
        mobile=resident.mobile,
    )
    db.add(person)
    db.flush()
    rows = contributions_for(ctx.settings, person.id, resident, today)
    if rows:
        db.execute(insert(Contribution), rows)
        db.execute(insert(Account), accounts_for(person.id, resident, rows, today))
    if resident.benefit:
        when, entitled, received = resident.benefit
        db.add(
            BenefitHistory(
                person_id=person.id,
                separation_date=date.fromisoformat(when),
                entitled_months=entitled,
                received_months=received,
            )
        )
    db.add(_card_row(resident, person.id, certs, ctx.now()))


def seed(
    ctx: AppContext,
    *,
    cards_dir: Path = DEMO_CARDS,
    cards_out: Path | None = None,
    keep_existing: bool = False,
) -> str:
    """Seed demo data once (idempotent), (re)key the demo kiosk, return its secret.

    ``cards_out``: personalize every resident's card image into that folder
    (``keep_existing``: only those it lacks)."""
    now = ctx.now()
    today = now.date()
    if cards_out is not None:
        cards_out.mkdir(parents=True, exist_ok=True)
    with ctx.sessions() as db:
        seeded = db.scalars(
            select(Person.id).where(Person.ssn == ssn.complete(RESIDENTS[0].first17))
        ).first()
        if seeded is not None and cards_out is not None:
            raise DemoError("database already seeded: use a fresh one to make cards")
        if seeded is None:
            for resident in RESIDENTS:
                certs = _certificates(
                    ctx, resident, cards_dir, cards_out, keep_existing
                )
                seed_resident(ctx, db, resident, certs, today)
            for username, password, role in DEMO_OPERATORS:
                operators.upsert_operator(
                    db, username, password, {role}, now=now, actor="demo-seed"
                )
            db.flush()
            _seed_requests(ctx, db)
        known = db.get(Kiosk, DEMO_KIOSK) is not None  # re-seeding re-keys it
        secret = operators.register_kiosk(
            db, DEMO_KIOSK, now=now, actor="demo-seed", rotate=known
        )
        db.commit()
    log.info("demo data ready")
    return secret


def _seed_requests(ctx: AppContext, db: Session) -> None:
    """Requests already under way, with a backdated, stamped timeline."""
    from backend.money import to_cents
    from backend.rules.steps import RequestStatus
    from backend.services import requests as reqs
    from backend.services import transfers

    for resident in RESIDENTS:
        if not resident.request:
            continue
        kind, to_region = resident.request.split(":")
        person = db.scalars(
            select(Person).where(Person.ssn == ssn.complete(resident.first17))
        ).one()
        created = ctx.now() - timedelta(days=18)
        view = transfers.preview(
            ctx, db, person, kind, to_region, reqs.local_date(created)
        )
        request = reqs.create(
            db,
            reference=reqs.new_reference(kind, created),
            kind=kind,
            person=person,
            card_number=resident.card_number,
            kiosk_id=DEMO_KIOSK,
            now=created,
            from_region=view["from_region"],
            to_region=to_region,
            total_cents=to_cents(view["total"]),
            details={"preview": view},
        )
        for status, days, reason in (
            (RequestStatus.UNDER_REVIEW, 2, "review started"),
            (RequestStatus.APPROVED, 9, "letter of consent sent to the old region"),
        ):
            reqs.change_status(
                db,
                request,
                status,
                actor="staff:reviewer",
                reason=reason,
                now=created + timedelta(days=days),
            )


@dataclass(kw_only=True)
class EmbeddedBackend:
    """A backend serving on 127.0.0.1 in a daemon thread (``ss-kiosk --demo``)."""

    url: str
    kiosk_id: str
    kiosk_secret: str
    server: uvicorn.Server
    thread: threading.Thread

    def __repr__(self) -> str:
        return f"EmbeddedBackend(url={self.url!r}, kiosk_id={self.kiosk_id!r})"

    def stop(self, timeout: float = 10.0) -> None:
        """Ask uvicorn to exit and wait for its thread."""
        self.server.should_exit = True
        self.thread.join(timeout)


def serve_in_thread(
    settings: Settings, *, ctx: AppContext | None = None, log_level: str = "warning"
) -> tuple[str, uvicorn.Server, threading.Thread]:
    """Start uvicorn on a free loopback port; returns (url, server, thread)."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(
        create_app(settings, ctx=ctx),
        log_level=log_level,
        access_log=False,
        # uvicorn's lines go to the host process's logging (ssclog), and
        # X-Forwarded-For is the app's business (backend.requestlog)
        log_config=None,
        proxy_headers=False,
        lifespan="off",
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(
        target=server.run,
        kwargs={"sockets": [sock]},
        name=f"backend-{port}",
        daemon=True,
    )
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise DemoError("embedded backend did not start")
        time.sleep(0.02)
    return f"http://127.0.0.1:{port}", server, thread


def start_embedded(
    db_path: Path, cards_dir: Path = DEMO_CARDS, *, config: Path = DEFAULT_CONFIG
) -> EmbeddedBackend:
    """Migrate and seed ``db_path`` (SQLite), then serve it on 127.0.0.1."""
    settings = load_settings(config, database_url=f"sqlite:///{db_path.resolve()}")
    migrate(settings.database_url)
    ctx = AppContext.create(settings)
    secret = seed(ctx, cards_dir=cards_dir)
    url, server, thread = serve_in_thread(settings, ctx=ctx)
    log.info("embedded backend on %s", url)
    return EmbeddedBackend(
        url=url, kiosk_id=DEMO_KIOSK, kiosk_secret=secret, server=server, thread=thread
    )
