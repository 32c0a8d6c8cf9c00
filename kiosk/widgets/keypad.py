# SPDX-License-Identifier: Apache-2.0
"""An on-screen keypad for numbers (0–9 and, for ID numbers, X)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QPushButton, QWidget

KEYS = ("1", "2", "3", "4", "5", "6", "7", "8", "9", "X", "0")


class Keypad(QWidget):
    """Large keys; emits :attr:`key` with the character, :attr:`erase` for ⌫."""

    key = Signal(str)
    erase = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        grid = QGridLayout(self)
        grid.setSpacing(10)
        self.buttons: dict[str, QPushButton] = {}
        for index, text in enumerate(KEYS):
            button = self._make(text)
            button.clicked.connect(lambda _=False, t=text: self.key.emit(t))
            grid.addWidget(button, index // 3, index % 3)
            self.buttons[text] = button
        delete = self._make("⌫")
        delete.setObjectName("keyDelete")
        delete.clicked.connect(self.erase.emit)
        grid.addWidget(delete, 3, 2)
        self.buttons["⌫"] = delete

    def _make(self, text: str) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName("key")
        button.setMinimumSize(96, 72)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        return button

    def set_x_enabled(self, enabled: bool) -> None:
        """X only makes sense as the last character of an ID number."""
        self.buttons["X"].setEnabled(enabled)
