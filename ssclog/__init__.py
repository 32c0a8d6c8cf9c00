# SPDX-License-Identifier: Apache-2.0
"""One logging set-up for every tool: JSON lines, or plain text for a terminal.

``ss-backend``, ``ss-kiosk``, ``ss-issue`` and ``ss-card`` configure logging
through :func:`setup` (or hand :func:`dict_config` to uvicorn, which applies
it in each worker process), at the level their ``-v``/``-q`` give
(:mod:`ssclog.cli`, the command-line convention they share). A JSON line is
one object::

    {"timestamp": "2026-12-03T15:40:00.123+00:00", "level": "INFO",
     "logger": "backend.access", "message": "GET /healthz 200",
     "request_id": "9f1c…", "method": "GET", "route": "/healthz", …}

``request_id`` comes from :data:`REQUEST_ID` (the backend sets it per request)
or from a record's own ``request_id``; a record's ``fields`` mapping (passed as
``extra={"fields": {...}}``) adds keys of its own. A traceback goes into
``exc`` of the same line. This package imports nothing of the project, so
every package may import it (tests/test_layers.py).
"""

from __future__ import annotations

import json
import logging
import logging.config
from collections.abc import Mapping
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any

__all__ = [
    "FORMATS",
    "REQUEST_ID",
    "JsonFormatter",
    "TextFormatter",
    "dict_config",
    "setup",
]

FORMATS = ("json", "text")
REQUEST_ID: ContextVar[str] = ContextVar("ssc_request_id", default="")
_CORE = frozenset({"timestamp", "level", "logger", "message", "request_id"})


def _timestamp(created: float) -> str:
    """ISO 8601 with milliseconds and the zone (UTC): ``…T15:40:00.123+00:00``."""
    return datetime.fromtimestamp(created, UTC).isoformat(timespec="milliseconds")


def _request_id(record: logging.LogRecord) -> str:
    own = getattr(record, "request_id", "")
    return own if isinstance(own, str) and own else REQUEST_ID.get()


def _fields(record: logging.LogRecord) -> Mapping[str, Any]:
    fields = getattr(record, "fields", None)
    return fields if isinstance(fields, Mapping) else {}


class JsonFormatter(logging.Formatter):
    """One JSON object per record, on one line (tracebacks included)."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "timestamp": _timestamp(record.created),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        request_id = _request_id(record)
        if request_id:
            entry["request_id"] = request_id
        for key, value in _fields(record).items():
            if key not in _CORE:
                entry[key] = value
        if record.exc_info:
            entry["exc"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


class TextFormatter(logging.Formatter):
    """``<time> LEVEL logger [request id]: message key=value …`` for a terminal."""

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s%(rid)s: %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        request_id = _request_id(record)
        record.rid = f" [{request_id}]" if request_id else ""
        text = super().format(record)
        extra = " ".join(f"{k}={v}" for k, v in _fields(record).items())
        return f"{text} {extra}" if extra else text


def dict_config(
    *,
    level: int = logging.INFO,
    fmt: str = "json",
    levels: Mapping[str, int] | None = None,
) -> dict[str, Any]:
    """A :func:`logging.config.dictConfig` document: one stderr handler on the
    root logger in format ``fmt``; ``levels`` sets named loggers' levels.

    uvicorn's loggers propagate to the root (so its lines have the same form),
    and its own access log is off: the backend writes its own."""
    if fmt not in FORMATS:
        raise ValueError(f"log format must be one of {', '.join(FORMATS)}")
    formatter = JsonFormatter if fmt == "json" else TextFormatter
    loggers: dict[str, Any] = {
        "uvicorn": {"handlers": [], "propagate": True},
        "uvicorn.error": {"handlers": [], "propagate": True},
        "uvicorn.access": {"handlers": [], "propagate": False, "level": "WARNING"},
    }
    for name, value in (levels or {}).items():
        loggers.setdefault(name, {})["level"] = logging.getLevelName(value)
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {
            "main": {"()": f"{formatter.__module__}.{formatter.__qualname__}"}
        },
        "handlers": {
            "stderr": {
                "class": "logging.StreamHandler",
                "formatter": "main",
                "stream": "ext://sys.stderr",
            }
        },
        "root": {"handlers": ["stderr"], "level": logging.getLevelName(level)},
        "loggers": loggers,
    }


def setup(
    *,
    level: int = logging.INFO,
    fmt: str = "json",
    levels: Mapping[str, int] | None = None,
) -> None:
    """Configure this process's logging (see :func:`dict_config`)."""
    logging.config.dictConfig(dict_config(level=level, fmt=fmt, levels=levels))
