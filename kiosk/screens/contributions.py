# SPDX-License-Identifier: Apache-2.0
"""Contribution records: a paged table (month, insurance, region, employer, amounts)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from backend_client.models import ContributionPage
from kiosk.screens.base import Screen, button, label, money
from kiosk.screens.names import insurance_name


class ContributionsScreen(Screen):
    """One page at a time; emits :attr:`page_requested` for the previous/next page."""

    page_requested = Signal(int)
    back_requested = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.page: ContributionPage | None = None
        self.title = label("title")
        self.table = QTableWidget(0, 6)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)  # employer
        self.table.verticalHeader().setMinimumSectionSize(52)
        self.table.verticalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents)  # rows grow with large text
        self.position = label("hint", center=True)
        self.previous_button = button()
        self.next_button = button()
        self.back_button = button()
        self.previous_button.clicked.connect(lambda: self._go(-1))
        self.next_button.clicked.connect(lambda: self._go(1))
        self.back_button.clicked.connect(self.back_requested)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.table, 1)
        row = QHBoxLayout()
        for widget in (self.back_button, self.previous_button, self.position,
                       self.next_button):
            row.addWidget(widget)
        layout.addLayout(row)
        self.retranslate()

    def _go(self, delta: int) -> None:
        if self.page is not None:
            self.page_requested.emit(self.page.page + delta)

    def show_page(self, page: ContributionPage) -> None:
        """Show one page of records."""
        self.page = page
        self.table.setRowCount(len(page.items))
        for row, item in enumerate(page.items):
            values = (item.month, insurance_name(item.insurance),
                      item.region_name or item.region, item.employer or "",
                      money(item.employee_amount), money(item.employer_amount))
            for column, value in enumerate(values):
                cell = QTableWidgetItem(value)
                if column >= 4:  # money reads best right-aligned
                    cell.setTextAlignment(Qt.AlignmentFlag.AlignRight
                                          | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, column, cell)
        self.retranslate()

    def clear(self) -> None:
        self.page = None
        self.table.clearContents()
        self.table.setRowCount(0)
        self.retranslate()

    def pages(self) -> int:
        """How many pages there are in all."""
        if self.page is None or self.page.page_size <= 0:
            return 0
        return max(1, -(-self.page.total // self.page.page_size))

    def retranslate(self) -> None:
        self.title.setText(self.tr("Contribution records"))
        self.table.setHorizontalHeaderLabels([
            self.tr("Month"), self.tr("Insurance"), self.tr("Region"),
            self.tr("Employer"), self.tr("You paid"), self.tr("Employer paid")])
        current = self.page.page if self.page else 0
        self.position.setText(self.tr("Page %1 of %2").replace(
            "%1", str(current)).replace("%2", str(self.pages())) if self.page else "")
        self.previous_button.setText(self.tr("Previous"))
        self.next_button.setText(self.tr("Next"))
        self.back_button.setText(self.tr("Back"))
        self.previous_button.setEnabled(current > 1)
        self.next_button.setEnabled(self.page is not None and current < self.pages())
