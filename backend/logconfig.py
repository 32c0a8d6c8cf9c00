# SPDX-License-Identifier: Apache-2.0
"""Logging set-up: one JSON object per line for the access log, plain for others."""

from __future__ import annotations

import logging
from typing import Any


def configure(*, verbose: bool = False) -> None:
    """Root logging for the CLI; the access log lines are already JSON."""
    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    logging.getLogger("alembic").setLevel(logging.DEBUG if verbose else logging.WARNING)
    logging.getLogger("backend.access").propagate = False
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(message)s"))
    access = logging.getLogger("backend.access")
    if not access.handlers:
        access.addHandler(handler)
    access.setLevel(logging.INFO)


def uvicorn_log_config() -> dict[str, Any]:
    """Uvicorn's own loggers without its access log (ours replaces it)."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {
            "plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}
        },
        "handlers": {"err": {"class": "logging.StreamHandler", "formatter": "plain"}},
        "loggers": {
            "uvicorn": {"handlers": ["err"], "level": "INFO", "propagate": False},
            "uvicorn.error": {"level": "INFO"},
            "uvicorn.access": {"handlers": [], "level": "WARNING", "propagate": False},
        },
    }
