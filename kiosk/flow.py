# SPDX-License-Identifier: Apache-2.0
"""The resident flow as a state machine, independent of widgets.

docs/architecture.md "The resident flow".

:class:`Flow` knows which screen a resident is on and which events may move
them on. It holds no card data and no backend objects: only the state, why a
card was refused, tries left, and which service a PIN opens. The composition
root feeds it events (from screens and workers) and reacts to the
:class:`Transition` it returns; tests drive it without Qt.
"""

from __future__ import annotations

import enum
import logging
from collections.abc import Callable
from dataclasses import dataclass

log = logging.getLogger(__name__)


class State(enum.StrEnum):
    """Every place a resident can be."""

    WELCOME = "welcome"
    READING = "reading"
    CARD_REFUSED = "card_refused"
    PIN = "pin"
    CHANGE_INITIAL_PIN = "change_initial_pin"
    OPENING = "opening"  # key-82 authentication and backend session in flight
    OVERVIEW = "overview"
    CONTRIBUTIONS = "contributions"
    TRANSFER = "transfer"
    MEDICAL_TRANSFER = "medical_transfer"
    UNEMPLOYMENT = "unemployment"
    MY_REQUESTS = "my_requests"
    CERTIFICATE = "certificate"
    PIN_CHANGE = "pin_change"
    RECEIPT = "receipt"
    LOSS_REPORT = "loss_report"
    LOSS_CANCELLED = "loss_cancelled"
    FAILURE = "failure"  # a calm message, then back to welcome by itself


SERVICES = frozenset(
    {
        State.CONTRIBUTIONS,
        State.TRANSFER,
        State.MEDICAL_TRANSFER,
        State.UNEMPLOYMENT,
        State.MY_REQUESTS,
        State.CERTIFICATE,
        State.PIN_CHANGE,
    }
)
# States in which a card is in the reader and belongs to the session.
WITH_CARD = (
    frozenset(
        {
            State.READING,
            State.CARD_REFUSED,
            State.PIN,
            State.CHANGE_INITIAL_PIN,
            State.OPENING,
            State.OVERVIEW,
            State.RECEIPT,
            State.LOSS_CANCELLED,
        }
    )
    | SERVICES
)
# States in which a backend session may exist and must be logged out at the end.
WITH_SESSION = (
    frozenset(
        {State.OVERVIEW, State.RECEIPT, State.CHANGE_INITIAL_PIN, State.LOSS_CANCELLED}
    )
    | SERVICES
)


class Refusal(enum.StrEnum):
    """Why a card cannot be used here (card_refused screen)."""

    NOT_GENUINE = "not_genuine"
    EXPIRED = "expired"
    LOST = "lost"
    TEMPORARILY_LOST = "temporarily_lost"
    UNKNOWN = "unknown"
    UNREADABLE = "unreadable"
    BLOCKED = "blocked"


class Purpose(enum.StrEnum):
    """What a verified PIN opens: a normal session or a loss-report cancellation."""

    SESSION = "session"
    CANCEL_LOSS = "cancel_loss"


class EndReason(enum.StrEnum):
    """Why a session ended (every screen is wiped for each of them)."""

    CARD_REMOVED = "card_removed"
    IDLE = "idle"
    FINISHED = "finished"
    FAILURE = "failure"


class FlowError(Exception):
    """An event that the current state does not accept."""

    def __init__(self, state: State, event: str) -> None:
        super().__init__(f"event {event!r} not allowed in state {state.value}")
        self.state = state
        self.event = event


@dataclass(frozen=True, kw_only=True)
class Transition:
    """What an event did: from where to where, and whether the session ended."""

    source: State
    target: State
    event: str
    ended: EndReason | None = None


