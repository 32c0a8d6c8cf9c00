# SPDX-License-Identifier: Apache-2.0
"""Unemployment benefit: eligibility and duration first, then a short form."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDateEdit,
    QGridLayout,
    QHBoxLayout,
    QVBoxLayout,
)

from backend_client.models import Eligibility
from kiosk.formats import chinese, titled, years_months
from kiosk.messages import rule_message
from kiosk.screens.base import (
    Screen,
    button,
    label,
    money,
    panel,
    scrolled,
    wrap_button,
)

REASONS = ("dismissed", "contract_ended", "employer_closed", "resigned")


@dataclass(frozen=True, kw_only=True)
class ClaimForm:
    """What the resident filled in (docs/api.md ``POST /claims/unemployment``)."""

    separation_date: dt.date
    reason: str
    registered_unemployed: bool

    def body(self) -> dict[str, object]:
        """The JSON body of the submission."""
        return {
            "separation_date": self.separation_date.isoformat(),
            "reason": self.reason,
            "registered_unemployed": self.registered_unemployed,
        }


class UnemploymentScreen(Screen):
    """Shows eligibility; the form is only offered when the rules allow a claim."""

    submit_requested = Signal(object)  # ClaimForm
    back_requested = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.eligibility: Eligibility | None = None
        self.title = label("title")
        frame, inner = panel()
        self.status = label("big")
        self.details = label("subtitle")
        inner.addWidget(self.status)
        inner.addWidget(self.details)
        self.date_label = label("subtitle")
        self.date = QDateEdit()
        self.date.setCalendarPopup(True)
        self.reason_label = label("subtitle")
        self.reason_group = QButtonGroup(self)
        self.reason_buttons = []
        reasons = QGridLayout()
        for index, code in enumerate(REASONS):
            widget = wrap_button()
            widget.setCheckable(True)
            widget.setProperty("reason", code)
            self.reason_group.addButton(widget, index)
            reasons.addWidget(widget, 0, index)  # one row: the panel's height
            self.reason_buttons.append(widget)
        self.reason_group.buttonClicked.connect(lambda _: self._update())
        self.registered = QCheckBox()
        self.registered.toggled.connect(lambda _: self._update())
        self.advice = label("error")
        self.submit_button = button("primary")
        self.submit_button.clicked.connect(self._submit)
        self.back_button = button()
        self.back_button.clicked.connect(self.back_requested)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        # the verdict and its facts take the height left and flick when a
        # large text needs more: the form below never leaves the panel
        layout.addWidget(scrolled(frame), 1)
        # the date and the question on one line: a full panel must not scroll
        date_row = QHBoxLayout()
        date_row.addWidget(self.date_label)
        date_row.addWidget(self.date)
        date_row.addSpacing(24)
        date_row.addWidget(self.reason_label)
        date_row.addStretch(1)
        layout.addLayout(date_row)
        layout.addLayout(reasons)
        layout.addWidget(self.registered)
        layout.addWidget(self.advice)
        row = QHBoxLayout()
        row.addWidget(self.back_button)
        row.addWidget(self.submit_button)
        layout.addLayout(row)
        self.clear()

    def show_eligibility(self, eligibility: Eligibility) -> None:
        """Say whether a claim is possible, for how long and how much."""
        self.eligibility = eligibility
        self._update()

    def _form(self) -> ClaimForm | None:
        checked = self.reason_group.checkedButton()
        if checked is None or not self.registered.isChecked():
            return None
        return ClaimForm(
            separation_date=dt.date(
                self.date.date().year(),
                self.date.date().month(),
                self.date.date().day(),
            ),
            reason=str(checked.property("reason")),
            registered_unemployed=True,
        )

    def _submit(self) -> None:
        form = self._form()
        if form is not None and self.submit_button.isEnabled():
            self.submit_button.setEnabled(False)
            self.submit_requested.emit(form)

    def set_idle(self) -> None:
        """A submission failed; the resident may try again."""
        self._update()

    def clear(self) -> None:
        self.eligibility = None
        self.date.setDate(QDate.currentDate())
        self.date.setMaximumDate(QDate.currentDate())
        # the backend refuses separation dates over ten years old (docs/api.md)
        self.date.setMinimumDate(QDate.currentDate().addYears(-10))
        self.reason_group.setExclusive(False)
        for widget in self.reason_buttons:
            widget.setChecked(False)
        self.reason_group.setExclusive(True)
        self.registered.setChecked(False)
        self.retranslate()

    def refusal(self) -> str | None:
        """The rule that already refuses what is chosen (docs/api.md
        ``detail.rule``), so the resident learns it before applying."""
        e = self.eligibility
        if e is not None and not e.eligible:
            return "too_few_months"
        checked = self.reason_group.checkedButton()
        if checked is not None and checked.property("reason") == "resigned":
            return "resigned"
        return None

    def _update(self) -> None:
        allowed = self.eligibility is not None and self.eligibility.eligible
        for widget in (self.date, self.registered, *self.reason_buttons):
            widget.setEnabled(allowed)
        self.submit_button.setEnabled(
            allowed and self.refusal() is None and self._form() is not None
        )
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Unemployment benefit"))
        self.date_label.setText(self.tr("Last day of work"))
        self.date.setDisplayFormat("yyyy年M月d日" if chinese() else "d MMMM yyyy")
        self.reason_label.setText(self.tr("Why did the job end?"))
        names = (
            self.tr("Dismissed by the employer"),
            self.tr("Contract ended"),
            self.tr("Employer closed"),
            self.tr("I resigned"),
        )
        for widget, text in zip(self.reason_buttons, names, strict=True):
            widget.setText(text)
        self.registered.setText(
            self.tr("I am registered as unemployed and looking for work")
        )
        self.submit_button.setText(self.tr("Apply"))
        self.back_button.setText(self.tr("Back"))
        e = self.eligibility
        if e is None:
            self.status.setText(self.tr("Checking…"))
            self.details.clear()
            self.advice.clear()
            self.advice.hide()
            return
        refusal = self.refusal()
        self.status.setText(
            self.tr("You can apply.")
            if refusal is None
            else self.tr("You cannot apply at the moment.")
        )
        advice = rule_message(refusal) if refusal else None
        self.advice.setText(titled(advice.title, advice.body) if advice else "")
        self.advice.setVisible(advice is not None)  # no empty gap above the buttons
        lines = [
            self.tr("Contributions paid: %1").replace(
                "%1", years_months(e.contribution_months)
            )
        ]
        if e.eligible:
            lines.append(
                self.tr("Benefit for up to %1 months").replace("%1", str(e.max_months))
            )
            if e.monthly_amount is not None:
                lines.append(
                    self.tr("About %1 per month").replace("%1", money(e.monthly_amount))
                )
        # one line of facts under the verdict (wraps if a language needs it)
        self.details.setText("  ·  ".join(lines))
