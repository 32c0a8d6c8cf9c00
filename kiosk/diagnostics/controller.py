# SPDX-License-Identifier: Apache-2.0
"""Wires the way in, the job runners and the window: :class:`Diagnostics`.

The GUI thread never waits here: readers, versions and report files go to
the local runner, ``/healthz`` to the network runner
(:mod:`kiosk.diagnostics.worker`), and their typed answers come back as
signals. Only the redacted APDU ring buffer (memory, a lock held
for a copy) is read on the GUI thread.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication, QMainWindow

from card.readers import ReaderProvider
from card.trace import ApduTrace
from kiosk.diagnostics.gate import SHORTCUT, CodeDialog, CodeGate, TapWatcher, Verdict
from kiosk.diagnostics.model import (
    ConfigItem,
    HealthResult,
    ReadersSnapshot,
    Versions,
    collect_versions,
    recent_apdus,
)
from kiosk.diagnostics.report import ExportResult, Report
from kiosk.diagnostics.translations import DiagnosticsTranslator
from kiosk.diagnostics.worker import export_job, health_job, readers_job
from kiosk.i18n import Language
from qtcommon.jobs import JobRunner, stop_all

if TYPE_CHECKING:
    from kiosk.diagnostics.screen import DiagnosticsWindow
    from kiosk.selfcheck import Problem

log = logging.getLogger(__name__)

APDU_REFRESH_MS = 1000
READERS_EVERY_TICKS = 2
HEALTH_EVERY_TICKS = 15
IDLE_CLOSE_MS = 5 * 60 * 1000
STOP_WAIT_MS = 10_000


@dataclass(frozen=True, kw_only=True)
class Setup:
    """What the diagnostics need from the kiosk (built by :func:`attach`)."""

    kiosk_id: str
    provider: ReaderProvider
    reader_pattern: str
    trace: ApduTrace
    health_url: str
    ca_bundle: str | None
    technician_code: str = field(repr=False)
    config: tuple[ConfigItem, ...]
    secrets: tuple[str, ...] = field(repr=False)
    may_open: Callable[[], bool]
    language: Callable[[], Language]
    # time.time() of each card left in the reader after its session
    cards_left: Callable[[], tuple[float, ...]] = tuple
    # what the kiosk's self-check finds wrong now (kiosk/selfcheck.py)
    self_check: Callable[[], tuple[Problem, ...]] = tuple


class Diagnostics(QObject):
    """Gesture/shortcut -> code -> window; owns the job runners."""

    def __init__(self, app: QApplication, window: QMainWindow, setup: Setup) -> None:
        super().__init__()
        self.app = app
        self.setup = setup
        self.translator = DiagnosticsTranslator(app, window, setup.language)
        self.gate = CodeGate(setup.technician_code)
        self.watcher = TapWatcher(window)
        self.watcher.gesture.connect(self.request_open)
        app.installEventFilter(self.watcher)
        self.shortcut = QShortcut(QKeySequence(SHORTCUT), window)
        self.shortcut.setContext(Qt.ShortcutContext.ApplicationShortcut)
        self.shortcut.activated.connect(self.request_open)
        self.kiosk_window = window
        self._dialog: CodeDialog | None = None  # both built on first use
        self._window: DiagnosticsWindow | None = None
        # readers, versions, report files | the network, so a backend that
        # times out never delays the reader list
        self.local = JobRunner("diagnostics-local")
        self.network = JobRunner("diagnostics-network")
        self._health_running = False  # one /healthz probe at a time
        self.readers: ReadersSnapshot | None = None
        self.health: HealthResult | None = None
        self.versions: Versions | None = None
        self.last_export: ExportResult | None = None
        self._ticks = 0
        self._closed = False
        app.aboutToQuit.connect(self.close)
        self._timer = QTimer(self, interval=APDU_REFRESH_MS)
        self._timer.timeout.connect(self._tick)
        self.idle_timer = QTimer(self, interval=IDLE_CLOSE_MS, singleShot=True)
        self.idle_timer.timeout.connect(self.close_screen)

    @property
    def dialog(self) -> CodeDialog:
        """The technician-code dialog (built the first time it is needed)."""
        if self._dialog is None:
            self._dialog = CodeDialog(self.kiosk_window)
            self._dialog.submitted.connect(self._code_submitted)
        return self._dialog

    @property
    def window(self) -> DiagnosticsWindow:
        """The diagnostics screen (built the first time it is needed)."""
        if self._window is None:
            from kiosk.diagnostics.screen import DiagnosticsWindow

            self._window = DiagnosticsWindow(self.kiosk_window)
            self._window.refresh_requested.connect(self.refresh)
            self._window.export_requested.connect(self.export)
            self._window.close_requested.connect(self.close_screen)
        return self._window

    def _shown(self) -> bool:
        return any(
            w is not None and w.isVisible() for w in (self._window, self._dialog)
        )

    # --- the way in --------------------------------------------------------------

    def request_open(self) -> None:
        """The gesture or the shortcut: ask for the code (only outside a session)."""
        if self._shown():
            return
        if not self.setup.may_open():
            log.info("diagnostics gesture ignored: a resident session is under way")
            return
        self.dialog.reset()
        if not self.gate.enabled:
            self.dialog.show_message(self._message(Verdict.DISABLED, 0))
        elif self.gate.wait_s():
            self.dialog.show_message(self._message(Verdict.LOCKED, self.gate.wait_s()))
        self.dialog.open()

    def _code_submitted(self, typed: str) -> None:
        answer = self.gate.check(typed)
        if answer.verdict is Verdict.ACCEPTED:
            self.dialog.accept()
            self.open_screen()
            return
        count = answer.wait_s if answer.verdict is Verdict.LOCKED else answer.tries_left
        self.dialog.show_message(self._message(answer.verdict, count))

    def _message(self, verdict: Verdict, count: int) -> str:
        if verdict is Verdict.DISABLED:
            return self.tr("No technician code is configured on this kiosk.")
        if verdict is Verdict.LOCKED:
            return self.tr("Too many wrong codes. Try again in %1 s.").replace(
                "%1", str(count)
            )
        return self.tr("Wrong code. %1 tries left.").replace("%1", str(count))

    # --- the screen ----------------------------------------------------------------

    def open_screen(self) -> None:
        """Show the window over the kiosk and start filling it."""
        log.info("diagnostics opened")
        self.window.show_config(self.setup.config)
        self.window.setGeometry(self.kiosk_window.geometry())
        if self.kiosk_window.isFullScreen():
            self.window.showFullScreen()
        else:
            self.window.show()
        self._on_local("versions", collect_versions, self._versions_ready)
        self.refresh()
        self._timer.start()

    def refresh(self) -> None:
        """Readers, APDUs and the backend, now."""
        self.idle_timer.start()
        self._request_readers()
        self._request_health()
        self._show_memory()

    def _show_memory(self) -> None:
        """What the kiosk already knows: APDUs, cards left, self-check problems."""
        self.window.show_apdus(recent_apdus(self.setup.trace))
        self.window.show_left_cards(self.setup.cards_left())
        self.window.show_self_check(self.setup.self_check())

    def _tick(self) -> None:
        self._ticks += 1
        self._show_memory()
        if self._ticks % READERS_EVERY_TICKS == 0:
            self._request_readers()
        if self._ticks % HEALTH_EVERY_TICKS == 0:
            self._request_health()

    def close_screen(self) -> None:
        """Hide the window and stop refreshing (the kiosk is in front again)."""
        self._timer.stop()
        self.idle_timer.stop()
        if self._window is not None and self._window.isVisible():
            log.info("diagnostics closed")
            self.window.hide()

    def report(self) -> Report:
        """What the screen shows now, as a report value."""
        return Report(
            kiosk_id=self.setup.kiosk_id,
            created_at=time.time(),
            readers=self.readers,
            health=self.health,
            versions=self.versions,
            config=self.setup.config,
            apdus=recent_apdus(self.setup.trace),
            forbidden=self.setup.secrets,
            self_check=self.setup.self_check(),
        )

    def export(self, folder: str) -> None:
        """Write the report into ``folder`` on the worker."""
        self.idle_timer.start()
        report = self.report()
        self._on_local("export", lambda: export_job(report, folder), self._exported)

    # --- requests ------------------------------------------------------------------

    def _on_local(
        self, name: str, work: Callable[[], Any], answer: Callable[[Any], None]
    ) -> None:
        """Run ``work`` on the local runner; ``answer(result)`` here."""
        self.local.run(name, work).succeeded.connect(answer)

    def _request_readers(self) -> None:
        provider, pattern = self.setup.provider, self.setup.reader_pattern
        self._on_local(
            "readers", lambda: readers_job(provider, pattern), self._readers_ready
        )

    def _request_health(self) -> None:
        """Probe ``/healthz`` unless a probe is still running."""
        if self._health_running:
            return
        self._health_running = True
        url, bundle = self.setup.health_url, self.setup.ca_bundle
        job = self.network.run("health", lambda: health_job(url, bundle))
        job.succeeded.connect(self._health_ready)
        job.finished.connect(self._health_done)

    def _health_done(self) -> None:
        self._health_running = False

    # --- answers -------------------------------------------------------------------

    def _readers_ready(self, snapshot: ReadersSnapshot) -> None:
        self.readers = snapshot
        self.window.show_readers(snapshot)

    def _versions_ready(self, versions: Versions) -> None:
        self.versions = versions
        self.window.show_versions(versions)

    def _health_ready(self, result: HealthResult) -> None:
        self.health = result
        self.window.show_health(result)

    def _exported(self, result: ExportResult) -> None:
        self.last_export = result
        self.window.show_export(result)

    def close(self) -> None:
        """Stop the workers, drop the filters and the translator (once)."""
        if self._closed:
            return
        self._closed = True
        self.app.aboutToQuit.disconnect(self.close)
        self.close_screen()
        self.app.removeEventFilter(self.watcher)
        stop_all([self.local, self.network], STOP_WAIT_MS)
        self.translator.close()
