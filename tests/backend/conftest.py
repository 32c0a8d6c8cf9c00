# SPDX-License-Identifier: Apache-2.0
"""A real seeded backend per database (SQLite always, PostgreSQL when available)."""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from backend.app import create_app
from backend.context import AppContext
from backend.db import migrate
from backend.demo import DEMO_KIOSK, seed, serve_in_thread
from backend.services.operators import register_kiosk
from backend.settings import RateLimits, load_settings
from tests.backend.cards import CardSigner

PINS = {"D00000123": "123456", "D00000022": "135790", "D00000213": "864200"}


@dataclass(kw_only=True)
class Env:
    """A migrated, seeded backend: context, in-process client, live server URL."""

    ctx: AppContext
    client: TestClient
    kiosk_id: str
    kiosk_secret: str
    cards: Path
    _live: Any = None
    _signers: dict[str, CardSigner] = field(default_factory=dict)

    @property
    def kiosk(self) -> dict[str, str]:
        """The demo kiosk's headers."""
        return {"X-Kiosk-Id": self.kiosk_id, "X-Kiosk-Key": self.kiosk_secret}

    def new_kiosk(self) -> dict[str, str]:
        """Register another kiosk; its headers."""
        kiosk_id = f"test-kiosk-{uuid.uuid4().hex[:8]}"
        with self.ctx.sessions() as db:
            secret = register_kiosk(db, kiosk_id, now=self.ctx.now())
            db.commit()
        return {"X-Kiosk-Id": kiosk_id, "X-Kiosk-Key": secret}

    def signer(self, card_number: str) -> CardSigner:
        """The card, PIN verified, ready to sign (one per card and env)."""
        if card_number not in self._signers:
            self._signers[card_number] = CardSigner(
                card_number, PINS.get(card_number, "246810"), self.cards
            )
        return self._signers[card_number]

    def login(
        self, card_number: str, kiosk: dict[str, str] | None = None
    ) -> dict[str, str]:
        """Challenge + signed session; headers with the bearer token."""
        kiosk = kiosk or self.kiosk
        got = self.client.post(
            "/api/v1/auth/challenge", json={"card_number": card_number}, headers=kiosk
        )
        assert got.status_code == 200, got.text
        body = got.json()
        signature = self.signer(card_number).sign_challenge(
            body["nonce"], kiosk["X-Kiosk-Id"]
        )
        got = self.client.post(
            "/api/v1/auth/session",
            headers=kiosk,
            json={
                "challenge_id": body["challenge_id"],
                "card_number": card_number,
                "signature": signature,
            },
        )
        assert got.status_code == 200, got.text
        return {**kiosk, "Authorization": f"Bearer {got.json()['token']}"}

    def live_url(self) -> str:
        """The same app served by uvicorn on 127.0.0.1 (started once)."""
        if self._live is None:
            self._live = serve_in_thread(self.ctx.settings, ctx=self.ctx)
        return str(self._live[0])

    def close(self) -> None:
        if self._live is not None:
            self._live[1].should_exit = True
            self._live[2].join(10)
        self.ctx.engine.dispose()


@pytest.fixture(
    scope="session",
    params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)],
)
def env(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Env]:
    """One seeded backend per database kind, shared by the session's tests."""
    tmp = tmp_path_factory.mktemp(f"backend-{request.param}")
    if request.param == "postgres":
        url = request.getfixturevalue("postgres_url")
    else:
        url = f"sqlite:///{tmp / 'backend.sqlite3'}"
    environment = seeded_env(url, tmp)
    yield environment
    environment.close()


def seeded_env(url: str, tmp: Path) -> Env:
    """The database at ``url`` migrated and seeded with the demo data, served
    in-process; card images copied into ``tmp``."""
    settings = load_settings(database_url=url)
    settings = dataclasses.replace(
        settings,
        rate_limits=RateLimits(
            challenges_per_kiosk=10_000,
            loss_reports_per_kiosk=4,
            loss_reports_per_ssn=2,
        ),
    )
    migrate(url)
    ctx = AppContext.create(settings)
    secret = seed(ctx)
    cards = tmp / "cards"
    cards.mkdir()
    return Env(
        ctx=ctx,
        client=TestClient(create_app(settings, ctx=ctx)),
        kiosk_id=DEMO_KIOSK,
        kiosk_secret=secret,
        cards=cards,
    )


def error_code(response: Any) -> str:
    """The ``error.code`` of an error answer."""
    return str(response.json()["error"]["code"])
