# SPDX-License-Identifier: Apache-2.0
"""Backend settings, read from a ``backend.toml`` (tomllib).

Which file: ``--config``, else ``$SSC_BACKEND_CONFIG``, else
``/etc/ssc-kiosk/backend.toml`` when it exists, else the built-in default
(``backend/default.toml``: demo keys, SQLite in the state directory).
docs/configuration.md is the one place that documents this.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from backend.errors import ConfigError
from backend.keys import DEFAULT_PASSPHRASE_ENV, KeyFiles, PassphraseSource

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CONFIG = Path(__file__).resolve().parent / "default.toml"
CONFIG_ENV = "SSC_BACKEND_CONFIG"
SYSTEM_CONFIG = Path("/etc/ssc-kiosk/backend.toml")
STATE_ENV = "SSC_STATE_DIR"

INSURANCES = ("pension", "medical", "unemployment", "work_injury", "maternity")


@dataclass(frozen=True, kw_only=True)
class Region:
    """A pooling region (统筹区) with its contribution rates in percent."""

    code: str
    name: str
    province: str
    rates: dict[str, Decimal]
    unemployment_monthly: Decimal


@dataclass(frozen=True, kw_only=True)
class RateLimits:
    """Events allowed per window before 429."""

    challenges_per_kiosk: int = 120
    challenge_window_seconds: int = 60
    loss_reports_per_kiosk: int = 20
    loss_reports_per_ssn: int = 3
    loss_report_window_seconds: int = 3600
    # staff logins: failed attempts per source address (then 429) and per
    # username (then locked: answered like a wrong password) in the window
    staff_login_failures_per_address: int = 20
    staff_login_failures_per_user: int = 5
    staff_login_window_seconds: int = 900


@dataclass(frozen=True, kw_only=True)
class Settings:
    """Everything the service needs; built by :func:`load_settings`."""

    database_url: str = field(repr=False)
    ca_certificate: Path
    ca_key: Path
    master_key: Path
    # TEST ONLY data and keys allowed: seed --demo, plaintext issuer keys,
    # recognition codes allocated by the backend (docs/backend.md)
    demo: bool = False
    passphrase: PassphraseSource = field(default_factory=PassphraseSource)
    # PostgreSQL: hot statements PREPAREd per connection; false behind a
    # transaction-pooling PgBouncer (docs/configuration.md)
    prepared_statements: bool = True
    card_validity_years: int = 10
    # EF05 tag 04, initialisation institution number (12 bytes, Part A "EF05")
    init_institution: bytes = bytes.fromhex("110000000000000000000001")
    challenge_lifetime_seconds: int = 60
    session_lifetime_seconds: int = 300
    staff_session_lifetime_seconds: int = 8 * 3600
    # a card-signed submission is accepted this long after the kiosk signed it
    # (the outbox's delivery window), and at most this far ahead of our clock
    submission_max_age_seconds: int = 7 * 24 * 3600
    submission_clock_skew_seconds: int = 300
    temporary_loss_lapse_days: int = 7
    rate_limits: RateLimits = field(default_factory=RateLimits)
    public_base_url: str = ""
    # the largest request body accepted (413 above; backend.bodylimit)
    max_body_bytes: int = 64 * 1024
    holidays: frozenset[date] = frozenset()
    default_unemployment_monthly: Decimal = Decimal("1800.00")
    regions: tuple[Region, ...] = ()
    # [server]: TLS served by uvicorn itself (both or neither), and the proxies
    # whose X-Forwarded-For is believed (addresses or CIDR blocks)
    tls_cert: Path | None = None
    tls_key: Path | None = None
    trusted_proxies: tuple[str, ...] = ()
    # [database] wait_seconds: how long start-up waits for the database
    database_wait_seconds: float = 60.0

    def region(self, code: str) -> Region | None:
        """The region with this code, or None."""
        return next((r for r in self.regions if r.code == code), None)

    def region_name(self, code: str) -> str:
        """The region's name, or the bare code for a region not configured."""
        found = self.region(code)
        return found.name if found else code

    @property
    def key_files(self) -> KeyFiles:
        """Where the issuer keys are and how they open."""
        return KeyFiles(
            ca_certificate=self.ca_certificate,
            ca_key=self.ca_key,
            master_key=self.master_key,
            passphrase=self.passphrase,
            allow_plaintext=self.demo,
        )


