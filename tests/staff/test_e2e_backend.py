# SPDX-License-Identifier: Apache-2.0
"""Personalization end to end: the in-process virtual card and the REAL backend
(subprocess on 127.0.0.1, seeded SQLite), through StaffClient."""

from __future__ import annotations

from pathlib import Path

import pytest
from cryptography import x509

from backend_client.errors import ConflictError, ForbiddenRoleError
from backend_client.staff import AuditFilter
from card.auth import AuthSession, verify_card
from card.connection import GetResponseConnection
from card.errors import CardRemovedError, IssuerAuthenticationError, PinBlockedError
from card.ssse import SsseSession
from card.virtual import Knobs, LifeCycle, VirtualCard, VirtualConnection
from card.virtual.bundled import DEMO_CA_CERTIFICATE
from card.virtual.factory import new_blank
from staff.api import StaffApi
from staff.models import Allocation, Resident
from staff.personalize import (
    CardState,
    PersoError,
    Personalizer,
    Step,
    erase_card,
)
from staff.unblock import unblock_pin
from tests.live_backend import CardHolder, DemoCard, LiveBackend
from tests.staff.conftest import new_resident, staff_api

ROOT = Path(__file__).resolve().parents[2]
CA_CERT = x509.load_pem_x509_certificate((DEMO_CA_CERTIFICATE).read_bytes())


class Blanks:
    """The card factory: one blank per allocation, kept for inspection."""

    def __init__(self, master_key: bytes, knobs: Knobs | None = None) -> None:
        self.master_key, self.knobs = master_key, knobs
        self.cards: dict[str, VirtualCard] = {}

    def __call__(self, allocation: Allocation) -> VirtualConnection:
        card = self.cards.get(allocation.card_number)
        if card is None:
            card = new_blank(
                master_key=self.master_key, recognition_code=allocation.recognition_code
            )
            if self.knobs is not None:
                card.knobs = self.knobs
            self.cards[allocation.card_number] = card
        return VirtualConnection(card)


def personalize(
    api: StaffApi, blanks: Blanks, resident: Resident, **kw: object
) -> object:
    return Personalizer(api, blanks).run(resident, **kw)  # type: ignore[arg-type]


def test_issue_a_card_that_the_kiosk_can_sign_in_with(
    backend: LiveBackend, issuer_api: StaffApi, master_key: bytes, tmp_path: Path
) -> None:
    resident = new_resident("钱多多")
    blanks = Blanks(master_key)
    result = personalize(issuer_api, blanks, resident)
    number = result.allocation.card_number
    person = issuer_api.find_person(resident.ssn)
    assert person is not None and person.card(number).status == "active"
    card = blanks.cards[number]
    assert card.image.life_cycle is LifeCycle.PERSONALIZED
    conn = GetResponseConnection(VirtualConnection(card))
    assert SsseSession(conn).read_holder().name == "钱多多"
    cert = verify_card(AuthSession(conn), CA_CERT, card_number=number)
    assert cert.public_key() == card.image.keys[0x81].public_key()
    path = tmp_path / "issued.json"
    card.save(path)
    holder = CardHolder(
        DemoCard(card_number=number, pin="123456", status="active", path=path)
    )
    with backend.client() as client:
        session = holder.sign_in(client)
        assert session.me().card.card_number == number


def test_a_new_card_replaces_the_active_one(
    issuer_api: StaffApi, master_key: bytes
) -> None:
    resident = new_resident()
    first = personalize(issuer_api, Blanks(master_key), resident)
    second = personalize(issuer_api, Blanks(master_key), resident)
    person = issuer_api.find_person(resident.ssn)
    assert person is not None
    assert person.card(first.allocation.card_number).status == "replaced"
    assert person.card(second.allocation.card_number).status == "active"


def test_wrong_issuer_key_refused_and_no_card_registered(issuer_api: StaffApi) -> None:
    resident = new_resident()
    with pytest.raises(PersoError) as caught:
        personalize(issuer_api, Blanks(bytes(16)), resident)
    failure = caught.value
    assert failure.step is Step.ISSUER_AUTH
    assert failure.card_state is CardState.UNTOUCHED
    assert isinstance(failure.cause, IssuerAuthenticationError)
    person = issuer_api.find_person(resident.ssn)
    assert person is not None
    assert [c.status for c in person.cards] == ["allocated"]
    with pytest.raises(ConflictError):
        issuer_api.activate(failure.allocation.card_number)


