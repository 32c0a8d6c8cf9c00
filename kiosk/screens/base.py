# SPDX-License-Identifier: Apache-2.0
"""What every screen shares: wiping, retranslating, and a few building blocks."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QFrame, QLabel, QPushButton, QVBoxLayout, QWidget


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


def money(amount: Decimal | None) -> str:
    """Money as residents read it: ``¥12,345.67``."""
    return "" if amount is None else f"¥{amount:,.2f}"
