# SPDX-License-Identifier: Apache-2.0
"""Fixtures of the client tests: one real backend on loopback per session."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from backend_client import BackendClient, RetryPolicy
from tests.live_backend import CardHolder, DemoCard, LiveBackend, live_backend

FAST_RETRY = RetryPolicy(attempts=2, backoff_base=0.05, backoff_max=0.1)


@pytest.fixture(scope="session")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveBackend]:
    """The reference backend, seeded with the demo data, on 127.0.0.1."""
    with live_backend(tmp_path_factory.mktemp("backend")) as backend:
        yield backend


@pytest.fixture
def client(live: LiveBackend) -> Iterator[BackendClient]:
    """A client with the demo kiosk's credentials (fast retries)."""
    live.start()  # a test may have stopped it
    with live.client(retries=FAST_RETRY) as c:
        yield c


@pytest.fixture
def holder_for(live: LiveBackend, tmp_path: Path):  # type: ignore[no-untyped-def]
    """Make a CardHolder (PIN verified) on a private copy of a demo card; at
    the end, the requests its holder left awaiting a decision are rejected."""
    made: list[DemoCard] = []

    def make(card: DemoCard, *, verify: bool = True) -> CardHolder:
        made.append(card)
        return CardHolder(
            live.copy_card(card, tmp_path / card.card_number), verify=verify
        )

    yield make
    for card in made:
        live.reject_open_requests(card.ssn)


@pytest.fixture
def holder(live: LiveBackend, holder_for) -> CardHolder:  # type: ignore[no-untyped-def]
    """The first active demo card, PIN verified."""
    return holder_for(live.card("active"))  # type: ignore[no-any-return]
