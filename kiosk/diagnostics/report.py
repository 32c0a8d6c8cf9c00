# SPDX-License-Identifier: Apache-2.0
"""The exported diagnostics report: one text file for people, one JSON for tools.

A :class:`Report` is assembled on the GUI thread from the values the screen
already shows (so the report says exactly what the technician saw) and written
by the worker. It carries no secret: configuration values are masked when
collected and APDUs are card.trace's redacted lines; :func:`write_report`
checks once more that no value of ``forbidden`` occurs in either file and
refuses to write otherwise.
"""

from __future__ import annotations

import json
import logging
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kiosk.diagnostics.model import (
    ApduRow,
    ConfigItem,
    HealthResult,
    ReadersSnapshot,
    Versions,
    rows_as_dicts,
)

if TYPE_CHECKING:
    from kiosk.selfcheck import Problem

log = logging.getLogger(__name__)

FORMAT_VERSION = 1
MIN_FORBIDDEN = 4  # shorter values would match by chance (and are refused as codes)


@dataclass(frozen=True, kw_only=True)
class Report:
    """Everything the screen shows, at one moment."""

    kiosk_id: str
    created_at: float
    readers: ReadersSnapshot | None
    health: HealthResult | None
    versions: Versions | None
    config: tuple[ConfigItem, ...]
    apdus: tuple[ApduRow, ...]
    forbidden: tuple[str, ...] = field(default=(), repr=False)
    self_check: tuple[Problem, ...] = ()  # the failing checks (kiosk/selfcheck.py)


@dataclass(frozen=True, kw_only=True)
class ExportResult:
    """Where the report went, or why it could not be written."""

    text_path: Path | None = None
    json_path: Path | None = None
    error: str = ""


def report_json(report: Report) -> dict[str, Any]:
    """The JSON document (format :data:`FORMAT_VERSION`)."""
    readers = report.readers
    return {
        "format": FORMAT_VERSION,
        "kiosk_id": report.kiosk_id,
        "created_at": _stamp(report.created_at),
        "readers": None
        if readers is None
        else {"error": readers.error, "readers": rows_as_dicts(readers.readers)},
        "backend": None if report.health is None else rows_as_dicts([report.health])[0],
        "versions": dict(report.versions.items) if report.versions else None,
        "config": {i.key: i.value for i in report.config},
        "apdus": rows_as_dicts(report.apdus),
        "self_check": [
            {
                "check": p.check.value,
                "since": _stamp(p.since),
                "error": p.error,
                "action": p.action,
            }
            for p in report.self_check
        ],
    }


def report_text(report: Report) -> str:
    """The same facts as plain text, one per line."""
    out = [
        f"ssc-kiosk diagnostics report — kiosk {report.kiosk_id}",
        f"created {_stamp(report.created_at)}",
        "",
        "[self-check]",
    ]
    out += [
        f"{p.check.value} failing since {_stamp(p.since)}: {p.error}\n"
        f"    what to do: {p.action}"
        for p in report.self_check
    ] or ["every check passes"]
    out += ["", "[readers]"]
    if report.readers is None:
        out.append("not listed yet")
    else:
        out.extend(_reader_lines(report.readers))
    out += ["", "[backend]"]
    h = report.health
    if h is None:
        out.append("not checked yet")
    else:
        latency = "-" if h.latency_ms is None else f"{h.latency_ms:.1f} ms"
        out += [
            f"url: {h.url}",
            f"state: {h.reachability.value}",
            f"latency: {latency}",
            f"status: {h.status or '-'}",
            f"database: {h.database or '-'}",
            f"version: {h.version or '-'}",
            f"error: {h.error or '-'}",
        ]
    out += ["", "[versions]"]
    out += [f"{k}: {v}" for k, v in (report.versions.items if report.versions else ())]
    out += ["", "[configuration]"]
    out += [f"{i.key} = {i.value}" for i in report.config]
    out += ["", f"[last {len(report.apdus)} APDUs, secrets redacted]"]
    out += [f"{_stamp(a.at)}  {a.line}  ({a.elapsed_ms:.1f} ms)" for a in report.apdus]
    return "\n".join(out) + "\n"


def _reader_lines(snapshot: ReadersSnapshot) -> list[str]:
    if snapshot.error:
        return [f"error: {snapshot.error}"]
    if not snapshot.readers:
        return ["no reader"]
    lines = []
    for r in snapshot.readers:
        state = "card present" if r.card_present else "empty"
        lines.append(f"{r.name}: {state}{' (kiosk reader)' if r.ours else ''}")
        lines += [f"    {x}" for x in r.atr_lines]
        if r.atr_error:
            lines.append(f"    ATR {r.atr.hex(' ').upper()}: {r.atr_error}")
    return lines


def _stamp(at: float) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S%z", time.localtime(at))


def report_names(report: Report) -> tuple[str, str]:
    """``ssc-diagnostics-<kiosk>-<YYYYmmdd-HHMMSS>.txt`` and ``.json``."""
    safe = "".join(c if c.isalnum() or c in "-_" else "_" for c in report.kiosk_id)
    stem = f"ssc-diagnostics-{safe or 'kiosk'}-" + time.strftime(
        "%Y%m%d-%H%M%S", time.localtime(report.created_at)
    )
    return f"{stem}.txt", f"{stem}.json"


def write_report(report: Report, folder: Path) -> ExportResult:
    """Write both files into ``folder`` (atomically each); never raises OSError."""
    text = report_text(report)
    doc = json.dumps(report_json(report), ensure_ascii=False, indent=2) + "\n"
    if any(
        len(s) >= MIN_FORBIDDEN and (s in text or s in doc) for s in report.forbidden
    ):
        log.error("diagnostics report not written: it would contain a secret")
        return ExportResult(error="the report would contain a secret; not written")
    text_name, json_name = report_names(report)
    try:
        paths = [
            _write_atomic(folder / text_name, text),
            _write_atomic(folder / json_name, doc),
        ]
    except OSError as exc:
        return ExportResult(error=f"{folder}: {exc.strerror or exc}")
    log.info("diagnostics report written to %s", folder)
    return ExportResult(text_path=paths[0], json_path=paths[1])


def _write_atomic(path: Path, content: str) -> Path:
    tmp = path.with_name(path.name + ".part")
    with tmp.open("w", encoding="utf-8") as out:
        out.write(content)
        out.flush()
        os.fsync(out.fileno())
    tmp.replace(path)
    return path
