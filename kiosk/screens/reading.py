# SPDX-License-Identifier: Apache-2.0
"""Reading the card: a progress bar while the card worker checks it."""

from __future__ import annotations

from PySide6.QtWidgets import QProgressBar, QVBoxLayout

from kiosk.screens.base import Screen, label


class ReadingScreen(Screen):
    """Shows which step of reading and checking the card is running."""

    STEPS = 4

    def __init__(self) -> None:
        super().__init__()
        self.title = label("title", center=True)
        self.step = label("subtitle", center=True)
        self.hint = label("hint", center=True)
        self.progress = QProgressBar()
        self.progress.setRange(0, self.STEPS)
        self.progress.setTextVisible(False)
        self.progress.setMinimumHeight(36)
        self._current = 0
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        for widget in (self.title, self.step, self.progress, self.hint):
            layout.addWidget(widget)
        layout.addStretch(2)
        self.retranslate()

    def set_step(self, step: int) -> None:
        """Step 0 read, 1 check genuine, 2 ask the office, 3 done."""
        self._current = step
        self.progress.setValue(step)
        self.retranslate()

    def clear(self) -> None:
        self.set_step(0)

    def retranslate(self) -> None:
        self.title.setText(self.tr("Reading your card…"))
        self.hint.setText(self.tr("Please do not take the card out."))
        steps = (
            self.tr("Reading the card"),
            self.tr("Checking the card is genuine"),
            self.tr("Asking the social security office"),
            self.tr("Done"),
        )
        self.step.setText(steps[min(self._current, len(steps) - 1)])
