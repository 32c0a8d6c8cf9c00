# SPDX-License-Identifier: Apache-2.0
"""A calm message (something failed), returning to welcome by itself."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QVBoxLayout

from kiosk.messages import ResidentMessage
from kiosk.screens.base import Screen, button, label


class MessageScreen(Screen):
    """Title, words, one button; the composition root times it out."""

    acknowledged = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.message: ResidentMessage | None = None
        self.title = label("title", center=True)
        self.body = label("subtitle", center=True)
        self.ok_button = button("primary")
        self.ok_button.clicked.connect(self.acknowledged)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(self.title)
        layout.addWidget(self.body)
        layout.addStretch(2)
        layout.addWidget(self.ok_button)
        self.retranslate()

    def show_message(self, message: ResidentMessage) -> None:
        """Show ``message`` (already translated)."""
        self.message = message
        self.retranslate()

    def clear(self) -> None:
        self.message = None
        self.retranslate()

    def retranslate(self) -> None:
        self.ok_button.setText(self.tr("OK"))
        self.title.setText(self.message.title if self.message else "")
        self.body.setText(self.message.body if self.message else "")
