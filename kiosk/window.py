# SPDX-License-Identifier: Apache-2.0
"""The main window: a top bar (countdown, finish) over a stack of screens."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QMainWindow,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.flow import State
from kiosk.screens.base import Screen, button, label
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
from kiosk.screens.transfer import TransferScreen
from kiosk.screens.unemployment import UnemploymentScreen
from kiosk.screens.welcome import WelcomeScreen

# States whose screen shows the "finish" button in the top bar.
FINISHABLE = frozenset({State.OVERVIEW, State.CONTRIBUTIONS, State.TRANSFER,
                        State.MEDICAL_TRANSFER, State.UNEMPLOYMENT, State.MY_REQUESTS,
                        State.CERTIFICATE, State.PIN_CHANGE})


class Screens:
    """Every screen, built once; :meth:`for_state` says which one a state shows."""

    def __init__(self, *, shuffle: bool) -> None:
        self.welcome = WelcomeScreen()
        self.reading = ReadingScreen()
        self.refused = RefusedScreen()
        self.pin = PinScreen(shuffle=shuffle)
        self.initial_pin = PinChangeScreen(forced=True, shuffle=shuffle)
        self.overview = OverviewScreen()
        self.contributions = ContributionsScreen()
        self.transfer = TransferScreen("pension")
        self.medical = TransferScreen("medical")
        self.unemployment = UnemploymentScreen()
        self.requests = RequestsScreen()
        self.certificate = CertificateScreen()
        self.pin_change = PinChangeScreen(forced=False, shuffle=shuffle)
        self.receipt = ReceiptScreen()
        self.loss_report = LossReportScreen()
        self.message = MessageScreen()
        self._by_state: dict[State, Screen] = {
            State.WELCOME: self.welcome, State.READING: self.reading,
            State.OPENING: self.reading, State.CARD_REFUSED: self.refused,
            State.PIN: self.pin, State.CHANGE_INITIAL_PIN: self.initial_pin,
            State.OVERVIEW: self.overview, State.CONTRIBUTIONS: self.contributions,
            State.TRANSFER: self.transfer, State.MEDICAL_TRANSFER: self.medical,
            State.UNEMPLOYMENT: self.unemployment, State.MY_REQUESTS: self.requests,
            State.CERTIFICATE: self.certificate, State.PIN_CHANGE: self.pin_change,
            State.RECEIPT: self.receipt, State.LOSS_CANCELLED: self.receipt,
            State.LOSS_REPORT: self.loss_report, State.FAILURE: self.message,
        }

    def all(self) -> list[Screen]:
        """Each screen once."""
        unique: dict[int, Screen] = {id(s): s for s in self._by_state.values()}
        return list(unique.values())

    def for_state(self, state: State) -> Screen:
        """The screen that shows ``state``."""
        return self._by_state[state]


class MainWindow(QMainWindow):
    """Top bar and screens; emits :attr:`finish_requested` and user activity."""

    finish_requested = Signal()

    def __init__(self, screens: Screens) -> None:
        super().__init__()
        self.screens = screens
        self.setObjectName("kioskWindow")
        self.countdown = label("countdown", wrap=False)
        self.countdown.hide()
        self.notice = label("error")
        self.finish_button = button("danger")
        self.finish_button.clicked.connect(self.finish_requested)
        self.finish_button.hide()
        bar = QHBoxLayout()
        bar.addWidget(self.notice, 1)
        bar.addWidget(self.countdown)
        bar.addWidget(self.finish_button)
        self.stack = QStackedWidget()
        for screen in screens.all():
            self.stack.addWidget(screen)
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(24, 12, 24, 18)
        layout.addLayout(bar)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self.resize(1280, 800)
        self.retranslate()

    def show_state(self, state: State) -> None:
        """Bring the screen of ``state`` to the front."""
        self.stack.setCurrentWidget(self.screens.for_state(state))
        self.notice.clear()
        self.finish_button.setVisible(state in FINISHABLE)

    def show_notice(self, text: str) -> None:
        """A calm one-line message above the screen (cleared on the next screen)."""
        self.notice.setText(text)

    def show_countdown(self, seconds: int | None) -> None:
        """``None`` hides it; otherwise "touch the screen to continue (N)"."""
        if seconds is None:
            self.countdown.hide()
            return
        self.countdown.setText(self.tr("Touch the screen to continue (%1 s)").replace(
            "%1", str(seconds)))
        self.countdown.show()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Social Security Self-Service"))
        self.finish_button.setText(self.tr("Finish and take my card"))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
