# SPDX-License-Identifier: Apache-2.0
"""Changing the card password: forced after the initial 123456, or by choice."""

from __future__ import annotations

import enum

from PySide6.QtCore import Signal

from card.profile import INITIAL_PIN
from kiosk.screens.base import Screen, pin_page


class Step(enum.IntEnum):
    """Which password the pad is asking for."""

    OLD = 0
    NEW = 1
    CONFIRM = 2


class PinChangeScreen(Screen):
    """Old (unless forced), new, new again; emits :attr:`change_requested`."""

    change_requested = Signal(str, str)
    cancel_requested = Signal()

    def __init__(self, *, forced: bool, shuffle: bool = False) -> None:
        super().__init__()
        self.forced = forced
        self._old = ""
        self._new = ""
        self._problem = ""
        self.busy = False
        self.step = Step.NEW if forced else Step.OLD
        self.title, self.hint, self.error, self.pad, self.cancel_button = pin_page(
            self, shuffle=shuffle, hint_style="subtitle"
        )
        self.pad.entered.connect(self._entered)
        self.cancel_button.clicked.connect(self.cancel_requested)
        self.retranslate()

    def start(self, *, old_pin: str = "") -> None:
        """Begin again; a forced change already knows the old (initial) PIN."""
        self.clear()
        self._old = old_pin if self.forced else ""

    def _entered(self, pin: str) -> None:
        self._problem = ""
        if self.step is Step.OLD:
            self._old, self.step = pin, Step.NEW
        elif self.step is Step.NEW:
            if pin == INITIAL_PIN or pin == self._old:
                self._problem = "weak"
            else:
                self._new, self.step = pin, Step.CONFIRM
        elif pin != self._new:
            self._problem, self._new, self.step = "mismatch", "", Step.NEW
        else:
            self.busy = True
            self.pad.setEnabled(False)
            self.change_requested.emit(self._old, pin)
        self.retranslate()

    def refused(self, problem: str) -> None:
        """The card refused the change (``wrong_old`` or ``weak``): start over."""
        old = self._old if self.forced else ""
        self.clear()
        self._old = old
        self._problem = problem
        self.retranslate()

    def clear(self) -> None:
        self._old = self._new = self._problem = ""
        self.busy = False
        self.step = Step.NEW if self.forced else Step.OLD
        self.pad.setEnabled(True)
        self.pad.clear()
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(
            self.tr("Please choose a new card password")
            if self.forced
            else self.tr("Change the card password")
        )
        prompts = {
            Step.OLD: self.tr("Enter your current password"),
            Step.NEW: self.tr("Enter a new password of 6 digits (not 123456)"),
            Step.CONFIRM: self.tr("Enter the new password again"),
        }
        self.hint.setText(
            self.tr("Changing the password…") if self.busy else prompts[self.step]
        )
        problems = {
            "weak": self.tr("This password is too easy to guess. Choose another."),
            "mismatch": self.tr("The two passwords were not the same. Try again."),
            "wrong_old": self.tr("The current password was wrong."),
        }
        self.error.setText(problems.get(self._problem, ""))
        self.pad.set_ok_text(self.tr("OK"))
        self.cancel_button.setText(
            self.tr("Finish and take my card") if self.forced else self.tr("Back")
        )
