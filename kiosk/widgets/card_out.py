# SPDX-License-Identifier: Apache-2.0
"""A card sliding out of the reader slot, drawn with QPainter (take-card screen)."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, QTimer
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen, QPolygonF
from PySide6.QtWidgets import QSizePolicy, QWidget

FRAME_MS = 40
FRAMES = 50  # one slide out every two seconds


class CardOutAnimation(QWidget):
    """Loops while shown: the card rises out of the slot, an arrow points up."""

    def __init__(self) -> None:
        super().__init__()
        self.frame = 0
        self._timer = QTimer(self, interval=FRAME_MS)
        self._timer.timeout.connect(self._advance)
        self.setMinimumSize(220, 200)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(320, 280)

    @property
    def running(self) -> bool:
        """True while the animation advances (only while the screen shows)."""
        return self._timer.isActive()

    def showEvent(self, event: object) -> None:  # noqa: N802 - Qt override
        self.frame = 0
        self._timer.start()

    def hideEvent(self, event: object) -> None:  # noqa: N802 - Qt override
        self._timer.stop()

    def _advance(self) -> None:
        self.frame = (self.frame + 1) % FRAMES
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        w, h = self.width(), self.height()
        unit = min(w / 320, h / 280)
        cx, slot_y = w / 2, h * 0.78
        card_w, card_h = 150 * unit, 95 * unit
        rise = card_h * 0.9 * min(1.0, self.frame / (FRAMES * 0.6))
        card = QRectF(cx - card_w / 2, slot_y - card_h * 0.15 - rise, card_w, card_h)
        # the part of the card still inside the reader is not seen
        painter.setClipRect(QRectF(0, 0, w, slot_y + 6 * unit))
        painter.setPen(QPen(QColor("#0d3b66"), 3 * unit))
        painter.setBrush(QColor("#2e86c1"))
        painter.drawRoundedRect(card, 8 * unit, 8 * unit)
        chip = QRectF(card.left() + 18 * unit, card.top() + 28 * unit, 30, 24)
        chip.setSize(chip.size() * unit)
        painter.setBrush(QColor("#f1c40f"))
        painter.drawRoundedRect(chip, 3 * unit, 3 * unit)
        painter.setClipping(False)
        # the reader covers the lower part of the card: drawn over it
        body = QRectF(cx - card_w * 0.75, slot_y, card_w * 1.5, h - slot_y - 4)
        painter.setBrush(QColor("#5d6d7e"))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.drawRoundedRect(body, 10 * unit, 10 * unit)
        painter.setBrush(QColor("#1b2733"))
        painter.drawRect(QRectF(cx - card_w * 0.55, slot_y + 4 * unit, card_w * 1.1, 8))
        self._arrow(painter, cx + card_w * 0.75, card.top() + card_h * 0.2, unit)
        painter.end()

    def _arrow(self, painter: QPainter, x: float, y: float, unit: float) -> None:
        painter.setBrush(QColor("#c0392b"))
        painter.setPen(Qt.PenStyle.NoPen)
        size = 26 * unit
        painter.drawPolygon(
            QPolygonF(
                [
                    QPointF(x, y - size),
                    QPointF(x - size * 0.8, y + size * 0.2),
                    QPointF(x + size * 0.8, y + size * 0.2),
                ]
            )
        )
        painter.drawRect(QRectF(x - size * 0.3, y + size * 0.2, size * 0.6, size))
