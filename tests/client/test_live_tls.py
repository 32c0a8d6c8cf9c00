# SPDX-License-Identifier: Apache-2.0
"""TLS end to end: ``ss-backend serve --tls-cert/--tls-key`` with a CA and a
server certificate made by the test, the resident client, the staff client,
the kiosk's and the staff station's configuration; and the refusal of plain
``http://`` to another machine."""

from __future__ import annotations

import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from backend_client import StaffClient
from backend_client.errors import TlsError
from card.virtual.bundled import DEMO_CA_CERTIFICATE
from kiosk.app import services_from_config
from kiosk.config import ConfigError, load_config
from staff.app import build_services, parse_args
from tests.client.conftest import FAST_RETRY
from tests.live_backend import CardHolder, LiveBackend, TlsFiles, live_backend
from tests.tls_certs import make_tls

ROOT = Path(__file__).resolve().parents[2]
ISSUER_CA = DEMO_CA_CERTIFICATE


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> TlsFiles:
    return make_tls(tmp_path_factory.mktemp("pki"))


@pytest.fixture(scope="module")
def tls_live(
    tmp_path_factory: pytest.TempPathFactory, pki: TlsFiles
) -> Iterator[LiveBackend]:
    """The seeded backend serving HTTPS itself on 127.0.0.1."""
    with live_backend(tmp_path_factory.mktemp("tls-backend"), tls=pki) as backend:
        yield backend


def _kiosk_toml(folder: Path, url: str, extra: str = "") -> Path:
    path = folder / "kiosk.toml"
    path.write_text(
        f'[reader]\nname_pattern = "Virtual"\n'
        f'[backend]\nurl = "{url}"\nkiosk_id = "demo-kiosk-01"\n'
        f'kiosk_secret = "s"\n{extra}\n'
        f'[kiosk]\nissuer_ca = "{ISSUER_CA}"\noutbox = "outbox.sqlite3"\n',
        encoding="utf-8",
    )
    return path


def test_resident_client_trusts_the_configured_ca(
    tls_live: LiveBackend, tmp_path: Path
) -> None:
    assert tls_live.url.startswith("https://127.0.0.1:")
    holder = CardHolder(tls_live.copy_card(tls_live.card("active"), tmp_path))
    with tls_live.client(retries=FAST_RETRY) as client:
        assert client.health().database == "ok"
        session = holder.sign_in(client)  # kiosk headers and a card signature
        assert session.me().card.card_number == holder.card_number
        session.logout()


@pytest.mark.parametrize("bundle", [None, "other-ca.pem"])
def test_resident_client_refuses_a_server_it_cannot_verify(
    tls_live: LiveBackend, pki: TlsFiles, bundle: str | None
) -> None:
    ca = str(pki.ca_bundle.parent / bundle) if bundle else None
    with tls_live.client(ca_bundle=ca, retries=FAST_RETRY) as client:
        with pytest.raises(TlsError):
            client.health()


def test_staff_client_uses_the_bundle_for_every_call(
    tls_live: LiveBackend, pki: TlsFiles
) -> None:
    user, password = tls_live.staff["issuer"]
    card = tls_live.card("active")
    staff = StaffClient(tls_live.url, ca_bundle=str(pki.ca_bundle))
    try:
        assert "issuer" in staff.login(user, password).roles
        found = staff.find_person(card.ssn)  # a call with the staff token
        assert card.card_number in {c.card_number for c in found.cards}
    finally:
        staff.close()
    bare = StaffClient(tls_live.url, retries=FAST_RETRY)
    try:
        with pytest.raises(TlsError):
            bare.login(user, password)
    finally:
        bare.close()


def test_kiosk_configuration_reaches_the_https_backend(
    tls_live: LiveBackend, pki: TlsFiles, tmp_path: Path
) -> None:
    path = _kiosk_toml(tmp_path, tls_live.url, f'ca_bundle = "{pki.ca_bundle}"')
    config = load_config(path)
    assert config.backend_ca_bundle == str(pki.ca_bundle)
    services = services_from_config(config)
    assert services.client.health().database == "ok"
    without = load_config(_kiosk_toml(tmp_path, tls_live.url))
    with pytest.raises(TlsError):
        services_from_config(without).client.health()


def _staff_args(tmp_path: Path, toml: str) -> list[str]:
    path = tmp_path / "staff.toml"
    path.write_text(toml, encoding="utf-8")
    return ["--config", str(path), "--readers", "virtual", "--output", str(tmp_path)]


