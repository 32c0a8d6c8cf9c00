# SPDX-License-Identifier: Apache-2.0
"""A real backend on 127.0.0.1 for tests, and demo cards that sign for it.

:func:`live_backend` seeds a fresh SQLite file with the demo data
(``ss-backend seed --demo``), starts ``python -m backend.cli serve`` as a
subprocess on a free loopback port, waits for ``/healthz`` and yields a
:class:`LiveBackend`: its URL, the demo kiosk credentials, copies of the demo
card images, and ``stop()``/``start()`` to take it down and bring it back on
the same database (the outbox tests use that). :class:`CardHolder` drives a
virtual card through real APDUs: VERIFY, then key-82 signatures over a bound
challenge or a submission digest.

Used by tests/client and by the kiosk's tests::

    from tests.live_backend import live_backend, CardHolder
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import requests

from backend_client import BackendClient, KioskCredentials, ResidentSession
from card.auth import AuthSession, KeyRef, bind_challenge
from card.connection import GetResponseConnection
from card.ssse import SsseSession
from card.virtual import VirtualCard, VirtualConnection

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CONFIG = ROOT / "backend" / "default.toml"
STARTUP_TIMEOUT_S = 30.0


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass(frozen=True, kw_only=True)
class DemoCard:
    """One demo card image (a private copy) with its PIN and expected status."""

    card_number: str
    pin: str
    status: str
    path: Path
    ssn: str = ""
    mobile: str = ""
    label: str = ""
    in_progress: bool = False
    benefit: bool = False


@dataclass(frozen=True, kw_only=True)
class TlsFiles:
    """A server certificate and key for ``serve --tls-cert/--tls-key``, and the
    CA bundle a client needs to trust it."""

    cert: Path
    key: Path
    ca_bundle: Path


def _toml(value: object) -> str:
    """A setting's value as TOML (integers, booleans, strings, string lists)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    return json.dumps(value)  # a JSON string or list of strings is TOML too


