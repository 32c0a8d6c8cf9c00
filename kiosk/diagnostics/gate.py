# SPDX-License-Identifier: Apache-2.0
"""The way in: five taps in the top-right corner (or a key), then the technician code.

:class:`CornerTaps` counts taps (pure logic, testable with any clock);
:class:`TapWatcher` feeds it every press on the kiosk window through an
application event filter that never consumes the event. :class:`CodeGate`
checks a typed code against the configured one in constant time and locks
out after :data:`MAX_TRIES` wrong codes, the lock doubling each time.
:class:`CodeDialog` is the on-screen keypad; the digits typed live only in it
and are forgotten as soon as they are submitted.
"""

from __future__ import annotations

import enum
import hmac
import logging
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent, QWindow
from PySide6.QtWidgets import QDialog, QHBoxLayout, QVBoxLayout, QWidget

from kiosk.screens.base import button, label
from kiosk.widgets.keypad import Keypad

log = logging.getLogger(__name__)

TAPS = 5
TAP_WINDOW_S = 3.0
CORNER_PX = 120
MAX_TRIES = 3
LOCK_S = 60.0
MAX_LOCK_S = 900.0
MIN_CODE = 4
MAX_CODE = 12
SHORTCUT = "Ctrl+Alt+D"


class CornerTaps:
    """True on the fifth corner tap within :data:`TAP_WINDOW_S`; other taps reset."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._times: deque[float] = deque(maxlen=TAPS)

    def tap(self, in_corner: bool) -> bool:
        """Record one tap; True when it completes the gesture."""
        if not in_corner:
            self._times.clear()
            return False
        now = self._clock()
        self._times.append(now)
        if len(self._times) == TAPS and now - self._times[0] <= TAP_WINDOW_S:
            self._times.clear()
            return True
        return False


class TapWatcher(QObject):
    """Watches presses on ``window`` (never consuming them); emits :attr:`gesture`."""

    gesture = Signal()

    def __init__(self, window: QWidget, taps: CornerTaps | None = None) -> None:
        super().__init__(window)
        self.window = window
        self.taps = taps or CornerTaps()
        self._last: tuple[int, float, float] | None = None

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt
        if event.type() == QEvent.Type.MouseButtonPress and self._ours(obj):
            self._pressed(event)  # type: ignore[arg-type]
        return False

    def _ours(self, obj: QObject) -> bool:
        if isinstance(obj, QWidget):
            return obj.window() is self.window
        return isinstance(obj, QWindow) and obj is self.window.windowHandle()

    def _pressed(self, event: QMouseEvent) -> None:
        # One press reaches the filter once per receiver (window, widget, parents):
        # the same timestamp and global position mean the same press.
        where = event.globalPosition()
        key = (event.timestamp(), where.x(), where.y())
        if key == self._last:
            return
        self._last = key
        local = self.window.mapFromGlobal(QPoint(round(where.x()), round(where.y())))
        corner = (
            local.x() >= self.window.width() - CORNER_PX and 0 <= local.y() <= CORNER_PX
        )
        if self.taps.tap(corner):
            self.gesture.emit()


class Verdict(enum.IntEnum):
    """What :meth:`CodeGate.check` decided."""

    ACCEPTED = 0
    REFUSED = 1
    LOCKED = 2
    DISABLED = 3


@dataclass(frozen=True, kw_only=True)
class GateAnswer:
    """A verdict with what the keypad shows next."""

    verdict: Verdict
    tries_left: int = 0
    wait_s: int = 0


class CodeGate:
    """The technician code from the configuration; wrong codes are rate-limited."""

    def __init__(self, code: str, clock: Callable[[], float] = time.monotonic) -> None:
        self._code = code.encode() if len(code) >= MIN_CODE else b""
        self._clock = clock
        self._failures = 0
        self._locked_until = 0.0

    def __repr__(self) -> str:
        return f"CodeGate(enabled={self.enabled}, failures={self._failures})"

    @property
    def enabled(self) -> bool:
        """False when no usable code (at least :data:`MIN_CODE` long) is configured."""
        return bool(self._code)

    def wait_s(self) -> int:
        """Seconds until codes are checked again (0: not locked)."""
        return max(0, round(self._locked_until - self._clock() + 0.499))

    def check(self, typed: str) -> GateAnswer:
        """Compare ``typed`` in constant time, unless disabled or locked."""
        if not self.enabled:
            return GateAnswer(verdict=Verdict.DISABLED)
        wait = self.wait_s()
        if wait:
            return GateAnswer(verdict=Verdict.LOCKED, wait_s=wait)
        if hmac.compare_digest(typed.encode(), self._code):
            self._failures = 0
            log.info("technician code accepted")
            return GateAnswer(verdict=Verdict.ACCEPTED)
        self._failures += 1
        log.warning("wrong technician code (%d in a row)", self._failures)
        if self._failures % MAX_TRIES == 0:
            rounds = self._failures // MAX_TRIES
            lock = min(LOCK_S * 2 ** (rounds - 1), MAX_LOCK_S)
            self._locked_until = self._clock() + lock
            return GateAnswer(verdict=Verdict.LOCKED, wait_s=round(lock))
        return GateAnswer(
            verdict=Verdict.REFUSED, tries_left=MAX_TRIES - self._failures % MAX_TRIES
        )


class CodeDialog(QDialog):
    """Dots, a message line, the keypad, OK and Cancel; emits :attr:`submitted`."""

    submitted = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("technicianCode")
        self.setModal(True)
        self._digits = ""
        self.title = label("subtitle", center=True)
        self.dots = label("pinDots", wrap=False, center=True)
        self.message = label("error", center=True)
        self.keypad = Keypad()
        self.keypad.set_x_enabled(False)
        self.keypad.key.connect(self._press)
        self.keypad.erase.connect(self._erase)
        self.ok_button = button("primary")
        self.ok_button.clicked.connect(self._submit)
        self.cancel_button = button()
        self.cancel_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.ok_button)
        layout = QVBoxLayout(self)
        for widget in (self.title, self.dots, self.message, self.keypad):
            layout.addWidget(widget)
        layout.addLayout(buttons)
        self.retranslate()
        self._render()

    def _press(self, digit: str) -> None:
        if len(self._digits) < MAX_CODE and digit.isdigit():
            self._digits += digit
            self._render()

    def _erase(self) -> None:
        self._digits = self._digits[:-1]
        self._render()

    def _submit(self) -> None:
        typed, self._digits = self._digits, ""
        self._render()
        if typed:
            self.submitted.emit(typed)

    def _render(self) -> None:
        self.dots.setText("●" * len(self._digits) or " ")
        self.ok_button.setEnabled(bool(self._digits))

    def typed_length(self) -> int:
        """How many digits are typed (never the digits)."""
        return len(self._digits)

    def show_message(self, text: str) -> None:
        self.message.setText(text)

    def reset(self) -> None:
        """Forget the digits and the message (before showing again)."""
        self._digits = ""
        self.message.clear()
        self._render()

    def done(self, result: int) -> None:
        self._digits = ""
        self._render()
        super().done(result)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        """Bench use: digits, Backspace and Enter from a keyboard."""
        key, text = event.key(), event.text()
        if text.isdigit() and len(text) == 1:
            self._press(text)
        elif key == Qt.Key.Key_Backspace:
            self._erase()
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._submit()
        else:
            super().keyPressEvent(event)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Technician diagnostics"))
        self.title.setText(self.tr("Enter the technician code"))
        self.ok_button.setText(self.tr("OK"))
        self.cancel_button.setText(self.tr("Cancel"))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
