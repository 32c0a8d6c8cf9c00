# SPDX-License-Identifier: Apache-2.0
"""A real backend for the security tests, configured with short lifetimes and
small rate limits so expiry and throttling are reachable in a test."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from backend_client import BackendClient, KioskCredentials, RetryPolicy
from card.virtual.bundled import DEMO_CA_DIR
from tests.live_backend import ROOT, CardHolder, DemoCard, LiveBackend

SESSION_LIFETIME_S = 5
CHALLENGES_PER_KIOSK = 60  # the demo kiosk makes ~20 in this package
LOSS_REPORTS_PER_KIOSK = 6
LOSS_REPORTS_PER_SSN = 2
NO_RETRY = RetryPolicy(attempts=1)


def short_lived_config(workdir: Path) -> Path:
    """backend/default.toml with absolute CA paths, short sessions, small limits."""
    text = (ROOT / "backend" / "default.toml").read_text(encoding="utf-8")
    text = text.replace('"../card/virtual/demo/ca/', f'"{DEMO_CA_DIR}/')
    for key, value in (
        ("session_lifetime_seconds", SESSION_LIFETIME_S),
        ("challenges_per_kiosk", CHALLENGES_PER_KIOSK),
        ("loss_reports_per_kiosk", LOSS_REPORTS_PER_KIOSK),
        ("loss_reports_per_ssn", LOSS_REPORTS_PER_SSN),
    ):
        text, n = re.subn(rf"(?m)^{key} = \d+", f"{key} = {value}", text)
        assert n == 1, key
    path = workdir / "backend.toml"
    path.write_text(text, encoding="utf-8")
    return path


class SecurityBackend(LiveBackend):
    """The live backend served with :func:`short_lived_config`."""

    def __init__(self, workdir: Path) -> None:
        super().__init__(workdir)
        self.config = short_lived_config(workdir)

    def start(self) -> None:
        if self.running:
            return
        cmd = [
            sys.executable,
            "-m",
            "backend.cli",
            "--config",
            str(self.config),
            "--database-url",
            self.database_url,
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(self.port),
        ]
        with self.log_path.open("ab") as log:
            self._proc = subprocess.Popen(
                cmd, stdout=log, stderr=subprocess.STDOUT, env=self._env(), cwd=ROOT
            )
        self._wait_ready()

    def register_kiosk(self, kiosk_id: str) -> KioskCredentials:
        """``ss-backend register-kiosk``: a second terminal and its secret."""
        out = self.cli("register-kiosk", kiosk_id).stdout
        found = re.search(r"secret[^:]*:\s*(\S+)", out)
        assert found, out
        return KioskCredentials(kiosk_id=kiosk_id, key=found.group(1))

    def revoke_kiosk(self, kiosk_id: str) -> None:
        """Revoke the kiosk as an operator does: ``ss-backend revoke-kiosk``."""
        self.cli("revoke-kiosk", kiosk_id, "--reason", "terminal stolen")


@pytest.fixture(scope="package")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SecurityBackend]:
    backend = SecurityBackend(tmp_path_factory.mktemp("security-backend"))
    backend.seed()
    backend.start()
    try:
        yield backend
    finally:
        backend.stop()


@pytest.fixture
def client(live: SecurityBackend) -> Iterator[BackendClient]:
    live.start()
    with live.client(retries=NO_RETRY) as c:
        yield c


@pytest.fixture
def holder_of(live: SecurityBackend, tmp_path: Path):  # type: ignore[no-untyped-def]
    """A CardHolder (PIN verified) on a private copy of the index-th active card."""

    def make(index: int, status: str = "active", *, verify: bool = True) -> CardHolder:
        demo: DemoCard = live.card(status, index)
        return CardHolder(
            live.copy_card(demo, tmp_path / demo.card_number), verify=verify
        )

    return make
