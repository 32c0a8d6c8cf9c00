# SPDX-License-Identifier: Apache-2.0
"""The main window: a top bar (countdown, finish) over a stack of screens."""

from __future__ import annotations

import importlib
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QMainWindow,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.dialogs import HelpDialog, IdleDialog, ProblemPanel
from kiosk.flow import State
from kiosk.screens.base import Screen, button

if TYPE_CHECKING:
    from kiosk.messages import ResidentMessage
    from kiosk.screens.certificate import CertificateScreen
    from kiosk.screens.contributions import ContributionsScreen
    from kiosk.screens.loss_report import LossReportScreen
    from kiosk.screens.message import MessageScreen
    from kiosk.screens.overview import OverviewScreen
    from kiosk.screens.pin import PinScreen
    from kiosk.screens.pin_change import PinChangeScreen
    from kiosk.screens.reading import ReadingScreen
    from kiosk.screens.receipt import ReceiptScreen
    from kiosk.screens.refused import RefusedScreen
    from kiosk.screens.requests import RequestsScreen
    from kiosk.screens.take_card import TakeCardScreen
    from kiosk.screens.transfer import TransferScreen
    from kiosk.screens.unemployment import UnemploymentScreen
    from kiosk.screens.welcome import WelcomeScreen

log = logging.getLogger(__name__)

# States whose screen shows the "finish" button in the top bar.
FINISHABLE = frozenset(
    {
        State.OVERVIEW,
        State.CONTRIBUTIONS,
        State.TRANSFER,
        State.MEDICAL_TRANSFER,
        State.UNEMPLOYMENT,
        State.MY_REQUESTS,
        State.CERTIFICATE,
        State.PIN_CHANGE,
    }
)


@dataclass(frozen=True, kw_only=True)
class ScreenSpec:
    """How to build one screen: its module, class and constructor arguments."""

    module: str
    cls: str
    args: tuple[str, ...] = ()  # positional constructor arguments
    forced: bool | None = None  # PinChangeScreen only
    shuffled: bool = False  # takes the PIN-pad ``shuffle`` flag


SPECS: dict[str, ScreenSpec] = {
    "welcome": ScreenSpec(module="welcome", cls="WelcomeScreen"),
    "reading": ScreenSpec(module="reading", cls="ReadingScreen"),
    "refused": ScreenSpec(module="refused", cls="RefusedScreen"),
    "pin": ScreenSpec(module="pin", cls="PinScreen", shuffled=True),
    "initial_pin": ScreenSpec(
        module="pin_change", cls="PinChangeScreen", forced=True, shuffled=True
    ),
    "overview": ScreenSpec(module="overview", cls="OverviewScreen"),
    "contributions": ScreenSpec(module="contributions", cls="ContributionsScreen"),
    "transfer": ScreenSpec(module="transfer", cls="TransferScreen", args=("pension",)),
    "medical": ScreenSpec(module="transfer", cls="TransferScreen", args=("medical",)),
    "unemployment": ScreenSpec(module="unemployment", cls="UnemploymentScreen"),
    "requests": ScreenSpec(module="requests", cls="RequestsScreen"),
    "certificate": ScreenSpec(module="certificate", cls="CertificateScreen"),
    "pin_change": ScreenSpec(
        module="pin_change", cls="PinChangeScreen", forced=False, shuffled=True
    ),
    "receipt": ScreenSpec(module="receipt", cls="ReceiptScreen"),
    "loss_report": ScreenSpec(module="loss_report", cls="LossReportScreen"),
    "message": ScreenSpec(module="message", cls="MessageScreen"),
    "take_card": ScreenSpec(module="take_card", cls="TakeCardScreen"),
}

SCREEN_OF_STATE: dict[State, str] = {
    State.WELCOME: "welcome",
    State.READING: "reading",
    State.OPENING: "reading",
    State.CARD_REFUSED: "refused",
    State.PIN: "pin",
    State.CHANGE_INITIAL_PIN: "initial_pin",
    State.OVERVIEW: "overview",
    State.CONTRIBUTIONS: "contributions",
    State.TRANSFER: "transfer",
    State.MEDICAL_TRANSFER: "medical",
    State.UNEMPLOYMENT: "unemployment",
    State.MY_REQUESTS: "requests",
    State.CERTIFICATE: "certificate",
    State.PIN_CHANGE: "pin_change",
    State.RECEIPT: "receipt",
    State.LOSS_CANCELLED: "receipt",
    State.LOSS_REPORT: "loss_report",
    State.FAILURE: "message",
    State.TAKE_CARD: "take_card",
}


