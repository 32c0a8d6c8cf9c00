# SPDX-License-Identifier: Apache-2.0
"""Centred dialogs over the whole kiosk window, without a nested event loop.

A :class:`Overlay` is a child widget that dims its parent and shows a frame in
the middle; it never calls ``exec()``, so the GUI thread keeps running (card
events, timers) while it is up. It follows the parent's size.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QVBoxLayout, QWidget


class Overlay(QWidget):
    """A dimmed backdrop with a centred frame; ``backdrop_touched`` on a touch
    outside the frame."""

    backdrop_touched = Signal()

    def __init__(self, parent: QWidget, name: str) -> None:
        super().__init__(parent)
        self.setObjectName("backdrop")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.frame = QFrame()
        self.frame.setObjectName(name)
        self.body = QVBoxLayout(self.frame)
        self.body.setContentsMargins(36, 28, 36, 28)
        self.body.setSpacing(18)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.frame, 4)
        row.addStretch(1)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(1)
        parent.installEventFilter(self)
        self.hide()

    def open(self) -> None:
        """Cover the parent and come to the front."""
        parent = self.parentWidget()
        if parent is not None:
            self.setGeometry(parent.rect())
        self.show()
        self.raise_()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        parent = self.parentWidget()
        if parent is not None and watched is parent:
            if event.type() == QEvent.Type.Resize:
                self.setGeometry(parent.rect())
        return False

    def retranslate(self) -> None:
        """Set the texts again in the current language (subclasses)."""

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if not self.frame.geometry().contains(event.position().toPoint()):
            self.backdrop_touched.emit()
        event.accept()
