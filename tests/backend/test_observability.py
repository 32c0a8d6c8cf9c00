# SPDX-License-Identifier: Apache-2.0
"""What ``ss-backend serve`` writes and exposes, read from a real server on
loopback: one JSON object per log line, the request id (honoured when
well-formed, echoed, carried into application lines), an access log without
SSNs, verification codes, tokens or kiosk secrets, ``X-Forwarded-For`` from
trusted proxies only, and the Prometheus metrics (one process, and
``--workers 2`` adding up across processes)."""

from __future__ import annotations

import json
import os
import re
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
import requests
from prometheus_client.parser import text_string_to_metric_families

from backend_client import StaffClient, prepare_submission
from tests.client.conftest import FAST_RETRY
from tests.client.test_live_outbox import other_region
from tests.conftest import ROOT, run
from tests.live_backend import CardHolder, LiveBackend, free_port, live_backend
from tests.tls_certs import make_tls

HEX32 = re.compile(r"[0-9a-f]{32}")


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveBackend]:
    """A seeded backend with no trusted proxy (the shipped default)."""
    with live_backend(tmp_path_factory.mktemp("observed")) as backend:
        yield backend


def log_lines(backend: LiveBackend) -> list[dict]:
    """Every line the server wrote; each must be one JSON object."""
    text = backend.log_path.read_text(encoding="utf-8")
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def access_lines(backend: LiveBackend) -> list[dict]:
    return [x for x in log_lines(backend) if x["logger"] == "backend.access"]


def settle(backend: LiveBackend, timeout: float = 10.0) -> None:
    """Wait until the server has logged everything asked of it so far: the
    access line follows the last byte sent, so a marker request is made and
    its line waited for."""
    marker = f"settle-{time.monotonic_ns()}"
    requests.get(f"{backend.url}/livez", headers={"X-Request-ID": marker}, timeout=5)
    deadline = time.monotonic() + timeout
    while marker not in backend.log_path.read_text(encoding="utf-8"):
        assert time.monotonic() < deadline, "the server did not log the marker"
        time.sleep(0.05)


def test_every_line_is_one_json_object(live: LiveBackend) -> None:
    requests.get(f"{live.url}/livez", timeout=5)
    settle(live)
    lines = log_lines(live)
    assert {x["logger"] for x in lines} >= {"backend.access", "uvicorn.error"}
    for line in lines:
        assert {"timestamp", "level", "logger", "message"} <= line.keys()
        assert datetime.fromisoformat(line["timestamp"]).utcoffset() is not None
    for line in access_lines(live):
        assert HEX32.fullmatch(line["request_id"]) or line["request_id"]
        assert {"method", "route", "status", "ms", "client"} <= line.keys()


@pytest.mark.parametrize(
    "given, kept",
    [
        ("kiosk-7.req:42_a", True),
        ("0f7c9d2e-58a1-4e55-9d7e-2f6a0b1c3d4e", True),
        ("has space", False),
        ("x" * 65, False),
        ("<script>", False),
        ("ünicode", False),
    ],
)
def test_request_id_is_honoured_when_well_formed(
    live: LiveBackend, given: str, kept: bool
) -> None:
    got = requests.get(
        f"{live.url}/api/v1/public/certificates/NOPE",
        headers={"X-Request-ID": given.encode("utf-8")},  # type: ignore[dict-item]
        timeout=5,
    )
    echoed = got.headers["X-Request-ID"]
    assert got.json()["error"]["request_id"] == echoed
    if kept:
        assert echoed == given
    else:
        assert HEX32.fullmatch(echoed) and echoed != given
    settle(live)
    assert any(x["request_id"] == echoed for x in access_lines(live))
    assert given not in live.log_path.read_text() or kept


def test_application_lines_carry_the_request_id(live: LiveBackend) -> None:
    """A line logged while a request runs (here: the database refusing a
    kiosk unit) carries that request's id."""
    db = sqlite3.connect(live.db_path)
    db.execute("ALTER TABLE kiosks RENAME TO kiosks_away")
    db.commit()
    try:
        got = requests.post(
            f"{live.url}/api/v1/auth/challenge",
            json={"card_number": live.card("active").card_number},
            headers={**live.kiosk.headers(), "X-Request-ID": "trace-me-503"},
            timeout=15,
        )
    finally:
        db.execute("ALTER TABLE kiosks_away RENAME TO kiosks")
        db.commit()
        db.close()
    assert got.status_code == 503 and got.headers["X-Request-ID"] == "trace-me-503"
    settle(live)
    mine = [x for x in log_lines(live) if x.get("request_id") == "trace-me-503"]
    assert {x["logger"] for x in mine} == {"backend.app", "backend.access"}
    warning = next(x for x in mine if x["logger"] == "backend.app")
    assert (
        warning["level"] == "WARNING" and "database unavailable" in warning["message"]
    )


