# SPDX-License-Identifier: Apache-2.0
"""A bar chart of contributions per year, painted with QPainter."""

from __future__ import annotations

import math
from decimal import Decimal

from PySide6.QtCore import Property, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget


class ContributionChart(QWidget):
    """Bars of total (employee + employer) contributions by year."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bars: list[tuple[int, Decimal]] = []
        self._bar_color = "#1f6fb2"
        self.setObjectName("chart")
        self.setMinimumHeight(150)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def _get_bar_color(self) -> str:
        return self._bar_color

    def _set_bar_color(self, color: str) -> None:
        self._bar_color = color
        self.update()

    # set by the stylesheets: ContributionChart { qproperty-barColor: "#…"; }
    barColor = Property(str, _get_bar_color, _set_bar_color)  # noqa: N815

    def set_bars(self, bars: list[tuple[int, Decimal]]) -> None:
        """Show ``(year, amount)`` bars, oldest first."""
        self.bars = sorted(bars)
        self.setAccessibleDescription(
            "; ".join(f"{year}: {amount}" for year, amount in self.bars)
        )
        self.update()

    def clear(self) -> None:
        """Remove every bar."""
        self.set_bars([])

    def _area(self, metrics: QFontMetrics) -> QRectF:
        label_h = metrics.height() + 6
        return QRectF(self.rect()).adjusted(8, label_h, -8, -label_h)

    def year_labels(self) -> list[tuple[QRectF, str]]:
        """Where each shown year is written: every step-th year (the latest
        always), so that full years ("2019") never overlap at any font size."""
        if not self.bars:
            return []
        metrics = QFontMetrics(self.font())
        label_h = metrics.height() + 6
        area = self._area(metrics)
        slot = area.width() / len(self.bars)
        year_w = metrics.horizontalAdvance("0000") + 16
        step = max(1, math.ceil(year_w / slot))
        labels = []
        for index, (year, _) in enumerate(self.bars):
            if (len(self.bars) - 1 - index) % step:
                continue
            centre = area.left() + index * slot + slot / 2
            left = min(max(centre - year_w / 2, 0.0), self.width() - year_w)
            labels.append(
                (QRectF(left, area.bottom() + 2, year_w, label_h - 4), str(year))
            )
        # a label pushed inside at an edge may meet its neighbour: the latest
        # year wins
        kept: list[tuple[QRectF, str]] = []
        for rect, text in reversed(labels):
            if not kept or not rect.intersects(kept[-1][0]):
                kept.append((rect, text))
        return kept[::-1]

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        text_color = self.palette().windowText().color()
        bar_color = QColor(self._bar_color)
        if not self.bars:
            painter.end()
            return
        metrics = QFontMetrics(self.font())
        label_h = metrics.height() + 6
        area = self._area(metrics)
        top = max(amount for _, amount in self.bars) or Decimal(1)
        slot = area.width() / len(self.bars)
        width = slot * 0.7
        painter.setPen(text_color)
        for index, (_, amount) in enumerate(self.bars):
            height = float(amount / top) * area.height()
            x = area.left() + index * slot + (slot - width) / 2
            bar = QRectF(x, area.bottom() - height, width, height)
            painter.fillRect(bar, bar_color)
            if len(self.bars) <= 8:
                value = QRectF(
                    area.left() + index * slot - slot,
                    bar.top() - label_h,
                    slot * 3,
                    label_h,
                )
                painter.drawText(
                    value,
                    Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom,
                    f"{amount:,.0f}",
                )
        for rect, text in self.year_labels():
            painter.drawText(rect, Qt.AlignmentFlag.AlignHCenter, text)
        painter.end()
