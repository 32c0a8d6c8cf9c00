# SPDX-License-Identifier: Apache-2.0
"""Card states, loss reports, rate limits, kiosk binding and the staff client,
against the real backend on 127.0.0.1.

Each test that changes a card's state uses a demo card of its own.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from backend_client import (
    BackendClient,
    KioskCredentials,
    StaffClient,
)
from backend_client import errors as e
from backend_client.client import transfer_body
from card.auth import bind_challenge
from tests.client.conftest import FAST_RETRY
from tests.live_backend import CardHolder, LiveBackend

# Plain active demo cards reserved for the state-changing tests of this module.
LOSS, FORMAL_LOSS, REVOKE, SECOND_KIOSK, REVIEW = 3, 4, 5, 6, 7


@pytest.fixture(scope="module")
def second_kiosk(live: LiveBackend) -> KioskCredentials:
    """Another kiosk registered with ``ss-backend register-kiosk``."""
    out = live.cli("register-kiosk", "test-kiosk-02").stdout
    found = re.search(r"secret[^:]*:\s*(\S+)", out)
    assert found, "register-kiosk printed no secret"
    return KioskCredentials(kiosk_id="test-kiosk-02", key=found.group(1))


@pytest.fixture
def staff(live: LiveBackend) -> Iterator[StaffClient]:
    live.start()
    with_client = StaffClient(live.url, retries=FAST_RETRY)
    yield with_client
    with_client.close()


def login(staff: StaffClient, live: LiveBackend, role: str) -> None:
    user, password = live.staff[role]
    assert role in staff.login(user, password).roles


def test_temporary_loss_report_and_cancel_with_the_card(
    live: LiveBackend, client: BackendClient, holder_for
) -> None:  # type: ignore[no-untyped-def]
    demo = live.card("active", LOSS)
    receipt = client.report_temporary_loss(demo.ssn, demo.mobile[-4:])
    assert receipt.status == "temporarily_lost"
    assert receipt.card_number_masked[:2] == demo.card_number[:2]
    assert demo.card_number not in receipt.card_number_masked
    with pytest.raises(e.CardNotActiveError) as info:
        client.challenge(demo.card_number)
    assert info.value.card_status == "temporarily_lost"
    holder: CardHolder = holder_for(demo)
    session = holder.sign_in(client, purpose="cancel_loss")
    assert session.purpose == "cancel_loss"
    assert session.cancel_temporary_loss().status == "active"
    resumed = holder.sign_in(client)
    assert resumed.me().card.status == "active"


def test_loss_report_wrong_pair_is_not_found(
    live: LiveBackend, client: BackendClient
) -> None:
    demo = live.card("active", LOSS)
    wrong = "0000" if demo.mobile[-4:] != "0000" else "1111"
    with pytest.raises(e.NotFoundError):
        client.report_temporary_loss("11010519491231002X", wrong)


def test_loss_reports_are_rate_limited_per_ssn(
    live: LiveBackend, client: BackendClient
) -> None:
    limit = 3  # backend/default.toml [rate_limits] loss_reports_per_ssn
    ssn = "110105194912310029"
    for _ in range(limit):
        with pytest.raises(e.NotFoundError):
            client.report_temporary_loss(ssn, "9999")
    with pytest.raises(e.RateLimitedError) as info:
        client.report_temporary_loss(ssn, "9999")
    assert info.value.status == 429
    assert info.value.retry_after is not None and info.value.retry_after > 0


def test_cancel_loss_challenge_refuses_an_active_card(
    client: BackendClient, holder: CardHolder
) -> None:
    with pytest.raises(e.CardNotActiveError):
        client.challenge(holder.card_number, "cancel_loss")


def test_expired_card_certificate_is_refused(
    live: LiveBackend, client: BackendClient, holder_for
) -> None:  # type: ignore[no-untyped-def]
    holder: CardHolder = holder_for(live.card("expired"))
    with pytest.raises((e.CertificateInvalidError, e.CardNotActiveError)):
        holder.sign_in(client)


def test_challenge_and_session_are_bound_to_the_kiosk(
    live: LiveBackend, client: BackendClient, second_kiosk: KioskCredentials, holder_for
) -> None:  # type: ignore[no-untyped-def]
    holder: CardHolder = holder_for(live.card("active", SECOND_KIOSK))
    assert client.kiosk is not None
    with live.client(kiosk=second_kiosk, retries=FAST_RETRY) as other:
        challenge = client.challenge(holder.card_number)
        sig = holder.sign(
            bind_challenge(challenge.nonce, second_kiosk.kiosk_id, holder.card_number)
        )
        with pytest.raises(e.ChallengeWrongKioskError):
            other.open_session(challenge.challenge_id, holder.card_number, sig)
        session = holder.sign_in(client)
        session.client = other  # the token travels to another kiosk
        with pytest.raises(e.SessionWrongKioskError):
            session.me()


def test_staff_login_refused(staff: StaffClient) -> None:
    with pytest.raises(e.StaffUnauthorizedError):
        staff.login("issuer-demo", "wrong password")
    assert staff.operator is None


def test_staff_role_is_enforced(live: LiveBackend, staff: StaffClient) -> None:
    login(staff, live, "reviewer")
    with pytest.raises(e.ForbiddenRoleError):
        staff.allocate_card(live.card("active").ssn)
    assert "Bearer" not in repr(staff)


def test_staff_person_and_card_actions(
    live: LiveBackend, client: BackendClient, staff: StaffClient
) -> None:
    login(staff, live, "issuer")
    lost, revoked = live.card("active", FORMAL_LOSS), live.card("active", REVOKE)
    person = staff.find_person(lost.ssn)
    assert person.person.ssn == lost.ssn
    assert lost.card_number in {c.card_number for c in person.cards}
    assert (
        staff.card_action(lost.card_number, "formal-loss", "reported at counter").status
        == "lost"
    )
    assert (
        staff.card_action(revoked.card_number, "revoke", "fraud check").status
        == "revoked"
    )
    for card, status in ((lost, "lost"), (revoked, "revoked")):
        with pytest.raises(e.CardNotActiveError) as info:
            client.challenge(card.card_number)
        assert info.value.card_status == status
    with pytest.raises(e.ConflictError):
        staff.card_action(revoked.card_number, "revoke", "again")
    with pytest.raises(e.NotFoundError):
        staff.find_person("110105194912310029")


def test_staff_allocation_and_issuer_calls(
    live: LiveBackend, staff: StaffClient
) -> None:
    login(staff, live, "issuer")
    allocation = staff.allocate_card(live.card("active", 2).ssn)
    assert allocation.status == "allocated" and len(allocation.recognition_code) == 16
    cryptogram = staff.issuer_cryptogram(allocation.card_number, bytes(range(16)))
    assert len(cryptogram) == 16
    with pytest.raises(e.ConflictError):
        staff.activate(allocation.card_number)  # keys not certified yet


def submit_transfer(client: BackendClient, holder: CardHolder, tmp_path: Path) -> str:
    """A pension transfer through the outbox, as the kiosk submits one."""
    session = holder.sign_in(client)
    home = session.me().person.hukou_region
    target = next(r.code for r in session.regions() if r.code != home)
    return holder.file_transfer(
        client, transfer_body("pension", target), tmp_path / "outbox.db"
    )


def test_staff_review_decide_advance_and_audit(
    live: LiveBackend,
    client: BackendClient,
    staff: StaffClient,
    holder_for,
    tmp_path: Path,
) -> None:  # type: ignore[no-untyped-def]
    holder: CardHolder = holder_for(live.card("active", REVIEW))
    reference = submit_transfer(client, holder, tmp_path)
    login(staff, live, "reviewer")
    waiting = {r.reference: r for r in staff.reviews()}
    item = waiting[reference]
    assert item.ssn == live.card("active", REVIEW).ssn and item.name
    decided = staff.decide(reference, approve=True, reason="documents complete")
    assert decided.status == "approved"
    assert decided.timeline[-1].reason == "documents complete"
    assert staff.advance(reference, "funds sent").status == "funds_transferred"
    assert staff.advance(reference, "relationship loaded").status == "completed"
    with pytest.raises(e.ConflictError):
        staff.decide(reference, approve=False, reason="too late")
    seen = holder.sign_in(client).transfer(reference)
    assert [t.status for t in seen.timeline][-3:] == [
        "approved",
        "funds_transferred",
        "completed",
    ]
    login(staff, live, "admin")
    page = staff.audit()
    assert page.items and page.page == 1
    assert all(a.action for a in page.items)


def test_organisational_transfer_claimed_then_confirmed_by_staff(
    live: LiveBackend,
    client: BackendClient,
    staff: StaffClient,
    holder_for,
    tmp_path: Path,
) -> None:  # type: ignore[no-untyped-def]
    # 韩东, 53, hukou 湖南, Beijing -> Shanghai by the organisation department
    holder: CardHolder = holder_for(live.cards["D00000246"])
    session = holder.sign_in(client)
    plain = session.transfer_preview("pension", "310000")
    assert plain.temporary_account and plain.if_confirmed is None
    claimed = session.transfer_preview(
        "pension", "310000", organisational_transfer=True
    )
    assert claimed.organisational_transfer == "claimed" and claimed.total == 0
    promised = claimed.if_confirmed
    assert promised is not None and promised.relationship_to == "310000"
    reference = holder.file_transfer(
        client,
        transfer_body("pension", "310000", organisational_transfer=True),
        tmp_path / "outbox.db",
    )
    login(staff, live, "reviewer")
    waiting = {r.reference: r for r in staff.reviews()}
    assert waiting[reference].organisational_transfer == "claimed"
    with pytest.raises(e.ConflictError):
        staff.decide(reference, approve=True, reason="consent")
    settled = staff.settle_organisational_transfer(
        reference, confirm=True, reason="调动通知书 seen"
    )
    assert settled.organisational_transfer == "confirmed"
    assert settled.total == promised.total
    review = settled.organisational_transfer_review
    assert review is not None and review.confirmed and review.actor == "staff:reviewer"
    assert staff.decide(reference, approve=True, reason="consent").status == "approved"
