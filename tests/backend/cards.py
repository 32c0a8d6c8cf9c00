# SPDX-License-Identifier: Apache-2.0
"""Drive demo virtual cards through real APDUs to sign like a kiosk does."""

from __future__ import annotations

import shutil
import time
import uuid
from pathlib import Path

from backend.demo import DEMO_CARDS
from card.auth import AuthSession, KeyRef, bind_challenge, bind_submission
from card.connection import GetResponseConnection
from card.ssse import SsseSession
from card.virtual.card import VirtualCard
from card.virtual.connection import VirtualConnection


class CardSigner:
    """One demo card (a private copy of its image) with the PIN verified."""

    def __init__(self, card_number: str, pin: str, tmp: Path) -> None:
        copy = tmp / f"{card_number}.json"
        if not copy.exists():
            shutil.copy(DEMO_CARDS / f"{card_number}.json", copy)
        self.card_number = card_number
        self.card = VirtualCard.load(copy)
        conn = GetResponseConnection(VirtualConnection(self.card))
        SsseSession(conn).verify_pin(pin)
        self.auth = AuthSession(conn)

    def sign(self, digest: bytes) -> str:
        """INTERNAL AUTHENTICATE with key 82 (holder) over ``digest``: hex r||s."""
        return self.auth.authenticate(KeyRef.HOLDER, digest).hex()

    def sign_challenge(self, nonce_hex: str, kiosk_id: str) -> str:
        """The session signature of docs/api.md (bind_challenge)."""
        return self.sign(
            bind_challenge(bytes.fromhex(nonce_hex), kiosk_id, self.card_number)
        )

    def sign_submission(
        self, kiosk_id: str, key: str, path: str, body: bytes, signed_at: int
    ) -> str:
        """The submission signature of docs/api.md (bind_submission)."""
        return self.sign(
            bind_submission(
                kiosk_id,
                self.card_number,
                key,
                "POST",
                path,
                body,
                signed_at=signed_at,
            )
        )

    def submission_headers(
        self,
        kiosk: dict[str, str],
        path: str,
        body: bytes,
        *,
        key: str | None = None,
        signed_at: int | None = None,
    ) -> dict[str, str]:
        """The kiosk headers plus those of a card-signed submission (docs/api.md);
        a fresh key and the current time unless given."""
        key = key or str(uuid.uuid4())
        when = int(time.time()) if signed_at is None else signed_at
        signature = self.sign_submission(kiosk["X-Kiosk-Id"], key, path, body, when)
        return {
            **kiosk,
            "Idempotency-Key": key,
            "X-Card-Number": self.card_number,
            "X-Signed-At": str(when),
            "X-Card-Signature": signature,
        }
