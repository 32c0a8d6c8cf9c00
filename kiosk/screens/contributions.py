# SPDX-License-Identifier: Apache-2.0
"""Contribution records: a paged table (month, insurance, region, employer, amounts),
filtered by insurance and year with touch buttons (the backend filters and pages)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QHBoxLayout,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from backend_client.models import INSURANCES, ContributionPage
from kiosk.formats import month_text
from kiosk.screens.base import Screen, WrapButton, button, label, money, wrap_button
from kiosk.screens.names import insurance_name, region_name

FIRST_YEAR = 1992  # the oldest records the provincial systems migrated


class ContributionsScreen(Screen):
    """One page at a time; emits :attr:`page_requested` for the previous/next page
    and for page 1 when the insurance or the year filter changes (read them from
    :attr:`insurance` and :attr:`year`; ``None`` is "all")."""

    page_requested = Signal(int)
    back_requested = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.page: ContributionPage | None = None
        self.insurance: str | None = None
        self.year: int | None = None
        self.title = label("title")
        self.kinds = QButtonGroup(self)
        self.kind_buttons: dict[str | None, WrapButton] = {}
        for code in (None, *INSURANCES):
            choice = wrap_button()
            choice.setCheckable(True)
            choice.clicked.connect(lambda _=False, c=code: self._filter(c, self.year))
            self.kinds.addButton(choice)
            self.kind_buttons[code] = choice
        self.kind_buttons[None].setChecked(True)
        self.earlier_button = button()
        self.later_button = button()
        self.all_years_button = button()
        self.year_label = label("hint", center=True)
        self.earlier_button.clicked.connect(lambda: self._step_year(-1))
        self.later_button.clicked.connect(lambda: self._step_year(1))
        self.all_years_button.clicked.connect(
            lambda: self._filter(self.insurance, None)
        )
        self.table = QTableWidget(0, 6)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)  # employer
        self.table.verticalHeader().setMinimumSectionSize(52)
        self.table.verticalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents
        )  # rows grow with large text
        self.position = label("hint", center=True)
        self.previous_button = button()
        self.next_button = button()
        self.back_button = button()
        self.previous_button.clicked.connect(lambda: self._go(-1))
        self.next_button.clicked.connect(lambda: self._go(1))
        self.back_button.clicked.connect(self.back_requested)
        layout = QVBoxLayout(self)
        top = QHBoxLayout()  # title and the year stepper share a row (screen height)
        top.addWidget(self.title, 1)
        for widget in (
            self.earlier_button,
            self.year_label,
            self.later_button,
            self.all_years_button,
        ):
            top.addWidget(widget)
        layout.addLayout(top)
        kinds = QHBoxLayout()
        for choice in self.kind_buttons.values():
            kinds.addWidget(choice)
        layout.addLayout(kinds)
        layout.addWidget(self.table, 1)
        row = QHBoxLayout()
        for widget in (
            self.back_button,
            self.previous_button,
            self.position,
            self.next_button,
        ):
            row.addWidget(widget)
        layout.addLayout(row)
        self.retranslate()

    def _filter(self, insurance: str | None, year: int | None) -> None:
        """Apply a filter and ask for its first page."""
        self.insurance, self.year = insurance, year
        self.kind_buttons[insurance].setChecked(True)
        self.retranslate()
        self.page_requested.emit(1)

    def _step_year(self, delta: int) -> None:
        """One year earlier/later; from "all years", earlier starts at this year."""
        this_year = dt.date.today().year
        year = this_year if self.year is None else self.year + delta
        self._filter(self.insurance, min(max(year, FIRST_YEAR), this_year))

    def _go(self, delta: int) -> None:
        if self.page is not None:
            self.page_requested.emit(self.page.page + delta)

    def show_page(self, page: ContributionPage) -> None:
        """Show one page of records."""
        self.page = page
        self.table.setRowCount(len(page.items))
        for row, item in enumerate(page.items):
            values = (
                month_text(item.month),
                insurance_name(item.insurance),
                region_name(item.region, item.region_name),
                item.employer or "",
                money(item.employee_amount),
                money(item.employer_amount),
            )
            for column, value in enumerate(values):
                cell = QTableWidgetItem(value)
                if column >= 4:  # money reads best right-aligned
                    cell.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.table.setItem(row, column, cell)
        self.retranslate()

    def clear(self) -> None:
        self.page = None
        self.insurance = self.year = None
        self.kind_buttons[None].setChecked(True)
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
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Month"),
                self.tr("Insurance"),
                self.tr("Region"),
                self.tr("Employer"),
                self.tr("You paid"),
                self.tr("Employer paid"),
            ]
        )
        current = self.page.page if self.page else 0
        self.position.setText(
            self.tr("Page %1 of %2")
            .replace("%1", str(current))
            .replace("%2", str(self.pages()))
            if self.page
            else ""
        )
        self.previous_button.setText(self.tr("Previous"))
        self.next_button.setText(self.tr("Next"))
        self.back_button.setText(self.tr("Back"))
        for code, choice in self.kind_buttons.items():
            choice.setText(insurance_name(code) if code else self.tr("All insurances"))
        self.year_label.setText(
            self.tr("All years")
            if self.year is None
            else self.tr("Year %1").replace("%1", str(self.year))
        )
        self.earlier_button.setText(self.tr("Earlier year"))
        self.later_button.setText(self.tr("Later year"))
        self.all_years_button.setText(self.tr("Show all years"))
        this_year = dt.date.today().year
        self.earlier_button.setEnabled(self.year is None or self.year > FIRST_YEAR)
        self.later_button.setEnabled(self.year is not None and self.year < this_year)
        self.all_years_button.setEnabled(self.year is not None)
        if self.page is not None and not self.page.items:
            self.position.setText(self.tr("No records for this choice"))
        self.previous_button.setEnabled(current > 1)
        self.next_button.setEnabled(self.page is not None and current < self.pages())
