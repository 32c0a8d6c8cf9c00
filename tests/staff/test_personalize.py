# SPDX-License-Identifier: Apache-2.0
"""The personalization orchestrator through the virtual card (real APDU bytes).

The issuer side is :class:`LocalIssuer` (real master key and CA arithmetic);
tests/staff/test_e2e_backend.py runs the same flows against the real backend.
"""

from __future__ import annotations

import datetime as dt

import pytest

from backend_client.errors import ServerError
from card.auth import AuthSession, verify_card
from card.connection import GetResponseConnection
from card.errors import CardRemovedError, IssuerAuthenticationError
from card.ssse import SsseSession
from card.virtual import Knobs, LifeCycle, VirtualCard, VirtualConnection
from card.virtual.factory import new_blank
from card.virtual.state import manufactured_records
from staff.models import Allocation, Resident
from staff.personalize import (
    STEPS,
    CardState,
    PersoError,
    Personalizer,
    Progress,
    Step,
    StepStatus,
    erase_card,
)
from tests.staff.local_issuer import MASTER_KEY, LocalIssuer, demo_ca

RESIDENT = Resident.from_fields(
    {
        "ssn": "11010519491231002X",
        "name": "张三丰",
        "ethnic": "01",
        "mobile": "13800001234",
    }
)


class Factory:
    """Makes the blank for each allocation (the card factory) and keeps it."""

    def __init__(self, master_key: bytes = MASTER_KEY, knobs: Knobs | None = None):
        self.master_key = master_key
        self.knobs = knobs
        self.cards: list[VirtualCard] = []

    def __call__(self, allocation: Allocation) -> VirtualConnection:
        if not self.cards:
            card = new_blank(
                master_key=self.master_key, recognition_code=allocation.recognition_code
            )
            if self.knobs is not None:
                card.knobs = self.knobs
            self.cards.append(card)
        return VirtualConnection(self.cards[-1])

    @property
    def card(self) -> VirtualCard:
        return self.cards[-1]


def untouched(card: VirtualCard) -> bool:
    """Nothing but what the manufacturer wrote: the recognition code record."""
    return card.image.records == manufactured_records(card.image.recognition_code)


def run(issuer: LocalIssuer, factory: Factory, **kw: object) -> tuple[object, list]:
    events: list[Progress] = []
    perso = Personalizer(issuer, factory, progress=events.append, retry_limit=6)
    return perso.run(RESIDENT, **kw), events  # type: ignore[arg-type]


def test_personalizes_a_blank_card_end_to_end() -> None:
    issuer, factory = LocalIssuer(), Factory()
    result, events = run(issuer, factory)
    card = factory.card
    assert card.image.life_cycle is LifeCycle.PERSONALIZED
    assert issuer.active_cards(RESIDENT.ssn) == [result.allocation.card_number]
    conn = GetResponseConnection(VirtualConnection(card))
    ssse = SsseSession(conn)
    assert ssse.read_issuer().card_number == result.allocation.card_number
    holder = ssse.read_holder()
    assert (holder.ssn, holder.name, holder.birth_date) == (
        RESIDENT.ssn,
        "张三丰",
        dt.date(1949, 12, 31),
    )
    assert ssse.pin_tries_left() == 6
    ssse.verify_pin("123456")
    cert = verify_card(
        AuthSession(conn),
        demo_ca().certificate,
        card_number=result.allocation.card_number,
    )
    assert cert is not None
    done = [e.step for e in events if e.status is StepStatus.DONE]
    assert done == list(STEPS)
    assert result.apdu_count > 10
    assert 0 < result.apdu_seconds <= result.total_seconds


def test_wrong_issuer_key_is_refused_and_nothing_is_registered() -> None:
    issuer, factory = LocalIssuer(), Factory(master_key=bytes(16))
    with pytest.raises(PersoError) as caught:
        run(issuer, factory)
    failure = caught.value
    assert failure.step is Step.ISSUER_AUTH
    assert failure.card_state is CardState.UNTOUCHED
    assert isinstance(failure.cause, IssuerAuthenticationError)
    assert issuer.active_cards(RESIDENT.ssn) == []
    assert "activate" not in issuer.calls
    assert untouched(factory.card)