def test_card_pulled_mid_way_then_erase_and_redo(
    issuer_api: StaffApi, master_key: bytes
) -> None:
    resident = new_resident()
    blanks = Blanks(master_key, Knobs(tear_after=30))
    with pytest.raises(PersoError) as caught:
        personalize(issuer_api, blanks, resident)
    failure = caught.value
    assert failure.card_state is CardState.HALF_WRITTEN
    assert isinstance(failure.cause, CardRemovedError)
    allocation = failure.allocation
    card = blanks.cards[allocation.card_number]
    card.knobs = Knobs()
    with VirtualConnection(card) as conn:
        erase_card(issuer_api, conn, allocation)
    result = personalize(issuer_api, blanks, resident, allocation=allocation)
    assert result.allocation.card_number == allocation.card_number
    person = issuer_api.find_person(resident.ssn)
    assert person is not None
    assert [(c.card_number, c.status) for c in person.cards] == [
        (allocation.card_number, "active")
    ]


def test_reviewer_cannot_personalize(backend: LiveBackend, master_key: bytes) -> None:
    reviewer = staff_api(backend, "reviewer")
    assert "issuer" not in reviewer.operator.roles
    with pytest.raises(PersoError) as caught:
        personalize(reviewer, Blanks(master_key), new_resident())
    assert isinstance(caught.value.cause, ForbiddenRoleError)
    assert caught.value.step is Step.RESIDENT
    with pytest.raises(ForbiddenRoleError):
        reviewer.allocate_card(new_resident().ssn)


def test_pin_unblock_at_the_counter(issuer_api: StaffApi, master_key: bytes) -> None:
    blanks = Blanks(master_key)
    result = personalize(issuer_api, blanks, new_resident())
    card = blanks.cards[result.allocation.card_number]
    ssse = SsseSession(GetResponseConnection(VirtualConnection(card)))
    for _ in range(3):
        try:
            ssse.verify_pin("999999")
        except Exception:  # spending tries
            pass
    with pytest.raises(PinBlockedError):
        ssse.verify_pin("123456")
    with VirtualConnection(card) as conn:
        unblock_pin(issuer_api, conn, expected_card=result.allocation.card_number)
    ssse = SsseSession(GetResponseConnection(VirtualConnection(card)))
    ssse.verify_pin("123456")


def test_card_state_actions_land_in_the_audit_log(
    backend: LiveBackend, issuer_api: StaffApi, master_key: bytes
) -> None:
    result = personalize(issuer_api, Blanks(master_key), new_resident())
    number = result.allocation.card_number
    issuer_api.card_action(number, "formal-loss", "居民来窗口报失")
    person = issuer_api.find_person(result.allocation.ssn)
    assert person is not None and person.card(number).status == "lost"
    with pytest.raises(ConflictError):
        issuer_api.card_action(number, "cancel-temporary-loss", "不是临时挂失")
    admin = staff_api(backend, "admin")
    entries = admin.audit(AuditFilter(card=number)).items
    actions = {(e.action, e.entity_id) for e in entries}
    assert ("card_formal_loss", number) in actions
    assert ("card_activated", number) in actions
    assert {e.entity_id for e in entries} == {number}
    losses = admin.audit(AuditFilter(card=number, action="card_formal_loss")).items
    assert [e.actor for e in losses] == [f"staff:{backend.staff['issuer'][0]}"]


def test_batch_resume_against_the_backend_issues_no_card_twice(
    issuer_api: StaffApi, master_key: bytes, tmp_path: Path
) -> None:
    import csv

    from staff.batch import BatchRunner
    from staff.sources import VirtualBatchSource

    residents = [new_resident(n) for n in ("甲一", "乙二", "丙三")]
    source_csv = tmp_path / "in.csv"
    with source_csv.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["ssn", "name", "mobile"])
        writer.writerows((r.ssn, r.name, r.mobile) for r in residents)

    def blank(allocation: Allocation) -> VirtualCard:
        return new_blank(
            master_key=master_key, recognition_code=allocation.recognition_code
        )

    class PowerCut(BaseException):
        pass

    def cut(progress: object) -> None:
        step = getattr(progress, "step", None)
        if (
            getattr(progress, "line", 0) == 3
            and step is not None
            and (step.step is Step.WRITE_CERTIFICATES)
        ):
            raise PowerCut()

    out = tmp_path / "out"
    with pytest.raises(PowerCut):
        BatchRunner(
            backend=issuer_api,
            source=VirtualBatchSource(blank, out),
            output_dir=out,
            progress=cut,
        ).run(source_csv)
    results = BatchRunner(
        backend=issuer_api, source=VirtualBatchSource(blank, out), output_dir=out
    ).run(source_csv)
    assert [r.status for r in results] == ["already_issued", "issued", "issued"]
    for resident, result in zip(residents, results, strict=True):
        person = issuer_api.find_person(resident.ssn)
        assert person is not None
        assert [(c.card_number, c.status) for c in person.cards] == [
            (result.card_number, "active")
        ]
        image = VirtualCard.load(out / "cards" / f"{result.card_number}.json")
        assert image.image.life_cycle is LifeCycle.PERSONALIZED
