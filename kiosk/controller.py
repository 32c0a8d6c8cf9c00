# SPDX-License-Identifier: Apache-2.0
"""The resident session: card presence, reading, PIN, opening, ending, idle timeout.

:class:`Controller` feeds the :class:`~kiosk.flow.Flow` with what screens and
workers report, and shows the screen of each new state. Card and backend work
goes through :class:`~kiosk.workers.Jobs`; the GUI thread never waits on either.
Service screens are wired by :mod:`kiosk.services`.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography import x509
from PySide6.QtCore import QEvent, QLocale, QObject, QTimer, Signal

from backend_client import errors as be
from backend_client.client import BackendClient, ResidentSession
from backend_client.outbox import Outbox
from card import errors as ce
from card.auth import bind_challenge
from card.profile import INITIAL_PIN
from kiosk import cardjobs
from kiosk.cardjobs import CardRead, PinVerified
from kiosk.flow import SERVICES, EndReason, Flow, Purpose, Refusal, State, Transition
from kiosk.messages import resident_message
from kiosk.sound import PromptPlayer
from kiosk.window import MainWindow, Screens
from kiosk.workers import Jobs

log = logging.getLogger(__name__)

FAILURE_SHOWN_MS = 12_000
SERVICE_STATES = SERVICES | {State.OVERVIEW, State.RECEIPT}


@dataclass(frozen=True, kw_only=True)
class Services:
    """What the composition root hands the controller."""

    client: BackendClient
    kiosk_id: str
    ca_cert: x509.Certificate
    outbox: Outbox
    status_base_url: str
    printer: str
    certificate_dir: Path
    idle_timeout_s: int
    idle_warning_s: int
    outbox_flush_s: int
    audio_player: str = ""  # a command playing a WAV file (``aplay -q``); "": none
    card_left_s: int = 30  # take-card screen: after this the card counts as left


@dataclass(frozen=True, kw_only=True)
class LeftCard:
    """A card still in the reader ``card_left_s`` after its session ended."""

    at: float  # time.time()
    waited_s: int


class Controller(QObject):
    """Owns the flow, the current card and session, and the idle timer.

    :attr:`back_at_welcome` is emitted whenever the welcome screen comes back
    (after the card left, an idle end without a card, a failure, the loss
    report): the composition root resets language and theme then.
    """

    back_at_welcome = Signal()
    card_left_behind = Signal(object)  # LeftCard

    def __init__(
        self, services: Services, jobs: Jobs, screens: Screens, window: MainWindow
    ) -> None:
        super().__init__()
        self.services = services
        self.jobs = jobs
        self.screens = screens
        self.window = window
        self.flow = Flow(on_change=self._changed)
        self.card: CardRead | None = None
        self.session: ResidentSession | None = None
        self.prompts = PromptPlayer(services.audio_player)
        self.cards_left: list[LeftCard] = []
        self.help_calls: list[float] = []  # time.time() of each call for staff
        self.on_overview: Callable[[], None] | None = None
        self._last_touch = time.monotonic()
        self._idle = QTimer(self)
        self._idle.setInterval(1000)
        self._idle.timeout.connect(self._tick)
        self._idle.start()
        self._failure_timer = QTimer(self, singleShot=True, interval=FAILURE_SHOWN_MS)
        self._failure_timer.timeout.connect(self._failure_done)
        self._left_timer = QTimer(
            self, singleShot=True, interval=services.card_left_s * 1000
        )
        self._left_timer.timeout.connect(self._card_left)
        self._wire()
        self.window.show_state(State.WELCOME)

    def _wire(self) -> None:
        """Connect the session screens (each as it is built: see Screens.wire)."""
        wire = self.screens.wire
        wire(
            "refused",
            lambda w: (
                w.finish_requested.connect(self.finish),
                w.cancel_loss_requested.connect(self._cancel_loss),
            ),
        )
        wire(
            "pin",
            lambda w: (
                w.pin_entered.connect(self._pin_entered),
                w.cancel_requested.connect(self.finish),
            ),
        )
        wire(
            "initial_pin",
            lambda w: (
                w.change_requested.connect(self._initial_pin_change),
                w.cancel_requested.connect(self.finish),
            ),
        )
        wire("message", lambda w: w.acknowledged.connect(self._failure_done))
        wire("receipt", lambda w: w.finish_requested.connect(self.finish))
        self.window.finish_requested.connect(self.finish)
        self.window.continue_requested.connect(self._still_here)
        self.window.help_requested.connect(self._staff_called)

    # --- presence ---------------------------------------------------------------

    @property
    def card_present(self) -> bool:
        """A card is in the reader (the flow keeps track of it)."""
        return self.flow.card_in

    @card_present.setter
    def card_present(self, present: bool) -> None:
        self.flow.card_in = present

    def card_inserted(self, _reader: str = "") -> None:
        """A card arrived in our reader."""
        self.card_present = True
        if self.flow.state not in (State.WELCOME, State.FAILURE, State.LOSS_REPORT):
            log.warning("card inserted in state %s; ignored", self.flow.state)
            return
        self.touch()
        self._wipe()
        self.flow.card_inserted()
        self.screens.reading.set_step(0)
        self.jobs.on_card(
            lambda conn: cardjobs.read_card(conn, self.services.ca_cert),
            self._card_read,
            self._card_read_failed,
        )

    def card_removed(self, _reader: str = "") -> None:
        """The card left: whatever was going on ends (CardRemovedError in flight)."""
        self.card_present = False
        self.flow.card_removed()

    def reader_lost(self, _reader: str = "") -> None:
        """The reader disappeared (unplugged, pcscd restarted): say so on welcome."""
        self.card_present = False
        self.screens.welcome.show_reader_problem(True)
        if self.flow.state not in (State.WELCOME, State.FAILURE, State.LOSS_REPORT):
            self.fail(ce.ReaderError("reader removed"))

    def reader_back(self, _reader: str = "") -> None:
        """The reader is there (again)."""
        self.screens.welcome.show_reader_problem(False)

    # --- reading and PIN --------------------------------------------------------

    def _card_read(self, card: CardRead) -> None:
        self.card = card
        self.screens.reading.set_step(2)
        if card.tries_left == 0:
            self.flow.card_accepted()
            self.flow.pin_blocked()
            return
        self.backend(
            lambda: self.services.client.challenge(card.issuer.card_number, "session"),
            self._card_known,
            self._card_unknown,
        )

    def _card_read_failed(self, exc: BaseException) -> None:
        if isinstance(exc, ce.CardRemovedError) or not self.card_present:
            return
        if isinstance(exc, ce.ReaderError):
            self.fail(exc)
            return
        if isinstance(exc, ce.CertificateExpiredError):
            reason = Refusal.EXPIRED
        elif isinstance(exc, ce.NotGenuineError | ce.CertificateError):
            reason = Refusal.NOT_GENUINE
        else:
            reason = Refusal.UNREADABLE
        log.info("card refused (%s): %s", reason.value, type(exc).__name__)
        self.flow.card_refused(reason)

    def _card_known(self, _challenge: object) -> None:
        self.screens.reading.set_step(3)
        self.flow.card_accepted()

    def _card_unknown(self, exc: BaseException) -> None:
        if isinstance(exc, be.CardNotActiveError):
            status = exc.card_status
            self.flow.card_refused(
                Refusal.TEMPORARILY_LOST
                if status == "temporarily_lost"
                else Refusal.LOST
            )
        elif isinstance(exc, be.NotFoundError):
            self.flow.card_refused(Refusal.UNKNOWN)
        else:
            self.fail(exc)

    def _pin_entered(self, pin: str) -> None:
        self.touch()
        self.jobs.on_card(
            lambda conn: cardjobs.verify_pin(conn, pin), self._pin_ok, self._pin_failed
        )

    def _pin_ok(self, result: PinVerified) -> None:
        transition = self.flow.pin_verified(initial=result.initial)
        if transition.target is State.OPENING:
            self._open_session()

    def _pin_failed(self, exc: BaseException) -> None:
        if isinstance(exc, ce.WrongPinError):
            self.flow.pin_wrong(exc.tries_left)
            self.screens.pin.show_tries_left(exc.tries_left)
        elif isinstance(exc, ce.PinBlockedError):
            self.flow.pin_blocked()
        else:
            self.fail(exc)

    def _initial_pin_change(self, old: str, new: str) -> None:
        self.touch()
        self.jobs.on_card(
            lambda conn: cardjobs.change_pin(conn, old or INITIAL_PIN, new),
            self._initial_changed,
            self._initial_change_failed,
        )

    def _initial_changed(self, _: object) -> None:
        self.register_pin_change(self._initial_registered)

    def _initial_registered(self, _: object) -> None:
        self.flow.initial_pin_changed()
        self._open_session()

    def _initial_change_failed(self, exc: BaseException) -> None:
        if isinstance(exc, ce.InvalidPinFormatError):
            self.screens.initial_pin.refused("weak")
        else:
            self.fail(exc)

    def _cancel_loss(self) -> None:
        self.touch()
        self.flow.cancel_loss_requested()

    # --- opening the backend session (ARCHITECTURE steps 2 and 4) ---------------

    def _open_session(self) -> None:
        self.screens.reading.set_step(2)
        client = self.services.client
        self.card_signs_nonce(
            self.flow.purpose.value, client.open_session, self._session_opened
        )

    def card_signs_nonce(
        self,
        purpose: str,
        send: Callable[[str, str, bytes], Any],
        ok: Callable[[Any], None],
    ) -> None:
        """challenge for ``purpose`` -> key-82 signature over the bound nonce
        (card worker) -> ``send(challenge_id, card_number, signature)`` (backend
        worker) -> ``ok`` with its answer; any error goes to :meth:`fail`."""
        assert self.card is not None
        number = self.card.issuer.card_number
        client = self.services.client

        def sign(challenge: Any) -> None:
            bound = bind_challenge(challenge.nonce, self.services.kiosk_id, number)

            def signed(signature: bytes) -> None:
                self.backend(
                    lambda: send(challenge.challenge_id, number, signature), ok
                )

            self.jobs.on_card(
                lambda conn: cardjobs.sign(conn, bound), signed, self.fail
            )

        self.backend(
            lambda: client.challenge(number, purpose),  # type: ignore[arg-type]
            sign,
        )

    def register_pin_change(self, ok: Callable[[Any], None]) -> None:
        """Tell the backend, with the card's signature, that the PIN was changed
        on the card (CHANGE PIN leaves the new PIN verified): until then it
        refuses the card's submissions if it was on the initial PIN."""
        send = self.services.client.register_pin_change
        self.card_signs_nonce("pin_changed", send, ok)

    def _session_opened(self, session: ResidentSession) -> None:
        self.session = session
        self.screens.reading.set_step(3)
        cancelling = self.flow.purpose is Purpose.CANCEL_LOSS
        self.flow.session_opened()
        if cancelling:
            self.backend(session.cancel_temporary_loss, self._loss_cancelled)

    def _loss_cancelled(self, _status: object) -> None:
        from kiosk.screens.receipt import Receipt

        self.screens.receipt.show_receipt(Receipt(kind="cancel_loss"))

    # --- helpers for the services -----------------------------------------------

    def backend(self, call: Any, ok: Any, fail: Any = None) -> int:
        """Run a backend call; errors default to :meth:`fail`."""
        return self.jobs.on_backend(call, ok, fail or self.fail)

    def fail(self, exc: BaseException) -> None:
        """Show a calm message; end the session when the message says so."""
        if isinstance(exc, ce.CardRemovedError) and not self.card_present:
            return  # the removal event ends the session
        message = resident_message(exc)
        if not message.to_welcome and self.flow.state in SERVICE_STATES:
            self.window.show_problem(message)
            for name in ("transfer", "medical", "unemployment"):
                if self.screens.built(name):
                    self.screens.get(name).set_idle()  # type: ignore[attr-defined]
            return
        self.flow.failed()
        self.screens.message.show_message(message)
        self._failure_timer.start()

    def _failure_done(self) -> None:
        self._failure_timer.stop()
        if self.flow.state is State.FAILURE:
            self.flow.failure_acknowledged()

    def finish(self) -> None:
        """The resident is done (or cancelled)."""
        self.window.show_countdown(None)
        self.flow.finish()

    def _staff_called(self) -> None:
        """Help was asked for: the staff are told through the log (the counter's
        log watch) and the idle clock restarts."""
        self._still_here()
        self.help_calls.append(time.time())
        log.warning(
            "resident asked for help at kiosk %s (screen %s)",
            self.services.kiosk_id,
            self.flow.state.value,
        )

    # --- idle timeout -----------------------------------------------------------

    def touch(self) -> None:
        """The resident did something: restart the idle clock; the problem
        shown for the last action no longer applies."""
        self._still_here()
        self.window.clear_problem()

    def _still_here(self) -> None:
        self._last_touch = time.monotonic()
        self.window.show_countdown(None)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        # while the idle dialog is up only its buttons (or its backdrop) answer
        if (
            event.type()
            in (
                QEvent.Type.MouseButtonPress,
                QEvent.Type.TouchBegin,
                QEvent.Type.KeyPress,
            )
            and not self.window.idle.isVisible()
        ):
            self.touch()
        return False

    def stop(self) -> None:
        """Stop the clocks: nothing ticks against a window that is closing."""
        self._idle.stop()
        self._failure_timer.stop()
        self._left_timer.stop()

    def _tick(self) -> None:
        if self.flow.state in (State.WELCOME, State.READING, State.OPENING):
            self.window.show_countdown(None)
            return
        left = self.services.idle_timeout_s - int(time.monotonic() - self._last_touch)
        if left <= 0:
            self.window.show_countdown(None)
            self.flow.idle_timeout()
        elif left <= self.services.idle_warning_s:
            self.window.show_countdown(left)

    # --- state changes and the end of a session ---------------------------------

    def _changed(self, transition: Transition) -> None:
        if transition.ended is not None or transition.target is State.FAILURE:
            self._end(transition.ended or EndReason.FAILURE)
        target = transition.target
        if target is State.CARD_REFUSED and self.flow.refusal is not None:
            self.screens.refused.show_reason(self.flow.refusal)
        if target is State.PIN and transition.event != "pin_wrong":
            self.screens.pin.clear()
        if target is State.CHANGE_INITIAL_PIN:
            self.screens.initial_pin.start(old_pin=INITIAL_PIN)
        if target is State.WELCOME and transition.ended is EndReason.IDLE:
            self.screens.welcome.show_idle_notice()
        self.window.show_state(target)
        self.touch()
        if target is State.OVERVIEW and self.on_overview is not None:
            self.on_overview()
        self._take_card(transition)
        if target is State.WELCOME and transition.source is not State.WELCOME:
            self.back_at_welcome.emit()

    # --- the card back to its holder --------------------------------------------

    def _take_card(self, transition: Transition) -> None:
        """Entering the take-card screen: the spoken prompt and the left-card
        clock; leaving it: the clock stops."""
        if transition.target is not State.TAKE_CARD:
            self._left_timer.stop()
            if transition.source is State.TAKE_CARD:
                self.screens.take_card.clear()
            return
        if transition.source is State.TAKE_CARD:
            return
        self.screens.take_card.clear()
        if transition.ended is EndReason.IDLE:
            self.screens.take_card.show_idle_end()
        self._left_timer.start()
        self.prompts.play("take_card", spoken_language())

    def _card_left(self) -> None:
        """The card is still in the reader: log it, tell the diagnostics, say it
        again on the screen and aloud."""
        if self.flow.state is not State.TAKE_CARD:
            return
        left = LeftCard(at=time.time(), waited_s=self.services.card_left_s)
        log.warning(
            "card left in the reader %d s after the session ended", left.waited_s
        )
        self.cards_left.append(left)
        self.card_left_behind.emit(left)
        self.screens.take_card.show_left_behind()
        self.prompts.play("take_card", spoken_language())

    def _end(self, reason: EndReason) -> None:
        """Log the backend session out and wipe every screen."""
        log.info("session ended: %s", reason.value)
        session, self.session = self.session, None
        self.jobs.forget_all()
        if session is not None and session.is_open:
            self.jobs.on_backend(
                session.logout,
                lambda _: None,
                lambda exc: log.info("logout failed: %s", exc),
            )
        self._wipe()

    def _wipe(self) -> None:
        self.card = None
        for screen in self.screens.all():
            screen.clear()


def spoken_language() -> str:
    """The recorded prompts' language for the current locale (``zh_CN`` or ``en``)."""
    return "zh_CN" if QLocale().language() == QLocale.Language.Chinese else "en"
