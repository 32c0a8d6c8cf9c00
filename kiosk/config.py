# SPDX-License-Identifier: Apache-2.0
"""The kiosk's configuration file (a ``kiosk.toml``) as a typed value.

Which file: ``--config``, else ``$SSC_KIOSK_CONFIG``, else
``/etc/ssc-kiosk/kiosk.toml`` (docs/configuration.md); ``config/kiosk.toml``
in the repository is the annotated example.

Any problem (unreadable file, bad TOML, missing or wrong-typed key) raises
:class:`ConfigError` with a message naming the file and the key; ``ss-kiosk``
prints it and exits with status 2.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from kiosk.i18n import Language
from qtcommon.link import BackendLink, ConfigError, checked_link

CONFIG_ENV = "SSC_KIOSK_CONFIG"
SYSTEM_CONFIG = Path("/etc/ssc-kiosk/kiosk.toml")


def kiosk_config_path(given: Path | None = None) -> Path:
    """The kiosk.toml to read (module docstring: the search order)."""
    if given is not None:
        return given
    if explicit := os.environ.get(CONFIG_ENV):
        return Path(explicit)
    if SYSTEM_CONFIG.is_file():
        return SYSTEM_CONFIG
    raise ConfigError(
        f"no kiosk configuration: pass --config, set ${CONFIG_ENV} or install "
        f"{SYSTEM_CONFIG} (ss-kiosk --demo runs the embedded default)"
    )


@dataclass(frozen=True, kw_only=True)
class KioskConfig:
    """Everything a real terminal needs (secrets kept out of repr)."""

    reader_pattern: str
    backend_url: str
    kiosk_id: str
    kiosk_secret: str = field(repr=False)
    issuer_ca: Path
    backend_ca_bundle: str | None = None
    backend_insecure_http: bool = False
    idle_timeout_s: int = 60
    idle_warning_s: int = 15
    language: Language = Language.ZH_CN
    large_text: bool = False
    shuffle_pin_pad: bool = True
    printer: str = ""
    certificate_dir: Path = Path("var/certificates")
    outbox_path: Path = Path("var/outbox.sqlite3")
    outbox_flush_s: int = 20
    technician_code: str = field(default="", repr=False)
    full_screen: bool = True
    audio_player: str = ""
    card_left_s: int = 30
    time_zone: str = "Asia/Shanghai"


def _get(
    table: dict[str, Any], key: str, kind: type, where: str, default: Any = ...
) -> Any:
    if key not in table:
        if default is ...:
            raise ConfigError(f"{where}: missing key {key!r}")
        return default
    value = table[key]
    if kind is int and isinstance(value, bool) or not isinstance(value, kind):
        raise ConfigError(
            f"{where}: {key!r} must be {kind.__name__}, not {type(value).__name__}"
        )
    return value


def backend_link(table: dict[str, Any], base: Path, where: str) -> BackendLink:
    """``url``, ``ca_bundle`` (relative to ``base``) and ``insecure_http`` of a
    ``[backend]`` table, checked: https:// (or http:// to this machine, or
    ``insecure_http = true``) and a CA bundle that exists."""
    url = _get(table, "url", str, where)
    insecure = _get(table, "insecure_http", bool, where, False)
    return checked_link(
        url, _get(table, "ca_bundle", str, where, ""), insecure, base, where
    )


def _kiosk_secret(b: dict[str, Any], base: Path, where: str) -> str:
    """$SSC_KIOSK_SECRET, else the file named by $SSC_KIOSK_SECRET_FILE or
    ``kiosk_secret_file``, else ``kiosk_secret``; never empty."""
    file = os.environ.get("SSC_KIOSK_SECRET_FILE") or _get(
        b, "kiosk_secret_file", str, where, ""
    )
    secret: str = _get(b, "kiosk_secret", str, where, "")
    if file:
        try:
            secret = (base / file).read_text(encoding="utf-8").strip()
        except (OSError, UnicodeDecodeError):
            raise ConfigError(
                f"{where}: cannot read kiosk_secret_file {file}"
            ) from None
    secret = os.environ.get("SSC_KIOSK_SECRET", secret)
    if not secret:
        raise ConfigError(
            f"{where}: kiosk_secret is empty (set kiosk_secret_file, "
            "SSC_KIOSK_SECRET_FILE or SSC_KIOSK_SECRET)"
        )
    return secret


def load_config(path: Path) -> KioskConfig:
    """Read and check ``path``; relative paths in it are relative to the file."""
    try:
        doc = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: not UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None
    base = path.resolve().parent
    sections = {}
    for name in ("reader", "backend", "kiosk", "display", "printer", "audio"):
        section = doc.get(name, {})
        if not isinstance(section, dict):
            raise ConfigError(f"{path}: [{name}] must be a table")
        sections[name] = section
    r, b, k, d, p = (
        sections[n] for n in ("reader", "backend", "kiosk", "display", "printer")
    )
    secret = _kiosk_secret(b, base, f"{path} [backend]")
    language = _get(d, "language", str, f"{path} [display]", "zh_CN")
    try:
        lang = Language(language)
    except ValueError:
        raise ConfigError(
            f"{path} [display]: language must be zh_CN or en, not {language!r}"
        ) from None
    idle = _get(k, "idle_timeout_s", int, f"{path} [kiosk]", 60)
    warning = _get(k, "idle_warning_s", int, f"{path} [kiosk]", 15)
    if not 10 <= idle <= 3600 or not 0 < warning < idle:
        raise ConfigError(
            f"{path} [kiosk]: need 10 <= idle_timeout_s <= 3600 and "
            "0 < idle_warning_s < idle_timeout_s"
        )
    ca = base / _get(k, "issuer_ca", str, f"{path} [kiosk]")
    if not ca.is_file():
        raise ConfigError(f"{path} [kiosk]: issuer_ca {ca} does not exist")
    link = backend_link(b, base, f"{path} [backend]")
    zone = _get(d, "time_zone", str, f"{path} [display]", "Asia/Shanghai")
    try:
        ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError(
            f"{path} [display]: time_zone {zone!r} is not a known zone"
        ) from None
    card_left = _get(k, "card_left_s", int, f"{path} [kiosk]", 30)
    if not 5 <= card_left <= 600:
        raise ConfigError(f"{path} [kiosk]: need 5 <= card_left_s <= 600")
    return KioskConfig(
        reader_pattern=_get(r, "name_pattern", str, f"{path} [reader]"),
        backend_url=link.url,
        kiosk_id=_get(b, "kiosk_id", str, f"{path} [backend]"),
        kiosk_secret=secret,
        backend_ca_bundle=link.ca_bundle,
        backend_insecure_http=link.insecure_http,
        issuer_ca=ca,
        idle_timeout_s=idle,
        idle_warning_s=warning,
        language=lang,
        large_text=_get(d, "large_text", bool, f"{path} [display]", False),
        shuffle_pin_pad=_get(k, "shuffle_pin_pad", bool, f"{path} [kiosk]", True),
        printer=_get(p, "name", str, f"{path} [printer]", ""),
        certificate_dir=base
        / _get(p, "save_dir", str, f"{path} [printer]", "../var/certificates"),
        outbox_path=base
        / _get(k, "outbox", str, f"{path} [kiosk]", "../var/outbox.sqlite3"),
        outbox_flush_s=_get(k, "outbox_flush_s", int, f"{path} [kiosk]", 20),
        technician_code=_get(k, "technician_code", str, f"{path} [kiosk]", ""),
        full_screen=_get(d, "full_screen", bool, f"{path} [display]", True),
        audio_player=_get(sections["audio"], "player", str, f"{path} [audio]", ""),
        card_left_s=card_left,
        time_zone=zone,
    )
