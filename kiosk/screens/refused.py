# SPDX-License-Identifier: Apache-2.0
"""Card refused: why, and what the resident can do about it."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout

from kiosk.flow import Refusal
from kiosk.screens.base import Screen, button, label


class RefusedScreen(Screen):
    """One reason at a time; a temporarily lost card may cancel its loss report."""

    finish_requested = Signal()
    cancel_loss_requested = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.reason: Refusal | None = None
        self.title = label("title", center=True)
        self.what = label("big", center=True)
        self.todo = label("subtitle", center=True)
        self.cancel_loss_button = button("primary")
        self.finish_button = button()
        self.cancel_loss_button.clicked.connect(self.cancel_loss_requested)
        self.finish_button.clicked.connect(self.finish_requested)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        for widget in (self.title, self.what, self.todo):
            layout.addWidget(widget)
        layout.addStretch(2)
        row = QHBoxLayout()
        row.addWidget(self.cancel_loss_button)
        row.addWidget(self.finish_button)
        layout.addLayout(row)
        self.retranslate()

    def show_reason(self, reason: Refusal) -> None:
        """Explain ``reason``."""
        self.reason = reason
        self.retranslate()

    def clear(self) -> None:
        self.reason = None
        self.retranslate()

    def _texts(self) -> dict[Refusal, tuple[str, str]]:
        staff = self.tr("Please bring your ID card to a staff counter.")
        return {
            Refusal.NOT_GENUINE: (
                self.tr("This card could not be confirmed as genuine."),
                staff,
            ),
            Refusal.EXPIRED: (
                self.tr("This card has expired."),
                self.tr(
                    "Please bring your ID card to a staff counter to get a new card."
                ),
            ),
            Refusal.LOST: (
                self.tr("This card was reported lost and can no longer be used."),
                staff,
            ),
            Refusal.TEMPORARILY_LOST: (
                self.tr("This card was reported lost for a few days."),
                self.tr(
                    "If you have found it, you can cancel the loss report now "
                    "with your card password."
                ),
            ),
            Refusal.UNKNOWN: (
                self.tr("The social security office does not know this card."),
                staff,
            ),
            Refusal.UNREADABLE: (
                self.tr("The card could not be read."),
                self.tr(
                    "Take the card out and insert it again, chip first and facing up."
                ),
            ),
            Refusal.BLOCKED: (
                self.tr("The card password is locked after too many wrong tries."),
                self.tr(
                    "Please bring the card and your ID card to a "
                    "staff counter to unlock it."
                ),
            ),
        }

    def retranslate(self) -> None:
        self.title.setText(self.tr("This card cannot be used now"))
        what, todo = self._texts()[self.reason] if self.reason else ("", "")
        self.what.setText(what)
        self.todo.setText(todo)
        self.cancel_loss_button.setText(self.tr("Cancel the loss report"))
        self.cancel_loss_button.setVisible(self.reason is Refusal.TEMPORARILY_LOST)
        self.finish_button.setText(self.tr("Finish and take my card"))
