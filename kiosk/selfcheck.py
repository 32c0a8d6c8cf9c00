# SPDX-License-Identifier: Apache-2.0
"""The kiosk's self-check: its reader exists, the backend answers, its
credential is accepted (docs/kiosk.md "Self-check").

:func:`probe` does the blocking work (PC/SC, HTTP) and runs on the self-check
worker's thread; :class:`Ledger` turns each probe into problems with the time
they began, logs a problem once at WARNING with what to do and its end once
at INFO; :class:`SelfCheck` runs the probe at start, every minute and when the
reader comes or goes, and tells the kiosk which :class:`Fault` a resident
should see. The log lines, the diagnostics screen and the resident screen all
come from the same :class:`Problem` values.
"""

from __future__ import annotations

import dataclasses
import enum
import logging
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from PySide6.QtCore import QObject, QTimer, Signal

from backend_client.client import BackendClient
from backend_client.errors import BackendError, KioskUnauthorizedError
from card.errors import CardError
from card.readers import ReaderProvider
from qtcommon.jobs import JobRunner

log = logging.getLogger(__name__)

PERIOD_MS = 60_000


class Check(enum.StrEnum):
    """What the self-check looks at, in the order it reports them."""

    READER = "reader"
    BACKEND = "backend"
    CREDENTIAL = "credential"


class Fault(enum.StrEnum):
    """What a resident is told: the terminal is not set up, or it is down."""

    SETUP = "setup"  # the backend refuses this kiosk: staff must act
    OUTAGE = "outage"  # reader or backend missing: may come back by itself


#: What a technician should do about each failed check (logs, diagnostics).
ACTIONS: Mapping[Check, str] = {
    Check.READER: (
        "plug the card reader in, check that pcscd runs, or set [reader] "
        "name_pattern in kiosk.toml to a part of one of the names listed"
    ),
    Check.BACKEND: (
        "check the network, that the backend service runs, and [backend] url "
        "(and ca_bundle) in kiosk.toml"
    ),
    Check.CREDENTIAL: (
        "set [backend] kiosk_secret, kiosk_secret_file or SSC_KIOSK_SECRET to "
        "the secret `ss-backend register-kiosk` gave this kiosk id, or register "
        "the kiosk again (it may have been revoked)"
    ),
}


@dataclass(frozen=True, kw_only=True)
class Outcome:
    """One check's result: ``ok`` None when it could not be made this time
    (the credential while the backend does not answer)."""

    check: Check
    ok: bool | None
    error: str = ""


@dataclass(frozen=True, kw_only=True)
class Problem:
    """A failed check: since when (time.time()), the exact error, what to do."""

    check: Check
    since: float
    error: str
    action: str


def reader_outcome(provider: ReaderProvider, pattern: str) -> Outcome:
    """A reader whose name contains ``pattern`` (case-insensitive) exists."""
    try:
        names = [r.name for r in provider.readers()]
    except CardError as exc:
        return Outcome(
            check=Check.READER,
            ok=False,
            error=f"the readers cannot be listed: {type(exc).__name__}: {exc}",
        )
    if any(pattern.lower() in name.lower() for name in names):
        return Outcome(check=Check.READER, ok=True)
    present = ", ".join(repr(n) for n in names) if names else "none"
    return Outcome(
        check=Check.READER,
        ok=False,
        error=f"no reader name contains {pattern!r}; readers present: {present}",
    )


def backend_outcomes(client: BackendClient) -> tuple[Outcome, Outcome]:
    """The backend answers, and accepts this kiosk (``GET /kiosk/ping``)."""
    try:
        client.ping()
    except KioskUnauthorizedError as exc:
        return (
            Outcome(check=Check.BACKEND, ok=True),
            Outcome(check=Check.CREDENTIAL, ok=False, error=_words(exc)),
        )
    except BackendError as exc:
        return (
            Outcome(check=Check.BACKEND, ok=False, error=_words(exc)),
            Outcome(check=Check.CREDENTIAL, ok=None),
        )
    return Outcome(check=Check.BACKEND, ok=True), Outcome(
        check=Check.CREDENTIAL, ok=True
    )


