# SPDX-License-Identifier: Apache-2.0
"""A worker thread that runs staff jobs one at a time, off the GUI thread.

A job is a plain function ``fn(report)`` where ``report(obj)`` sends progress.
:meth:`Worker.submit` returns a :class:`Job` whose signals arrive on the GUI
thread (the Job lives there; the worker only emits). Workers never touch
widgets (STYLE §8).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QThread, QTimer, Signal, Slot

log = logging.getLogger(__name__)

JobFn = Callable[[Callable[[object], None]], Any]


class Job(QObject):
    """One submitted job; connect to its signals before control returns to Qt."""

    progress = Signal(object)
    succeeded = Signal(object)
    failed = Signal(object)  # the exception
    finished = Signal()

    def __init__(self, name: str, fn: JobFn) -> None:
        super().__init__()
        self.name = name
        self.fn = fn
        self.result: Any = None
        self.error: BaseException | None = None
        self.done = False
        self._relay.connect(self._deliver)
        self._progress_relay.connect(self.progress.emit)

    _relay = Signal(object, object)
    _progress_relay = Signal(object)

    def report(self, item: object) -> None:
        """Called on the worker thread; ``progress`` fires on the GUI thread."""
        self._progress_relay.emit(item)

    @Slot(object, object)
    def _deliver(self, result: object, error: object) -> None:
        """Runs on the Job's (GUI) thread: record the outcome and announce it."""
        self.result, self.done = result, True
        if isinstance(error, BaseException):
            self.error = error
            self.failed.emit(error)
        else:
            self.succeeded.emit(result)
        self.finished.emit()


class _Runner(QObject):
    """Lives on the worker thread; runs what it is given."""

    run = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        self.run.connect(self._execute)

    @Slot(object)
    def _execute(self, job: Job) -> None:
        log.debug("job %s started", job.name)
        try:
            result = job.fn(job.report)
        except Exception as exc:  # noqa: BLE001 - delivered as a typed signal
            log.info("job %s failed: %s", job.name, type(exc).__name__)
            job._relay.emit(None, exc)
        else:
            job._relay.emit(result, None)


class Worker(QObject):
    """A named thread running jobs in submission order."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self._thread = QThread()
        self._thread.setObjectName(name)
        self._runner = _Runner()
        self._runner.moveToThread(self._thread)
        self._jobs: set[Job] = set()
        self._thread.start()

    def submit(self, name: str, fn: JobFn) -> Job:
        """Queue ``fn``; the returned Job reports on the calling (GUI) thread."""
        job = Job(name, fn)
        self._jobs.add(job)
        # drop our reference only after the emission that announced the end
        job.finished.connect(
            lambda: QTimer.singleShot(0, lambda: self._jobs.discard(job))
        )
        self._runner.run.emit(job)
        return job

    def stop(self) -> None:
        """Finish the job in flight, end the thread, deliver what it reported."""
        self._thread.quit()
        self._thread.wait()
        QCoreApplication.sendPostedEvents()  # outcomes queued to our Jobs
        self._jobs.clear()
