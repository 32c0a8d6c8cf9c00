# SPDX-License-Identifier: Apache-2.0
"""Start-up in stages: the welcome screen is painted first, the rest loads after.

:class:`Boot` builds the window with only the welcome screen (Qt Widgets,
theme, translator, font), shows it, and once it has been painted loads the
rest in small steps so the event loop keeps running between them:

1. a loader thread imports the card layer, pyscard, cryptography, the backend
   client and the outbox (SQLAlchemy) — plain Python modules, no Qt;
2. the GUI thread imports the kiosk's Qt modules (controller, services,
   workers, diagnostics), one per event-loop turn;
3. the loader thread builds the non-Qt services (PC/SC provider, trusted CA,
   backend client, outbox; or the embedded demo backend);
4. the GUI thread attaches workers, controller and service handlers, starts
   the reader monitor (a card already in the reader is reported as inserted),
   and attaches the diagnostics (its screen is built on first opening);

then :attr:`Boot.ready` fires. Widgets are only ever made on the GUI thread;
every screen but the welcome screen is built on first use (:class:`Screens`).
Meanwhile the welcome screen's language and large-text buttons work; "report
a lost card" opens as soon as the kiosk is ready (:meth:`Kiosk.attach`).
"""

from __future__ import annotations

import importlib
import logging
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication

from kiosk.app import Kiosk, Look, Runtime
from kiosk.config import ConfigError, KioskConfig
from qtcommon.jobs import JobRunner
from ssclog.cli import EXIT_FAILED, EXIT_USAGE

if TYPE_CHECKING:
    from kiosk.demo import DemoRuntime
    from kiosk.diagnostics import Diagnostics

log = logging.getLogger(__name__)

#: Plain-Python modules the loader thread imports (no Qt classes in them).
THREAD_IMPORTS = (
    "card.pcsc",
    "cryptography.x509",
    "backend_client.client",
    "backend_client.outbox",
    "card.auth",
    "card.ssse",
    "card.trace",
)
#: The demo adds the embedded backend (FastAPI, SQLAlchemy ORM, Alembic).
DEMO_THREAD_IMPORTS = ("backend.demo", "card.virtual", "card.virtual.factory")
#: Kiosk modules defining Qt classes: imported on the GUI thread, one per turn.
GUI_IMPORTS = (
    "kiosk.workers",
    "kiosk.controller",
    "kiosk.services",
    "kiosk.diagnostics",
)
#: If the window is never painted (minimised, no compositor), load anyway.
PAINT_GRACE_MS = 1000


def resident_mib() -> float:
    """This process's resident set now (VmRSS), in MiB; 0 where /proc is missing."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


@dataclass(frozen=True, kw_only=True)
class Plan:
    """How this kiosk starts: a terminal's config, or the demo's state folder."""

    look: Look
    config: KioskConfig | None = None
    demo_state: Path | None = None
    full_screen: bool = False


class _PaintWatch(QObject):
    """Calls ``then`` once, right after ``widget``'s first paint."""

    def __init__(self, widget: QObject, then: Callable[[], None]) -> None:
        super().__init__(widget)
        self._then: Callable[[], None] | None = then
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Paint and self._then is not None:
            then, self._then = self._then, None
            watched.removeEventFilter(self)
            QTimer.singleShot(0, then)  # after this paint has completed
        return False


