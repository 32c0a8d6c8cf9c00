# SPDX-License-Identifier: Apache-2.0
"""Small pieces every staff page uses: a message banner, a reader picker."""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from kiosk.staff.messages import staff_message
from kiosk.staff.services import StaffServices

log = logging.getLogger(__name__)

STYLE_OK = "background:#e6f4ea;color:#135c26;padding:8px;border-radius:4px;"
STYLE_ERROR = "background:#fce8e6;color:#8a1c12;padding:8px;border-radius:4px;"
STYLE_INFO = "background:#e8f0fe;color:#174ea6;padding:8px;border-radius:4px;"


class Banner(QLabel):
    """A one-line message area: info, success or error."""

    def __init__(self) -> None:
        super().__init__()
        self.setWordWrap(True)
        self.hide()

    def info(self, text: str) -> None:
        self._show(text, STYLE_INFO)

    def ok(self, text: str) -> None:
        self._show(text, STYLE_OK)

    def error(self, exc: BaseException | str) -> None:
        text = exc if isinstance(exc, str) else staff_message(exc)
        self._show(text, STYLE_ERROR)

    def _show(self, text: str, style: str) -> None:
        self.setStyleSheet(style)
        self.setText(text)
        self.show()


class ReaderPicker(QWidget):
    """Readers in a combo box with a refresh button (listed on the card worker)."""

    refreshed = Signal(list)

    def __init__(self, services: StaffServices) -> None:
        super().__init__()
        self.services = services
        self.combo = QComboBox()
        self.combo.setMinimumWidth(260)
        self.refresh_button = QPushButton("刷新读卡器")
        self.refresh_button.clicked.connect(self.refresh)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.combo, 1)
        layout.addWidget(self.refresh_button)
        for label, action, tip in (
            ("取出", services.eject, "取出虚拟卡；制卡时空读卡器会自动放入空白卡"),
            ("重插", services.reinsert, "把拔出的虚拟卡重新插好"),
        ):
            if action is not None:
                button = QPushButton(label)
                button.setToolTip(tip)
                button.clicked.connect(lambda _c=False, a=action: self._virtual(a))
                layout.addWidget(button)

    def reader(self) -> str:
        """The chosen reader name ('' when none)."""
        return self.combo.currentText()

    def refresh(self) -> None:
        job = self.services.card_job(
            "readers", lambda _r: self.services.provider.readers()
        )
        job.succeeded.connect(self._show)
        job.failed.connect(lambda exc: log.warning("reader listing failed: %s", exc))

    def _show(self, readers: list[object]) -> None:
        current = self.combo.currentText()
        self.combo.clear()
        names = [getattr(r, "name", str(r)) for r in readers]
        for info, name in zip(readers, names, strict=True):
            present = "（有卡）" if getattr(info, "card_present", False) else ""
            self.combo.addItem(name)
            self.combo.setItemData(self.combo.count() - 1, present)
        if current in names:
            self.combo.setCurrentText(current)
        self.refreshed.emit(names)

    def _virtual(self, action: Callable[[str], object]) -> None:
        """Eject or re-insert the virtual card of the chosen reader."""
        name = self.reader()
        if not name:
            return
        job = self.services.card_job("virtual reader", lambda _r: action(name))
        job.finished.connect(self.refresh)


def make_table(headers: list[str]) -> QTableWidget:
    """A read-only, row-selecting table with the given column headers."""
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setStretchLastSection(True)
    return table


def fill_table(
    table: QTableWidget, rows: list[tuple[str, ...]], *, append: bool = False
) -> None:
    """Show ``rows`` (replacing, or appended), columns sized to their text."""
    if not append:
        table.setRowCount(0)
    for cells in rows:
        row = table.rowCount()
        table.insertRow(row)
        for col, text in enumerate(cells):
            table.setItem(row, col, QTableWidgetItem(text))
    table.resizeColumnsToContents()
    table.horizontalHeader().setStretchLastSection(True)