def _resolve_sqlite(url: str, base: Path) -> str:
    prefix = "sqlite:///"
    if not url.startswith(prefix) or url == "sqlite:///:memory:":
        return url
    path = Path(url[len(prefix) :]).expanduser()
    if not path.is_absolute():
        path = (base / path).resolve()
    return prefix + str(path)


DATABASE_PASSWORD_ENV = "SSC_DATABASE_PASSWORD"  # noqa: S105 - a variable name


def _secret_text(path: Path, what: str) -> str:
    try:
        return path.read_text(encoding="utf-8").rstrip("\r\n")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read {what} file {path}") from exc


def _database_url(
    database: dict[str, Any], base: Path, override: str, sqlite_base: Path
) -> str:
    """``[database] url`` with its password from ``password_file`` or
    $SSC_DATABASE_PASSWORD, so the TOML and the command line need none; a
    relative SQLite path is resolved against ``sqlite_base``."""
    from sqlalchemy.engine import make_url

    url = override or database["url"]
    if not isinstance(url, str):
        raise ValueError("[database] url must be text")
    url = _resolve_sqlite(url, sqlite_base)
    password = os.environ.get(DATABASE_PASSWORD_ENV, "")
    if "password_file" in database:
        password = _secret_text(base / database["password_file"], "database password")
    if not password or url.startswith("sqlite"):
        return url
    parsed = make_url(url).set(password=password)
    return parsed.render_as_string(hide_password=False)


def _passphrase(issuer: dict[str, Any], base: Path) -> PassphraseSource:
    file = issuer.get("passphrase_file")
    return PassphraseSource(
        file=base / file if file else None,
        env=str(issuer.get("passphrase_env", DEFAULT_PASSPHRASE_ENV)),
    )


def _institution(text: object) -> bytes:
    """EF05 tag 04: exactly 12 bytes given as 24 hex digits."""
    raw = bytes.fromhex(str(text))
    if len(raw) != 12:
        raise ValueError("issuer.init_institution must be 12 bytes (24 hex digits)")
    return raw


def _base_url(value: object) -> str:
    """``[public] base_url``: empty, or an absolute http(s) URL without query
    or fragment (a trailing slash is dropped)."""
    text = str(value).strip().rstrip("/")
    if not text:
        return ""
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError("public.base_url must be an absolute http(s) URL")
    if parts.query or parts.fragment:
        raise ValueError("public.base_url must have no query or fragment")
    return text


def _positive(table: dict[str, Any], key: str, default: int) -> int:
    """A whole number above zero from ``table``, or ``default`` when absent."""
    value = int(table.get(key, default))
    if value <= 0:
        raise ValueError(f"{key} must be above zero")
    return value


def _flag(value: object, name: str) -> bool:
    """A TOML boolean (a string such as "false" is an error, not true)."""
    if not isinstance(value, bool):
        raise ValueError(f"{name} must be true or false")
    return value


def _region(raw: dict[str, Any]) -> Region:
    try:
        rates = {
            key: Decimal(str(value))
            for key, value in raw.items()
            if key.endswith(("_employer", "_employee"))
        }
        return Region(
            code=str(raw["code"]),
            name=str(raw["name"]),
            province=str(raw.get("province", str(raw["code"])[:2])),
            rates=rates,
            unemployment_monthly=Decimal(str(raw.get("unemployment_monthly", "0"))),
        )
    except (KeyError, ArithmeticError) as exc:
        raise ConfigError(f"bad region entry: {exc}") from exc


def state_dir() -> Path:
    """Where the built-in default keeps its SQLite file: ``$SSC_STATE_DIR``,
    else ``$XDG_STATE_HOME/ssc-kiosk`` (``~/.local/state/ssc-kiosk``)."""
    if explicit := os.environ.get(STATE_ENV):
        return Path(explicit).expanduser()
    xdg = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(xdg) / "ssc-kiosk"