class LiveBackend:
    """A backend subprocess over one SQLite file (on loopback unless ``host``)."""

    def __init__(
        self,
        workdir: Path,
        settings: Mapping[str, object] | None = None,
        *,
        tls: TlsFiles | None = None,
        host: str = "127.0.0.1",
    ) -> None:
        self.workdir = workdir
        workdir.mkdir(parents=True, exist_ok=True)
        self.config_path = self._write_config(settings or {})
        self.db_path = workdir / "backend.sqlite3"
        self.cards_dir = workdir / "cards"
        self.log_path = workdir / "backend.log"
        self.database_url = f"sqlite:///{self.db_path}"
        self.tls = tls
        self.host = host
        self.port = free_port()
        self.url = f"{'https' if tls else 'http'}://{host}:{self.port}"
        self.kiosk = KioskCredentials(kiosk_id="", key="")
        self.staff: dict[str, tuple[str, str]] = {}
        self.cards: dict[str, DemoCard] = {}
        self._proc: subprocess.Popen[bytes] | None = None

    def __repr__(self) -> str:
        return f"LiveBackend({self.url!r}, running={self.running})"

    # --- process ------------------------------------------------------------

    def _env(self) -> dict[str, str]:
        env = dict(os.environ)
        env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
        return env

    def _write_config(self, settings: Mapping[str, object]) -> Path:
        """backend/default.toml with absolute issuer paths and ``settings`` replaced
        (e.g. ``{"challenge_lifetime_seconds": 2}``,
        ``{"trusted_proxies": ["127.0.0.1"]}``)."""
        text = DEFAULT_CONFIG.read_text(encoding="utf-8")
        for key in ("ca_certificate", "ca_key", "master_key"):
            text = re.sub(
                rf'(?m)^{key} = "(.*)"$',
                lambda m, k=key: f'{k} = "{(DEFAULT_CONFIG.parent / m[1]).resolve()}"',
                text,
            )
        for key, value in settings.items():
            text, count = re.subn(rf"(?m)^{key} = .*$", f"{key} = {_toml(value)}", text)
            if count != 1:
                raise KeyError(f"{key} is not a setting of {DEFAULT_CONFIG.name}")
        path = self.workdir / "backend.toml"
        path.write_text(text, encoding="utf-8")
        return path

    def command(self, *args: str) -> list[str]:
        """``python -m backend.cli`` on this backend's config and database."""
        return [
            sys.executable,
            "-m",
            "backend.cli",
            "--database-url",
            self.database_url,
            "--config",
            str(self.config_path),
            *args,
        ]

    def cli(self, *args: str) -> subprocess.CompletedProcess[str]:
        """Run ``python -m backend.cli --database-url <ours> ARGS``; check success."""
        cmd = self.command(*args)
        done = subprocess.run(
            cmd,
            capture_output=True,
            text=True,
            env=self._env(),
            cwd=ROOT,
            timeout=120,
            check=False,
        )
        if done.returncode != 0:
            raise RuntimeError(
                f"{' '.join(args)} failed ({done.returncode}):\n"
                f"{done.stdout}\n{done.stderr}"
            )
        return done

    @property
    def ca_bundle(self) -> str | None:
        """The CA bundle a client needs (None: plain HTTP)."""
        return str(self.tls.ca_bundle) if self.tls else None

    @property
    def running(self) -> bool:
        """True while the server process is alive."""
        return self._proc is not None and self._proc.poll() is None

    def start(self) -> None:
        """Start serving on the same port and database; wait for ``/healthz``."""
        if self.running:
            return
        cmd = self.command("serve", "--host", self.host, "--port", str(self.port))
        if self.tls is not None:
            cmd += ["--tls-cert", str(self.tls.cert), "--tls-key", str(self.tls.key)]
        with self.log_path.open("ab") as log:
            self._proc = subprocess.Popen(
                cmd, stdout=log, stderr=subprocess.STDOUT, env=self._env(), cwd=ROOT
            )
        self._wait_ready()

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + STARTUP_TIMEOUT_S
        while time.monotonic() < deadline:
            if not self.running:
                raise RuntimeError(f"backend exited early:\n{self.log_tail()}")
            try:
                verify = str(self.tls.ca_bundle) if self.tls else True
                got = requests.get(f"{self.url}/healthz", timeout=1, verify=verify)
                if got.status_code == 200:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.1)
        self.stop()
        raise RuntimeError(
            f"backend not ready in {STARTUP_TIMEOUT_S}s:\n{self.log_tail()}"
        )

    def stop(self) -> None:
        """Kill the server (SIGKILL: as abrupt as a crash or a pulled cable)."""
        proc, self._proc = self._proc, None
        if proc is None or proc.poll() is not None:
            return
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)

    def log_tail(self, lines: int = 40) -> str:
        """The last lines the server wrote (for failure messages)."""
        if not self.log_path.exists():
            return ""
        return "\n".join(
            self.log_path.read_text(errors="replace").splitlines()[-lines:]
        )

    # --- data -----------------------------------------------------------------

    def seed(self) -> None:
        """Migrate and seed the demo data (``backend.demo.seed``) into a fresh file.

        The committed demo card images are copied first (tests change PIN
        counters); without them the seed personalizes fresh ones into the copy.
        """
        from backend.context import AppContext
        from backend.db import migrate
        from backend.demo import DEMO_CARDS, DEMO_KIOSK, DEMO_OPERATORS, seed
        from backend.demo_data import RESIDENTS
        from backend.settings import load_settings
        from card import ssn

        settings = load_settings(self.config_path, database_url=self.database_url)
        migrate(settings.database_url)
        ctx = AppContext.create(settings)
        committed = DEMO_CARDS.is_dir() and any(DEMO_CARDS.glob("*.json"))
        if committed:
            shutil.copytree(DEMO_CARDS, self.cards_dir, dirs_exist_ok=True)
            secret = seed(ctx, cards_dir=self.cards_dir)
        else:
            secret = seed(ctx, cards_out=self.cards_dir)
        ctx.engine.dispose()
        self.kiosk = KioskCredentials(kiosk_id=DEMO_KIOSK, key=secret)
        self.staff = {role: (user, pw) for user, pw, role in DEMO_OPERATORS}
        for r in RESIDENTS:
            self.cards[r.card_number] = DemoCard(
                card_number=r.card_number,
                pin=r.pin,
                status=r.card,
                path=self.cards_dir / f"{r.card_number}.json",
                ssn=ssn.complete(r.first17),
                mobile=r.mobile,
                label=r.shows,
                in_progress=r.request is not None,
                benefit=r.benefit is not None,
            )

    def client(self, **kw: object) -> BackendClient:
        """A client for this backend with the demo kiosk's credentials."""
        kw.setdefault("kiosk", self.kiosk)
        kw.setdefault("ca_bundle", self.ca_bundle)
        return BackendClient(self.url, **kw)  # type: ignore[arg-type]

    def reject_open_requests(self, ssn: str, reason: str = "test finished") -> int:
        """Reject, as the demo reviewer, the person's requests awaiting a decision.

        A person may have one open request of a kind (DOMAIN.md), so a test
        that files one closes it through the staff API before the next test.
        """
        from backend_client.staff import StaffClient

        self.start()
        user, password = self.staff["reviewer"]
        staff = StaffClient(self.url, ca_bundle=self.ca_bundle)
        try:
            staff.login(user, password)
            mine = [r for r in staff.reviews() if r.ssn == ssn]
            for request in mine:
                staff.decide(request.reference, approve=False, reason=reason)
            staff.logout()
        finally:
            staff.close()
        return len(mine)

    def card(self, status: str = "active", index: int = 0) -> DemoCard:
        """The ``index``-th plain demo card of this kind (active, temporarily_lost…).

        "Plain" active cards have no request under way and no benefit history.
        """
        matching = [
            c
            for c in self.cards.values()
            if c.status == status
            and not (status == "active" and (c.in_progress or c.benefit))
        ]
        if len(matching) <= index:
            raise LookupError(f"no demo card #{index} of kind {status!r}")
        return matching[index]

    def copy_card(self, card: DemoCard, dest: Path) -> DemoCard:
        """A private copy of a card image (tests change PIN counters)."""
        dest.mkdir(parents=True, exist_ok=True)
        target = dest / card.path.name
        shutil.copyfile(card.path, target)
        return dataclasses.replace(card, path=target)