def test_access_log_keeps_no_ssn_code_token_or_secret(
    live: LiveBackend, tmp_path: Path
) -> None:
    card = live.card("active")
    holder = CardHolder(live.copy_card(card, tmp_path))
    with live.client(retries=FAST_RETRY) as client:
        session = holder.sign_in(client)
        code = session.certificate().verification_code
        token = session._token  # the real bearer token, to look for it
        session.logout()
        assert client.public_certificate(code).verification_code == code
    user, password = live.staff["issuer"]
    staff = StaffClient(live.url)
    staff.login(user, password)
    staff_token = staff._token
    staff.find_person(card.ssn)  # ?ssn= in the query
    staff.open_allocations(card.ssn)  # the SSN in the path
    staff.close()
    requests.get(f"{live.url}/api/v1/no-such/{card.ssn}", timeout=5)  # unmatched
    requests.get(
        f"{live.url}/api/v1/public/requests/PT20260101ABCDEF",
        params={"t": "status-token-value-123"},
        timeout=5,
    )
    settle(live)
    text = live.log_path.read_text(encoding="utf-8")
    secrets = {
        "ssn": card.ssn,
        "verification code": code,
        "session token": token,
        "staff token": staff_token,
        "staff password": password,
        "kiosk secret": live.kiosk.key,
        "status token": "status-token-value-123",
    }
    for what, value in secrets.items():
        assert value and value not in text, f"{what} reached the log"
    routes = {(x["route"], tuple(x["query"])) for x in access_lines(live)}
    assert ("/api/v1/public/certificates/{code}", ()) in routes
    assert ("/api/v1/staff/persons", ("ssn",)) in routes
    assert ("/api/v1/staff/persons/{ssn}/allocations", ()) in routes
    assert ("/api/v1/public/requests/{reference}", ("t",)) in routes
    assert ("(unmatched)", ()) in routes


def _client_logged(backend: LiveBackend, forwarded: str) -> str:
    rid = f"xff-{time.monotonic_ns()}"
    requests.get(
        f"{backend.url}/livez",
        headers={"X-Forwarded-For": forwarded, "X-Request-ID": rid},
        timeout=5,
    )
    settle(backend)
    (line,) = [x for x in access_lines(backend) if x["request_id"] == rid]
    return str(line["client"])


def test_forwarded_for_from_an_untrusted_peer_is_ignored(live: LiveBackend) -> None:
    assert _client_logged(live, "203.0.113.7") == "127.0.0.1"


def test_forwarded_for_from_a_trusted_proxy_is_used(tmp_path: Path) -> None:
    trusted = {"trusted_proxies": ["127.0.0.1", "10.0.0.0/8"]}
    with live_backend(tmp_path / "behind-proxy", trusted) as backend:
        assert _client_logged(backend, "203.0.113.7") == "203.0.113.7"
        # a client's own X-Forwarded-For stays left of what the proxies added
        assert _client_logged(backend, "198.51.100.9, 203.0.113.7") == "203.0.113.7"
        assert _client_logged(backend, "203.0.113.7, 10.1.2.3") == "203.0.113.7"
        assert _client_logged(backend, "not-an-address") == "127.0.0.1"


def scrape(
    url: str, http: requests.Session | None = None
) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    """``/metrics`` as {(sample name, sorted labels): value}."""
    got = (http or requests).get(f"{url}/metrics", timeout=5)
    assert got.status_code == 200
    assert got.headers["content-type"].startswith("text/plain")
    return {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for family in text_string_to_metric_families(got.text)
        for s in family.samples
    }


def value(samples: dict, name: str, **labels: str) -> float:
    return float(samples.get((name, tuple(sorted(labels.items()))), 0.0))


