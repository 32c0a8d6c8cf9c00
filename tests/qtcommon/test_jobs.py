# SPDX-License-Identifier: Apache-2.0
"""The job runner (qtcommon/jobs.py): work off the GUI thread, answers on it."""

from __future__ import annotations

import gc
import sys
import threading
from collections.abc import Iterator

import pytest

from qtcommon.jobs import Job, JobRunner, stop_all

WAIT_MS = 10_000


class BoomError(Exception):
    """A job's own error, delivered typed."""


@pytest.fixture
def runner(qapp) -> Iterator[JobRunner]:
    runner = JobRunner("test-runner")
    yield runner
    runner.stop(WAIT_MS)


def test_a_job_runs_on_the_runner_thread_and_answers_on_the_gui_thread(
    qtbot, runner
) -> None:
    ran_on: list[str] = []
    answered_on: list[str] = []

    def work() -> int:
        ran_on.append(threading.current_thread().name)
        return 42

    job = runner.run("answer", work)
    job.succeeded.connect(
        lambda _result: answered_on.append(threading.current_thread().name)
    )
    with qtbot.waitSignal(job.succeeded, timeout=WAIT_MS) as got:
        pass
    assert got.args == [42]
    assert job.done and job.result == 42 and job.error is None
    assert ran_on and ran_on != [threading.main_thread().name]
    assert answered_on == [threading.main_thread().name]


def test_the_gui_thread_does_not_wait_for_a_blocked_job(qtbot, runner) -> None:
    release = threading.Event()
    job = runner.run("blocked", lambda: release.wait(WAIT_MS / 1000))
    qtbot.wait(50)  # the event loop turns while the job blocks
    assert not job.done
    release.set()
    qtbot.waitUntil(lambda: job.done, timeout=WAIT_MS)
    assert job.result is True


def test_jobs_run_one_at_a_time_in_submission_order(qtbot, runner) -> None:
    order: list[int] = []
    inside = threading.Lock()
    overlapped: list[int] = []

    def step(n: int) -> int:
        if not inside.acquire(blocking=False):
            overlapped.append(n)
            return n
        try:
            order.append(n)
            return n
        finally:
            inside.release()

    jobs = [runner.run(f"step {n}", lambda n=n: step(n)) for n in range(20)]
    qtbot.waitUntil(lambda: all(j.done for j in jobs), timeout=WAIT_MS)
    assert order == list(range(20)) and not overlapped
    assert [j.result for j in jobs] == list(range(20))


def test_an_exception_comes_back_typed_and_the_runner_goes_on(qtbot, runner) -> None:
    def fail() -> None:
        raise BoomError("the card said no")

    failed = runner.run("fails", fail)
    with qtbot.waitSignal(failed.failed, timeout=WAIT_MS) as got:
        pass
    [error] = got.args
    assert isinstance(error, BoomError) and failed.error is error
    after = runner.run("after", lambda: "still running")
    qtbot.waitUntil(lambda: after.done, timeout=WAIT_MS)
    assert after.result == "still running"


def test_progress_arrives_in_order_before_the_outcome(qtbot, runner) -> None:
    seen: list[object] = []

    def work(report) -> str:
        for n in range(5):
            report(n)
        return "done"

    job = runner.submit("progress", work)
    job.progress.connect(seen.append)
    job.succeeded.connect(lambda result: seen.append(("result", result)))
    qtbot.waitUntil(lambda: job.done, timeout=WAIT_MS)
    assert seen == [0, 1, 2, 3, 4, ("result", "done")]


def test_none_answers_do_not_lower_the_reference_count_of_none(qtbot, runner) -> None:
    """Thousands of None answers and None progress items cross the threads
    without costing None a reference each (the module's docstring: on CPython
    3.11 the count reaching zero aborts the process). PySide6 may keep extra
    references; only a falling count is the fault."""
    answers: list[object] = []

    def work(report) -> None:
        report(None)

    gc.collect()
    before = sys.getrefcount(None)
    for n in range(2000):
        runner.submit(f"none {n}", work).succeeded.connect(answers.append)
    qtbot.waitUntil(lambda: len(answers) == 2000, timeout=WAIT_MS * 3)
    assert answers == [None] * 2000
    answers.clear()
    qtbot.wait(10)  # the runner lets go of its Jobs after they announced the end
    gc.collect()
    assert sys.getrefcount(None) >= before


def test_a_job_is_let_go_once_it_has_answered(qtbot, runner) -> None:
    """No result outlives its use: neither the runner nor a connection keeps a
    finished Job (and so its result) alive."""
    jobs = [runner.run(f"kept {n}", lambda: object()) for n in range(50)]
    qtbot.waitUntil(lambda: all(j.done for j in jobs), timeout=WAIT_MS)
    qtbot.wait(10)
    jobs.clear()
    gc.collect()
    assert not [o for o in gc.get_objects() if isinstance(o, Job)]


def test_stop_finishes_the_job_in_flight_and_delivers_its_answer(qapp) -> None:
    runner = JobRunner("test-stopped")
    started, release = threading.Event(), threading.Event()

    def work() -> str:
        started.set()
        release.wait(WAIT_MS / 1000)
        return "answered"

    job = runner.run("in flight", work)
    assert started.wait(WAIT_MS / 1000)
    release.set()
    assert runner.stop(WAIT_MS, deliver=True)
    assert job.done and job.result == "answered"
    assert not runner.worker_thread.isRunning()


def test_stop_all_ends_every_thread(qapp) -> None:
    runners = [JobRunner(f"test-all-{n}") for n in range(3)]
    assert all(r.worker_thread.isRunning() for r in runners)
    stop_all(runners, WAIT_MS)
    assert not any(r.worker_thread.isRunning() for r in runners)
