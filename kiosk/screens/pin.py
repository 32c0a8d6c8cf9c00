# SPDX-License-Identifier: Apache-2.0
"""PIN entry: touch digits, masked dots, tries left."""

from __future__ import annotations

from PySide6.QtCore import Signal

from kiosk.screens.base import Screen, pin_page


class PinScreen(Screen):
    """Asks for the card password; emits :attr:`pin_entered` with six digits."""

    pin_entered = Signal(str)
    cancel_requested = Signal()

    def __init__(self, *, shuffle: bool = False) -> None:
        super().__init__()
        self.tries_left: int | None = None
        self.busy = False
        self.title, self.hint, self.error, self.pad, self.cancel_button = pin_page(
            self, shuffle=shuffle, hint_style="hint"
        )
        self.pad.entered.connect(self._entered)
        self.cancel_button.clicked.connect(self.cancel_requested)
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
        self.hint.setText(
            self.tr("Checking…")
            if self.busy
            else self.tr("6 digits. Nobody else can see them.")
        )
        if self.tries_left is None:
            self.error.clear()
        else:
            self.error.setText(
                self.tr("Wrong password. Tries left: %1").replace(
                    "%1", str(self.tries_left)
                )
            )
        self.pad.set_ok_text(self.tr("OK"))
        self.cancel_button.setText(self.tr("Finish and take my card"))
