# SPDX-License-Identifier: Apache-2.0
"""Contribution records: a yearly summary first; touching a year (or stepping
to one) shows that year's months as a paged table (month, insurance, region,
employer, amounts) whose page size is the rows that fit the panel; filtered
by insurance with touch buttons (the backend filters and pages)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QHBoxLayout,
    QHeaderView,
    QStackedLayout,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from backend_client.models import INSURANCES, ContributionPage, YearTotal
from kiosk.formats import chinese, month_text, years_months
from kiosk.screens.base import (
    Screen,
    WrapButton,
    button,
    kinetic,
    label,
    money,
    wrap_button,
)
from kiosk.screens.names import insurance_name, region_name

PAGE_FALLBACK = 8  # before the table has its size
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
        self.table = _touch_table(6, stretch=3)  # the employer column stretches
        # a year of every insurance first; touching a year opens its months
        self.years: list[YearTotal] = []
        self.summary = _touch_table(4, stretch=0)
        self.summary.cellClicked.connect(self._year_touched)
        self.tables = QStackedLayout()
        self.tables.addWidget(self.summary)
        self.tables.addWidget(self.table)
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
        layout.addLayout(self.tables, 1)
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
        self._fill_summary()
        self.retranslate()
        self.page_requested.emit(1)

    def show_years(self, by_year: tuple[YearTotal, ...]) -> None:
        """The yearly totals (``/accounts`` ``by_year``) for the summary."""
        self.years = list(by_year)
        self._fill_summary()

    def _summary_rows(self) -> list[tuple[int, int, Decimal, Decimal]]:
        """(year, months, you paid, employer paid), latest year first."""
        months: dict[int, int] = {}
        own: dict[int, Decimal] = {}
        employer: dict[int, Decimal] = {}
        for item in self.years:
            if self.insurance not in (None, item.insurance):
                continue
            year = item.year
            months[year] = max(months.get(year, 0), item.months)
            own[year] = own.get(year, Decimal(0)) + item.employee_amount
            employer[year] = employer.get(year, Decimal(0)) + item.employer_amount
        return [
            (y, months[y], own[y], employer[y]) for y in sorted(months, reverse=True)
        ]

    def _fill_summary(self) -> None:
        rows = self._summary_rows()
        self.summary.setRowCount(len(rows))
        for row, (year, months, own, employer) in enumerate(rows):
            values = (
                year_text(year),
                years_months(months),
                money(own),
                money(employer),
            )
            for column, value in enumerate(values):
                cell = _cell(value, money=column >= 2)
                cell.setData(Qt.ItemDataRole.UserRole, year)
                self.summary.setItem(row, column, cell)

    def _year_touched(self, row: int, _column: int) -> None:
        item = self.summary.item(row, 0)
        if item is not None:
            self._filter(self.insurance, int(item.data(Qt.ItemDataRole.UserRole)))

    def rows_that_fit(self) -> int:
        """How many records one page shows without scrolling (page size)."""
        height = self.table.viewport().height()
        row = max(
            self.table.verticalHeader().minimumSectionSize(),
            self.table.fontMetrics().height() + 20,
        )
        return max(4, height // row) if height > 2 * row else PAGE_FALLBACK

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
                self.table.setItem(row, column, _cell(value, money=column >= 4))
        self.retranslate()

    def clear(self) -> None:
        self.page = None
        self.insurance = self.year = None
        self.kind_buttons[None].setChecked(True)
        self.table.clearContents()
        self.table.setRowCount(0)
        self.years = []
        self.summary.clearContents()
        self.summary.setRowCount(0)
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
        self.summary.setHorizontalHeaderLabels(
            [
                self.tr("Year"),
                self.tr("Paid for"),
                self.tr("You paid"),
                self.tr("Employer paid"),
            ]
        )
        self.tables.setCurrentWidget(self.summary if self.year is None else self.table)
        self._fill_summary()
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
        summary = self.year is None
        if summary:
            self.position.setText(self.tr("Touch a year to see its months"))
        self.previous_button.setEnabled(not summary and current > 1)
        self.next_button.setEnabled(
            not summary and self.page is not None and current < self.pages()
        )
        self.previous_button.setVisible(not summary)
        self.next_button.setVisible(not summary)


def _touch_table(columns: int, *, stretch: int) -> QTableWidget:
    """A read-only table for fingers: tall rows, flick scrolling, no selection."""
    table = QTableWidget(0, columns)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
    table.verticalHeader().setVisible(False)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    table.verticalHeader().setMinimumSectionSize(52)
    table.verticalHeader().setSectionResizeMode(
        QHeaderView.ResizeMode.ResizeToContents
    )  # rows grow with large text
    table.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
    kinetic(table)
    return table


def _cell(text: str, *, money: bool) -> QTableWidgetItem:
    cell = QTableWidgetItem(text)
    if money:  # money reads best right-aligned
        cell.setTextAlignment(
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        )
    return cell


def year_text(year: int) -> str:
    """``2024年`` / ``2024``."""
    return f"{year}年" if chinese() else str(year)