def _words(exc: BackendError) -> str:
    """The error as a technician reads it (its message carries no secret)."""
    return f"{type(exc).__name__}: {exc}"


def probe(
    provider: ReaderProvider, pattern: str, client: BackendClient
) -> tuple[Outcome, ...]:
    """Every check, once (blocking: run it on a worker thread)."""
    return (reader_outcome(provider, pattern), *backend_outcomes(client))


class Ledger:
    """The problems now, each since it began; logs only their beginning and end."""

    def __init__(self, clock: Callable[[], float] = time.time) -> None:
        self.clock = clock
        self.problems: dict[Check, Problem] = {}

    def record(self, outcomes: tuple[Outcome, ...]) -> None:
        """Fold one probe in (an outcome with ``ok`` None changes nothing)."""
        for outcome in outcomes:
            known = self.problems.get(outcome.check)
            if outcome.ok is False and known is None:
                self.problems[outcome.check] = Problem(
                    check=outcome.check,
                    since=self.clock(),
                    error=outcome.error,
                    action=ACTIONS[outcome.check],
                )
                log.warning(
                    "self-check: %s check failed: %s. What to do: %s",
                    outcome.check,
                    outcome.error,
                    ACTIONS[outcome.check],
                )
            elif outcome.ok is False and known is not None:
                if outcome.error != known.error:  # the current words, same start
                    log.debug("self-check: %s now: %s", outcome.check, outcome.error)
                    self.problems[outcome.check] = dataclasses.replace(
                        known, error=outcome.error
                    )
            elif outcome.ok is True and known is not None:
                del self.problems[outcome.check]
                log.info(
                    "self-check: %s check passes again (failing since %s)",
                    outcome.check,
                    time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(known.since)),
                )

    def current(self) -> tuple[Problem, ...]:
        """The problems now, in :class:`Check` order."""
        return tuple(self.problems[c] for c in Check if c in self.problems)

    def fault(self) -> Fault | None:
        """What a resident is told, if anything."""
        if Check.CREDENTIAL in self.problems:
            return Fault.SETUP
        return Fault.OUTAGE if self.problems else None


class SelfCheck(QObject):
    """Runs :func:`probe` on its own thread at start, every minute and on
    :meth:`run_now`; emits :attr:`fault_changed` (a Fault or None)."""

    fault_changed = Signal(object)

    def __init__(
        self,
        provider: ReaderProvider,
        pattern: str,
        client: BackendClient,
        *,
        period_ms: int = PERIOD_MS,
    ) -> None:
        super().__init__()
        self.ledger = Ledger()
        self.fault: Fault | None = None
        self.runs = 0  # probes folded in (tests wait on it)
        self._client = client
        self._job = lambda: probe(provider, pattern, client)
        self._running = False
        self._again = False
        self.runner = JobRunner("kiosk-selfcheck")
        self.timer = QTimer(self, interval=period_ms)
        self.timer.timeout.connect(self.run_now)
        self.timer.start()
        self.run_now()

    def run_now(self, *_: object) -> None:
        """Probe now (or right after the probe under way)."""
        if self._running:
            self._again = True
            return
        self._running = True
        job = self.runner.run("self-check", self._job)
        job.succeeded.connect(self._done)
        job.failed.connect(self._failed)

    def problems(self) -> tuple[Problem, ...]:
        """The problems now (for the diagnostics screen)."""
        return self.ledger.current()

    def _done(self, outcomes: tuple[Outcome, ...]) -> None:
        self.ledger.record(outcomes)
        self._finished()

    def _failed(self, exc: BaseException) -> None:
        log.error("self-check probe failed: %s", type(exc).__name__)
        self._finished()

    def _finished(self) -> None:
        self._running = False
        self.runs += 1
        fault = self.ledger.fault()
        if fault is not self.fault:
            self.fault = fault
            self.fault_changed.emit(fault)
        if self._again:
            self._again = False
            self.run_now()

    def stop(self) -> None:
        """Stop the timer and the thread (after the probe under way); close
        the client (the self-check's own: see BackendClient.twin)."""
        self.timer.stop()
        self.runner.stop(15_000)
        self._client.close()
