# SPDX-License-Identifier: Apache-2.0
"""What every screen shares: wiping, retranslating, and a few building blocks."""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QScroller,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kiosk.formats import money
from kiosk.widgets.pinpad import PinPad

_B = TypeVar("_B", bound=QPushButton)

__all__ = [
    "Screen",
    "WrapButton",
    "button",
    "kinetic",
    "label",
    "money",
    "panel",
    "pin_page",
    "scrolled",
    "wrap_button",
]


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
    return _touch_ready(QPushButton(), name)


def _touch_ready(widget: _B, name: str) -> _B:
    """Named for the stylesheets; never takes keyboard focus (a touch screen)."""
    if name:
        widget.setObjectName(name)
    widget.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    return widget


class WrapButton(QPushButton):
    """A touch button whose text wraps onto a second line instead of being
    clipped when its cell is narrow (long English, large text)."""

    def __init__(self) -> None:
        super().__init__()
        self._text = label("buttonText", center=True)
        self._text.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        inner = QVBoxLayout(self)
        inner.setContentsMargins(10, 4, 10, 4)
        inner.addWidget(self._text)
        # the grid shares the width: the text wraps, the window never widens
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.toggled.connect(self._show_checked)

    def _show_checked(self, checked: bool) -> None:
        """The stylesheets colour a chosen button's words (``[checked="true"]``)."""
        self._text.setProperty("checked", checked)
        self._text.style().unpolish(self._text)
        self._text.style().polish(self._text)

    def setText(self, text: str) -> None:  # noqa: N802 - Qt API name
        self._text.setText(text)
        self.setAccessibleName(text)
        self.updateGeometry()

    def text(self) -> str:
        return self._text.text()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        hint = super().sizeHint()
        need = self._text.heightForWidth(max(1, self.width() - 20)) + 8
        return QSize(hint.width(), max(hint.height(), need))

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(0, self.sizeHint().height())


def wrap_button(name: str = "") -> WrapButton:
    """A :class:`WrapButton` with an object name the stylesheets know."""
    return _touch_ready(WrapButton(), name)


def kinetic(area: QAbstractScrollArea) -> QAbstractScrollArea:
    """Flick scrolling with a finger (and a held mouse button) on ``area``."""
    QScroller.grabGesture(
        area.viewport(), QScroller.ScrollerGestureType.LeftMouseButtonGesture
    )
    return area


def scrolled(content: QWidget) -> QScrollArea:
    """``content`` in a frameless, vertically flickable area: long text (steps,
    histories) is read by moving it, never cut off."""
    area = QScrollArea()
    area.setObjectName("flick")
    area.setWidget(content)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    kinetic(area)
    return area


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
    # words and the way out on the left, the pad on the right: the pad keeps
    # finger-sized keys even in large text on a 1280 x 800 panel
    words = QVBoxLayout()
    words.addStretch(1)
    for widget in (title, hint, error):
        words.addWidget(widget)
    words.addStretch(2)
    words.addWidget(cancel)
    layout = QHBoxLayout(screen)
    layout.addLayout(words, 1)
    layout.addWidget(pad, 1)
    return title, hint, error, pad, cancel