class Boot(QObject):
    """Shows the welcome screen now and finishes the kiosk in the background."""

    painted = Signal()  # the welcome screen has been painted once
    ready = Signal()  # reader monitor running, backend client and outbox open
    failed = Signal(int)  # start-up gave up: the process exit status

    def __init__(self, app: QApplication, plan: Plan) -> None:
        super().__init__()
        self.app = app
        self.plan = plan
        self.kiosk = Kiosk(app, look=plan.look)
        self.demo: DemoRuntime | None = None
        self.runtime: Runtime | None = None
        self.diagnostics: Diagnostics | None = None
        self.marks: dict[str, tuple[float, float]] = {}  # stage -> (perf_counter, MiB)
        self._closed = False
        self._loader: JobRunner | None = None
        self._started = False
        _PaintWatch(self.kiosk.screens.welcome, self._after_paint)
        QTimer.singleShot(PAINT_GRACE_MS, self._after_paint)
        if plan.full_screen:
            self.kiosk.window.showFullScreen()
        else:
            self.kiosk.window.show()

    # --- the stages --------------------------------------------------------------

    def _mark(self, stage: str) -> None:
        rss = resident_mib()
        self.marks[stage] = (time.perf_counter(), rss)
        log.debug("start-up: %s (RSS %.0f MiB)", stage, rss)

    def _after_paint(self) -> None:
        if self._started or self._closed:
            return
        self._started = True
        self._mark("welcome painted")
        self.painted.emit()
        imports = THREAD_IMPORTS + (DEMO_THREAD_IMPORTS if self.plan.demo_state else ())
        gui = GUI_IMPORTS + (("kiosk.demo",) if self.plan.demo_state else ())
        self._on_thread(
            lambda: [importlib.import_module(m) for m in imports],
            lambda _: self._gui_imports(list(gui)),
        )

    def _gui_imports(self, left: list[str]) -> None:
        if self._closed:
            return
        if not left:
            self._mark("modules imported")
            self._on_thread(self._build_runtime, self._attach, last=True)
            return
        importlib.import_module(left.pop(0))
        QTimer.singleShot(0, lambda: self._gui_imports(left))

    def _build_runtime(self) -> Runtime:
        """On the loader thread: provider, CA, client, outbox (or the demo)."""
        if self.plan.demo_state is not None:
            from kiosk.demo import start_demo

            self.demo = start_demo(self.plan.demo_state)
            return replace(self.demo.runtime, **self._look_changes())
        config = self.plan.config
        assert config is not None
        from card.pcsc import PcscProvider
        from kiosk.app import services_from_config

        self.runtime = Runtime(
            provider=PcscProvider(),
            reader=config.reader_pattern,
            services=services_from_config(config),
            **self._look_changes(),
        )
        return self.runtime

    def _look_changes(self) -> dict[str, Any]:
        look = self.plan.look
        return {
            "language": look.language,
            "large_text": look.large_text,
            "shuffle_pin_pad": look.shuffle_pin_pad,
        }

    def _attach(self, runtime: Runtime) -> None:
        from kiosk.diagnostics import ApduTap, attach_diagnostics

        self.runtime = runtime
        self._mark("services open")
        tap = ApduTap(runtime.provider)
        self.kiosk.attach(replace(runtime, provider=tap))
        self._mark("monitor started")
        self.diagnostics = attach_diagnostics(
            self.kiosk, trace=tap.trace, config=self.plan.config
        )
        if self.demo is not None:
            self.demo.show_panel(self.kiosk)
        self._mark("ready")
        log.info("kiosk ready (%s mode)", "demo" if self.plan.demo_state else "config")
        self.ready.emit()

    # --- the loader thread -------------------------------------------------------

    def _on_thread(
        self,
        work: Callable[[], Any],
        then: Callable[[Any], None],
        *,
        last: bool = False,
    ) -> None:
        """Run ``work`` on the loader thread; ``then(result)`` on the GUI thread.
        After the ``last`` work the loader thread ends."""
        if self._loader is None:
            self._loader = JobRunner("kiosk-loader")
        job = self._loader.run("start-up stage", work)
        job.succeeded.connect(lambda result: self._thread_done(then, result))
        job.failed.connect(self._give_up_unless_closed)
        if last:
            job.finished.connect(self._loader.quit)

    def _thread_done(self, then: Callable[[Any], None], result: object) -> None:
        if not self._closed:
            then(result)

    def _give_up_unless_closed(self, exc: BaseException) -> None:
        if not self._closed:
            self._give_up(exc)

    def _give_up(self, exc: BaseException) -> None:
        if isinstance(exc, ConfigError):
            print(f"ss-kiosk: configuration error: {exc}", file=sys.stderr, flush=True)
            self.failed.emit(EXIT_USAGE)
            return
        log.error("start-up failed: %s: %s", type(exc).__name__, exc)
        self.failed.emit(EXIT_FAILED)

    # --- the end -----------------------------------------------------------------

    def close(self) -> None:
        """Stop everything that was started, in reverse order."""
        self._closed = True
        if self._loader is not None:
            self._loader.stop(30_000)
        if self.diagnostics is not None:
            self.diagnostics.close()
        self.kiosk.close()
        if self.demo is not None:
            self.demo.stop()
        elif self.runtime is not None:
            self.runtime.services.outbox.close()
            self.runtime.services.client.close()
