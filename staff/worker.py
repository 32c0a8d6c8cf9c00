# SPDX-License-Identifier: Apache-2.0
"""A worker thread that runs staff jobs one at a time, off the GUI thread.

A job is a plain function ``fn(report)`` where ``report(obj)`` sends progress.
:meth:`Worker.submit` returns a :class:`Job` whose signals arrive on the GUI
thread (the Job lives there; the worker only emits). Workers never touch
widgets (docs/architecture.md, convention 8).
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QThread, QTimer, Signal, Slot

log = logging.getLogger(__name__)

JobFn = Callable[[Callable[[object], None]], Any]


class Job(QObject):
    """One submitted job; connect to its signals before control returns to Qt.

    Nothing crosses threads as a signal argument: PySide6 6.12 on Python 3.11
    mis-counts references to values (``None`` above all) sent through queued
    ``object`` signals. The worker leaves outcome and progress on the Job and
    emits argument-less signals; the Job re-emits on its own (GUI) thread.
    """

    progress = Signal(object)
    succeeded = Signal(object)
    failed = Signal(object)  # the exception
    finished = Signal()
    _outcome_ready = Signal()
    _progress_ready = Signal()

    def __init__(self, name: str, fn: JobFn) -> None:
        super().__init__()
        self.name = name
        self.fn = fn
        self.result: Any = None
        self.error: BaseException | None = None
        self.done = False
        self._pending_progress: deque[object] = deque()
        self._outcome_ready.connect(self._deliver)
        self._progress_ready.connect(self._drain_progress)

    def report(self, item: object) -> None:
        """Called on the worker thread; ``progress`` fires on the GUI thread."""
        self._pending_progress.append(item)
        self._progress_ready.emit()

    def complete(self, result: object, error: BaseException | None) -> None:
        """Called on the worker thread with the outcome."""
        self.result, self.error = result, error
        self._outcome_ready.emit()

    @Slot()
    def _drain_progress(self) -> None:
        while self._pending_progress:
            self.progress.emit(self._pending_progress.popleft())

    @Slot()
    def _deliver(self) -> None:
        """Runs on the Job's (GUI) thread: announce the outcome."""
        self._drain_progress()
        self.done = True
        if self.error is not None:
            self.failed.emit(self.error)
        else:
            self.succeeded.emit(self.result)
        self.finished.emit()


class _Runner(QObject):
    """Lives on the worker thread; runs what it is given (the queue, not a signal
    argument, carries the job: see :class:`Job`)."""

    wake = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.queue: deque[Job] = deque()
        self.wake.connect(self._execute)

    @Slot()
    def _execute(self) -> None:
        job = self.queue.popleft()
        log.debug("job %s started", job.name)
        try:
            result = job.fn(job.report)
        except Exception as exc:  # delivered as a typed signal
            log.info("job %s failed: %s", job.name, type(exc).__name__)
            job.complete(None, exc)
        else:
            job.complete(result, None)


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
        self._runner.queue.append(job)
        self._runner.wake.emit()
        return job

    def stop(self) -> None:
        """Finish the job in flight, end the thread, deliver what it reported."""
        self._thread.quit()
        self._thread.wait()
        QCoreApplication.sendPostedEvents()  # outcomes queued to our Jobs
        self._jobs.clear()
