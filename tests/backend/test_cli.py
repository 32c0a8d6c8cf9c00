# SPDX-License-Identifier: Apache-2.0
"""``ss-backend`` commands in real subprocesses on a fresh SQLite file."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
import requests
from fastapi.testclient import TestClient

from backend.app import create_app
from backend.context import AppContext
from backend.settings import load_settings
from tests.conftest import ROOT, run


def cli(
    *args: str, db: Path, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    return run(
        [
            sys.executable,
            "-m",
            "backend.cli",
            "--database-url",
            f"sqlite:///{db}",
            *args,
        ],
        cwd=ROOT,
        input=stdin,
    )


def test_migrate_operator_and_kiosk(tmp_path: Path) -> None:
    db = tmp_path / "cli.sqlite3"
    assert cli("migrate", db=db).returncode == 0
    assert db.exists()  # --database-url before the command is honoured
    made = cli(
        "create-operator",
        "alice",
        "--role",
        "issuer",
        "--role",
        "reviewer",
        "--password-stdin",
        db=db,
        stdin="correct horse battery\n",
    )
    assert made.returncode == 0 and "issuer, reviewer" in made.stdout
    assert "correct horse" not in made.stdout + made.stderr
    short = cli(
        "create-operator",
        "bob",
        "--role",
        "admin",
        "--password-stdin",
        db=db,
        stdin="short\n",
    )
    assert short.returncode == 2 and "at least 8" in short.stderr
    kiosk = cli("register-kiosk", "kiosk-7", db=db)
    secret = kiosk.stdout.strip().rsplit(" ", 1)[-1]
    assert kiosk.returncode == 0 and len(secret) >= 40
    revoked = cli("revoke-kiosk", "kiosk-7", "--reason", "terminal stolen", db=db)
    assert revoked.returncode == 0 and "revoked" in revoked.stdout
    unknown = cli("revoke-kiosk", "kiosk-404", "--reason", "typo", db=db)
    assert unknown.returncode == 1 and "kiosk-404" in unknown.stderr
    assert secret not in revoked.stdout + revoked.stderr


def test_serve_demo_in_one_command() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = str(probe.getsockname()[1])
    proc = subprocess.Popen(
        [sys.executable, "-m", "backend.cli", "serve", "--demo", "--port", port],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        secret = ""
        assert proc.stdout is not None
        for line in proc.stdout:
            if line.startswith("demo kiosk secret: "):
                secret = line.split(": ", 1)[1].strip()
                break
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if requests.get(f"http://127.0.0.1:{port}/healthz", timeout=1).ok:
                    break
            except requests.ConnectionError:
                time.sleep(0.1)
        got = requests.post(
            f"http://127.0.0.1:{port}/api/v1/auth/challenge",
            json={"card_number": "D00000011"},
            timeout=5,
            headers={"X-Kiosk-Id": "demo-kiosk-01", "X-Kiosk-Key": secret},
        )
        assert got.status_code == 200 and len(got.json()["nonce"]) == 64
    finally:
        proc.terminate()
        proc.wait(10)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A database for the CLI: a fresh SQLite file, or the session's PostgreSQL."""
    if request.param == "postgres":
        return str(request.getfixturevalue("postgres_url"))
    return f"sqlite:///{tmp_path / 'cli.sqlite3'}"


def _cli(
    url: str, *args: str, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    cmd = [sys.executable, "-m", "backend.cli", "--database-url", url, *args]
    return run(cmd, cwd=ROOT, input=stdin)


def test_list_and_disable_operator_end_its_sessions(database_url: str) -> None:
    name = f"carol-{uuid.uuid4().hex[:8]}"
    assert _cli(database_url, "migrate").returncode == 0
    made = _cli(
        database_url,
        "create-operator",
        name,
        "--role",
        "reviewer",
        "--password-stdin",
        stdin="carol's long password\n",
    )
    assert made.returncode == 0, made.stderr
    ctx = AppContext.create(load_settings(database_url=database_url))
    try:
        http = TestClient(create_app(ctx.settings, ctx=ctx))
        login = {"username": name, "password": "carol's long password"}
        token = http.post("/api/v1/staff/login", json=login).json()["token"]
        bearer = {"Authorization": f"Bearer {token}"}
        assert http.get("/api/v1/staff/reviews", headers=bearer).status_code == 200
        listed = _cli(database_url, "list-operators").stdout.splitlines()
        line = next(x for x in listed if x.startswith(name)).split()
        assert line == [name, "reviewer", "active", "1"]
        done = _cli(database_url, "disable-operator", name, "--reason", "left")
        assert done.returncode == 0 and "1 session(s) ended" in done.stdout
        assert http.get("/api/v1/staff/reviews", headers=bearer).status_code == 401
        assert http.post("/api/v1/staff/login", json=login).status_code == 401
        listed = _cli(database_url, "list-operators").stdout.splitlines()
        assert next(x for x in listed if x.startswith(name)).split()[2] == "disabled"
        assert "password" not in "\n".join(listed[1:])
    finally:
        ctx.engine.dispose()
    unknown = _cli(database_url, "disable-operator", "nobody-here", "--reason", "typo")
    assert unknown.returncode == 1 and "nobody-here" in unknown.stderr
