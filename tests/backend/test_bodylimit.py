# SPDX-License-Identifier: Apache-2.0
"""Request bodies over ``[http] max_body_bytes`` answer 413 payload_too_large,
on every route, before the body is read: an announced length is refused
without reading a byte of it, a chunked body as soon as it passes the limit.

Memory is not measured by timing or RSS: the live tests show the server
answering (and closing) while nearly all of a 100 MB body is still unsent, so
the server cannot have buffered it."""

from __future__ import annotations

import json
import select
import socket
import time
from urllib.parse import urlsplit

import pytest

from tests.backend.conftest import Env, error_code

HUGE = 100 * 1024 * 1024
CHUNK = 64 * 1024


def _connect(env: Env) -> socket.socket:
    url = urlsplit(env.live_url())
    sock = socket.create_connection((url.hostname, url.port), timeout=10)
    return sock


def _response(sock: socket.socket) -> tuple[int, dict, bool]:
    """Status, JSON body, and whether the server then closed the connection."""
    data = b""
    deadline = time.monotonic() + 10
    while b"\r\n\r\n" not in data and time.monotonic() < deadline:
        data += sock.recv(65536)
    head, _, rest = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    length = next(
        int(line.split(":", 1)[1])
        for line in lines
        if line.lower().startswith("content-length:")
    )
    while len(rest) < length:
        rest += sock.recv(65536)
    try:
        closed = sock.recv(1) == b""
    except (ConnectionResetError, TimeoutError):
        closed = True
    return status, json.loads(rest[:length]), closed


def test_announced_length_over_the_limit_is_refused_unread(env: Env) -> None:
    with _connect(env) as sock:
        sock.sendall(
            b"POST /api/v1/staff/login HTTP/1.1\r\nHost: backend\r\n"
            b"Content-Type: application/json\r\n"
            + f"Content-Length: {HUGE}\r\n\r\n".encode()
        )  # not one byte of the body follows
        status, body, closed = _response(sock)
    assert status == 413
    assert body["error"]["code"] == "payload_too_large"
    assert body["error"]["detail"]["max_bytes"] == env.ctx.settings.max_body_bytes
    assert body["error"]["request_id"]
    assert closed  # not drained: the connection ends with the answer


def test_chunked_body_is_refused_as_soon_as_it_passes_the_limit(env: Env) -> None:
    limit = env.ctx.settings.max_body_bytes
    sent = 0
    with _connect(env) as sock:
        sock.sendall(
            b"POST /api/v1/auth/challenge HTTP/1.1\r\nHost: backend\r\n"
            b"Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
        )
        chunk = f"{CHUNK:x}\r\n".encode() + b" " * CHUNK + b"\r\n"
        while sent < HUGE:
            if select.select([sock], [], [], 0)[0]:
                break  # the server answered
            try:
                sock.sendall(chunk)
            except (BrokenPipeError, ConnectionResetError):
                break
            sent += CHUNK
        status, body, closed = _response(sock)
    assert (status, body["error"]["code"]) == (413, "payload_too_large")
    assert closed
    # answered with the body barely past the limit (socket buffers aside)
    assert sent < limit + 8 * 1024 * 1024 < HUGE


@pytest.mark.parametrize(
    "path", ["/api/v1/staff/login", "/api/v1/auth/challenge", "/healthz"]
)
def test_every_route_has_the_limit_and_bodies_within_pass(env: Env, path: str) -> None:
    limit = env.ctx.settings.max_body_bytes
    over = env.client.post(
        path, content=b" " * (limit + 1), headers={"Content-Type": "application/json"}
    )
    assert (over.status_code, error_code(over)) == (413, "payload_too_large")
    within = env.client.post(
        path, content=b" " * limit, headers={"Content-Type": "application/json"}
    )
    assert within.status_code != 413  # the route's own answer (400, 401, 405)
