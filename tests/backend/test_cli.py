# SPDX-License-Identifier: Apache-2.0
"""``ss-backend`` commands in real subprocesses on a fresh SQLite file."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import tomllib
import uuid
from pathlib import Path

import pytest
import requests
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from backend.app import create_app
from backend.cli import DEFAULT_PORT, build_parser
from backend.context import AppContext
from backend.models import Operator
from backend.security import check_secret
from backend.settings import DEFAULT_CONFIG, load_settings
from card.virtual.bundled import DEMO_CA_DIR
from staff.app import parse_args
from staff.config import staff_link
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


def test_register_kiosk_refuses_an_existing_id_and_never_unrevokes(
    tmp_path: Path,
) -> None:
    db = tmp_path / "kiosks.sqlite3"
    first = cli("register-kiosk", "kiosk-9", db=db)
    assert first.returncode == 0
    again = cli("register-kiosk", "kiosk-9", db=db)
    assert again.returncode == 2 and "--rotate-secret" in again.stderr
    assert cli("revoke-kiosk", "kiosk-9", "--reason", "stolen", db=db).returncode == 0
    rotated = cli("register-kiosk", "kiosk-9", "--rotate-secret", db=db)
    assert rotated.returncode == 0 and "secret rotated" in rotated.stdout
    missing = cli("register-kiosk", "kiosk-404", "--rotate-secret", db=db)
    assert missing.returncode == 1 and "kiosk-404" in missing.stderr  # not found
    secret_file = tmp_path / "kiosk-10.secret"
    to_file = cli(
        "register-kiosk", "kiosk-10", "--secret-file", str(secret_file), db=db
    )
    secret = secret_file.read_text().strip()
    assert to_file.returncode == 0 and len(secret) >= 40
    assert secret not in to_file.stdout + to_file.stderr
    assert secret_file.stat().st_mode & 0o077 == 0
    listed = cli("list-kiosks", db=db)
    rows = [line.split("\t") for line in listed.stdout.splitlines()]
    assert listed.returncode == 0
    assert [(r[0], r[1]) for r in rows] == [
        ("kiosk-10", "active"),
        ("kiosk-9", "revoked"),  # rotating its secret did not bring it back
    ]


def test_seed_refuses_a_configuration_not_marked_demo(tmp_path: Path) -> None:
    config = tmp_path / "backend.toml"
    text = DEFAULT_CONFIG.read_text(encoding="utf-8")
    text = text.replace("\ndemo = true\n", "\n").replace(
        '"../card/virtual/demo/ca/', f'"{DEMO_CA_DIR}/'
    )
    config.write_text(text, encoding="utf-8")
    db = tmp_path / "prod.sqlite3"
    refused = cli("--config", str(config), "seed", "--demo", db=db)
    assert refused.returncode == 2 and "demo = true" in refused.stderr
    assert "demo data seeded" not in refused.stdout


def test_operator_password_from_a_file_or_the_environment(tmp_path: Path) -> None:
    db = tmp_path / "ops.sqlite3"
    secret = tmp_path / "password"
    secret.write_text("from a file, long enough\n")
    by_file = cli(
        "create-operator",
        "carol",
        "--role",
        "admin",
        "--password-file",
        str(secret),
        db=db,
    )
    assert by_file.returncode == 0
    env = {**os.environ, "SSC_OPERATOR_PASSWORD": "from the environment"}
    by_env = run(
        [sys.executable, "-m", "backend.cli", "--database-url", f"sqlite:///{db}"]
        + ["create-operator", "dave", "--role", "issuer"],
        cwd=ROOT,
        env=env,
        input="",
    )
    assert by_env.returncode == 0 and "dave ready" in by_env.stdout
    with Session(create_engine(f"sqlite:///{db}")) as session:
        rows = session.execute(select(Operator.username, Operator.password_hash))
        hashes = {username: stored for username, stored in rows}
    assert check_secret("from a file, long enough", hashes["carol"])
    assert check_secret("from the environment", hashes["dave"])


def test_one_default_port_for_backend_kiosk_and_station() -> None:
    serve = build_parser().parse_args(["serve"])
    kiosk = tomllib.loads((ROOT / "config" / "kiosk.toml").read_text())
    station = parse_args([])
    assert serve.port == DEFAULT_PORT
    assert kiosk["backend"]["url"] == f"http://127.0.0.1:{DEFAULT_PORT}"
    if "SSC_BACKEND_URL" not in os.environ:
        assert staff_link(station).url == f"http://127.0.0.1:{DEFAULT_PORT}"


def test_a_bench_batch_made_with_the_demo_keys_imports_into_a_demo_backend(
    tmp_path: Path,
) -> None:
    blanks = tmp_path / "blanks"
    made = run(
        [sys.executable, "-m", "card.cli", "virtual", "blank", str(blanks)]
        + ["--batch", "DEMO-BENCH-1", "--count", "3"],
        cwd=ROOT,
    )
    assert made.returncode == 0, made.stderr
    db = tmp_path / "demo.sqlite3"
    note = blanks / "batch-DEMO-BENCH-1.json"
    imported = cli("import-batch", str(note), db=db)
    assert imported.returncode == 0, imported.stderr
    assert "3 blank cards imported" in imported.stdout
    broken = tmp_path / "broken.json"
    broken.write_text(note.read_text().replace('"ssc-card-batch/1"', '"other"'))
    refused = cli("import-batch", str(broken), db=db)
    assert refused.returncode == 2 and "not a batch file" in refused.stderr


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
