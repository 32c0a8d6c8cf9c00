# SPDX-License-Identifier: Apache-2.0
"""A grid of large touch buttons, one per choice (province, city)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QPushButton, QSizePolicy, QWidget


class ChoiceGrid(QWidget):
    """``set_choices([(key, text), ...])``; emits :attr:`chosen` with the key."""

    chosen = Signal(str)

    def __init__(self, columns: int = 3) -> None:
        super().__init__()
        self.columns = columns
        self.buttons: dict[str, QPushButton] = {}
        self._grid = QGridLayout(self)
        self._grid.setSpacing(16)
        self._grid.setAlignment(Qt.AlignmentFlag.AlignTop)

    def set_choices(self, choices: list[tuple[str, str]]) -> None:
        """Replace the buttons (texts already in the resident's language)."""
        self.clear()
        for index, (key, text) in enumerate(choices):
            widget = QPushButton(text)
            widget.setObjectName("choice")
            widget.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            # the grid shares the width: a long name wraps in its cell instead
            # of widening the window
            widget.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
            widget.clicked.connect(lambda _=False, k=key: self.chosen.emit(k))
            self._grid.addWidget(widget, index // self.columns, index % self.columns)
            self.buttons[key] = widget

    def set_texts(self, texts: dict[str, str]) -> None:
        """New texts for the same choices (after a language change)."""
        for key, text in texts.items():
            if key in self.buttons:
                self.buttons[key].setText(text)

    def clear(self) -> None:
        """No choices."""
        for widget in self.buttons.values():
            self._grid.removeWidget(widget)
            widget.deleteLater()
        self.buttons = {}
