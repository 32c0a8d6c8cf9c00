# SPDX-License-Identifier: Apache-2.0
"""The window's own dialogs: idle warning, help / call staff, and the problem panel."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QVBoxLayout, QWidget

from kiosk.screens.base import button, label
from kiosk.widgets.overlay import Overlay

if TYPE_CHECKING:  # kiosk.messages pulls in the backend client: not at start-up
    from kiosk.messages import ResidentMessage


class IdleDialog(Overlay):
    """ "Still there?" with the seconds left, 继续办理 / 退出."""

    continue_requested = Signal()
    exit_requested = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent, "dialog")
        self.seconds = 0
        self.title = label("title", center=True)
        self.countdown = label("countdown", center=True)
        self.continue_button = button("primary")
        self.exit_button = button("danger")
        self.continue_button.clicked.connect(self.continue_requested)
        self.exit_button.clicked.connect(self.exit_requested)
        self.backdrop_touched.connect(self.continue_requested)
        row = QHBoxLayout()
        row.addWidget(self.exit_button)
        row.addWidget(self.continue_button)
        for widget in (self.title, self.countdown):
            self.body.addWidget(widget)
        self.body.addLayout(row)
        self.retranslate()

    def show_seconds(self, seconds: int) -> None:
        """Open (or update) with ``seconds`` left."""
        self.seconds = seconds
        self.retranslate()
        if not self.isVisible():
            self.open()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Are you still there?"))
        self.countdown.setText(
            self.tr("The session ends in %1 seconds.").replace("%1", str(self.seconds))
        )
        self.continue_button.setText(self.tr("Continue"))
        self.exit_button.setText(self.tr("Finish and take my card"))


class HelpDialog(Overlay):
    """Staff called: say so, and how the kiosk is used, until closed."""

    closed = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent, "dialog")
        self.title = label("title", center=True)
        self.called = label("subtitle", center=True)
        self.how = label("hint")
        self.close_button = button("primary")
        self.close_button.clicked.connect(self.close_help)
        for widget in (self.title, self.called, self.how, self.close_button):
            self.body.addWidget(widget)
        self.retranslate()

    def close_help(self) -> None:
        """Hide the dialog (the resident carries on)."""
        self.hide()
        self.closed.emit()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Help"))
        self.called.setText(
            self.tr("A member of staff has been called and will come to you.")
        )
        self.how.setText(
            self.tr(
                "Insert your card chip first, type your password on the screen, "
                "then touch what you want to do. “Back” goes one step back; "
                "“Finish and take my card” ends at any time."
            )
        )
        self.close_button.setText(self.tr("Close"))


class ProblemPanel(QFrame):
    """What went wrong and what to do, over the top of the screen (its title)
    until the next action; it follows the width of ``over``."""

    def __init__(self, over: QWidget) -> None:
        super().__init__(over)
        self.setObjectName("problem")
        self.message: ResidentMessage | None = None
        self.mark = label("problemMark", wrap=False, center=True)
        self.mark.setText("!")
        self.title = label("problemTitle")
        self.body = label("problemBody")
        text = QVBoxLayout()
        text.addWidget(self.title)
        text.addWidget(self.body)
        row = QHBoxLayout(self)
        row.setContentsMargins(18, 12, 18, 12)
        row.addWidget(self.mark)
        row.addLayout(text, 1)
        self.hide()

    def show_message(self, message: ResidentMessage) -> None:
        """Show ``message`` (already in the resident's language)."""
        self.message = message
        self.title.setText(message.title)
        self.body.setText(message.body)
        self.place()
        self.show()
        self.raise_()

    def place(self) -> None:
        """Across the top of the screen, as tall as the words need."""
        over = self.parentWidget()
        if over is not None:
            width = over.width()
            self.setGeometry(0, 0, width, self.heightForWidth(width))

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt override
        self.ensurePolished()
        for widget in (self.mark, self.title, self.body):
            widget.ensurePolished()  # the theme's fonts decide the height
        layout = self.layout()
        need = layout.totalHeightForWidth(width) if layout is not None else -1
        return max(need, self.sizeHint().height())

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt override
        return True

    def clear(self) -> None:
        """Hide and forget the message."""
        self.message = None
        self.title.clear()
        self.body.clear()
        self.hide()
