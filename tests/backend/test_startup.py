# SPDX-License-Identifier: Apache-2.0
"""Start-up: ``ss-backend`` waits for PostgreSQL with backoff (one line per
attempt, no traceback, a limit), ``serve`` refuses a schema behind the
migrations' head, and ``/livez`` / ``/readyz`` tell a load balancer apart a
live process from a ready one. Real PostgreSQL throughout: a closed port, a
port that opens later, a schema really downgraded."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import requests
import sqlalchemy as sa

from backend.db import alembic_config
from tests.conftest import ROOT, new_postgres_database
from tests.live_backend import free_port

PG_PORT_WAIT_S = 2.5


def _backend(url: str, *args: str) -> list[str]:
    return [sys.executable, "-m", "backend.cli", "--database-url", url, *args]


def _lines(text: str) -> list[dict]:
    """Every stderr line, each of which must be one JSON object."""
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def test_unreachable_database_waits_with_backoff_then_one_line() -> None:
    closed = f"postgresql+psycopg2://ssc:ssc@127.0.0.1:{free_port()}/ssc"
    started = time.monotonic()
    done = subprocess.run(
        _backend(closed, "--db-wait", str(PG_PORT_WAIT_S), "serve", "--port", "9"),
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
        check=False,
    )
    took = time.monotonic() - started
    assert done.returncode == 3
    assert "Traceback" not in done.stderr
    lines = _lines(done.stderr)
    tries = [x for x in lines if x["message"].startswith("database not reachable (")]
    assert len(tries) >= 3
    for number, line in enumerate(tries, start=1):
        assert line["level"] == "WARNING" and line["logger"] == "backend.startup"
        assert f"attempt {number}, OperationalError" in line["message"]
        assert "ssc:ssc" not in line["message"]  # never the URL's password
    delays = [float(x["message"].rsplit("in ", 1)[1].split()[0]) for x in tries]
    assert delays[:2] == [0.5, 1.0]  # backoff doubles
    last = lines[-1]
    assert last["level"] == "ERROR" and "giving up" in last["message"]
    assert PG_PORT_WAIT_S <= took < PG_PORT_WAIT_S + 20


def test_unreachable_database_in_text_format() -> None:
    closed = f"postgresql+psycopg2://ssc:ssc@127.0.0.1:{free_port()}/ssc"
    done = subprocess.run(
        _backend(closed, "--log-format", "text", "--db-wait", "1", "migrate"),
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
        check=False,
    )
    assert done.returncode == 3 and "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert all("database not reachable (attempt" in x for x in lines[:-1])
    assert lines[-1].startswith("ss-backend: database not reachable after")


@pytest.fixture
def fresh_pg() -> Iterator[str]:
    """An empty PostgreSQL database of its own (this test downgrades it)."""
    with new_postgres_database("ssc_start") as url:
        yield url


def _alembic(url: str, direction: str, target: str) -> None:
    from alembic import command

    getattr(command, direction)(alembic_config(url), target)


def _serve_refusal(url: str) -> str:
    done = subprocess.run(
        _backend(url, "serve", "--port", str(free_port())),
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
        check=False,
    )
    assert done.returncode == 3 and "Traceback" not in done.stderr
    (line,) = _lines(done.stderr)
    assert line["level"] == "ERROR"
    return str(line["message"])


@pytest.mark.postgres
def test_serve_refuses_a_schema_behind_the_head(fresh_pg: str) -> None:
    message = _serve_refusal(fresh_pg)
    assert "none (never migrated)" in message
    assert "run `ss-backend migrate`" in message
    _alembic(fresh_pg, "upgrade", "head")
    _alembic(fresh_pg, "downgrade", "-1")
    head, previous = _head_and_previous()
    message = _serve_refusal(fresh_pg)
    assert f"schema is at revision {previous}, this version needs {head}" in message
    assert "run `ss-backend migrate`" in message


def _head_and_previous() -> tuple[str, str]:
    """The migrations' head and the revision before it."""
    from alembic.script import ScriptDirectory

    scripts = ScriptDirectory.from_config(alembic_config("sqlite://"))
    head = scripts.get_revision("head")
    assert head is not None and isinstance(head.down_revision, str)
    return head.revision, head.down_revision