class Screens:
    """Every screen, each built on first use and then kept (and wiped) for good.

    ``screens.pin`` builds the PIN screen the first time it is asked for; code
    that connects to a screen's signals uses :meth:`wire`, which runs now if
    the screen exists and otherwise right after it is built, so a screen
    nobody opened costs neither import nor construction time.
    """

    if TYPE_CHECKING:
        welcome: WelcomeScreen
        reading: ReadingScreen
        refused: RefusedScreen
        pin: PinScreen
        initial_pin: PinChangeScreen
        overview: OverviewScreen
        contributions: ContributionsScreen
        transfer: TransferScreen
        medical: TransferScreen
        unemployment: UnemploymentScreen
        requests: RequestsScreen
        certificate: CertificateScreen
        pin_change: PinChangeScreen
        receipt: ReceiptScreen
        loss_report: LossReportScreen
        message: MessageScreen
        take_card: TakeCardScreen

    def __init__(self, *, shuffle: bool) -> None:
        self._shuffle = shuffle
        self._built: dict[str, Screen] = {}
        self._wiring: dict[str, list[Callable[[Any], object]]] = {}
        self._on_build: list[Callable[[Screen], object]] = []

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_") or name not in SPECS:
            raise AttributeError(name)
        return self.get(name)

    def get(self, name: str) -> Screen:
        """The screen called ``name`` (see :data:`SPECS`), built if needed."""
        screen = self._built.get(name)
        if screen is None:
            screen = self._build(SPECS[name])
            self._built[name] = screen
            for listener in self._on_build:
                listener(screen)
            for wire in self._wiring.pop(name, []):
                wire(screen)
        return screen

    def _build(self, spec: ScreenSpec) -> Screen:
        started = time.perf_counter()
        module = importlib.import_module(f"kiosk.screens.{spec.module}")
        kwargs: dict[str, Any] = {}
        if spec.shuffled:
            kwargs["shuffle"] = self._shuffle
        if spec.forced is not None:
            kwargs["forced"] = spec.forced
        screen: Screen = getattr(module, spec.cls)(*spec.args, **kwargs)
        log.debug(
            "screen %s built in %.0f ms",
            spec.cls,
            (time.perf_counter() - started) * 1000,
        )
        return screen

    def wire(self, name: str, connect: Callable[[Any], object]) -> None:
        """Run ``connect(screen)`` now if ``name`` is built, else once it is."""
        if name in self._built:
            connect(self._built[name])
        else:
            self._wiring.setdefault(name, []).append(connect)

    def on_build(self, listener: Callable[[Screen], object]) -> None:
        """Call ``listener`` with every screen built from now on (and those built)."""
        self._on_build.append(listener)
        for screen in list(self._built.values()):
            listener(screen)

    def release(self) -> None:
        """Drop pending wiring and listeners (they refer back to the controller,
        the handlers and the window: no cycle outlives the kiosk)."""
        self._wiring.clear()
        self._on_build.clear()

    def built(self, name: str) -> bool:
        """True once the screen ``name`` exists."""
        return name in self._built

    def all(self) -> list[Screen]:
        """Each screen built so far, once (a screen never built holds nothing)."""
        unique: dict[int, Screen] = {id(s): s for s in self._built.values()}
        return list(unique.values())

    def for_state(self, state: State) -> Screen:
        """The screen that shows ``state`` (built if needed)."""
        return self.get(SCREEN_OF_STATE[state])


class MainWindow(QMainWindow):
    """Top bar (help, finish), the problem panel, the screens, and the idle and
    help dialogs centred over them.

    Emits :attr:`finish_requested` (the one exit: "Finish and take my card",
    in the bar or the idle dialog), :attr:`continue_requested` (idle dialog)
    and :attr:`help_requested` (staff called).
    """

    finish_requested = Signal()
    continue_requested = Signal()
    help_requested = Signal()

    def __init__(self, screens: Screens) -> None:
        super().__init__()
        self.screens = screens
        self.setObjectName("kioskWindow")
        self.help_button = button("help")
        self.help_button.clicked.connect(self.open_help)
        self.finish_button = button("danger")
        self.finish_button.clicked.connect(self.finish_requested)
        self.finish_button.hide()
        bar = QHBoxLayout()
        bar.addStretch(1)
        bar.addWidget(self.help_button)
        bar.addWidget(self.finish_button)
        self.stack = QStackedWidget()
        # the panel's size is fixed: the pages fit it (tests/kiosk/test_layout.py)
        # instead of the tallest page growing the window
        self.stack.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        screens.on_build(self.stack.addWidget)
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(24, 12, 24, 18)
        layout.addLayout(bar)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        # over the top of the screen (its title), so a page never reflows
        self.problem = ProblemPanel(self.stack)
        self.idle = IdleDialog(central)
        self.idle.continue_requested.connect(self.continue_requested)
        self.idle.exit_requested.connect(self.finish_requested)
        self.help = HelpDialog(central)
        self.resize(1280, 800)
        self.retranslate()

    def show_state(self, state: State) -> None:
        """Bring the screen of ``state`` to the front (a problem shown for the
        previous screen goes)."""
        self.stack.setCurrentWidget(self.screens.for_state(state))
        self.problem.clear()
        self.finish_button.setVisible(state in FINISHABLE)
        if state is State.WELCOME:
            self.help.hide()

    def show_problem(self, message: ResidentMessage) -> None:
        """What went wrong and what to do, above the screen until the next action."""
        self.problem.show_message(message)

    def clear_problem(self) -> None:
        """The resident did something: the last problem no longer applies."""
        self.problem.clear()

    def show_countdown(self, seconds: int | None) -> None:
        """``None`` closes the idle dialog; otherwise it shows the seconds left."""
        if seconds is None:
            self.idle.hide()
        else:
            self.idle.show_seconds(seconds)

    def hide_overlays(self) -> None:
        """Close the idle and help dialogs."""
        self.idle.hide()
        self.help.hide()

    def open_help(self) -> None:
        """The help dialog; the staff are called."""
        self.help.open()
        self.help_requested.emit()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Social Security Self-Service"))
        self.finish_button.setText(self.tr("Finish and take my card"))
        self.help_button.setText(self.tr("Help"))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
