# SPDX-License-Identifier: Apache-2.0
"""What every screen shares: wiping, retranslating, and a few building blocks."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kiosk.formats import money
from kiosk.widgets.pinpad import PinPad

__all__ = ["Screen", "button", "label", "money", "panel", "pin_page"]


class Screen(QWidget):
    """A full-window page; subclasses implement clear() and retranslate()."""

    def clear(self) -> None:
        """Forget everything about the previous resident."""

    def retranslate(self) -> None:
        """Set every user-visible string again in the current language."""

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


def label(name: str = "", *, wrap: bool = True, center: bool = False) -> QLabel:
    """A label with an object name the stylesheets know (title, subtitle, hint…)."""
    widget = QLabel()
    if name:
        widget.setObjectName(name)
    widget.setWordWrap(wrap)
    if center:
        widget.setAlignment(Qt.AlignmentFlag.AlignCenter)
    widget.setTextFormat(Qt.TextFormat.PlainText)
    return widget


def button(name: str = "") -> QPushButton:
    """A large touch button (``primary``, ``danger``, ``service`` or plain)."""
    widget = QPushButton()
    if name:
        widget.setObjectName(name)
    widget.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    return widget


def panel() -> tuple[QFrame, QVBoxLayout]:
    """A white rounded frame with a vertical layout."""
    frame = QFrame()
    frame.setObjectName("card")
    layout = QVBoxLayout(frame)
    layout.setContentsMargins(18, 14, 18, 14)
    return frame, layout


def pin_page(
    screen: QWidget, *, shuffle: bool, hint_style: str
) -> tuple[QLabel, QLabel, QLabel, PinPad, QPushButton]:
    """Title, hint and error lines over a centred PIN pad and a cancel button."""
    title = label("title", center=True)
    hint = label(hint_style, center=True)
    error = label("error", center=True)
    pad = PinPad(shuffle=shuffle)
    cancel = button()
    layout = QVBoxLayout(screen)
    for widget in (title, hint, error):
        layout.addWidget(widget)
    row = QHBoxLayout()
    row.addStretch(1)
    row.addWidget(pad, 3)
    row.addStretch(1)
    layout.addLayout(row)
    layout.addWidget(cancel)
    return title, hint, error, pad, cancel