@contextmanager
def _serving(url: str, *args: str, log: Path) -> Iterator[str]:
    """``serve`` on a free port until the block ends; its stderr into ``log``."""
    port = free_port()
    with log.open("w") as sink:
        proc = subprocess.Popen(
            _backend(url, *args, "serve", "--port", str(port)),
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=sink,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            assert proc.poll() is None, log.read_text()
            try:
                requests.get(f"{base}/livez", timeout=1)
                break
            except requests.ConnectionError:
                time.sleep(0.1)
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=20)


@pytest.mark.postgres
def test_readyz_follows_the_schema_and_livez_the_process(
    fresh_pg: str, tmp_path: Path
) -> None:
    _alembic(fresh_pg, "upgrade", "head")
    with _serving(fresh_pg, log=tmp_path / "serve.log") as base:
        assert requests.get(f"{base}/livez", timeout=5).json() == {"status": "ok"}
        ready = requests.get(f"{base}/readyz", timeout=5)
        assert ready.status_code == 200, ready.text
        assert ready.json() == {
            "status": "ready",
            "database": "ok",
            "schema": "current",
        }
        _alembic(fresh_pg, "downgrade", "-1")  # someone rolled the schema back
        behind = requests.get(f"{base}/readyz", timeout=5)
        assert behind.status_code == 503
        assert behind.json()["schema"] == "behind"
        assert requests.get(f"{base}/livez", timeout=5).status_code == 200
        _alembic(fresh_pg, "upgrade", "head")
        assert requests.get(f"{base}/readyz", timeout=5).status_code == 200


class LateForwarder:
    """A TCP port that opens only when :meth:`open` is called, then forwards
    to PostgreSQL (a database host still booting)."""

    def __init__(self, target: tuple[str, int]) -> None:
        self.target = target
        self.port = free_port()
        self._open = threading.Event()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> LateForwarder:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._open.set()
        self._thread.join(timeout=5)

    def open(self) -> None:
        """Start accepting connections."""
        self._open.set()

    def _run(self) -> None:
        self._open.wait()
        if self._stop.is_set():
            return
        with socket.create_server(("127.0.0.1", self.port)) as server:
            server.settimeout(0.2)
            while not self._stop.is_set():
                try:
                    client, _ = server.accept()
                except TimeoutError:
                    continue
                upstream = socket.create_connection(self.target)
                for a, b in ((client, upstream), (upstream, client)):
                    threading.Thread(target=_pipe, args=(a, b), daemon=True).start()


def _pipe(source: socket.socket, sink: socket.socket) -> None:
    try:
        while data := source.recv(65536):
            sink.sendall(data)
    except OSError:
        pass
    finally:
        for sock in (source, sink):
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


def _wait_for(what: str, check: Callable[[], bool], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, f"no {what} in {timeout} s"
        time.sleep(0.1)


def _ready(base: str) -> bool:
    try:
        return requests.get(f"{base}/readyz", timeout=2).status_code == 200
    except requests.ConnectionError:
        return False


@pytest.mark.postgres
def test_serve_waits_for_a_database_that_comes_up(
    fresh_pg: str, tmp_path: Path
) -> None:
    _alembic(fresh_pg, "upgrade", "head")
    parsed = sa.make_url(fresh_pg)
    log, port = tmp_path / "serve.log", free_port()
    with LateForwarder((parsed.host or "127.0.0.1", parsed.port or 5432)) as fwd:
        late = parsed.set(host="127.0.0.1", port=fwd.port)
        url = late.render_as_string(hide_password=False)
        with log.open("w") as sink:
            proc = subprocess.Popen(
                _backend(url, "--db-wait", "60", "serve", "--port", str(port)),
                cwd=ROOT,
                stdout=subprocess.DEVNULL,
                stderr=sink,
            )
        try:
            _wait_for("attempt 2", lambda: "(attempt 2," in log.read_text())
            fwd.open()  # the database host is up now
            _wait_for("readiness", lambda: _ready(f"http://127.0.0.1:{port}"))
        finally:
            proc.terminate()
            proc.wait(timeout=20)
    lines = _lines(log.read_text())
    tries = [x for x in lines if x["message"].startswith("database not reachable (")]
    assert tries[0]["message"].startswith("database not reachable (attempt 1")
    assert any(x["message"].startswith("database reachable after") for x in lines)
    assert "Traceback" not in log.read_text()
