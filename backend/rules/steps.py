# SPDX-License-Identifier: Apache-2.0
"""Request status machine and the working-day deadline of each step
(docs/domain.md, "Statuses and deadlines").

``submitted -> under_review -> approved | rejected``; a transfer then goes
``approved -> funds_transferred -> completed``, a claim ``approved -> completed``.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from backend.errors import ConflictError
from backend.rules.workdays import add_working_days


class RequestStatus(StrEnum):
    """Every status a transfer or claim passes through."""

    SUBMITTED = "submitted"
    UNDER_REVIEW = "under_review"
    APPROVED = "approved"
    REJECTED = "rejected"
    FUNDS_TRANSFERRED = "funds_transferred"
    COMPLETED = "completed"


S = RequestStatus

# step name, working days, and the statuses during which the step is current
PLANS: dict[str, tuple[tuple[str, int, frozenset[RequestStatus]], ...]] = {
    "pension": (
        ("review_and_consent", 15, frozenset({S.SUBMITTED, S.UNDER_REVIEW})),
        ("transfer_funds", 15, frozenset({S.APPROVED})),
        ("complete_and_notify", 15, frozenset({S.FUNDS_TRANSFERRED})),
    ),
    "medical": (
        ("transfer_out", 10, frozenset({S.SUBMITTED, S.UNDER_REVIEW, S.APPROVED})),
        ("load_in", 5, frozenset({S.FUNDS_TRANSFERRED})),
    ),
    "unemployment": (
        ("review", 15, frozenset({S.SUBMITTED, S.UNDER_REVIEW})),
        ("payment_setup", 5, frozenset({S.APPROVED})),
    ),
}

ADVANCE = {
    ("transfer", S.SUBMITTED): S.UNDER_REVIEW,
    ("transfer", S.APPROVED): S.FUNDS_TRANSFERRED,
    ("transfer", S.FUNDS_TRANSFERRED): S.COMPLETED,
    ("claim", S.SUBMITTED): S.UNDER_REVIEW,
    ("claim", S.APPROVED): S.COMPLETED,
}


@dataclass(frozen=True, kw_only=True)
class StepState:
    """A step as the resident sees it: done, current or pending, with a deadline."""

    step: str
    status: str
    deadline: date | None


@dataclass(frozen=True, kw_only=True)
class Progress:
    """All steps, and the next one with its deadline (None when finished)."""

    steps: tuple[StepState, ...]
    next_step: str | None
    next_deadline: date | None


def plan(kind: str) -> list[tuple[str, int]]:
    """Step names and their working-day limits for a request kind."""
    return [(name, days) for name, days, _ in PLANS[kind]]


def advance(category: str, status: str) -> RequestStatus:
    """The status after ``status`` for a staff "advance"; ConflictError if none."""
    nxt = ADVANCE.get((category, RequestStatus(status)))
    if nxt is None:
        raise ConflictError(f"a {category} in status {status} cannot advance")
    return nxt


def decide(status: str, approve: bool) -> RequestStatus:
    """A reviewer's decision, allowed only while submitted or under review."""
    if RequestStatus(status) not in {S.SUBMITTED, S.UNDER_REVIEW}:
        raise ConflictError(f"a request in status {status} is already decided")
    return S.APPROVED if approve else S.REJECTED


def step_index(kind: str, status: str) -> int | None:
    """The index of the step during which ``status`` holds, if any."""
    current = RequestStatus(status)
    for index, (_, _, during) in enumerate(PLANS[kind]):
        if current in during:
            return index
    return None


def progress(
    kind: str,
    status: str,
    step_starts: Sequence[date],
    holidays: Collection[date] = (),
) -> Progress:
    """Step states; ``step_starts[i]`` is when step i began (as far as known).

    A pending step's deadline counts from the previous step's deadline, so the
    resident sees the whole schedule; a rejected request has no next step.
    """
    current = RequestStatus(status)
    states: list[StepState] = []
    start = step_starts[0]
    for index, (name, days, during) in enumerate(PLANS[kind]):
        if index < len(step_starts):
            start = step_starts[index]
        deadline = add_working_days(start, days, holidays)
        if current is S.REJECTED:
            state = "done" if index == 0 else "pending"
        elif current in during:
            state = "current"
        elif _after(current, during):
            state = "done"
        else:
            state = "pending"
        states.append(StepState(step=name, status=state, deadline=deadline))
        start = deadline
    upcoming = next((s for s in states if s.status == "current"), None)
    return Progress(
        steps=tuple(states),
        next_step=upcoming.step if upcoming else None,
        next_deadline=upcoming.deadline if upcoming else None,
    )


ORDER = [S.SUBMITTED, S.UNDER_REVIEW, S.APPROVED, S.FUNDS_TRANSFERRED, S.COMPLETED]


def _after(current: RequestStatus, during: frozenset[RequestStatus]) -> bool:
    """True when ``current`` lies beyond every status of a step."""
    if current is S.REJECTED:
        return False
    return ORDER.index(current) > max(ORDER.index(s) for s in during)
