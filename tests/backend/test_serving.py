# SPDX-License-Identifier: Apache-2.0
"""``ss-backend serve --workers N``: its connections and a real multi-process server."""

from __future__ import annotations

import asyncio
import socket
import subprocess
import sys
import time

import pytest
import requests
from fastapi import FastAPI
from uvicorn import Config
from uvicorn.protocols.http.h11_impl import H11Protocol
from uvicorn.server import ServerState

from backend.serving import NoDelayH11Protocol
from tests.conftest import ROOT, run


def _server_side_no_delay(protocol: type[H11Protocol]) -> int:
    """TCP_NODELAY of the server's end of one connection accepted on a socket
    opened the way uvicorn opens it for ``--workers`` (``proto`` 0)."""
    config = Config(FastAPI(), host="127.0.0.1", port=0, http=protocol)
    config.load()
    listening = config.bind_socket()
    assert listening.proto == 0  # what keeps asyncio from setting TCP_NODELAY

    async def accept_one() -> int:
        state = ServerState()
        server = await asyncio.get_running_loop().create_server(
            lambda: protocol(config, state, {}), sock=listening
        )
        port = listening.getsockname()[1]
        _, writer = await asyncio.open_connection("127.0.0.1", port)
        for _ in range(100):
            if state.connections:
                break
            await asyncio.sleep(0.01)
        (connection,) = state.connections
        sock = connection.transport.get_extra_info("socket")
        value = int(sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))
        writer.close()
        server.close()
        return value

    return asyncio.run(accept_one())


def test_worker_connections_have_nagle_off() -> None:
    # uvicorn's own protocol leaves Nagle on here: every response with a body
    # then waited for the client's delayed ACK (40 ms on Linux)
    assert _server_side_no_delay(H11Protocol) == 0
    assert _server_side_no_delay(NoDelayH11Protocol) == 1


@pytest.mark.postgres
def test_serve_with_two_workers(postgres_url: str) -> None:
    """Two worker processes on PostgreSQL answer health and kiosk calls."""
    base = [sys.executable, "-m", "backend.cli", "--database-url", postgres_url]
    assert run([*base, "migrate"], cwd=ROOT).returncode == 0
    kiosk = run([*base, "register-kiosk", "kiosk-workers"], cwd=ROOT)
    assert kiosk.returncode == 0, kiosk.stderr
    secret = kiosk.stdout.strip().rsplit(" ", 1)[-1]
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    proc = subprocess.Popen(
        [*base, "serve", "--workers", "2", "--port", str(port)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        health = None
        while health is None and time.monotonic() < deadline:
            try:
                health = requests.get(f"{url}/healthz", timeout=2)
            except requests.ConnectionError:
                time.sleep(0.2)
        assert health is not None and health.json()["database"] == "ok"
        kiosk_headers = {"X-Kiosk-Id": "kiosk-workers", "X-Kiosk-Key": secret}
        with requests.Session() as http:  # keep-alive, like a kiosk
            for _ in range(4):
                got = http.post(
                    f"{url}/api/v1/auth/challenge",
                    json={"card_number": "X99999999"},
                    headers=kiosk_headers,
                    timeout=5,
                )
                # the kiosk's credential passed; the card is unknown
                assert got.status_code == 404, got.text
        wrong = requests.post(
            f"{url}/api/v1/auth/challenge",
            json={"card_number": "X99999999"},
            headers={**kiosk_headers, "X-Kiosk-Key": "not-the-secret"},
            timeout=5,
        )
        assert wrong.status_code == 401
    finally:
        proc.terminate()
        proc.wait(30)