def test_metrics_count_routes_events_refusals_and_the_pool(
    live: LiveBackend, tmp_path: Path
) -> None:
    holder = CardHolder(live.copy_card(live.card("active", 1), tmp_path))
    before = scrape(live.url)
    with live.client(retries=FAST_RETRY) as client:
        prepared = prepare_submission(
            "transfer",
            {"kind": "medical", "to_region": other_region(client, holder)},
            live.kiosk.kiosk_id,
            holder.card_number,
        )
        signature = holder.sign(prepared.digest)
        sent = {
            "path": prepared.path,
            "body": prepared.body_bytes,
            "idempotency_key": prepared.idempotency_key,
            "card_number": holder.card_number,
            "signed_at": prepared.signed_at,
            "signature": signature,
        }
        assert client.submit(**sent).status == 201
        assert client.submit(**sent).status == 200  # the same key and body again
    wrong = {**live.kiosk.headers(), "X-Kiosk-Key": "not-the-secret"}
    requests.post(
        f"{live.url}/api/v1/auth/challenge",
        json={"card_number": holder.card_number},
        headers=wrong,
        timeout=5,
    )
    requests.get(f"{live.url}/api/v1/public/certificates/SECRET-CODE", timeout=5)
    after = scrape(live.url)
    live.reject_open_requests(holder.demo.ssn)

    def delta(name: str, **labels: str) -> float:
        return value(after, name, **labels) - value(before, name, **labels)

    assert delta("ssc_sessions_opened_total") == 1  # other_region signs in once
    assert delta("ssc_submissions_total", kind="transfer", outcome="stored") == 1
    assert delta("ssc_submissions_total", kind="transfer", outcome="replayed") == 1
    assert delta("ssc_refusals_total", code="kiosk_unauthorized") == 1
    assert delta("ssc_refusals_total", code="not_found") == 1
    cert = {"method": "GET", "route": "/api/v1/public/certificates/{code}"}
    assert delta("ssc_http_requests_total", **cert, status="404") == 1
    assert delta("ssc_http_request_duration_seconds_count", **cert) == 1
    transfers = {"method": "POST", "route": "/api/v1/transfers"}
    assert delta("ssc_http_requests_total", **transfers, status="201") == 1
    assert delta("ssc_http_requests_total", **transfers, status="200") == 1
    labels = {dict(k[1]).get("route") for k in after} - {None}
    assert not any("SECRET-CODE" in r or holder.card_number in r for r in labels)
    assert value(after, "ssc_db_pool_capacity") >= 1
    assert value(after, "ssc_db_pool_connections_in_use") >= 0


@pytest.mark.postgres
def test_metrics_add_up_across_workers(postgres_url: str, tmp_path: Path) -> None:
    """``serve --workers 2`` (over TLS, which the workers serve too): every
    scrape, whichever worker answers it, reports the requests of both."""
    pki = make_tls(tmp_path / "pki")
    base = [sys.executable, "-m", "backend.cli", "--database-url", postgres_url]
    assert run([*base, "migrate"], cwd=ROOT).returncode == 0
    folder = tmp_path / "metrics"
    folder.mkdir()
    port = free_port()
    log = tmp_path / "serve.log"
    tls = ["--tls-cert", str(pki.cert), "--tls-key", str(pki.key)]
    with log.open("w") as sink:
        proc = subprocess.Popen(
            [*base, "serve", "--workers", "2", "--port", str(port), *tls],
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=sink,
            env={**os.environ, "PROMETHEUS_MULTIPROC_DIR": str(folder)},
        )
    url = f"https://127.0.0.1:{port}"
    http = requests.Session()
    http.trust_env = False  # the environment's REQUESTS_CA_BUNDLE would win
    http.verify = str(pki.ca_bundle)
    # a new connection per request: both workers accept some, and no idle
    # TLS connection holds up the shutdown (asyncio's TLS close waits 30 s)
    http.headers["Connection"] = "close"
    try:
        _wait_ready(http, url, proc, log)
        start = value(scrape(url, http), "ssc_http_requests_total", **LIVEZ)
        for _ in range(40):
            http.get(f"{url}/livez", timeout=5)
        counts = {
            value(scrape(url, http), "ssc_http_requests_total", **LIVEZ)
            for _ in range(6)
        }
        assert counts == {start + 40}
        assert len(list(folder.glob("counter_*.db"))) == 2  # both counted some
    finally:
        http.close()
        proc.terminate()
        proc.wait(timeout=30)
    for line in log.read_text().splitlines():
        json.loads(line)  # every worker's lines are JSON too


LIVEZ = {"method": "GET", "route": "/livez", "status": "200"}


def _wait_ready(
    http: requests.Session, url: str, proc: subprocess.Popen[bytes], log: Path
) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert proc.poll() is None, log.read_text()
        try:
            if http.get(f"{url}/readyz", timeout=2).status_code == 200:
                return
        except requests.ConnectionError:
            time.sleep(0.2)
    raise AssertionError(f"serve --workers 2 not ready in 60 s:\n{log.read_text()}")
