# SPDX-License-Identifier: Apache-2.0
"""Every client call against the real backend on 127.0.0.1, with real cards.

Sessions are opened the way the kiosk opens them: the virtual card verifies
the PIN and signs the backend's nonce, bound to kiosk and card, with key 82.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from backend_client import BackendClient, KioskCredentials
from backend_client import errors as e
from backend_client.models import INSURANCES
from card.auth import bind_challenge
from tests.live_backend import CardHolder, LiveBackend


def test_health(client: BackendClient) -> None:
    health = client.health()
    assert (health.status, health.database) == ("ok", "ok")


def test_session_me_and_accounts(client: BackendClient, holder: CardHolder) -> None:
    session = holder.sign_in(client)
    assert session.is_open and session.purpose == "session"
    assert session.expires_at > dt.datetime.now(dt.UTC)
    me = session.me()
    assert me.card.card_number == holder.card_number
    assert me.card.status == "active"
    assert len(me.person.ssn) == 18
    accounts = session.accounts()
    assert {a.insurance for a in accounts.accounts} == set(INSURANCES)
    assert all(isinstance(a.balance, Decimal) for a in accounts.accounts)
    assert any(a.contribution_months > 0 for a in accounts.accounts)
    assert all(t.months >= 1 for t in accounts.by_year)


def test_contributions_paging_and_filters(
    client: BackendClient, holder: CardHolder
) -> None:
    session = holder.sign_in(client)
    first = session.contributions(page=1, page_size=5)
    assert first.page == 1 and first.page_size == 5 and first.total > 5
    assert len(first.items) == 5
    second = session.contributions(page=2, page_size=5)
    assert {c.month + c.insurance for c in first.items}.isdisjoint(
        {c.month + c.insurance for c in second.items}
    )
    pension = session.contributions(insurance="pension", page_size=100)
    assert pension.items and all(c.insurance == "pension" for c in pension.items)
    year = int(pension.items[0].month[:4])
    in_year = session.contributions(insurance="pension", year=year, page_size=100)
    assert all(c.month.startswith(str(year)) for c in in_year.items)


def test_regions_and_transfer_preview(
    client: BackendClient, holder: CardHolder
) -> None:
    session = holder.sign_in(client)
    regions = session.regions()
    me = session.me()
    assert len(regions) >= 2
    target = next(r for r in regions if r.code != me.person.hukou_region)
    preview = session.transfer_preview("pension", target.code)
    assert preview.to_region == target.code
    assert preview.total == preview.individual_account + preview.pooled_fund_transfer
    assert preview.steps and all(s.deadline_working_days > 0 for s in preview.steps)
    medical = session.transfer_preview("medical", target.code)
    assert medical.kind == "medical"


def test_eligibility_claims_transfers_certificate(
    client: BackendClient, holder: CardHolder
) -> None:
    session = holder.sign_in(client)
    eligibility = session.unemployment_eligibility()
    assert eligibility.max_months >= 0
    assert isinstance(session.claims(), tuple)
    assert isinstance(session.transfers(), tuple)
    cert = session.certificate()
    assert cert.person.ssn == session.me().person.ssn
    assert {i.insurance for i in cert.insurances} <= set(INSURANCES)
    public = client.public_certificate(cert.verification_code)
    assert public.verification_code == cert.verification_code
    assert public.person.name == cert.person.name


def test_pin_change_registered_and_logout(
    client: BackendClient, holder: CardHolder
) -> None:
    session = holder.sign_in(client)
    assert client.kiosk is not None
    challenge = client.challenge(holder.card_number, "pin_changed")
    bound = bind_challenge(challenge.nonce, client.kiosk.kiosk_id, holder.card_number)
    signature = holder.sign(bound)
    assert (
        client.register_pin_change(
            challenge.challenge_id, holder.card_number, signature
        )
        is None
    )
    session.logout()
    assert not session.is_open
    session.logout()  # idempotent
    with pytest.raises(e.SessionInvalidError):
        session.me()


def test_logged_out_token_is_refused_by_the_server(
    client: BackendClient, holder: CardHolder
) -> None:
    session = holder.sign_in(client)
    token = session._token
    session.logout()
    session._token = token  # replay the old token on purpose
    with pytest.raises(e.SessionInvalidError) as info:
        session.accounts()
    assert info.value.status == 401 and info.value.request_id
    assert token is not None and token not in str(info.value) + repr(session)


def test_session_secrets_not_in_repr(client: BackendClient, holder: CardHolder) -> None:
    session = holder.sign_in(client)
    assert session._token and session._token not in repr(session)
    assert client.kiosk is not None and client.kiosk.key not in repr(client)


# --- error codes from the real backend ------------------------------------------


def test_challenge_replayed(client: BackendClient, holder: CardHolder) -> None:
    assert client.kiosk is not None
    challenge = client.challenge(holder.card_number)
    sig = holder.sign(
        bind_challenge(challenge.nonce, client.kiosk.kiosk_id, holder.card_number)
    )
    client.open_session(challenge.challenge_id, holder.card_number, sig)
    with pytest.raises(e.ChallengeReplayedError):
        client.open_session(challenge.challenge_id, holder.card_number, sig)


def test_signature_invalid(client: BackendClient, holder: CardHolder) -> None:
    challenge = client.challenge(holder.card_number)
    wrong = holder.sign(bytes(32))  # a real card signature, over the wrong bytes
    with pytest.raises(e.SignatureInvalidError):
        client.open_session(challenge.challenge_id, holder.card_number, wrong)


def test_challenge_wrong_card(
    live: LiveBackend, client: BackendClient, holder_for
) -> None:  # type: ignore[no-untyped-def]
    assert client.kiosk is not None
    a, b = holder_for(live.card("active", 0)), holder_for(live.card("active", 1))
    challenge = client.challenge(a.card_number)
    sig = b.sign(bind_challenge(challenge.nonce, client.kiosk.kiosk_id, b.card_number))
    with pytest.raises(e.ChallengeWrongCardError):
        client.open_session(challenge.challenge_id, b.card_number, sig)


def test_kiosk_unauthorized(live: LiveBackend, holder: CardHolder) -> None:
    wrong = KioskCredentials(kiosk_id=live.kiosk.kiosk_id, key="not-the-key")
    with live.client(kiosk=wrong) as c, pytest.raises(e.KioskUnauthorizedError):
        c.challenge(holder.card_number)
    with live.client(kiosk=None) as c, pytest.raises(e.KioskUnauthorizedError):
        c.challenge(holder.card_number)


def test_invalid_request(client: BackendClient) -> None:
    with pytest.raises(e.InvalidRequestError):
        client.challenge("not a card number")


def test_not_found(client: BackendClient) -> None:
    with pytest.raises(e.NotFoundError):
        client.public_certificate("NO-SUCH-CODE")
    with pytest.raises(e.NotFoundError):
        client.public_request_status("PT-NOPE", "x" * 16)


def test_card_not_active(live: LiveBackend, client: BackendClient) -> None:
    card = live.card("temporarily_lost")
    with pytest.raises(e.CardNotActiveError) as info:
        client.challenge(card.card_number)
    assert info.value.card_status == "temporarily_lost"
    assert info.value.status == 403
