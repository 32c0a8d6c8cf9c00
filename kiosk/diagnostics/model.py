# SPDX-License-Identifier: Apache-2.0
"""What the diagnostics screen shows, as frozen values, and the probes that make them.

Every probe here may block (PC/SC, HTTP, package metadata) and therefore runs
on the diagnostics worker thread, never on the GUI thread. Nothing here holds
a secret: the configuration is masked when it is collected, and APDUs come
from :class:`card.trace.ApduTrace`, which stores VERIFY and the other secret
commands without their data (card/trace.py); responses are shown by length
only, as they carry the resident's personal data.
"""

from __future__ import annotations

import dataclasses
import enum
import importlib.metadata
import logging
import platform
import re
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from backend_client import NO_RETRY, BackendClient, BackendError
from backend_client.errors import TransportError
from card.atr import Atr
from card.errors import CardError
from card.readers import ReaderProvider
from card.trace import ApduTrace, TraceEntry

log = logging.getLogger(__name__)

APDU_ROWS = 50
HEALTH_CONNECT_TIMEOUT_S = 2.0
HEALTH_READ_TIMEOUT_S = 3.0
MASK = "********"
#: Name parts of configuration keys whose values are never shown.
SECRET_WORDS = frozenset(
    {
        "secret",
        "key",
        "token",
        "password",
        "passwd",
        "code",
        "credential",
        "credentials",
        "pin",
        "puk",
    }
)
#: Keys that are settings about secrets, not secrets themselves.
NOT_SECRET = frozenset({"shuffle_pin_pad", "issuer_ca", "backend_ca_bundle"})
_URL_USERINFO = re.compile(r"(?<=://)[^/@\s]+@")


# --- readers -----------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class ReaderRow:
    """One reader: state, ATR and the ATR decoded (ISO/IEC 7816-3 §8.2)."""

    name: str
    card_present: bool
    atr: bytes = b""
    atr_lines: tuple[str, ...] = ()
    atr_error: str = ""
    ours: bool = False


@dataclass(frozen=True, kw_only=True)
class ReadersSnapshot:
    """Every reader the provider sees now, or why they cannot be listed."""

    taken_at: float
    readers: tuple[ReaderRow, ...] = ()
    error: str = ""


def reader_row(name: str, present: bool, atr: bytes, ours: bool) -> ReaderRow:
    """Decode ``atr`` with :meth:`card.atr.Atr.parse`; a bad ATR is shown, not fatal."""
    if not atr:
        return ReaderRow(name=name, card_present=present, ours=ours)
    try:
        lines = tuple(Atr.parse(atr).describe())
    except CardError as exc:
        return ReaderRow(
            name=name, card_present=present, atr=atr, ours=ours, atr_error=str(exc)
        )
    return ReaderRow(
        name=name, card_present=present, atr=atr, atr_lines=lines, ours=ours
    )


def list_readers(provider: ReaderProvider, pattern: str) -> ReadersSnapshot:
    """Ask the provider (a PC/SC call or the virtual readers) for every reader."""
    now = time.time()
    try:
        infos = provider.readers()
    except CardError as exc:
        return ReadersSnapshot(taken_at=now, error=f"{type(exc).__name__}: {exc}")
    needle = pattern.lower()
    rows = tuple(
        reader_row(
            i.name, i.card_present, i.atr, bool(needle) and needle in i.name.lower()
        )
        for i in infos
    )
    return ReadersSnapshot(taken_at=now, readers=rows)


# --- backend -----------------------------------------------------------------


class Reachability(enum.StrEnum):
    """What GET /healthz said (docs/api.md)."""

    REACHABLE = "reachable"
    UNHEALTHY = "unhealthy"  # answered, but not with a healthy body
    UNREACHABLE = "unreachable"


@dataclass(frozen=True, kw_only=True)
class HealthResult:
    """One timed ``GET /healthz``."""

    url: str
    checked_at: float
    reachability: Reachability
    latency_ms: float | None = None
    status: str = ""
    database: str = ""
    version: str = ""
    error: str = ""


def probe_health(url: str, ca_bundle: str | None = None) -> HealthResult:
    """Time one ``GET /healthz`` on a fresh connection, without retries."""
    now = time.time()
    client = BackendClient(
        url,
        kiosk=None,
        ca_bundle=ca_bundle,
        retries=NO_RETRY,
        connect_timeout=HEALTH_CONNECT_TIMEOUT_S,
        read_timeout=HEALTH_READ_TIMEOUT_S,
    )
    shown = strip_userinfo(url)
    started = time.perf_counter()
    try:
        health = client.health()
    except TransportError as exc:
        return HealthResult(
            url=shown,
            checked_at=now,
            error=type(exc).__name__,
            reachability=Reachability.UNREACHABLE,
        )
    except BackendError as exc:
        return HealthResult(
            url=shown,
            checked_at=now,
            error=type(exc).__name__,
            reachability=Reachability.UNHEALTHY,
            latency_ms=(time.perf_counter() - started) * 1000,
        )
    finally:
        client.close()
    latency = (time.perf_counter() - started) * 1000
    healthy = health.status == "ok" and health.database == "ok"
    return HealthResult(
        url=shown,
        checked_at=now,
        latency_ms=latency,
        status=health.status,
        database=health.database,
        version=health.version,
        reachability=Reachability.REACHABLE if healthy else Reachability.UNHEALTHY,
    )