class Flow:
    """The resident state machine; call an event method, get a :class:`Transition`."""

    def __init__(self, on_change: Callable[[Transition], None] | None = None) -> None:
        self.state = State.WELCOME
        self.refusal: Refusal | None = None
        self.tries_left: int | None = None
        self.purpose = Purpose.SESSION
        self._on_change = on_change

    # --- card and PIN -----------------------------------------------------

    def card_inserted(self) -> Transition:
        """A card arrived while nobody was being served: start reading it."""
        self._require("card_inserted", State.WELCOME, State.FAILURE, State.LOSS_REPORT)
        self.purpose = Purpose.SESSION
        return self._go(State.READING, "card_inserted")

    def card_accepted(self) -> Transition:
        """The card is genuine, valid and usable: ask for the PIN."""
        self._require("card_accepted", State.READING)
        return self._go(State.PIN, "card_accepted")

    def card_refused(self, reason: Refusal) -> Transition:
        """The card cannot be used; say why and what to do."""
        self._require("card_refused", State.READING, State.PIN, State.OPENING)
        self.refusal = reason
        return self._go(State.CARD_REFUSED, "card_refused")

    def cancel_loss_requested(self) -> Transition:
        """On a temporarily lost card the resident chose to cancel the loss report."""
        self._require("cancel_loss_requested", State.CARD_REFUSED)
        if self.refusal is not Refusal.TEMPORARILY_LOST:
            raise FlowError(self.state, "cancel_loss_requested")
        self.purpose = Purpose.CANCEL_LOSS
        return self._go(State.PIN, "cancel_loss_requested")

    def pin_wrong(self, tries_left: int) -> Transition:
        """VERIFY answered 63Cx: stay on the PIN pad, showing tries left."""
        self._require("pin_wrong", State.PIN)
        self.tries_left = tries_left
        return self._go(State.PIN, "pin_wrong")

    def pin_blocked(self) -> Transition:
        """VERIFY answered 6983: the card is refused as blocked."""
        self._require("pin_blocked", State.PIN)
        self.tries_left = 0
        self.refusal = Refusal.BLOCKED
        return self._go(State.CARD_REFUSED, "pin_blocked")

    def pin_verified(self, *, initial: bool) -> Transition:
        """The PIN was right; the initial PIN leads only to changing it."""
        self._require("pin_verified", State.PIN)
        self.tries_left = None
        if initial and self.purpose is Purpose.SESSION:
            return self._go(State.CHANGE_INITIAL_PIN, "pin_verified")
        return self._go(State.OPENING, "pin_verified")

    def initial_pin_changed(self) -> Transition:
        """The initial PIN was replaced: now open the session."""
        self._require("initial_pin_changed", State.CHANGE_INITIAL_PIN)
        return self._go(State.OPENING, "initial_pin_changed")

    def session_opened(self) -> Transition:
        """The backend session exists: show the overview (or the cancellation)."""
        self._require("session_opened", State.OPENING)
        if self.purpose is Purpose.CANCEL_LOSS:
            return self._go(State.LOSS_CANCELLED, "session_opened")
        return self._go(State.OVERVIEW, "session_opened")

    # --- services ---------------------------------------------------------

    def open_service(self, service: State) -> Transition:
        """From the overview, open one service screen."""
        if service not in SERVICES:
            raise FlowError(self.state, f"open_service({service.value})")
        self._require("open_service", State.OVERVIEW)
        return self._go(service, "open_service")

    def submitted(self) -> Transition:
        """A request was accepted (or queued in the outbox): show the receipt."""
        self._require(
            "submitted",
            State.TRANSFER,
            State.MEDICAL_TRANSFER,
            State.UNEMPLOYMENT,
            State.PIN_CHANGE,
        )
        return self._go(State.RECEIPT, "submitted")

    def back(self) -> Transition:
        """Back to the overview from a service or a receipt."""
        self._require("back", *SERVICES, State.RECEIPT)
        return self._go(State.OVERVIEW, "back")

    # --- loss report without a card -----------------------------------------

    def loss_report_requested(self) -> Transition:
        """From welcome, without a card: report the card temporarily lost."""
        self._require("loss_report_requested", State.WELCOME)
        return self._go(State.LOSS_REPORT, "loss_report_requested")

    def loss_report_closed(self) -> Transition:
        """The loss-report screen was left (done or cancelled)."""
        self._require("loss_report_closed", State.LOSS_REPORT)
        return self._go(State.WELCOME, "loss_report_closed")

    # --- ending -----------------------------------------------------------

    def card_removed(self) -> Transition:
        """The card left the reader: whatever was going on ends."""
        if self.state not in WITH_CARD:
            return self._stay("card_removed")
        return self._end(EndReason.CARD_REMOVED, "card_removed")

    def idle_timeout(self) -> Transition:
        """Nobody touched the screen for the idle timeout."""
        if self.state in (State.WELCOME, State.READING, State.OPENING):
            return self._stay("idle_timeout")
        return self._end(EndReason.IDLE, "idle_timeout")

    def finish(self) -> Transition:
        """The resident pressed "finish" (or acknowledged a final screen)."""
        if self.state is State.WELCOME:
            return self._stay("finish")
        return self._end(EndReason.FINISHED, "finish")

    def failed(self) -> Transition:
        """Something the resident cannot fix happened; show a calm message."""
        had_session = self.state in WITH_SESSION
        self._reset()
        return self._go(
            State.FAILURE, "failed", EndReason.FAILURE if had_session else None
        )

    def failure_acknowledged(self) -> Transition:
        """The failure message was read (or timed out): back to welcome."""
        self._require("failure_acknowledged", State.FAILURE)
        return self._go(State.WELCOME, "failure_acknowledged")

    # --- internals ----------------------------------------------------------

    def _require(self, event: str, *allowed: State) -> None:
        if self.state not in allowed:
            raise FlowError(self.state, event)

    def _reset(self) -> None:
        self.refusal = None
        self.tries_left = None
        self.purpose = Purpose.SESSION

    def _end(self, reason: EndReason, event: str) -> Transition:
        self._reset()
        return self._go(State.WELCOME, event, reason)

    def _stay(self, event: str) -> Transition:
        return Transition(source=self.state, target=self.state, event=event)

    def _go(
        self, target: State, event: str, ended: EndReason | None = None
    ) -> Transition:
        transition = Transition(
            source=self.state, target=target, event=event, ended=ended
        )
        log.debug("flow %s --%s--> %s", self.state.value, event, target.value)
        self.state = target
        if self._on_change is not None:
            self._on_change(transition)
        return transition
