# SPDX-License-Identifier: Apache-2.0
"""The one retry rule of the resident and the staff client
(``backend_client._http.may_repeat``), through the real backend on loopback.

A proxy in front of the backend hands each request on, lets the backend
answer, and drops the connection instead of passing the answer back, once
per chosen route: the client cannot know whether the backend acted. What it
may send again is what a repeat cannot harm: idempotent methods, the
read-only transfer preview, and the signed submissions, which the backend
answers once per Idempotency-Key.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from backend_client import BackendClient, StaffClient
from backend_client import errors as e
from backend_client._http import (
    IDEMPOTENT_METHODS,
    KEYED_POSTS,
    READ_ONLY_POSTS,
    may_repeat,
)
from backend_client.client import transfer_body
from backend_client.outbox import SUBMISSION_PATHS
from tests.client.conftest import FAST_RETRY
from tests.faults.support import read_http
from tests.live_backend import CardHolder, LiveBackend

RETRY_CARD = 8  # a plain active demo card of this module's own


class DroppingProxy:
    """HTTP/1.1 on loopback, one request per connection, to ``upstream``; the
    first request to each route in ``drop`` reaches the backend, its answer
    does not reach the client."""

    def __init__(self, upstream: tuple[str, int]) -> None:
        self.upstream = upstream
        self.drop: set[tuple[str, str]] = set()
        self.seen: list[tuple[str, str]] = []
        self._server = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self._server.getsockname()[1]}"
        self._lock = threading.Lock()
        threading.Thread(target=self._accept, daemon=True).start()

    def close(self) -> None:
        self._server.close()

    def count(self, method: str, path: str) -> int:
        """How often the backend got ``method path``."""
        with self._lock:
            return self.seen.count((method, path))

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self._server.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, client: socket.socket) -> None:
        with client:
            request = _read_request(client)
            if request is None:
                return
            method, target = request.split(b" ", 2)[:2]
            route = (method.decode(), target.decode().split("?")[0])
            with self._lock:
                self.seen.append(route)
                dropping = route in self.drop
                self.drop.discard(route)
            answer = self._forward(request)
            if not dropping:
                client.sendall(answer)

    def _forward(self, request: bytes) -> bytes:
        with socket.create_connection(self.upstream) as backend:
            backend.sendall(request)
            chunks = []
            while chunk := backend.recv(65536):
                chunks.append(chunk)
        return b"".join(chunks)


def _read_request(conn: socket.socket) -> bytes | None:
    """One request, its ``Connection`` header made ``close`` (so each
    connection carries one request and the backend's answer ends with EOF)."""
    request = read_http(conn)
    if request is None:
        return None
    head, body = request.split(b"\r\n\r\n", 1)
    lines = [x for x in head.split(b"\r\n") if not x.lower().startswith(b"connection:")]
    return b"\r\n".join([*lines, b"Connection: close"]) + b"\r\n\r\n" + body


@pytest.fixture
def proxy(live: LiveBackend) -> Iterator[DroppingProxy]:
    live.start()
    dropping = DroppingProxy((live.host, live.port))
    yield dropping
    dropping.close()


@pytest.fixture
def via_proxy(live: LiveBackend, proxy: DroppingProxy) -> Iterator[BackendClient]:
    with BackendClient(proxy.url, kiosk=live.kiosk, retries=FAST_RETRY) as client:
        yield client


@pytest.fixture
def staff_via_proxy(proxy: DroppingProxy) -> Iterator[StaffClient]:
    staff = StaffClient(proxy.url, retries=FAST_RETRY)
    yield staff
    staff.close()


def test_the_rule() -> None:
    assert IDEMPOTENT_METHODS == {"GET", "HEAD", "OPTIONS", "TRACE", "PUT", "DELETE"}
    key = {"Idempotency-Key": "k"}
    for path in KEYED_POSTS:
        assert may_repeat("POST", path, key)
        assert may_repeat("POST", path, {"idempotency-key": "k"})
        assert not may_repeat("POST", path, {})
    assert not may_repeat("POST", "/api/v1/staff/cards", key)  # not honoured there
    assert may_repeat("POST", "/api/v1/transfers/preview", {})
    assert not may_repeat("POST", "/api/v1/auth/challenge", {})
    assert not may_repeat("PATCH", "/api/v1/transfers", key)
    assert may_repeat("DELETE", "/api/v1/auth/session", {})


def test_keyed_posts_are_the_routes_that_read_an_idempotency_key(
    live: LiveBackend,
) -> None:
    document = requests.get(f"{live.url}/openapi.json", timeout=10).json()
    keyed = {
        path
        for path, operations in document["paths"].items()
        for method, operation in operations.items()
        if method == "post"
        and any(
            p["in"] == "header" and p["name"].lower() == "idempotency-key"
            for p in operation.get("parameters", [])
        )
    }
    assert keyed == KEYED_POSTS == set(SUBMISSION_PATHS.values())
    assert READ_ONLY_POSTS <= set(document["paths"])


def test_a_get_whose_answer_was_lost_is_sent_again(
    via_proxy: BackendClient, proxy: DroppingProxy, holder: CardHolder
) -> None:
    session = holder.sign_in(via_proxy)
    proxy.drop.add(("GET", "/api/v1/me"))
    assert session.me().card.card_number == holder.card_number
    assert proxy.count("GET", "/api/v1/me") == 2


def test_a_plain_post_whose_answer_was_lost_is_not_sent_again(
    via_proxy: BackendClient, proxy: DroppingProxy, holder: CardHolder
) -> None:
    proxy.drop.add(("POST", "/api/v1/auth/challenge"))
    with pytest.raises(e.BackendUnavailableError):
        via_proxy.challenge(holder.card_number)
    assert proxy.count("POST", "/api/v1/auth/challenge") == 1


def test_the_read_only_preview_is_sent_again(
    via_proxy: BackendClient, proxy: DroppingProxy, holder: CardHolder
) -> None:
    session = holder.sign_in(via_proxy)
    home = session.me().person.hukou_region
    target = next(r.code for r in session.regions() if r.code != home)
    proxy.drop.add(("POST", "/api/v1/transfers/preview"))
    assert session.transfer_preview("pension", target).to_region == target
    assert proxy.count("POST", "/api/v1/transfers/preview") == 2


def test_a_signed_submission_is_sent_again_and_stored_once(
    live: LiveBackend,
    via_proxy: BackendClient,
    proxy: DroppingProxy,
    holder_for,  # type: ignore[no-untyped-def]
    tmp_path: Path,
) -> None:
    holder: CardHolder = holder_for(live.card("active", RETRY_CARD))
    session = holder.sign_in(via_proxy)
    home = session.me().person.hukou_region
    target = next(r.code for r in session.regions() if r.code != home)
    proxy.drop.add(("POST", "/api/v1/transfers"))
    reference = holder.file_transfer(
        via_proxy, transfer_body("pension", target), tmp_path / "outbox.db"
    )
    assert proxy.count("POST", "/api/v1/transfers") == 2
    assert [t.reference for t in session.transfers()] == [reference]


def test_the_staff_client_follows_the_same_rule(
    live: LiveBackend, staff_via_proxy: StaffClient, proxy: DroppingProxy
) -> None:
    user, password = live.staff["reviewer"]
    proxy.drop.add(("POST", "/api/v1/staff/login"))
    with pytest.raises(e.BackendUnavailableError):
        staff_via_proxy.login(user, password)
    assert proxy.count("POST", "/api/v1/staff/login") == 1
    staff_via_proxy.login(user, password)
    proxy.drop.add(("GET", "/api/v1/staff/reviews"))
    staff_via_proxy.reviews()
    assert proxy.count("GET", "/api/v1/staff/reviews") == 2
    staff_via_proxy.logout()