def config_path(given: Path | None = None) -> Path:
    """The configuration file to read (module docstring: the search order)."""
    if given is not None:
        return given
    if explicit := os.environ.get(CONFIG_ENV):
        return Path(explicit)
    return SYSTEM_CONFIG if SYSTEM_CONFIG.is_file() else DEFAULT_CONFIG


def _server(raw: dict[str, Any], base: Path) -> dict[str, Any]:
    """``[server]``: TLS files (relative to the config file) and trusted proxies."""
    from backend.requestlog import TrustedProxies

    server = raw.get("server", {})
    cert, key = server.get("tls_cert", ""), server.get("tls_key", "")
    if bool(cert) != bool(key):
        raise ConfigError("[server] needs both tls_cert and tls_key, or neither")
    proxies = tuple(str(p) for p in server.get("trusted_proxies", []))
    TrustedProxies.parse(proxies)  # ValueError names the bad entry
    return {
        "tls_cert": base / cert if cert else None,
        "tls_key": base / key if key else None,
        "trusted_proxies": proxies,
    }


def load_settings(path: Path | None = None, *, database_url: str = "") -> Settings:
    """Read the configuration file (:func:`config_path`) into :class:`Settings`.

    Relative paths are resolved against the file's folder, except relative
    SQLite paths of the built-in default, which live in :func:`state_dir`:
    nothing is written beside the installed package.
    """
    path = config_path(path).resolve()
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"cannot read {path}: {exc}") from exc
    base = path.parent
    database_base = state_dir() if path == DEFAULT_CONFIG.resolve() else base
    try:
        issuer, auth = raw["issuer"], raw.get("auth", {})
        demo = raw.get("demo", False)
        if not isinstance(demo, bool):
            raise ValueError("demo must be true or false")
        return Settings(
            database_url=_database_url(
                raw.get("database", {}), base, database_url, database_base
            ),
            ca_certificate=base / issuer["ca_certificate"],
            ca_key=base / issuer["ca_key"],
            master_key=base / issuer["master_key"],
            demo=demo,
            passphrase=_passphrase(issuer, base),
            prepared_statements=_flag(
                raw.get("database", {}).get("prepared_statements", True),
                "database.prepared_statements",
            ),
            card_validity_years=int(issuer.get("card_validity_years", 10)),
            init_institution=_institution(
                issuer.get("init_institution", "110000000000000000000001")
            ),
            challenge_lifetime_seconds=int(auth.get("challenge_lifetime_seconds", 60)),
            session_lifetime_seconds=int(auth.get("session_lifetime_seconds", 300)),
            staff_session_lifetime_seconds=int(
                auth.get("staff_session_lifetime_seconds", 8 * 3600)
            ),
            submission_max_age_seconds=int(
                auth.get("submission_max_age_seconds", 7 * 24 * 3600)
            ),
            submission_clock_skew_seconds=int(
                auth.get("submission_clock_skew_seconds", 300)
            ),
            temporary_loss_lapse_days=int(
                raw.get("cards", {}).get("temporary_loss_lapse_days", 7)
            ),
            rate_limits=RateLimits(**raw.get("rate_limits", {})),
            public_base_url=_base_url(raw.get("public", {}).get("base_url", "")),
            max_body_bytes=_positive(raw.get("http", {}), "max_body_bytes", 64 * 1024),
            holidays=frozenset(
                date.fromisoformat(d)
                for d in raw.get("calendar", {}).get("holidays", [])
            ),
            default_unemployment_monthly=Decimal(
                str(
                    raw.get("unemployment", {}).get("default_monthly_amount", "1800.00")
                )
            ),
            regions=tuple(_region(r) for r in raw.get("regions", [])),
            database_wait_seconds=float(raw["database"].get("wait_seconds", 60)),
            **_server(raw, base),
        )
    except (KeyError, TypeError, ValueError, AttributeError, ArithmeticError) as exc:
        # a section that is not a table, a number where text belongs, a bad amount
        raise ConfigError(f"{path}: missing or bad value: {exc!r}") from exc
