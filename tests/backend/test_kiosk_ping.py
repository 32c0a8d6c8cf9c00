# SPDX-License-Identifier: Apache-2.0
"""``GET /api/v1/kiosk/ping``: the kiosk's self-check of its credential, on
both engines, in-process and through the typed client over loopback."""

from __future__ import annotations

import pytest

from backend.services.operators import revoke_kiosk
from backend_client import NO_RETRY
from backend_client.client import BackendClient, KioskCredentials
from backend_client.errors import KioskUnauthorizedError
from tests.backend.conftest import Env, error_code

PING = "/api/v1/kiosk/ping"


def test_ping_answers_204_to_a_registered_kiosk(env: Env) -> None:
    got = env.client.get(PING, headers=env.kiosk)
    assert got.status_code == 204, got.text
    assert got.content == b""


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"X-Kiosk-Id": "kiosk-001"},
        {"X-Kiosk-Id": "kiosk-001", "X-Kiosk-Key": "wrong"},
        {"X-Kiosk-Id": "no-such-kiosk", "X-Kiosk-Key": "wrong"},
    ],
)
def test_ping_refuses_a_wrong_credential(env: Env, headers: dict[str, str]) -> None:
    got = env.client.get(PING, headers=headers)
    assert got.status_code == 401
    assert error_code(got) == "kiosk_unauthorized"


def test_ping_refuses_a_revoked_kiosk(env: Env) -> None:
    headers = env.new_kiosk()
    assert env.client.get(PING, headers=headers).status_code == 204
    with env.ctx.sessions() as db:
        revoke_kiosk(db, headers["X-Kiosk-Id"], now=env.ctx.now(), reason="test")
        db.commit()
    got = env.client.get(PING, headers=headers)
    assert (got.status_code, error_code(got)) == (401, "kiosk_unauthorized")


def test_client_ping_over_loopback(env: Env) -> None:
    url = env.live_url()
    good = KioskCredentials(kiosk_id=env.kiosk_id, key=env.kiosk_secret)
    with BackendClient(url, kiosk=good, retries=NO_RETRY) as client:
        client.ping()
    bad = KioskCredentials(kiosk_id=env.kiosk_id, key="not-the-secret")
    with BackendClient(url, kiosk=bad, retries=NO_RETRY) as client:
        with pytest.raises(KioskUnauthorizedError) as caught:
            client.ping()
    assert caught.value.status == 401
    assert "not-the-secret" not in str(caught.value)
