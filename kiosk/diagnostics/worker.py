# SPDX-License-Identifier: Apache-2.0
"""The diagnostics jobs: probes and report writing, run on job runners.

:class:`~kiosk.diagnostics.controller.Diagnostics` runs these on two
:class:`qtcommon.jobs.JobRunner` threads: one for the readers, the versions
and the report files, one for the network, so a backend that times out never
delays the reader list. Each job answers with one frozen value from
:mod:`kiosk.diagnostics.model` (or :class:`ExportResult`) and never raises: a
failure is part of the value, shown on the screen by its error type. Jobs
never touch a widget.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path

from card.readers import ReaderProvider
from kiosk.diagnostics.model import (
    HealthResult,
    Reachability,
    ReadersSnapshot,
    list_readers,
    probe_health,
    strip_userinfo,
)
from kiosk.diagnostics.report import ExportResult, Report, write_report

log = logging.getLogger(__name__)


def readers_job(provider: ReaderProvider, pattern: str) -> ReadersSnapshot:
    """The readers now (an error snapshot if they cannot be listed)."""
    try:
        return list_readers(provider, pattern)
    except Exception as exc:  # shown on the screen, typed
        log.warning("listing readers failed: %s", type(exc).__name__)
        return ReadersSnapshot(taken_at=time.time(), error=type(exc).__name__)


def export_job(report: Report, folder: str) -> ExportResult:
    """Write ``report`` into ``folder`` (an error result if that fails)."""
    try:
        return write_report(report, Path(folder))
    except Exception as exc:  # shown on the screen, typed
        log.warning("writing the report failed: %s", type(exc).__name__)
        return ExportResult(error=type(exc).__name__)


def health_job(url: str, ca_bundle: str | None) -> HealthResult:
    """``GET /healthz``, timed (unreachable if anything fails)."""
    try:
        return probe_health(url, ca_bundle)
    except Exception as exc:  # any failure means "unreachable"
        log.warning("health probe failed: %s", type(exc).__name__)
        return HealthResult(
            url=strip_userinfo(url),
            checked_at=time.time(),
            reachability=Reachability.UNREACHABLE,
            error=type(exc).__name__,
        )
