# SPDX-License-Identifier: Apache-2.0
"""Lifetimes: an expired challenge and an expired session, from a real backend
configured with lifetimes of a few seconds."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from backend_client import errors as e
from card.auth import bind_challenge
from tests.live_backend import CardHolder, LiveBackend, live_backend

LIFETIME_S = 2

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def short_lived(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveBackend]:
    settings = {
        "challenge_lifetime_seconds": LIFETIME_S,
        "session_lifetime_seconds": LIFETIME_S,
    }
    with live_backend(tmp_path_factory.mktemp("short"), settings) as backend:
        yield backend


def test_expired_challenge_and_session(
    short_lived: LiveBackend, tmp_path: Path
) -> None:
    holder = CardHolder(short_lived.copy_card(short_lived.card("active"), tmp_path))
    with short_lived.client() as client:
        assert client.kiosk is not None
        challenge = client.challenge(holder.card_number)
        signature = holder.sign(
            bind_challenge(challenge.nonce, client.kiosk.kiosk_id, holder.card_number)
        )
        session = holder.sign_in(client)
        assert session.me().card.card_number == holder.card_number
        time.sleep(LIFETIME_S + 1)
        with pytest.raises(e.ChallengeExpiredError):
            client.open_session(challenge.challenge_id, holder.card_number, signature)
        with pytest.raises(e.SessionInvalidError):
            session.me()
