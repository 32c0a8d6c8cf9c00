# SPDX-License-Identifier: Apache-2.0
"""The job runner of every PySide6 application: blocking work off the GUI thread.

A :class:`JobRunner` is a named ``QThread`` that runs jobs one at a time, in
the order they were submitted. A job is a plain function ``fn(report)``;
``report(item)`` sends progress. :meth:`JobRunner.submit` returns a
:class:`Job` that lives on the submitting (GUI) thread: its signals
``progress``, ``succeeded`` (the result), ``failed`` (the exception) and
``finished`` arrive there, so the GUI thread never waits on a card or the
network and a job never touches a widget (docs/architecture.md, "Threads").
Callers that must drop stale answers (a card taken out, a session ended)
decide so in their own handlers; the runner delivers every answer.

Why no value crosses threads as a signal argument
-------------------------------------------------
PySide6-Essentials 6.12.0 on CPython 3.11 mis-counts references in
``SignalInstance.emit()``: every emission loses one reference to ``True``, and
values sent through a queued ``object`` signal (``None`` above all, the
answer of many jobs) lose references the same way. On 3.11 ``None`` and
``True`` are ordinary reference-counted objects, so after a few thousand
signals the count reaches zero and the process aborts (``bool_dealloc``,
"deallocating None"); CPython 3.12 made them immortal (PEP 683). No upstream
bug report is recorded in this project. pyproject.toml excludes 6.12.0 and
the lock check refuses a lock that pins it. 6.11.3, the release the lock
pins, never lowers the counts (measured over thousands of queued ``None``
answers, tests/qtcommon/test_jobs.py); it keeps a few references to ``None``
per Job for good, which is harmless: the count only grows.

The runner is built so that a release with the queued-argument fault would
still not corrupt them: the worker thread stores the outcome (and each
progress item) on the :class:`Job` and emits argument-less signals; the Job's
slots, on its own thread, take the values from it and re-emit them there, a
direct call with no queue in between. The Job itself never travels either:
the runner's queue, a :class:`collections.deque` shared by both threads,
carries it. The runner keeps each Job referenced until its ``finished`` has
been emitted, so a Job is never collected on the worker thread, and lets go
of it then, so no result outlives its use.
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QThread, QTimer, Signal, Slot

log = logging.getLogger(__name__)

Report = Callable[[object], None]
JobFn = Callable[[Report], Any]


class Job(QObject):
    """One submitted job; connect to its signals before control returns to Qt."""

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
        # called once after ``finished`` (the runner lets go of the Job then)
        self.on_end: Callable[[Job], None] | None = None
        self._pending_progress: deque[object] = deque()
        self._outcome_ready.connect(self._deliver)
        self._progress_ready.connect(self._drain_progress)

    def report(self, item: object) -> None:
        """Called on the worker thread; ``progress`` fires on the Job's thread."""
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
        """Runs on the Job's thread: announce the outcome."""
        self._drain_progress()
        self.done = True
        if self.error is not None:
            self.failed.emit(self.error)
        else:
            self.succeeded.emit(self.result)
        self.finished.emit()
        if self.on_end is not None:
            on_end, self.on_end = self.on_end, None
            QTimer.singleShot(0, lambda: on_end(self))


class _Executor(QObject):
    """Lives on the runner's thread; runs the queued jobs one per wake-up."""

    wake = Signal()

    def __init__(self, name: str, failure_level: int) -> None:
        super().__init__()
        self.name = name
        self.failure_level = failure_level
        self.queue: deque[Job] = deque()
        self.wake.connect(self._execute)

    @Slot()
    def _execute(self) -> None:
        job = self.queue.popleft()
        log.debug("%s: job %s started", self.name, job.name)
        try:
            result = job.fn(job.report)
        except Exception as exc:  # delivered typed, through the Job
            log.log(
                self.failure_level,
                "%s: job %s failed: %s",
                self.name,
                job.name,
                type(exc).__name__,
            )
            job.complete(None, exc)
        else:
            job.complete(result, None)


class JobRunner(QObject):
    """A named thread running jobs in submission order (started at once).

    ``failure_level``: the log level of the line saying a job failed (its
    error type only: messages may carry what a log must not).
    """

    def __init__(self, name: str, *, failure_level: int = logging.DEBUG) -> None:
        super().__init__()
        self.worker_thread = QThread()
        self.worker_thread.setObjectName(name)
        self._executor = _Executor(name, failure_level)
        self._executor.moveToThread(self.worker_thread)
        self._jobs: set[Job] = set()
        self.worker_thread.start()

    def submit(self, name: str, fn: JobFn) -> Job:
        """Queue ``fn(report)``; the Job reports on the calling thread."""
        job = Job(name, fn)
        self._jobs.add(job)
        # let go only after the emission that announced the end; a hook, not a
        # connection: a slot holding the Job would keep it (and its result)
        # alive for good, a cycle through Qt that Python's collector cannot see
        job.on_end = self._jobs.discard
        self._executor.queue.append(job)
        self._executor.wake.emit()
        return job

    def run(self, name: str, fn: Callable[[], Any]) -> Job:
        """Queue ``fn()``, a job that reports no progress."""
        return self.submit(name, lambda _report: fn())

    def quit(self) -> None:
        """Let the job in flight finish, then end the thread (jobs still queued
        are not run)."""
        self.worker_thread.quit()

    def wait(self, timeout_ms: int | None = None) -> bool:
        """Wait for the thread to end (for ever by default); False on timeout."""
        ended = (
            self.worker_thread.wait()
            if timeout_ms is None
            else self.worker_thread.wait(timeout_ms)
        )
        if not ended:
            log.warning(
                "%s did not stop in %d ms", self.worker_thread.objectName(), timeout_ms
            )
        return bool(ended)

    def stop(self, timeout_ms: int | None = None, *, deliver: bool = False) -> bool:
        """:meth:`quit` and :meth:`wait`; with ``deliver``, the outcomes the
        thread reported before it ended are announced now, not later."""
        self.quit()
        ended = self.wait(timeout_ms)
        if deliver:
            QCoreApplication.sendPostedEvents()
            self._jobs.clear()
        return ended


def stop_all(runners: list[JobRunner], timeout_ms: int | None = None) -> None:
    """End several runners' threads together (each after its job in flight)."""
    for runner in runners:
        runner.quit()
    for runner in runners:
        runner.wait(timeout_ms)
