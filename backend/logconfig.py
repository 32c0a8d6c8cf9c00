# SPDX-License-Identifier: Apache-2.0
"""The backend's logging: every line one JSON object (or text for a terminal).

The set-up itself is :mod:`ssclog`, shared by every tool; this module only
chooses the backend's levels. uvicorn gets the same document as its
``log_config``, so each ``serve --workers`` process logs the same way.
"""

from __future__ import annotations

import logging
from typing import Any

import ssclog


def _levels(verbose: bool) -> dict[str, int]:
    return {
        "alembic": logging.DEBUG if verbose else logging.WARNING,
        "backend.access": logging.INFO,
    }


def configure(*, verbose: bool = False, fmt: str = "json") -> None:
    """Root logging for ``ss-backend`` (and each ``serve --workers`` process)."""
    ssclog.setup(
        level=logging.DEBUG if verbose else logging.INFO,
        fmt=fmt,
        levels=_levels(verbose),
    )


def uvicorn_log_config(*, verbose: bool = False, fmt: str = "json") -> dict[str, Any]:
    """The same set-up as a document for uvicorn (its access log off: ours
    replaces it)."""
    return ssclog.dict_config(
        level=logging.DEBUG if verbose else logging.INFO,
        fmt=fmt,
        levels=_levels(verbose),
    )
