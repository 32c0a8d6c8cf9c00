# SPDX-License-Identifier: Apache-2.0
"""PIN entry: touch digits, masked dots, tries left."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout

from kiosk.screens.base import Screen, button, label
from kiosk.widgets.pinpad import PinPad


class PinScreen(Screen):
    """Asks for the card password; emits :attr:`pin_entered` with six digits."""

    pin_entered = Signal(str)
    cancel_requested = Signal()

    def __init__(self, *, shuffle: bool = False) -> None:
        super().__init__()
        self.tries_left: int | None = None
        self.busy = False
        self.title = label("title", center=True)
        self.hint = label("hint", center=True)
        self.error = label("error", center=True)
        self.pad = PinPad(shuffle=shuffle)
        self.pad.entered.connect(self._entered)
        self.cancel_button = button()
        self.cancel_button.clicked.connect(self.cancel_requested)
        layout = QVBoxLayout(self)
        for widget in (self.title, self.hint, self.error):
            layout.addWidget(widget)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.pad, 3)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addWidget(self.cancel_button)
        self.retranslate()

    def _entered(self, pin: str) -> None:
        if not self.busy:
            self.set_busy(True)
            self.pin_entered.emit(pin)

    def set_busy(self, busy: bool) -> None:
        """While the card checks the PIN, keys do nothing."""
        self.busy = busy
        self.pad.setEnabled(not busy)
        self.retranslate()

    def show_tries_left(self, tries_left: int) -> None:
        """After a wrong PIN."""
        self.tries_left = tries_left
        self.pad.clear()
        self.set_busy(False)

    def clear(self) -> None:
        self.tries_left = None
        self.pad.clear()
        self.set_busy(False)

    def retranslate(self) -> None:
        self.title.setText(self.tr("Please enter your card password"))
        self.hint.setText(self.tr("Checking…") if self.busy else
                          self.tr("6 digits. Nobody else can see them."))
        if self.tries_left is None:
            self.error.clear()
        else:
            self.error.setText(self.tr("Wrong password. Tries left: %1").replace(
                "%1", str(self.tries_left)))
        self.pad.set_ok_text(self.tr("OK"))
        self.cancel_button.setText(self.tr("Cancel and take my card"))
