# SPDX-License-Identifier: Apache-2.0
"""Take your card: shown after every session end until the card leaves the reader."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout

from kiosk.screens.base import Screen, label
from kiosk.widgets.card_out import CardOutAnimation


class TakeCardScreen(Screen):
    """Animation and words; the card's removal (not a button) moves on to welcome."""

    def __init__(self) -> None:
        super().__init__()
        self.left_behind = False
        self.idle_end = False
        self.title = label("title", center=True)
        self.animation = CardOutAnimation()
        self.hint = label("subtitle", center=True)
        self.warning = label("error", center=True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.animation, 1)
        layout.addWidget(self.hint)
        layout.addWidget(self.warning)
        self.retranslate()

    def show_left_behind(self) -> None:
        """The card has stayed in the reader too long: say so more firmly."""
        self.left_behind = True
        self.retranslate()

    def show_idle_end(self) -> None:
        """Say why the session ended: nobody touched the screen."""
        self.idle_end = True
        self.retranslate()

    def clear(self) -> None:
        self.left_behind = False
        self.idle_end = False
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Please take your social security card"))
        self.hint.setText(
            self.tr("Thank you. The screen returns to the start when the card is out.")
        )
        if self.left_behind:
            warning = self.tr(
                "Your card is still in the reader. Please take it with you, "
                "or ask the staff for help."
            )
        elif self.idle_end:
            warning = self.tr("Your session ended because the screen was not touched.")
        else:
            warning = ""
        self.warning.setText(warning)