# A full personalization is 52 APDUs on the virtual card: tear in CONNECT,
# ISSUER_AUTH, WRITE_DATA, GENERATE_KEYS, WRITE_CERTIFICATES, RELOAD_PIN, ACTIVATE.
TEAR_POINTS = [0, 2, 20, 34, 42, 49, 51]


@pytest.mark.parametrize("tear_after", TEAR_POINTS)
def test_card_pulled_mid_way_then_erase_and_redo(tear_after: int) -> None:
    issuer, factory = LocalIssuer(), Factory(knobs=Knobs(tear_after=tear_after))
    with pytest.raises(PersoError) as caught:
        run(issuer, factory)
    failure = caught.value
    assert isinstance(failure.cause, CardRemovedError)
    assert failure.allocation is not None
    assert failure.step not in (Step.RESIDENT, Step.ALLOCATE, Step.REGISTER)
    assert factory.card.image.life_cycle is LifeCycle.INITIALISED
    assert issuer.active_cards(RESIDENT.ssn) == []
    early = failure.step in (Step.CONNECT, Step.ISSUER_AUTH)
    assert failure.card_state is (
        CardState.UNTOUCHED if early else CardState.HALF_WRITTEN
    )
    factory.card.knobs = Knobs()  # the operator puts the card back in
    if failure.card_state is CardState.HALF_WRITTEN:
        with VirtualConnection(factory.card) as conn:
            erase_card(issuer, conn, failure.allocation)
        assert untouched(factory.card)
    result, _ = run(issuer, factory, allocation=failure.allocation)
    assert result.allocation.card_number == failure.allocation.card_number
    assert issuer.calls.count("allocate_card") == 1
    assert issuer.active_cards(RESIDENT.ssn) == [result.allocation.card_number]
    assert factory.card.image.life_cycle is LifeCycle.PERSONALIZED


class FailingActivation(LocalIssuer):
    def __init__(self) -> None:
        super().__init__()
        self.refuse = True

    def activate(self, card_number: str) -> dict:
        if self.refuse:
            self.refuse = False
            raise ServerError("down", code="internal", status=503)
        return super().activate(card_number)


def test_backend_down_at_registration_then_register_only() -> None:
    issuer, factory = FailingActivation(), Factory()
    with pytest.raises(PersoError) as caught:
        run(issuer, factory)
    failure = caught.value
    assert (failure.step, failure.card_state) == (Step.REGISTER, CardState.PERSONALIZED)
    apdus_before = factory.card.apdu_count
    result, events = run(
        issuer, factory, allocation=failure.allocation, card_personalized=True
    )
    assert factory.card.apdu_count == apdus_before  # no card command at all
    assert result.apdu_count == 0
    skipped = {e.step for e in events if e.status is StepStatus.SKIPPED}
    assert Step.ACTIVATE in skipped and Step.ALLOCATE in skipped
    assert issuer.active_cards(RESIDENT.ssn) == [failure.allocation.card_number]


def test_second_card_replaces_the_first() -> None:
    issuer = LocalIssuer()
    first, _ = run(issuer, Factory())
    second, _ = run(issuer, Factory())
    assert issuer.cards[first.allocation.card_number]["status"] == "replaced"
    assert issuer.active_cards(RESIDENT.ssn) == [second.allocation.card_number]


def test_failure_message_names_step_and_state_without_secrets() -> None:
    issuer, factory = LocalIssuer(), Factory(knobs=Knobs(tear_after=12))
    with pytest.raises(PersoError) as caught:
        run(issuer, factory)
    text = str(caught.value)
    assert caught.value.step.value in text and "half_written" in text
    assert "123456" not in text and MASTER_KEY.hex() not in text.lower()
