# SPDX-License-Identifier: Apache-2.0
"""The diagnostics worker: probes and report writing on threads of their own.

Two :class:`ProbeWorker` objects live in their own ``QThread`` each: one for
the readers, the versions and the report files, one for the network, so a
backend that times out never delays the reader list. Each request is a signal
into the worker; each answer is a signal carrying one frozen value from
:mod:`kiosk.diagnostics.model` (or :class:`ExportResult`). Workers never touch
a widget.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path

from PySide6.QtCore import QObject, QThread, Signal, Slot

from card.readers import ReaderProvider
from kiosk.diagnostics.model import (
    HealthResult,
    Reachability,
    ReadersSnapshot,
    Versions,
    collect_versions,
    list_readers,
    probe_health,
    strip_userinfo,
)
from kiosk.diagnostics.report import ExportResult, Report, write_report

log = logging.getLogger(__name__)


class LocalWorker(QObject):
    """Readers, versions and report files (card and disk I/O)."""

    readers_ready = Signal(ReadersSnapshot)
    versions_ready = Signal(Versions)
    exported = Signal(ExportResult)
    _readers = Signal()
    _versions = Signal()
    _export = Signal(Report, str)

    def __init__(self, provider: ReaderProvider, pattern: str) -> None:
        super().__init__()
        self.provider = provider
        self.pattern = pattern
        self._readers.connect(self._list_readers)
        self._versions.connect(self._collect_versions)
        self._export.connect(self._write)

    def request_readers(self) -> None:
        """Ask for :attr:`readers_ready` (from any thread)."""
        self._readers.emit()

    def request_versions(self) -> None:
        self._versions.emit()

    def request_export(self, report: Report, folder: str) -> None:
        self._export.emit(report, folder)

    @Slot()
    def _list_readers(self) -> None:
        try:
            snapshot = list_readers(self.provider, self.pattern)
        except Exception as exc:  # shown on the screen, typed
            log.warning("listing readers failed: %s", type(exc).__name__)
            snapshot = ReadersSnapshot(taken_at=time.time(), error=type(exc).__name__)
        self.readers_ready.emit(snapshot)

    @Slot()
    def _collect_versions(self) -> None:
        self.versions_ready.emit(collect_versions())

    @Slot(Report, str)
    def _write(self, report: Report, folder: str) -> None:
        try:
            result = write_report(report, Path(folder))
        except Exception as exc:  # shown on the screen, typed
            log.warning("writing the report failed: %s", type(exc).__name__)
            result = ExportResult(error=type(exc).__name__)
        self.exported.emit(result)


class NetworkWorker(QObject):
    """``GET /healthz``, timed."""

    health_ready = Signal(HealthResult)
    _health = Signal()

    def __init__(self, url: str, ca_bundle: str | None) -> None:
        super().__init__()
        self.url = url
        self.ca_bundle = ca_bundle
        self.busy = False
        self._health.connect(self._probe)

    def request_health(self) -> bool:
        """Ask for :attr:`health_ready`; False if a probe is still running."""
        if self.busy:
            return False
        self.busy = True
        self._health.emit()
        return True

    @Slot()
    def _probe(self) -> None:
        try:
            result = probe_health(self.url, self.ca_bundle)
        except Exception as exc:  # any failure means "unreachable"
            log.warning("health probe failed: %s", type(exc).__name__)
            result = HealthResult(
                url=strip_userinfo(self.url),
                checked_at=time.time(),
                reachability=Reachability.UNREACHABLE,
                error=type(exc).__name__,
            )
        try:
            self.health_ready.emit(result)
        finally:
            self.busy = False


class Threads:
    """Starts a thread per worker; :meth:`stop` quits and joins them."""

    def __init__(self, *workers: QObject) -> None:
        self.threads: list[QThread] = []
        for worker in workers:
            thread = QThread()
            thread.setObjectName(f"diagnostics-{type(worker).__name__}")
            worker.moveToThread(thread)
            thread.start()
            self.threads.append(thread)

    def stop(self) -> None:
        for thread in self.threads:
            thread.quit()
        for thread in self.threads:
            if not thread.wait(10_000):
                log.warning("%s did not stop in 10 s", thread.objectName())
        self.threads.clear()