@contextmanager
def live_backend(
    workdir: Path,
    settings: Mapping[str, object] | None = None,
    *,
    tls: TlsFiles | None = None,
    host: str = "127.0.0.1",
) -> Iterator[LiveBackend]:
    """Seed, start, yield, and always stop a backend in ``workdir``.

    ``settings`` overrides settings of backend/default.toml by name; ``tls``
    serves HTTPS; ``host`` is the address it listens on.
    """
    workdir.mkdir(parents=True, exist_ok=True)
    backend = LiveBackend(workdir, settings, tls=tls, host=host)
    backend.seed()
    backend.start()
    try:
        yield backend
    finally:
        backend.stop()


class CardHolder:
    """A virtual card in the reader with its holder's PIN verified (Part A/B)."""

    def __init__(self, card: DemoCard, *, verify: bool = True) -> None:
        self.demo = card
        self.card = VirtualCard.load(card.path)
        self.conn = GetResponseConnection(VirtualConnection(self.card))
        self.ssse = SsseSession(self.conn)
        self.card_number = self.ssse.read_issuer().card_number
        if verify:
            self.ssse.verify_pin(card.pin)
        self.auth = AuthSession(self.conn)

    def __repr__(self) -> str:
        return f"CardHolder({self.card_number!r})"

    def sign(self, digest: bytes) -> bytes:
        """INTERNAL AUTHENTICATE with key 82 over 32 bytes (PIN verified)."""
        return self.auth.authenticate(KeyRef.HOLDER, digest)

    def sign_in(
        self, client: BackendClient, purpose: str = "session"
    ) -> ResidentSession:
        """challenge -> key-82 signature over the bound nonce -> session."""
        assert client.kiosk is not None
        challenge = client.challenge(self.card_number, purpose)  # type: ignore[arg-type]
        digest = bind_challenge(
            challenge.nonce, client.kiosk.kiosk_id, self.card_number
        )
        return client.open_session(
            challenge.challenge_id, self.card_number, self.sign(digest)
        )

    def file_transfer(
        self, client: BackendClient, body: Mapping[str, object], outbox: Path
    ) -> str:
        """A transfer through the kiosk's outbox, signed by this card; its
        reference (delivered at once)."""
        from backend_client import EntryState, Outbox, prepare_submission

        assert client.kiosk is not None
        prepared = prepare_submission(
            "transfer", dict(body), client.kiosk.kiosk_id, self.card_number
        )
        box = Outbox(outbox)
        entry = box.deliver(client, box.enqueue(prepared, self.sign(prepared.digest)))
        assert entry.state is EntryState.DELIVERED and entry.reference
        return entry.reference
