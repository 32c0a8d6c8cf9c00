# SPDX-License-Identifier: Apache-2.0
"""Temporary loss report without a card: ID number and last four mobile digits."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QVBoxLayout

from backend_client.models import TemporaryLossReceipt
from kiosk.formats import date_text, local_time
from kiosk.screens.base import Screen, button, label
from kiosk.widgets.keypad import Keypad

SSN_LENGTH = 18
MOBILE_DIGITS = 4


class LossReportScreen(Screen):
    """Two fields typed on an on-screen keypad (with X for ID numbers)."""

    report_requested = Signal(str, str)  # ssn, mobile last 4
    close_requested = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.receipt: TemporaryLossReceipt | None = None
        self.problem = ""
        self.title = label("title")
        self.ssn_label = label("subtitle")
        self.ssn = QLineEdit(readOnly=True)
        self.mobile_label = label("subtitle")
        self.mobile = QLineEdit(readOnly=True)
        self.mobile.setMaximumWidth(260)
        self.message = label("error")
        self.result = label("big")
        self.keypad = Keypad()
        self.keypad.key.connect(self._key)
        self.keypad.erase.connect(self._erase)
        self.submit_button = button("primary")
        self.submit_button.clicked.connect(self._submit)
        self.close_button = button()
        self.close_button.clicked.connect(self.close_requested)
        fields = QVBoxLayout()
        for widget in (
            self.ssn_label,
            self.ssn,
            self.mobile_label,
            self.mobile,
            self.message,
            self.result,
        ):
            fields.addWidget(widget)
        fields.addStretch(1)
        body = QHBoxLayout()
        body.addLayout(fields, 3)
        body.addWidget(self.keypad, 2)
        row = QHBoxLayout()
        row.addWidget(self.close_button)
        row.addWidget(self.submit_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addLayout(body, 1)
        layout.addLayout(row)
        self.clear()

    def _field(self) -> QLineEdit:
        return self.ssn if len(self.ssn.text()) < SSN_LENGTH else self.mobile

    def _key(self, key: str) -> None:
        target = self._field()
        if target is self.mobile and (key == "X" or len(key + target.text()) > 4):
            return
        target.setText(target.text() + key)
        self._update()

    def _erase(self) -> None:
        target = self.mobile if self.mobile.text() else self.ssn
        target.setText(target.text()[:-1])
        self._update()

    def _submit(self) -> None:
        if self.submit_button.isEnabled():
            self.submit_button.setEnabled(False)
            self.report_requested.emit(self.ssn.text(), self.mobile.text())

    def show_receipt(self, receipt: TemporaryLossReceipt) -> None:
        """The card is now temporarily lost until ``lapses_at``."""
        self.receipt = receipt
        self.ssn.clear()
        self.mobile.clear()
        self._update()

    def show_problem(self, text: str) -> None:
        """A kind explanation (not found, too many tries, office unreachable)."""
        self.problem = text
        self._update()

    def clear(self) -> None:
        self.receipt = None
        self.problem = ""
        self.ssn.clear()
        self.mobile.clear()
        self._update()

    def _update(self) -> None:
        ready = (
            len(self.ssn.text()) == SSN_LENGTH
            and len(self.mobile.text()) == MOBILE_DIGITS
            and self.receipt is None
        )
        self.submit_button.setEnabled(ready)
        self.keypad.set_x_enabled(len(self.ssn.text()) == SSN_LENGTH - 1)
        self.keypad.setEnabled(self.receipt is None)
        # once reported, the answer takes the place of the form
        for widget in (
            self.ssn_label,
            self.ssn,
            self.mobile_label,
            self.mobile,
            self.keypad,
            self.submit_button,
        ):
            widget.setVisible(self.receipt is None)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Report a lost card"))
        self.ssn_label.setText(self.tr("Your ID number (18 characters)"))
        self.mobile_label.setText(self.tr("Last 4 digits of your registered mobile"))
        self.submit_button.setText(self.tr("Report lost"))
        self.close_button.setText(
            self.tr("Finish") if self.receipt else self.tr("Back")
        )
        self.message.setText(self.problem if self.receipt is None else "")
        r = self.receipt
        self.result.setText(
            ""
            if r is None
            else self.tr(
                "Card %1 is now blocked. The block ends by itself on %2, or cancel it "
                "here with the card and its password. For a new card please go to a "
                "staff counter."
            )
            .replace("%1", r.card_number_masked)
            .replace("%2", date_text(local_time(r.lapses_at).date()))
        )
