# SPDX-License-Identifier: Apache-2.0
"""Helpers of the fault matrix: the matrix itself, server-side record counts,
the kiosk's card flow, and a loopback proxy that can crash the backend."""

from __future__ import annotations

import socket
import sqlite3
import threading
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from cryptography import x509

from backend_client import BackendClient, Outbox, ResidentSession, prepare_submission
from backend_client.outbox import OutboxEntry
from card.auth import bind_challenge
from card.connection import Connection
from card.virtual.bundled import DEMO_CA_CERTIFICATE
from kiosk import cardjobs

ROOT = Path(__file__).resolve().parents[2]
CA_CERT = x509.load_pem_x509_certificate((DEMO_CA_CERTIFICATE).read_bytes())


@dataclass(frozen=True, kw_only=True)
class Row:
    """One cell of the fault matrix."""

    scenario: str
    point: str
    outcome: str
    records: int | str
    detail: str = ""


@dataclass
class Matrix:
    """Every fault injected, what resulted and what the server holds."""

    rows: list[Row] = field(default_factory=list)

    def add(
        self,
        scenario: str,
        point: str,
        outcome: str,
        records: int | str,
        detail: str = "",
    ) -> None:
        self.rows.append(
            Row(
                scenario=scenario,
                point=point,
                outcome=outcome,
                records=records,
                detail=detail,
            )
        )

    def table(self) -> list[str]:
        """The rows, then a count of outcomes per scenario."""
        head = ("scenario", "fault point", "outcome", "server records", "detail")
        cells = [head] + [
            (r.scenario, r.point, r.outcome, str(r.records), r.detail)
            for r in self.rows
        ]
        widths = [max(len(c[i]) for c in cells) for i in range(len(head))]
        lines = [
            "  ".join(c[i].ljust(widths[i]) for i in range(len(head))).rstrip()
            for c in cells
        ]
        lines.insert(1, "  ".join("-" * w for w in widths))
        lines.append("")
        totals = Counter((r.scenario, r.outcome) for r in self.rows)
        lines.append("counts by scenario and outcome:")
        left = max(len(s) for s, _ in totals) + 2
        right = max(len(o) for _, o in totals) + 2
        for (scenario, outcome), n in sorted(totals.items()):
            lines.append(f"  {scenario:{left}}{outcome:{right}}{n:4d}")
        lines.append(f"  {'total faults injected':{left + right}}{len(self.rows):4d}")
        return lines


MATRIX = Matrix()
GENERIC_TITLE = "Something went wrong"


def calm(exc: BaseException) -> bool:
    """True when the kiosk has specific, calm words for ``exc`` (not the generic
    fallback that kiosk.messages uses for unexpected errors)."""
    from kiosk.messages import resident_message

    return resident_message(exc).title != GENERIC_TITLE


def request_count(db_path: Path, card_number: str) -> int:
    """Service requests (transfers, claims) the backend stored for a card."""
    with sqlite3.connect(f"file:{db_path}?mode=ro", uri=True) as db:
        (n,) = db.execute(
            "SELECT count(*) FROM service_requests WHERE card_number=?", (card_number,)
        ).fetchone()
    return int(n)


def open_session(
    conn: Connection, client: BackendClient, pin: str
) -> tuple[str, ResidentSession]:
    """Insert → read and prove genuine → PIN → key-82 sign-in (the kiosk's steps)."""
    read = cardjobs.read_card(conn, CA_CERT)
    number = read.issuer.card_number
    cardjobs.verify_pin(conn, pin)
    assert client.kiosk is not None
    challenge = client.challenge(number)
    digest = bind_challenge(challenge.nonce, client.kiosk.kiosk_id, number)
    return number, client.open_session(
        challenge.challenge_id, number, cardjobs.sign(conn, digest)
    )


def submit_transfer(
    conn: Connection,
    client: BackendClient,
    outbox: Outbox,
    card_number: str,
    to_region: str,
) -> OutboxEntry:
    """The kiosk's submission: prepare, card signs, store, deliver once."""
    assert client.kiosk is not None
    prepared = prepare_submission(
        "transfer",
        {"kind": "medical", "to_region": to_region},
        client.kiosk.kiosk_id,
        card_number,
    )
    signature = cardjobs.sign(conn, prepared.digest)
    return outbox.deliver(client, outbox.enqueue(prepared, signature))


class CrashingProxy:
    """A loopback HTTP proxy in front of the backend.

    Requests pass through unchanged, except that ``on_request(head)`` may
    answer ``"crash_before"`` (kill the backend, drop the connection: the
    request never reached it) or ``"crash_after"`` (forward, let the backend
    commit and answer, then kill it and drop the answer).
    """

    def __init__(
        self,
        upstream_port: int,
        kill: Callable[[], None],
        on_request: Callable[[bytes], str],
    ) -> None:
        self.upstream_port = upstream_port
        self.kill = kill
        self.on_request = on_request
        self.actions: list[str] = []
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.settimeout(0.1)
        self.url = f"http://127.0.0.1:{self._listener.getsockname()[1]}"
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)

    def __enter__(self) -> CrashingProxy:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(5)
        self._listener.close()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                client, _ = self._listener.accept()
            except OSError:
                continue
            with client:
                client.settimeout(10)
                try:
                    self._one(client)
                except OSError:
                    pass

    def _one(self, client: socket.socket) -> None:
        while (request := read_http(client)) is not None:
            action = self.on_request(request)
            self.actions.append(action)
            if action == "crash_before":
                self.kill()
                return
            with socket.create_connection(
                ("127.0.0.1", self.upstream_port), timeout=10
            ) as upstream:
                upstream.sendall(request)
                answer = read_http(upstream)
            if action == "crash_after" or answer is None:
                self.kill()
                return
            client.sendall(answer)


def read_http(sock: socket.socket) -> bytes | None:
    """One HTTP/1.1 message (head and Content-Length body); None at EOF."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            return None
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip())
    while len(body) < length:
        chunk = sock.recv(65536)
        if not chunk:
            return None
        body += chunk
    return head + b"\r\n\r\n" + body
