# SPDX-License-Identifier: Apache-2.0
"""A touch PIN pad: ten large digits, masked dots, optional shuffling.

The digits typed live only in this widget until :attr:`PinPad.entered` is
emitted, and :meth:`PinPad.clear` forgets them; nothing here logs them.
"""

from __future__ import annotations

import logging
import random

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

log = logging.getLogger(__name__)

PIN_LENGTH = 6
_RANDOM = random.SystemRandom()


class PinPad(QWidget):
    """Digits 0–9, delete and OK; emits :attr:`entered` with the six digits."""

    entered = Signal(str)

    def __init__(self, *, shuffle: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._digits = ""
        self._shuffle = shuffle
        self.dots = QLabel()
        self.dots.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.dots.setObjectName("pinDots")
        self._grid = QGridLayout()
        self._grid.setSpacing(12)
        self.digit_buttons = [self._button(str(d)) for d in range(10)]
        for digit, key in enumerate(self.digit_buttons):
            key.clicked.connect(lambda _=False, t=str(digit): self._press(t))
        self.delete_button = self._button("⌫")
        self.delete_button.setObjectName("keyDelete")
        self.delete_button.clicked.connect(self._delete)
        self.ok_button = self._button("OK")
        self.ok_button.clicked.connect(self._submit)
        self.ok_button.setObjectName("keyOk")
        layout = QVBoxLayout(self)
        layout.addWidget(self.dots)
        layout.addLayout(self._grid)
        self._place()
        self._render()

    def _button(self, text: str) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName("key")
        button.setMinimumSize(110, 72)
        # keys grow into the height the screen has (the stylesheet's
        # min-height keeps them a finger's size on the smallest panel)
        button.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        return button

    def _place(self) -> None:
        order = list(range(10))
        if self._shuffle:
            _RANDOM.shuffle(order)
        else:
            order = [1, 2, 3, 4, 5, 6, 7, 8, 9, 0]
        for index, digit in enumerate(order[:9]):
            self._grid.addWidget(self.digit_buttons[digit], index // 3, index % 3)
        self._grid.addWidget(self.delete_button, 3, 0)
        self._grid.addWidget(self.digit_buttons[order[9]], 3, 1)
        self._grid.addWidget(self.ok_button, 3, 2)

    def set_ok_text(self, text: str) -> None:
        """The label of the confirm key (translated by the owner)."""
        self.ok_button.setText(text)

    def button_for(self, digit: str) -> QPushButton:
        """The key that types ``digit`` (wherever shuffling put it)."""
        return self.digit_buttons[int(digit)]

    def clear(self) -> None:
        """Forget the digits typed and, when shuffling, move the digits again."""
        self._digits = ""
        if self._shuffle:
            self._place()
        self._render()

    def _press(self, digit: str) -> None:
        if len(self._digits) < PIN_LENGTH:
            self._digits += digit
        self._render()

    def _delete(self) -> None:
        self._digits = self._digits[:-1]
        self._render()

    def _submit(self) -> None:
        if len(self._digits) != PIN_LENGTH:
            return
        pin, self._digits = self._digits, ""
        self._render()
        self.entered.emit(pin)

    def _render(self) -> None:
        typed = len(self._digits)
        self.dots.setText("●" * typed + "○" * (PIN_LENGTH - typed))
        self.ok_button.setEnabled(typed == PIN_LENGTH)
