# SPDX-License-Identifier: Apache-2.0
"""A production-like backend configuration in a folder, for tests of the key
ceremony, of blank batches and of a whole deployment: ``demo`` off, keys made
by ``ss-backend issuer init`` (encrypted), the passphrase in a file of mode
0600, a PostgreSQL password in a file of its own, ``serve`` on loopback."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import requests
from sqlalchemy.engine import make_url

from tests.conftest import ROOT, run
from tests.live_backend import TlsFiles, free_port

PASSPHRASE = "correct horse battery staple"


@dataclass(frozen=True, kw_only=True)
class Production:
    """Where the configuration, keys and database of one test backend live."""

    folder: Path
    config: Path
    database_url: str

    @property
    def keys(self) -> Path:
        return self.folder / "keys"

    def cli(
        self, *args: str, env: dict[str, str] | None = None, stdin: str | None = None
    ) -> subprocess.CompletedProcess[str]:
        """``python -m backend.cli --config ours ARGS`` (stdin not a terminal)."""
        return run(
            [sys.executable, "-m", "backend.cli", "--config", str(self.config), *args],
            cwd=ROOT,
            input=stdin if stdin is not None else "",
            env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})},
            timeout=120,
        )

    @contextmanager
    def serve(self, tls: TlsFiles | None = None) -> Iterator[str]:
        """``ss-backend serve`` on a free loopback port (HTTPS with ``tls``)
        until the block ends; its base URL once ``/healthz`` answers."""
        port = free_port()
        options = (
            ["--tls-cert", str(tls.cert), "--tls-key", str(tls.key)] if tls else []
        )
        proc = subprocess.Popen(
            [sys.executable, "-m", "backend.cli", "--config", str(self.config)]
            + ["serve", "--port", str(port), *options],
            cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        url = f"{'https' if tls else 'http'}://127.0.0.1:{port}"
        try:
            _wait_healthy(proc, url, str(tls.ca_bundle) if tls else True)
            yield url
        finally:
            proc.terminate()
            proc.wait(10)

    def card_cli(self, *args: str) -> subprocess.CompletedProcess[str]:
        """``python -m card.cli ARGS``."""
        return run(
            [sys.executable, "-m", "card.cli", *args],
            cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
            timeout=120,
        )


def _wait_healthy(proc: subprocess.Popen[bytes], url: str, verify: str | bool) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        assert proc.poll() is None, "ss-backend serve exited"
        try:
            if requests.get(f"{url}/healthz", timeout=1, verify=verify).ok:
                return
        except requests.ConnectionError:
            time.sleep(0.1)
    proc.kill()
    raise AssertionError("ss-backend serve not ready")


def _password_to_file(url: str, folder: Path) -> tuple[str, str]:
    """A database URL without its password, and the ``[database]`` line naming
    the file of mode 0600 that now holds it (none for a URL without one)."""
    parsed = make_url(url)
    if not parsed.password:
        return url, ""
    secret = folder / "db.password"
    secret.write_text(f"{parsed.password}\n", encoding="utf-8")
    secret.chmod(0o600)
    bare = parsed.set(password=None).render_as_string(hide_password=False)
    return bare, f'\npassword_file = "{secret}"'


def production_config(
    folder: Path,
    *,
    database_url: str = "",
    passphrase_file: bool = True,
    keys: Path | None = None,
) -> Production:
    """backend/default.toml without ``demo = true``, keys in ``folder/keys``
    (or ``keys``), the passphrase in ``folder/passphrase`` when asked, a
    database password in ``folder/db.password``."""
    folder.mkdir(parents=True, exist_ok=True)
    keys = keys or folder / "keys"
    url = database_url or f"sqlite:///{folder / 'backend.sqlite3'}"
    bare, password_line = _password_to_file(url, folder)
    text = (ROOT / "backend" / "default.toml").read_text(encoding="utf-8")
    text = re.sub(r"(?m)^demo = true$", "", text)
    text = re.sub(r'(?m)^url = ".*"$', f'url = "{bare}"{password_line}', text)
    files = {
        "ca_certificate": keys / "issuer-ca.pem",
        "ca_key": keys / "issuer-ca.key.pem",
        "master_key": keys / "issuer-master.sealed",
    }
    for key, path in files.items():
        text = re.sub(rf'(?m)^{key} = ".*"$', f'{key} = "{path}"', text)
    if passphrase_file:
        secret = folder / "passphrase"
        secret.write_text(PASSPHRASE + "\n", encoding="utf-8")
        secret.chmod(0o600)
        text = text.replace(
            "[issuer]\n", f'[issuer]\npassphrase_file = "{secret}"\n', 1
        )
    config = folder / "backend.toml"
    config.write_text(text, encoding="utf-8")
    return Production(folder=folder, config=config, database_url=url)
