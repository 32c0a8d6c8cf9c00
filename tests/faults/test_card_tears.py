# SPDX-License-Identifier: Apache-2.0
"""The card pulled after every APDU of each card flow (Knobs(tear_after=N)).

Kiosk: insert → read and prove genuine (key 81) → VERIFY PIN → key-82 sign-in
→ a key-82 signed transfer through the outbox, against the real backend.
Staff: a whole personalization (staff/personalize.py) through the real
backend's staff API. For every N: a typed CardError, nothing submitted or
issued twice (counted server-side), and the flow completes when the card is
put back in. "Calm" is checked too: kiosk.messages has specific words for each
error (not its generic fallback); a "(no words)" outcome fails the test.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from backend_client import EntryState, Outbox, RetryPolicy
from backend_client.staff import StaffClient
from card.connection import GetResponseConnection
from card.errors import CardError
from card.virtual import Knobs, LifeCycle, VirtualCard, VirtualConnection
from card.virtual.factory import new_blank
from staff.api import StaffApi
from staff.models import Allocation
from staff.personalize import CardState, PersoError, Personalizer, erase_card
from tests.faults.support import (
    MATRIX,
    calm,
    open_session,
    request_count,
    submit_transfer,
)
from tests.live_backend import LiveBackend
from tests.staff.conftest import new_resident

FAST = RetryPolicy(attempts=2, backoff_base=0.05, backoff_max=0.1)


def _kiosk_run(
    card: VirtualCard, live: LiveBackend, pin: str, outbox: Outbox, to_region: str
) -> tuple[str, int]:
    """One resident at the kiosk; (outcome, APDUs the card answered)."""
    conn = GetResponseConnection(VirtualConnection(card))
    session = None
    with live.client(retries=FAST) as client:
        try:
            number, session = open_session(conn, client, pin)
            entry = submit_transfer(conn, client, outbox, number, to_region)
            assert entry.state is EntryState.DELIVERED, entry
            return "completed", card.apdu_count
        except CardError as exc:
            name = type(exc).__name__ + ("" if calm(exc) else " (no words)")
            return name, min(card.apdu_count, card.knobs.tear_after or 0)
        finally:
            if session is not None:
                session.logout()  # what the kiosk does when the card leaves


def _reject_open_requests(live: LiveBackend, ssn: str) -> None:
    """The reviewer rejects what the matrix filed, so every N starts alike."""
    username, password = live.staff["reviewer"]
    staff = StaffClient(live.url)
    try:
        staff.login(username, password)
        for item in staff.reviews():
            if item.ssn == ssn and item.status == "submitted":
                staff.decide(item.reference, approve=False, reason="fault matrix")
    finally:
        staff.close()


def test_kiosk_flow_card_pulled_after_every_apdu(
    up: LiveBackend, tmp_path: Path
) -> None:
    demo = up.card("active", 1)
    pristine = up.copy_card(demo, tmp_path / "pristine")
    with up.client() as client:
        card0 = VirtualCard.load(pristine.path)
        number, session = open_session(
            GetResponseConnection(VirtualConnection(card0)), client, demo.pin
        )
        own = session.me().person.hukou_region
        to_region = next(r.code for r in session.regions() if r.code != own)
        session.logout()
    outbox = Outbox(tmp_path / "outbox.sqlite3")
    # the flow's length, measured on the real card stack
    probe = tmp_path / "probe.json"
    shutil.copyfile(pristine.path, probe)
    outcome, length = _kiosk_run(
        VirtualCard.load(probe), up, demo.pin, outbox, to_region
    )
    assert outcome == "completed" and length > 20
    _reject_open_requests(up, demo.ssn)
    problems = []
    for n in range(1, length + 1):
        path = tmp_path / f"card-{n}.json"
        shutil.copyfile(pristine.path, path)
        card = VirtualCard.load(path, knobs=Knobs(tear_after=n))
        before = request_count(up.db_path, number)
        outcome, _ = _kiosk_run(card, up, demo.pin, outbox, to_region)
        filed = request_count(up.db_path, number) - before
        expected = 1 if n == length else 0
        redo = ""
        if outcome != "completed":
            card.knobs = Knobs()  # the resident puts the card back in
            again, _ = _kiosk_run(card, up, demo.pin, outbox, to_region)
            filed_after = request_count(up.db_path, number) - before
            redo = f"reinserted: {again}, {filed_after} record(s) in all"
            if again != "completed" or filed_after != 1:
                problems.append((n, "redo", again, filed_after))
        MATRIX.add("kiosk card flow", f"tear_after={n}/{length}", outcome, filed, redo)
        if (
            (outcome == "completed") != (n == length)
            or filed != expected
            or "no words" in outcome
        ):
            problems.append((n, outcome, filed))
        _reject_open_requests(up, demo.ssn)
    assert outbox.pending() == []  # nothing waits: every signed one was delivered
    outbox.close()
    assert problems == []


class Blanks:
    """Blank cards from the factory, one per allocation (Part C manufacture)."""

    def __init__(self, master_key: bytes, tear_after: int | None) -> None:
        self.master_key = master_key
        self.tear_after = tear_after
        self.cards: dict[str, VirtualCard] = {}

    def __call__(self, allocation: Allocation) -> VirtualConnection:
        card = self.cards.get(allocation.card_number)
        if card is None:
            card = new_blank(
                master_key=self.master_key, recognition_code=allocation.recognition_code
            )
            card.knobs = Knobs(tear_after=self.tear_after)
            self.cards[allocation.card_number] = card
        return VirtualConnection(card)


@pytest.fixture
def issuer(up: LiveBackend) -> StaffApi:
    username, password = up.staff["issuer"]
    api = StaffApi(up.url)
    api.login(username, password)
    return api


@pytest.fixture
def master_key() -> bytes:
    root = Path(__file__).resolve().parents[2]
    return bytes.fromhex(
        (root / "card/virtual/demo/ca/issuer-master.key").read_text().strip()
    )


def _cards_of(api: StaffApi, ssn: str) -> list[tuple[str, str]]:
    person = api.find_person(ssn)
    return [] if person is None else [(c.card_number, c.status) for c in person.cards]


def test_personalization_card_pulled_after_every_apdu(
    issuer: StaffApi, master_key: bytes
) -> None:
    resident = new_resident("甲故障")
    complete = Personalizer(issuer, Blanks(master_key, None)).run(resident)
    length = complete.apdu_count
    assert length > 30
    problems = []
    for n in range(1, length + 1):
        resident = new_resident("乙故障")
        blanks = Blanks(master_key, n)
        try:
            result = Personalizer(issuer, blanks).run(resident)
        except PersoError as failure:
            if not isinstance(failure.cause, CardError):
                problems.append((n, "cause", repr(failure.cause)))
                continue
            outcome = f"{type(failure.cause).__name__} at {failure.step.value}"
            allocation = failure.allocation
            assert allocation is not None
            cards = _cards_of(issuer, resident.ssn)
            card = blanks.cards[allocation.card_number]
            card.knobs = Knobs()  # the operator puts the card back
            if failure.card_state is CardState.HALF_WRITTEN:
                with VirtualConnection(card) as conn:
                    erase_card(issuer, conn, allocation)
            result = Personalizer(issuer, blanks).run(resident, allocation=allocation)
            detail = f"{failure.card_state.value}; redone"
        else:
            outcome, cards, detail = "completed", _cards_of(issuer, resident.ssn), ""
        final = _cards_of(issuer, resident.ssn)
        active = [c for c in final if c[1] == "active"]
        MATRIX.add(
            "staff personalization",
            f"tear_after={n}/{length}",
            outcome,
            len(final),
            detail,
        )
        if outcome == "completed" and n != length:
            problems.append((n, "not torn"))
        if any(status == "active" for _, status in cards) and n != length:
            problems.append((n, "active before the redo", cards))
        if active != [(result.allocation.card_number, "active")] or len(final) != 1:
            problems.append((n, "server cards", final))
        if (
            blanks.cards[result.allocation.card_number].image.life_cycle
            is not LifeCycle.PERSONALIZED
        ):
            problems.append((n, "card life cycle"))
    assert problems == []
