# SPDX-License-Identifier: Apache-2.0
"""Account overview: holder, card validity, five insurances, chart, services."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QVBoxLayout

from backend_client.models import INSURANCES, Accounts, Me
from kiosk.flow import State
from kiosk.formats import date_text, years_months
from kiosk.screens.base import Screen, label, money, panel, wrap_button
from kiosk.screens.names import account_status, insurance_name
from kiosk.widgets.chart import ContributionChart

# only these insurances keep a personal account with a balance (个人账户);
# unemployment, work injury and maternity are pooled
PERSONAL_ACCOUNTS = frozenset({"pension", "medical"})


class OverviewScreen(Screen):
    """What a resident sees first after the PIN; buttons open the services."""

    service_chosen = Signal(object)  # a kiosk.flow.State in SERVICES

    SERVICES = (
        State.CONTRIBUTIONS,
        State.TRANSFER,
        State.MEDICAL_TRANSFER,
        State.UNEMPLOYMENT,
        State.MY_REQUESTS,
        State.CERTIFICATE,
        State.PIN_CHANGE,
    )

    def __init__(self) -> None:
        super().__init__()
        self.me: Me | None = None
        self.accounts: Accounts | None = None
        self.greeting = label("title")
        self.card_line = label("hint", wrap=False)  # a date is never broken
        self.chart_title = label("subtitle")
        self.chart = ContributionChart()
        frame, inner = panel()
        self.table = QGridLayout()
        self.table.setHorizontalSpacing(28)
        inner.addLayout(self.table)
        self.cells: list[list] = []
        for row in range(len(INSURANCES) + 1):
            cells = [label(wrap=False) for _ in range(4)]
            for column, cell in enumerate(cells):
                self.table.addWidget(cell, row, column)
            self.cells.append(cells)
        self.buttons = {}
        grid = QGridLayout()
        for index, service in enumerate(self.SERVICES):
            widget = wrap_button("service")
            widget.clicked.connect(
                lambda _=False, s=service: self.service_chosen.emit(s)
            )
            grid.addWidget(widget, index // 4, index % 4)
            self.buttons[service] = widget
        layout = QVBoxLayout(self)
        heading = QHBoxLayout()  # name and card on one line: the panel's height
        heading.addWidget(self.greeting)
        heading.addStretch(1)
        heading.addWidget(self.card_line)
        layout.addLayout(heading)
        top = QHBoxLayout()
        top.addWidget(frame, 3)
        chart_box = QVBoxLayout()
        chart_box.addWidget(self.chart_title)
        chart_box.addWidget(self.chart, 1)
        top.addLayout(chart_box, 2)
        layout.addLayout(top, 1)
        layout.addLayout(grid)
        self.retranslate()

    def show_account(self, me: Me, accounts: Accounts) -> None:
        """Fill the overview for the resident of this session."""
        self.me, self.accounts = me, accounts
        totals: dict[int, Decimal] = defaultdict(Decimal)
        for item in accounts.by_year:
            totals[item.year] += item.employee_amount + item.employer_amount
        self.chart.set_bars(list(totals.items()))
        self.retranslate()

    def clear(self) -> None:
        self.me = None
        self.accounts = None
        self.chart.clear()
        self.retranslate()

    def retranslate(self) -> None:
        self.chart_title.setText(self.tr("Contributions per year (all insurances)"))
        headers = (
            self.tr("Insurance"),
            self.tr("Status"),
            self.tr("Balance"),
            self.tr("Years paid"),
        )
        for cell, text in zip(self.cells[0], headers, strict=True):
            cell.setText(text)
        titles = (
            self.tr("Contribution records"),
            self.tr("Pension transfer"),
            self.tr("Medical transfer"),  # two lines at most in a grid cell
            self.tr("Unemployment benefit"),
            self.tr("My requests"),
            self.tr("Insurance certificate"),
            self.tr("Change password"),
        )
        for service, text in zip(self.SERVICES, titles, strict=True):
            self.buttons[service].setText(text)
        self._fill()

    def _fill(self) -> None:
        if self.me is None or self.accounts is None:
            self.greeting.clear()
            self.card_line.clear()
            for cells in self.cells[1:]:
                for cell in cells:
                    cell.clear()
            return
        self.greeting.setText(self.tr("Hello, %1").replace("%1", self.me.person.name))
        expiry = self.me.card.expiry_date
        self.card_line.setText(
            self.tr("Card %1, valid until %2")
            .replace("%1", self.me.card.card_number)
            .replace("%2", date_text(expiry) if expiry else "—")
        )
        by_code = {a.insurance: a for a in self.accounts.accounts}
        for cells, code in zip(self.cells[1:], INSURANCES, strict=True):
            account = by_code.get(code)
            cells[0].setText(insurance_name(code))
            cells[1].setText(account_status(account.status) if account else "—")
            cells[2].setText(
                money(account.balance) if account and code in PERSONAL_ACCOUNTS else "—"
            )
            cells[3].setText(
                years_months(account.contribution_months) if account else "—"
            )
