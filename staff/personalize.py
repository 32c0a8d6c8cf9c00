# SPDX-License-Identifier: Apache-2.0
"""Personalization of one card, step by step (card profile Part C).

Qt-free so that tests drive it directly; the staff UI runs it on a worker
thread. Each step is named (:class:`Step`) and reported to a progress callback
before and after it runs. A failure raises :class:`PersoError`, which says
which step failed, what state the card is in (:class:`CardState`) and which
allocation to resume with: the orchestrator is idempotent per allocation, so
resuming never asks the backend for a second card number.

The master key never reaches this module: the backend answers the issuer
cryptogram and the RELOAD PIN MAC; the card generates its own key pairs.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Protocol

from card.connection import Connection
from card.errors import ConditionsNotSatisfiedError
from card.profile import INITIAL_PIN
from staff import cardio
from staff.errors import StaffError
from staff.models import Allocation, PersonRecord, Resident

log = logging.getLogger(__name__)

DEFAULT_RETRY_LIMIT = 3


class Step(StrEnum):
    """The named steps of one personalization, in order."""

    RESIDENT = "resident"
    ALLOCATE = "allocate"
    CONNECT = "connect"
    ISSUER_AUTH = "issuer_auth"
    WRITE_DATA = "write_data"
    GENERATE_KEYS = "generate_keys"
    CERTIFY = "certify"
    WRITE_CERTIFICATES = "write_certificates"
    RELOAD_PIN = "reload_pin"
    ACTIVATE = "activate"
    REGISTER = "register"


STEPS: tuple[Step, ...] = tuple(Step)

STEP_TECHNICAL: dict[Step, str] = {  # what a technician reads in the details
    Step.RESIDENT: "GET/POST /staff/persons",
    Step.ALLOCATE: "POST /staff/cards (or an open allocation)",
    Step.CONNECT: "connect, SELECT the personalization application",
    Step.ISSUER_AUTH: "GET CHALLENGE / EXTERNAL AUTHENTICATE (issuer key)",
    Step.WRITE_DATA: "UPDATE BINARY EF05 (issuer data) and EF06 (holder data)",
    Step.GENERATE_KEYS: "GENERATE KEY PAIR 81 and 82",
    Step.CERTIFY: "POST /staff/cards/{n}/certify for keys 81 and 82",
    Step.WRITE_CERTIFICATES: "UPDATE BINARY of both certificates",
    Step.RELOAD_PIN: "RELOAD PIN (initial PIN, retry limit, backend MAC)",
    Step.ACTIVATE: "ACTIVATE (life cycle initialised -> active)",
    Step.REGISTER: "POST /staff/cards/{n}/activate",
}


class Note(StrEnum):
    """Something worth telling the operator about a finished or skipped step."""

    REUSED_NUMBER = "reused_number"  # the card number of the earlier attempt
    RESUMED_NUMBER = "resumed_number"  # an unfinished allocation, none new
    ALREADY_ACTIVE = "already_active"  # card steps skipped: the card took ACTIVATE


class StepStatus(StrEnum):
    """Where a step is."""

    STARTED = "started"
    DONE = "done"
    SKIPPED = "skipped"
    FAILED = "failed"


class CardState(StrEnum):
    """What the card (and the backend) hold after a run stopped."""

    UNTOUCHED = "untouched"  # nothing written: the blank card can be reused as is
    HALF_WRITTEN = "half_written"  # still `initialised`, some data written: erase
    # ACTIVATE done, backend not told yet: register (the value, in the spelling
    # batch journals and results files already hold, stays)
    PERSONALIZED = "personalised"
    ISSUED = "issued"  # card active and registered


@dataclass(frozen=True, kw_only=True)
class Progress:
    """One progress report: a step, its status, and its place in the run."""

    step: Step
    status: StepStatus
    index: int
    total: int = len(STEPS)
    note: Note | None = None
    card_number: str = ""  # the number a note is about
    detail: str = ""  # technical: the error type of a failed step


ProgressCallback = Callable[[Progress], None]
# the recognition code of the blank in the reader (None: no card to read yet,
# the simulated factory makes the blank after allocation)
BlankCodeFn = Callable[[], bytes | None]


class IssuingBackend(Protocol):
    """The staff calls personalization needs (docs/api.md "Staff")."""

    def find_person(self, ssn: str) -> PersonRecord | None: ...

    def register_person(self, resident: Resident) -> PersonRecord: ...

    def allocate_card(
        self, ssn: str, recognition_code: bytes | None = None
    ) -> Allocation: ...

    def open_allocations(self, ssn: str) -> tuple[Allocation, ...]: ...

    def issuer_cryptogram(self, card_number: str, challenge: bytes) -> bytes: ...

    def pin_reload_mac(
        self, card_number: str, challenge: bytes, pin_block: bytes
    ) -> bytes: ...

    def certify(self, card_number: str, key: str, public_point: bytes) -> bytes: ...

    def activate(self, card_number: str) -> object: ...


class PersoError(StaffError):
    """A personalization stopped at ``step``; the card is in ``card_state``.

    ``allocation`` (when one was made) is what to resume with, so the same card
    number is reused; ``cause`` is the underlying typed error.
    """

    def __init__(
        self,
        *,
        step: Step,
        card_state: CardState,
        allocation: Allocation | None,
        cause: BaseException,
    ) -> None:
        super().__init__(
            f"personalization stopped at step {step.value}: {type(cause).__name__}: "
            f"{cause}; card {card_state.value}"
        )
        self.step = step
        self.card_state = card_state
        self.allocation = allocation
        self.cause = cause


@dataclass(frozen=True, kw_only=True)
class PersoResult:
    """A finished personalization."""

    allocation: Allocation
    person: PersonRecord
    card: object
    apdu_count: int
    apdu_seconds: float
    total_seconds: float
    resumed: bool = False  # the card number came from an unfinished allocation
    certificates: dict[str, bytes] = field(default_factory=dict, repr=False)


@dataclass(kw_only=True)
class _Run:
    """Mutable state of one run (private to the orchestrator)."""

    resident: Resident
    allocation: Allocation | None = None
    person: PersonRecord | None = None
    state: CardState = CardState.UNTOUCHED
    public_points: dict[str, bytes] = field(default_factory=dict)
    certificates: dict[str, bytes] = field(default_factory=dict)
    resumed: bool = False
    note: Note | None = None  # note of the next DONE report


class Personalizer:
    """Runs the steps of :class:`Step` against one backend and one card reader.

    ``connect(allocation)`` opens a connection to the blank card for that
    allocation (a reader just connects; the in-process virtual factory makes
    one on demand); the personalizer closes it when done. ``blank_code()``
    reads the recognition code the blank carries from manufacture, so the
    backend allocates a card number for that blank (and refuses a blank of no
    imported batch before any issuer-authentication try is spent).
    """

    def __init__(
        self,
        backend: IssuingBackend,
        connect: Callable[[Allocation], Connection],
        *,
        progress: ProgressCallback | None = None,
        retry_limit: int = DEFAULT_RETRY_LIMIT,
        blank_code: BlankCodeFn | None = None,
    ) -> None:
        self.backend = backend
        self.connect = connect
        self.blank_code = blank_code
        self.progress = progress or (lambda _p: None)
        self.retry_limit = retry_limit

    def run(
        self,
        resident: Resident,
        *,
        allocation: Allocation | None = None,
        card_personalized: bool = False,
        on_allocated: Callable[[Allocation], None] | None = None,
        on_personalized: Callable[[Allocation], None] | None = None,
    ) -> PersoResult:
        """Personalize a blank card for ``resident``; raise :class:`PersoError`.

        Pass the ``allocation`` of an earlier failed run to reuse its card
        number. ``card_personalized=True`` resumes a run whose card answered
        ACTIVATE but whose backend registration failed: only REGISTER runs.
        ``on_allocated`` runs right after a new allocation (a journal records
        it there); ``on_personalized`` after the card's ACTIVATE and before the
        backend registers it (a card image is saved there).
        """
        started = time.perf_counter()
        run = _Run(resident=resident, allocation=allocation)
        if card_personalized:
            if allocation is None:
                raise StaffError("resuming a registration needs its allocation")
            run.state = CardState.PERSONALIZED
        with self._step(run, Step.RESIDENT):
            run.person = self._find_or_register(resident)
        if allocation is not None:
            self._skipped(Step.ALLOCATE, Note.REUSED_NUMBER, allocation.card_number)
        else:
            with self._step(run, Step.ALLOCATE):
                run.allocation = self._allocate(run, resident.ssn)
                if on_allocated is not None:
                    on_allocated(run.allocation)
        counter = cardio.CountingConnection(None)
        if card_personalized:
            for step in STEPS[STEPS.index(Step.CONNECT) : STEPS.index(Step.REGISTER)]:
                self._skipped(step, Note.ALREADY_ACTIVE)
        else:
            counter = self._personalize_card(run)
        with self._step(run, Step.REGISTER):
            if on_personalized is not None and not card_personalized:
                on_personalized(self._alloc(run))
            card = self.backend.activate(self._alloc(run).card_number)
            run.state = CardState.ISSUED
        assert run.person is not None
        return PersoResult(
            allocation=self._alloc(run),
            person=run.person,
            card=card,
            apdu_count=counter.count,
            apdu_seconds=counter.seconds,
            total_seconds=time.perf_counter() - started,
            resumed=run.resumed,
            certificates=dict(run.certificates),
        )

    def _allocate(self, run: _Run, ssn: str) -> Allocation:
        """An unfinished allocation of ``ssn`` for this blank if the backend
        has one (a station that failed or restarted mid-way), else a new card
        number for the blank's recognition code."""
        code = self.blank_code() if self.blank_code is not None else None
        unfinished = [
            a
            for a in self.backend.open_allocations(ssn)
            if code is None or a.recognition_code == code
        ]
        if unfinished:
            run.resumed = True
            run.note = Note.RESUMED_NUMBER
            log.info("resuming allocated card %s", unfinished[0].card_number)
            return unfinished[0]
        alloc = self.backend.allocate_card(ssn, code)
        log.info("allocated card %s", alloc.card_number)
        return alloc

    def _personalize_card(self, run: _Run) -> cardio.CountingConnection:
        """Steps CONNECT to ACTIVATE on the card; the connection is closed after."""
        conn = cardio.CountingConnection(None)
        alloc = self._alloc(run)
        with conn:
            with self._step(run, Step.CONNECT):
                conn.inner = self.connect(alloc)
                cardio.check_blank(conn, alloc)
                session = cardio.open_perso(conn)
            with self._step(run, Step.ISSUER_AUTH):
                challenge = session.get_challenge()
                cryptogram = self.backend.issuer_cryptogram(
                    alloc.card_number, challenge
                )
                session.external_authenticate(cryptogram)
            with self._step(run, Step.WRITE_DATA):
                run.state = CardState.HALF_WRITTEN
                cardio.write_data(session, alloc, run.resident)
            with self._step(run, Step.GENERATE_KEYS):
                run.public_points = cardio.generate_keys(session)
            with self._step(run, Step.CERTIFY):
                run.certificates = {
                    key: self.backend.certify(alloc.card_number, key, point)
                    for key, point in run.public_points.items()
                }
            with self._step(run, Step.WRITE_CERTIFICATES):
                cardio.write_certificates(session, run.certificates)
            with self._step(run, Step.RELOAD_PIN):
                cardio.reload_pin(
                    session, INITIAL_PIN, self.retry_limit, self._mac_source(alloc)
                )
            with self._step(run, Step.ACTIVATE):
                session.activate()
                run.state = CardState.PERSONALIZED
        return conn

    def _mac_source(self, alloc: Allocation) -> cardio.MacSource:
        def mac_for(challenge: bytes, pin_block: bytes) -> bytes:
            return self.backend.pin_reload_mac(alloc.card_number, challenge, pin_block)

        return mac_for

    def _find_or_register(self, resident: Resident) -> PersonRecord:
        person = self.backend.find_person(resident.ssn)
        return person if person is not None else self.backend.register_person(resident)

    @staticmethod
    def _alloc(run: _Run) -> Allocation:
        if run.allocation is None:  # pragma: no cover - ALLOCATE always sets it
            raise StaffError("no allocation")
        return run.allocation

    def _skipped(self, step: Step, note: Note, card_number: str = "") -> None:
        self.progress(
            Progress(
                step=step,
                status=StepStatus.SKIPPED,
                index=STEPS.index(step),
                note=note,
                card_number=card_number,
            )
        )

    @contextmanager
    def _step(self, run: _Run, step: Step) -> Iterator[None]:
        """Report ``step`` around its body; wrap any failure in PersoError."""
        index = STEPS.index(step)
        self.progress(Progress(step=step, status=StepStatus.STARTED, index=index))
        try:
            yield
        except PersoError:
            raise
        except Exception as exc:  # every failure names its step
            log.warning(
                "personalization failed at %s: %s", step.value, type(exc).__name__
            )
            self.progress(
                Progress(
                    step=step,
                    status=StepStatus.FAILED,
                    index=index,
                    detail=type(exc).__name__,
                )
            )
            raise PersoError(
                step=step, card_state=run.state, allocation=run.allocation, cause=exc
            ) from exc
        note, run.note = run.note, None
        number = run.allocation.card_number if note and run.allocation else ""
        self.progress(
            Progress(
                step=step,
                status=StepStatus.DONE,
                index=index,
                note=note,
                card_number=number,
            )
        )


class CardAlreadyPersonalizedError(StaffError):
    """ERASE answered 6985: the card already took ACTIVATE; register it instead."""


def erase_card(
    backend: IssuingBackend, conn: Connection, allocation: Allocation
) -> None:
    """Wipe a half-written (still ``initialised``) card so it can be redone.

    Issuer authentication first (the card refuses ERASE without it), then
    ``PersoSession.erase()``. A card that answers ``6985`` already took
    ACTIVATE (a tear right after it): :class:`CardAlreadyPersonalizedError`.
    The connection is left open for the caller.
    """
    session = cardio.open_perso(conn)
    challenge = session.get_challenge()
    session.external_authenticate(
        backend.issuer_cryptogram(allocation.card_number, challenge)
    )
    try:
        session.erase()
    except ConditionsNotSatisfiedError:
        raise CardAlreadyPersonalizedError(
            f"card {allocation.card_number} is already personalized: "
            "resume the registration instead of erasing"
        ) from None
