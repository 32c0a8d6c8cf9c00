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

from backend.errors import ConfigError

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


@dataclass(frozen=True, kw_only=True)
class Settings:
    """Everything the service needs; built by :func:`load_settings`."""

    database_url: str
    ca_certificate: Path
    ca_key: Path
    master_key: Path
    # PostgreSQL: hot statements PREPAREd per connection; false behind a
    # transaction-pooling PgBouncer (docs/configuration.md)
    prepared_statements: bool = True
    card_validity_years: int = 10
    # EF05 tag 04, initialisation institution number (12 bytes, Part A "EF05")
    init_institution: bytes = bytes.fromhex("110000000000000000000001")
    challenge_lifetime_seconds: int = 60
    session_lifetime_seconds: int = 300
    staff_session_lifetime_seconds: int = 8 * 3600
    temporary_loss_lapse_days: int = 7
    rate_limits: RateLimits = field(default_factory=RateLimits)
    public_base_url: str = ""
    holidays: frozenset[date] = frozenset()
    default_unemployment_monthly: Decimal = Decimal("1800.00")
    regions: tuple[Region, ...] = ()

    def region(self, code: str) -> Region | None:
        """The region with this code, or None."""
        return next((r for r in self.regions if r.code == code), None)

    def region_name(self, code: str) -> str:
        """The region's name, or the bare code for a region not configured."""
        found = self.region(code)
        return found.name if found else code


def _resolve_sqlite(url: str, base: Path) -> str:
    prefix = "sqlite:///"
    if not url.startswith(prefix) or url == "sqlite:///:memory:":
        return url
    path = Path(url[len(prefix) :]).expanduser()
    if not path.is_absolute():
        path = (base / path).resolve()
    return prefix + str(path)


def _institution(text: object) -> bytes:
    """EF05 tag 04: exactly 12 bytes given as 24 hex digits."""
    raw = bytes.fromhex(str(text))
    if len(raw) != 12:
        raise ValueError("issuer.init_institution must be 12 bytes (24 hex digits)")
    return raw


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
        url = database_url or raw["database"]["url"]
        return Settings(
            database_url=_resolve_sqlite(url, database_base),
            ca_certificate=base / issuer["ca_certificate"],
            ca_key=base / issuer["ca_key"],
            master_key=base / issuer["master_key"],
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
            temporary_loss_lapse_days=int(
                raw.get("cards", {}).get("temporary_loss_lapse_days", 7)
            ),
            rate_limits=RateLimits(**raw.get("rate_limits", {})),
            public_base_url=str(raw.get("public", {}).get("base_url", "")),
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
        )
    except (KeyError, TypeError, ValueError, AttributeError, ArithmeticError) as exc:
        # a section that is not a table, a number where text belongs, a bad amount
        raise ConfigError(f"{path}: missing or bad value: {exc!r}") from exc