# --- versions ----------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class Versions:
    """Software versions of this terminal, as ``(component, version)`` pairs."""

    items: tuple[tuple[str, str], ...]


def _distribution(name: str) -> str:
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return "not installed"


def collect_versions() -> Versions:
    """App, Python, Qt/PySide6, pyscard, cryptography, OS (package metadata reads)."""
    import PySide6
    from PySide6.QtCore import qVersion

    return Versions(
        items=(
            ("ssc-kiosk", _distribution("ssc-kiosk")),
            (
                "Python",
                f"{platform.python_version()} ({platform.python_implementation()})",
            ),
            ("Qt", qVersion()),
            ("PySide6", PySide6.__version__),
            ("pyscard", _distribution("pyscard")),
            ("cryptography", _distribution("cryptography")),
            ("requests", _distribution("requests")),
            ("OS", platform.platform()),
        )
    )


# --- configuration -----------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class ConfigItem:
    """One configuration value as shown: secrets replaced by :data:`MASK`."""

    key: str
    value: str
    masked: bool = False


def is_secret(key: str) -> bool:
    """True for the kiosk credential, the technician code, any key/token/password."""
    if key in NOT_SECRET:
        return False
    return any(part in SECRET_WORDS for part in re.split(r"[_.\-\s]+", key.lower()))


def strip_userinfo(text: str) -> str:
    """``https://user:pw@host`` -> ``https://***@host`` (credentials in URLs)."""
    return _URL_USERINFO.sub("***@", text)


def config_item(key: str, value: Any) -> ConfigItem:
    """Mask secrets: a set secret shows :data:`MASK`, an empty one "(empty)"."""
    if is_secret(key):
        return ConfigItem(key=key, value=MASK if value else "(empty)", masked=True)
    text = value.value if isinstance(value, enum.Enum) else value
    return ConfigItem(key=key, value=strip_userinfo(str(text)))


def effective_config(*layers: object) -> tuple[ConfigItem, ...]:
    """Merge layers (mappings or dataclass values, later wins) into masked items."""
    merged: dict[str, Any] = {}
    for layer in layers:
        if isinstance(layer, Mapping):
            merged.update(layer)
        elif dataclasses.is_dataclass(layer) and not isinstance(layer, type):
            merged.update(
                {f.name: getattr(layer, f.name) for f in dataclasses.fields(layer)}
            )
    return tuple(config_item(k, merged[k]) for k in sorted(merged))


# --- APDUs -------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class ApduRow:
    """One exchange of the shared trace as shown: no secret, no personal data."""

    at: float
    line: str
    elapsed_ms: float
    redacted: bool
    response_length: int


def apdu_line(entry: TraceEntry) -> str:
    """``00 B2 01 2C 00 -> <40 bytes> 9000``: the command as card.trace kept it
    (PIN and key data already dropped), the response by its length only, since
    response data is the resident's name, ID number and certificates."""
    text = entry.command.hex(" ").upper()
    if entry.redacted:
        text += f" <{entry.data_length} bytes redacted>"
    if entry.sw is None:
        return f"{text} -> {entry.error or 'no answer'}"
    body = f"<{len(entry.response)} bytes> " if entry.response else ""
    return f"{text} -> {body}{entry.sw:04X}"


def recent_apdus(trace: ApduTrace, count: int = APDU_ROWS) -> tuple[ApduRow, ...]:
    """The last ``count`` exchanges, newest last (an in-memory copy, no I/O)."""
    return tuple(
        ApduRow(
            at=e.at,
            line=apdu_line(e),
            elapsed_ms=e.elapsed_s * 1000,
            redacted=e.redacted,
            response_length=len(e.response),
        )
        for e in trace.entries()[-count:]
    )


def rows_as_dicts(rows: Iterable[Any]) -> list[dict[str, Any]]:
    """Dataclass rows as JSON-ready dicts (bytes as spaced upper-case hex)."""
    out = []
    for row in rows:
        item = dataclasses.asdict(row)
        for key, value in item.items():
            if isinstance(value, bytes):
                item[key] = value.hex(" ").upper()
            elif isinstance(value, tuple):
                item[key] = list(value)
        out.append(item)
    return out