def test_staff_station_configuration_reaches_the_https_backend(
    tls_live: LiveBackend, pki: TlsFiles, tmp_path: Path, qapp: object
) -> None:
    user, password = tls_live.staff["issuer"]
    card = tls_live.card("active")
    good = _staff_args(
        tmp_path, f'[backend]\nurl = "{tls_live.url}"\nca_bundle = "ca.pem"\n'
    )
    (tmp_path / "ca.pem").write_bytes(pki.ca_bundle.read_bytes())
    services = build_services(parse_args(good))
    try:
        assert "issuer" in services.api.login(user, password).roles
        found = services.api.find_person(card.ssn)
        assert found is not None and found.ssn == card.ssn
    finally:
        services.stop()
    bare_toml = f'[backend]\nurl = "{tls_live.url}"\n'
    bare = build_services(parse_args(_staff_args(tmp_path, bare_toml)))
    try:
        with pytest.raises(TlsError):
            bare.api.login(user, password)
    finally:
        bare.stop()


def _outward_address() -> str:
    """This machine's address on its default route (not loopback)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        probe.connect(("192.0.2.254", 9))  # UDP: no packet is sent
        address = str(probe.getsockname()[0])
    assert not address.startswith("127."), "no non-loopback address to test with"
    return address


def test_plain_http_to_another_machine_needs_insecure_http(tmp_path: Path) -> None:
    far = f"http://{_outward_address()}:8600"
    with pytest.raises(ConfigError) as refused:
        load_config(_kiosk_toml(tmp_path, far))
    assert "insecure_http" in str(refused.value)
    assert "\n" not in str(refused.value)
    assert load_config(_kiosk_toml(tmp_path, far, "insecure_http = true"))
    # loopback (a TLS proxy on this host, the demo) is not refused
    assert load_config(_kiosk_toml(tmp_path, "http://127.0.0.1:8600"))
    assert load_config(_kiosk_toml(tmp_path, "http://localhost:8600"))
    with pytest.raises(ConfigError, match="https://"):
        load_config(_kiosk_toml(tmp_path, "ftp://example.org/"))


def _one_line_exit(cmd: list[str]) -> str:
    done = subprocess.run(
        cmd,
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
        env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"},
        check=False,
    )
    assert done.returncode == 2, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    return lines[0]


def test_kiosk_and_station_refuse_plain_http_with_one_line(tmp_path: Path) -> None:
    far = f"http://{_outward_address()}:8600"
    line = _one_line_exit(
        [sys.executable, "-m", "kiosk.app", "--config", str(_kiosk_toml(tmp_path, far))]
    )
    assert line.startswith("ss-kiosk: configuration error:") and "insecure_http" in line
    line = _one_line_exit(
        [
            sys.executable,
            "-m",
            "staff.app",
            "--backend",
            far,
            "--readers",
            "virtual",
        ]
    )
    assert line.startswith("ss-issue: configuration error:") and "insecure_http" in line


def test_insecure_http_reaches_a_plain_backend_on_another_address(
    tmp_path: Path,
) -> None:
    """With ``insecure_http = true`` the kiosk talks to a real plain-HTTP
    backend on this machine's outward address (a closed test network)."""
    with live_backend(tmp_path / "plain", host=_outward_address()) as plain:
        path = _kiosk_toml(tmp_path, plain.url, "insecure_http = true")
        services = services_from_config(load_config(path))
        assert services.client.health().database == "ok"


@pytest.mark.parametrize(
    "files, says",
    [
        (("server.pem",), "needs both a certificate and its key"),
        (("ca.pem", "server.key"), "unusable"),  # the key is not the CA's
        (("server.pem", "missing.key"), "unusable"),
    ],
)
def test_serve_refuses_unusable_tls_files_with_one_line(
    pki: TlsFiles, tmp_path: Path, files: tuple[str, ...], says: str
) -> None:
    options = ["--tls-cert", str(pki.cert.parent / files[0])]
    if len(files) > 1:
        options += ["--tls-key", str(pki.cert.parent / files[1])]
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "backend.cli",
            "--log-format",
            "text",
            "--database-url",
            f"sqlite:///{tmp_path / 'never-opened.sqlite3'}",
            "serve",
            "--port",
            "9",
            *options,
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2
    (line,) = done.stderr.strip().splitlines()
    assert line.startswith("ss-backend: ") and says in line
    assert not (tmp_path / "never-opened.sqlite3").exists()  # checked first
