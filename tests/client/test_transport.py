# SPDX-License-Identifier: Apache-2.0
"""Transport behaviour against loopback servers that misbehave on purpose.

Timeouts, malformed answers, TLS failures and the retry policy; the real
backend cannot be made to do these, so small local servers stand in.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path

import pytest

from backend_client import BackendClient, KioskCredentials, RetryPolicy
from backend_client import errors as e
from backend_client._http import Transport
from tests.client.local_servers import (
    Answer,
    ScriptedServer,
    free_port,
    silent_server,
    tls_server,
)

KIOSK = KioskCredentials(kiosk_id="K-TEST", key="kiosk-SECRET-key")
FAST = RetryPolicy(attempts=3, backoff_base=0.01, backoff_max=0.02, max_retry_after=1)


def client(url: str, **kw: object) -> BackendClient:
    kw.setdefault("retries", FAST)
    return BackendClient(url, kiosk=KIOSK, **kw)  # type: ignore[arg-type]


def test_read_timeout_raises_backend_timeout_within_the_limit() -> None:
    with silent_server() as silent:
        c = client(silent.url, read_timeout=0.3, retries=RetryPolicy(attempts=1))
        started = time.monotonic()
        with pytest.raises(e.BackendTimeoutError) as info:
            c.health()
        assert time.monotonic() - started < 3
        assert "127.0.0.1" not in str(info.value)


def test_plain_post_is_not_retried_after_it_may_have_reached_the_server() -> None:
    with silent_server() as silent:
        c = client(silent.url, read_timeout=0.2)
        with pytest.raises(e.BackendTimeoutError):
            c.challenge("A12345678")
        assert len(silent.accepted) == 1


def test_get_is_retried_after_a_timeout() -> None:
    with silent_server() as silent:
        c = client(silent.url, read_timeout=0.2)
        with pytest.raises(e.BackendTimeoutError):
            c.health()
        assert len(silent.accepted) == 3


def test_connection_refused_is_unavailable_and_retried_even_for_post() -> None:
    waits: list[float] = []
    transport = Transport(
        f"http://127.0.0.1:{free_port()}", retry=FAST, sleep=waits.append
    )
    with pytest.raises(e.BackendUnavailableError):
        transport.call("POST", "/api/v1/auth/challenge", headers={}, body=b"{}")
    assert len(waits) == FAST.attempts - 1


def test_503_with_retry_after_is_honoured_for_get() -> None:
    answers = [
        Answer(503, {"error": {"code": "internal"}}, {"Retry-After": "0"}),
        Answer(200, {"status": "ok", "database": "ok", "version": "9"}),
    ]
    with ScriptedServer(answers) as server:
        assert client(server.url).health().version == "9"
        assert len(server.seen) == 2


def test_503_is_not_retried_for_a_plain_post() -> None:
    with ScriptedServer([Answer(503, {"error": {"code": "internal"}})]) as server:
        with pytest.raises(e.ServerError):
            client(server.url).challenge("A12345678")
        assert len(server.seen) == 1


def test_429_retry_after_beyond_the_cap_is_raised_with_the_wait() -> None:
    answer = Answer(
        429,
        {"error": {"code": "rate_limited", "message": "slow down"}},
        {"Retry-After": "60"},
    )
    with ScriptedServer([answer]) as server:
        with pytest.raises(e.RateLimitedError) as info:
            client(server.url).report_temporary_loss("110101199003071234", "0000")
        assert info.value.retry_after == 60
        assert len(server.seen) == 1


def test_429_short_retry_after_is_waited_and_retried() -> None:
    answers = [
        Answer(429, {"error": {"code": "rate_limited"}}, {"Retry-After": "0"}),
        Answer(
            200,
            {
                "card_number_masked": "A1****78",
                "status": "temporarily_lost",
                "lapses_at": "2024-05-08T00:00:00+00:00",
            },
        ),
    ]
    with ScriptedServer(answers) as server:
        receipt = client(server.url).report_temporary_loss("110101199003071234", "0000")
        assert receipt.status == "temporarily_lost"
        assert len(server.seen) == 2


@pytest.mark.parametrize(
    "body",
    [
        b"not json at all",
        b'{"status": "ok"}',
        b'{"status": 1, "database": "ok", "version": "x"}',
        b"[]",
        b"\xff\xfe\x00",
    ],
)
def test_malformed_2xx_bodies_raise_malformed_response(body: bytes) -> None:
    with ScriptedServer([Answer(200, body)]) as server:
        with pytest.raises(e.MalformedResponseError):
            client(server.url).health()


def test_wrong_types_in_a_resident_answer() -> None:
    challenge = {
        "challenge_id": "c",
        "nonce": "zz" * 32,
        "expires_at": "2024-01-01T00:00:00Z",
    }
    with ScriptedServer([Answer(200, challenge)]) as server:
        with pytest.raises(e.MalformedResponseError, match="nonce"):
            client(server.url).challenge("A12345678")


def test_error_answer_maps_through_the_one_function() -> None:
    answer = Answer(
        403,
        {
            "error": {
                "code": "card_not_active",
                "message": "card is lost",
                "request_id": "r-9",
                "detail": {"status": "lost"},
            }
        },
    )
    with ScriptedServer([answer]) as server:
        with pytest.raises(e.CardNotActiveError) as info:
            client(server.url).challenge("A12345678")
    assert info.value.card_status == "lost"
    assert info.value.request_id == "r-9"


def test_kiosk_headers_sent_and_key_never_in_repr() -> None:
    with ScriptedServer([Answer(404, {"error": {"code": "not_found"}})]) as server:
        c = client(server.url)
        with pytest.raises(e.NotFoundError) as info:
            c.public_certificate("ABC")
        seen = server.seen[0]
    assert seen.headers["X-Kiosk-Id"] == "K-TEST"
    assert seen.headers["X-Kiosk-Key"] == "kiosk-SECRET-key"
    for text in (repr(c), repr(KIOSK), str(info.value), repr(info.value)):
        assert "SECRET" not in text


def test_status_token_stays_out_of_errors_and_logs(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    with silent_server() as silent:
        c = client(silent.url, read_timeout=0.1, retries=RetryPolicy(attempts=1))
        with pytest.raises(e.BackendTimeoutError) as info:
            c.public_request_status("TR-1", "status-TOKEN-xyz")
    assert "TOKEN" not in str(info.value)
    assert "TOKEN" not in caplog.text


def test_self_signed_server_fails_tls_verification(tmp_path: Path) -> None:
    with tls_server(
        tmp_path, [Answer(200, {"status": "ok", "database": "ok", "version": "1"})]
    ) as (url, _cert):
        with pytest.raises(e.TlsError):
            client(url).health()


def test_a_configured_ca_bundle_is_trusted(tmp_path: Path) -> None:
    with tls_server(
        tmp_path, [Answer(200, {"status": "ok", "database": "ok", "version": "1"})]
    ) as (url, cert):
        assert client(url, ca_bundle=str(cert)).health().status == "ok"
