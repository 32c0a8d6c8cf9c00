# SPDX-License-Identifier: Apache-2.0
"""The backend's logging: every line one JSON object (or text for a terminal).

The set-up itself is :mod:`ssclog`, shared by every tool, and the level comes
from ``-v``/``-q`` as in every tool (:func:`ssclog.cli.log_level`); this
module only chooses the backend's own loggers' levels. uvicorn gets the same
document as its ``log_config``, so each ``serve --workers`` process logs the
same way.
"""

from __future__ import annotations

import logging
from typing import Any

import ssclog

DEFAULT_LEVEL = logging.INFO


def _levels(level: int) -> dict[str, int]:
    return {
        "alembic": logging.DEBUG if level <= logging.DEBUG else logging.WARNING,
        # the access log is INFO: shown by default and with -v, gone with -q
        "backend.access": max(level, logging.INFO),
    }


def configure(*, level: int = DEFAULT_LEVEL, fmt: str = "json") -> None:
    """Root logging for ``ss-backend`` (and each ``serve --workers`` process)."""
    ssclog.setup(level=level, fmt=fmt, levels=_levels(level))


def uvicorn_log_config(
    *, level: int = DEFAULT_LEVEL, fmt: str = "json"
) -> dict[str, Any]:
    """The same set-up as a document for uvicorn (its access log off: ours
    replaces it)."""
    return ssclog.dict_config(level=level, fmt=fmt, levels=_levels(level))
