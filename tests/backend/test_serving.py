# SPDX-License-Identifier: Apache-2.0
"""``ss-backend serve``: Nagle off on the connections it accepts, and a real
multi-process server.

The server's end of a connection is inspected in the server process itself:
the test finds the socket by its inode (``/proc/net/tcp``) among the file
descriptors of the server and its workers, duplicates it with
``pidfd_getfd(2)`` and reads ``TCP_NODELAY``. That checks what ``serve``
does, whichever uvicorn version is installed and whatever it does by itself.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from tests.conftest import ROOT, run

SYS_PIDFD_GETFD = 438  # the same number on every Linux architecture (5.6+)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextlib.contextmanager
def _serve(
    base: list[str], *extra: str
) -> Iterator[tuple[subprocess.Popen[bytes], str]]:
    """``ss-backend ... serve`` on a free loopback port until /healthz answers."""
    port = _free_port()
    proc = subprocess.Popen(
        [*base, "serve", "--port", str(port), *extra],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                requests.get(f"{url}/healthz", timeout=2)
                break
            except requests.ConnectionError:
                assert proc.poll() is None, "serve exited before answering"
                assert time.monotonic() < deadline, "serve did not answer in 60 s"
                time.sleep(0.2)
        yield proc, url
    finally:
        proc.terminate()
        proc.wait(30)


def _process_tree(pid: int) -> list[int]:
    """``pid`` and its descendants (uvicorn's workers are children)."""
    parents: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, ValueError, IndexError):
            fields = stat.read_text().rsplit(")", 1)[1].split()
            parents[int(stat.parent.name)] = int(fields[1])
    tree, frontier = [pid], [pid]
    while frontier:
        children = [c for c, p in parents.items() if p in frontier]
        tree += children
        frontier = children
    return tree


def _socket_inode(server_port: int, client_port: int) -> int:
    """Inode of the server's end of the connection from ``client_port``."""
    wanted = f":{server_port:04X}", f":{client_port:04X}"
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            if fields[1].endswith(wanted[0]) and fields[2].endswith(wanted[1]):
                return int(fields[9])
    raise AssertionError("the server's end of the connection is not in /proc/net")


def _server_side_no_delay(server_pid: int, client: socket.socket) -> int:
    """TCP_NODELAY of the server's end of ``client``'s connection."""
    server_port = client.getpeername()[1]
    inode = _socket_inode(server_port, client.getsockname()[1])
    syscall = ctypes.CDLL(None, use_errno=True).syscall
    for pid in _process_tree(server_pid):
        for fd in Path(f"/proc/{pid}/fd").iterdir():
            with contextlib.suppress(OSError):
                if os.readlink(fd) != f"socket:[{inode}]":
                    continue
                pidfd = os.pidfd_open(pid)
                try:
                    local = syscall(SYS_PIDFD_GETFD, pidfd, int(fd.name), 0)
                    assert local >= 0, os.strerror(ctypes.get_errno())
                finally:
                    os.close(pidfd)
                with socket.socket(fileno=local) as dup:
                    return dup.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)
    raise AssertionError("no server process holds the connection")


def _accepted_connections_no_delay(
    proc: subprocess.Popen[bytes], url: str
) -> list[int]:
    """TCP_NODELAY on the server's end of a few fresh keep-alive connections."""
    host, port = url.removeprefix("http://").split(":")
    values = []
    for _ in range(4):  # with workers, connections land on different processes
        with socket.create_connection((host, int(port)), timeout=5) as client:
            client.sendall(b"GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n")
            assert client.recv(4096).startswith(b"HTTP/1.1 200")
            values.append(_server_side_no_delay(proc.pid, client))
    return values


def test_serve_turns_nagle_off(tmp_path: Path) -> None:
    """One process: every accepted connection has TCP_NODELAY on (a response
    body otherwise waits for the client's delayed ACK, 40 ms on Linux)."""
    base = [
        sys.executable,
        "-m",
        "backend.cli",
        "--database-url",
        f"sqlite:///{tmp_path / 'serve.db'}",
    ]
    assert run([*base, "migrate"], cwd=ROOT).returncode == 0
    with _serve(base) as (proc, url):
        assert _accepted_connections_no_delay(proc, url) == [1, 1, 1, 1]


@pytest.mark.postgres
def test_serve_with_two_workers(postgres_url: str) -> None:
    """Two worker processes on PostgreSQL: Nagle off on their connections;
    health and kiosk calls answered, a wrong kiosk credential refused."""
    base = [sys.executable, "-m", "backend.cli", "--database-url", postgres_url]
    assert run([*base, "migrate"], cwd=ROOT).returncode == 0
    kiosk = run([*base, "register-kiosk", "kiosk-workers"], cwd=ROOT)
    assert kiosk.returncode == 0, kiosk.stderr
    secret = kiosk.stdout.strip().rsplit(" ", 1)[-1]
    with _serve(base, "--workers", "2") as (proc, url):
        assert requests.get(f"{url}/healthz", timeout=5).json()["database"] == "ok"
        assert _accepted_connections_no_delay(proc, url) == [1, 1, 1, 1]
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
