# SPDX-License-Identifier: Apache-2.0
"""Card-signed submissions against a live backend: replays of refused or old
requests, idempotency keys bound to card and kiosk, and the initial PIN rule
enforced by the backend (SECURITY.md)."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from backend_client import BackendClient
from backend_client import errors as e
from backend_client.client import SubmissionAnswer
from backend_client.staff import StaffClient
from card.auth import bind_challenge, bind_submission, canonical_json
from tests.live_backend import CardHolder
from tests.security.conftest import NO_RETRY, SecurityBackend

TRANSFERS = "/api/v1/transfers"
WEEK_S = 7 * 24 * 3600  # backend/default.toml submission_max_age_seconds

MakeHolder = Callable[..., CardHolder]


def submit(
    client: BackendClient,
    holder: CardHolder,
    body: dict[str, Any],
    *,
    key: str | None = None,
    signed_at: int | None = None,
    claimed_at: int | None = None,
) -> SubmissionAnswer:
    """A transfer the card in ``holder`` signs for ``client``'s kiosk at
    ``signed_at``; sent with ``claimed_at`` as X-Signed-At when given."""
    assert client.kiosk is not None
    key = key or str(uuid.uuid4())
    when = int(time.time()) if signed_at is None else signed_at
    raw = canonical_json(body)
    digest = bind_submission(
        client.kiosk.kiosk_id,
        holder.card_number,
        key,
        "POST",
        TRANSFERS,
        raw,
        signed_at=when,
    )
    return client.submit(
        path=TRANSFERS,
        body=raw,
        idempotency_key=key,
        card_number=holder.card_number,
        signed_at=when if claimed_at is None else claimed_at,
        signature=holder.sign(digest),
    )


def holder_of_card(live: SecurityBackend, tmp_path: Path, number: str) -> CardHolder:
    demo = live.cards[number]
    return CardHolder(live.copy_card(demo, tmp_path / number))


@contextmanager
def staff_as(live: SecurityBackend, role: str) -> Iterator[StaffClient]:
    """A demo operator of ``role``, logged in for the block."""
    user, password = live.staff[role]
    staff = StaffClient(live.url)
    try:
        staff.login(user, password)
        yield staff
        staff.logout()
    finally:
        staff.close()


def audit_actions(live: SecurityBackend, card_number: str) -> list[str]:
    with staff_as(live, "admin") as staff:
        page = staff.audit("card")
    return [i.action for i in page.items if i.entity_id == card_number]


def finish(live: SecurityBackend, reference: str) -> None:
    """Advance an approved transfer to ``completed``, as the reviewer does."""
    with staff_as(live, "reviewer") as staff:
        while staff.request_detail(reference).status != "completed":
            staff.advance(reference, "test: the transfer is done")


def test_refused_submission_stays_refused_after_the_state_changes(
    live: SecurityBackend, client: BackendClient, tmp_path: Path
) -> None:
    """A transfer refused because one is under way is not accepted later, once
    the open one is closed, from the same signed bytes (no card needed)."""
    holder = holder_of_card(live, tmp_path, "D00000189")  # pension transfer open
    body = {"kind": "pension", "to_region": "110000"}
    key, when = str(uuid.uuid4()), int(time.time())
    with pytest.raises(e.ConflictError) as first:
        submit(client, holder, body, key=key, signed_at=when)
    assert first.value.code == "conflict" and first.value.detail["reference"]
    ssn = live.cards["D00000189"].ssn
    finish(live, first.value.detail["reference"])  # the open one is gone
    try:
        with pytest.raises(e.ConflictError) as replay:
            submit(client, holder, body, key=key, signed_at=when)
        assert replay.value.code == "conflict"
        assert replay.value.detail["reference"] == first.value.detail["reference"]
        assert "submission_refused" in audit_actions(live, holder.card_number)
        # the card itself may still apply: a new signature, a new key
        assert submit(client, holder, body).status == 201
    finally:
        live.reject_open_requests(ssn)


def test_submission_signed_outside_the_window_is_refused(
    client: BackendClient, holder_of: MakeHolder
) -> None:
    holder = holder_of(6)
    body = {"kind": "medical", "to_region": "510100"}
    with pytest.raises(e.SubmissionExpiredError):
        submit(client, holder, body, signed_at=int(time.time()) - WEEK_S - 60)
    with pytest.raises(e.SubmissionClockSkewError):
        submit(client, holder, body, signed_at=int(time.time()) + 3600)


def test_signing_time_is_bound_by_the_signature(
    client: BackendClient, holder_of: MakeHolder
) -> None:
    """An old request cannot be made young by changing X-Signed-At."""
    holder = holder_of(6)
    body = {"kind": "medical", "to_region": "510100"}
    old = int(time.time()) - WEEK_S - 60
    with pytest.raises(e.SignatureInvalidError):
        submit(client, holder, body, signed_at=old, claimed_at=int(time.time()))


def test_idempotency_key_belongs_to_its_card_and_kiosk(
    live: SecurityBackend,
    client: BackendClient,
    holder_of: MakeHolder,
) -> None:
    """Another genuine card, or the same card at another kiosk, signing the
    same body under a used key is refused; nobody gets the stored request."""
    victim, other = holder_of(7), holder_of(8)
    body = {"kind": "medical", "to_region": "510100"}
    key, when = str(uuid.uuid4()), int(time.time())
    try:
        stored = submit(client, victim, body, key=key, signed_at=when)
        assert stored.status == 201
        reference = stored.detail.reference
        with pytest.raises(e.IdempotencyKeyForeignError) as by_card:
            submit(client, other, body, key=key, signed_at=when)
        kiosk = live.register_kiosk(f"kiosk-b-{uuid.uuid4().hex[:6]}")
        with BackendClient(live.url, kiosk=kiosk, retries=NO_RETRY) as elsewhere:
            with pytest.raises(e.IdempotencyKeyForeignError) as by_kiosk:
                submit(elsewhere, victim, body, key=key, signed_at=when)
        for refused in (by_card.value, by_kiosk.value):
            assert reference not in str(refused) and not refused.detail
        replay = submit(client, victim, body, key=key, signed_at=when)
        assert (replay.status, replay.detail.reference) == (200, reference)
    finally:
        for holder in (victim, other):
            live.reject_open_requests(live.cards[holder.card_number].ssn)


def signed_nonce(
    client: BackendClient,
    holder: CardHolder,
    purpose: str,
    signer: CardHolder | None = None,
) -> tuple[str, str, bytes]:
    """A challenge of ``purpose`` for the holder's card, and the key-82
    signature of ``signer`` (default the holder) over the bound nonce:
    ``(challenge_id, card_number, signature)``."""
    assert client.kiosk is not None
    challenge = client.challenge(holder.card_number, purpose)  # type: ignore[arg-type]
    bound = bind_challenge(challenge.nonce, client.kiosk.kiosk_id, holder.card_number)
    signature = (signer or holder).sign(bound)
    return challenge.challenge_id, holder.card_number, signature


def test_card_on_its_initial_pin_cannot_submit(
    live: SecurityBackend, client: BackendClient, tmp_path: Path
) -> None:
    """The backend, not only the kiosk's screens, refuses submissions from a
    card on the issuer's PIN until the card signs a registered PIN change."""
    holder = holder_of_card(live, tmp_path, "D00000123")  # PIN 123456
    body = {"kind": "medical", "to_region": "310000"}
    key, when = str(uuid.uuid4()), int(time.time())
    with pytest.raises(e.PinChangeRequiredError):
        submit(client, holder, body, key=key, signed_at=when)
    holder.ssse.change_pin("123456", "258036")
    # a session's challenge is not a PIN change, nor the reverse
    with pytest.raises(e.ChallengeWrongPurposeError):
        client.register_pin_change(*signed_nonce(client, holder, "session"))
    with pytest.raises(e.ChallengeWrongPurposeError):
        client.open_session(*signed_nonce(client, holder, "pin_changed"))
    client.register_pin_change(*signed_nonce(client, holder, "pin_changed"))
    assert "pin_changed" in audit_actions(live, holder.card_number)
    try:
        # refused once, refused forever; a new signature is accepted
        with pytest.raises(e.PinChangeRequiredError):
            submit(client, holder, body, key=key, signed_at=when)
        assert submit(client, holder, body).status == 201
    finally:
        live.reject_open_requests(live.cards[holder.card_number].ssn)


def test_pin_change_registration_needs_the_card(
    live: SecurityBackend, client: BackendClient, holder_of: MakeHolder
) -> None:
    """Another card's signature over the nonce registers nothing."""
    holder, other = holder_of(9), holder_of(10)
    challenge_id, number, forged = signed_nonce(client, holder, "pin_changed", other)
    with pytest.raises(e.SignatureInvalidError):
        client.register_pin_change(challenge_id, number, forged)
    with pytest.raises(e.ChallengeReplayedError):  # used up by the attempt
        client.register_pin_change(challenge_id, number, bytes(64))
    assert "pin_changed" not in audit_actions(live, holder.card_number)
