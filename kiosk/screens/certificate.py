# SPDX-License-Identifier: Apache-2.0
"""Insurance certificate: what it will say, then print it or save it as PDF."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout

from backend_client.models import CertificateData
from kiosk.formats import mask_ssn, titled, years_months
from kiosk.screens.base import Screen, button, label, panel
from kiosk.screens.names import account_status, insurance_name
from kiosk.widgets.qr import QrLabel


class CertificateScreen(Screen):
    """Preview of the certificate with its verification QR code."""

    print_requested = Signal()
    back_requested = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.data: CertificateData | None = None
        self.outcome = ""
        self.title = label("title")
        frame, inner = panel()
        self.person = label("big")
        self.lines = label("subtitle")
        self.code = label("hint")
        self.qr = QrLabel(200)
        text = QVBoxLayout()
        for widget in (self.person, self.lines, self.code):
            text.addWidget(widget)
        row = QHBoxLayout()
        row.addLayout(text, 3)
        row.addWidget(self.qr)
        inner.addLayout(row)
        self.result = label("subtitle")
        self.print_button = button("primary")
        self.print_button.clicked.connect(self._print)
        self.back_button = button()
        self.back_button.clicked.connect(self.back_requested)
        buttons = QHBoxLayout()
        buttons.addWidget(self.back_button)
        buttons.addWidget(self.print_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(frame, 1)
        layout.addWidget(self.result)
        layout.addLayout(buttons)
        self.retranslate()

    def show_certificate(self, data: CertificateData) -> None:
        """Preview what will be printed."""
        self.data = data
        self.outcome = ""
        self.qr.set_payload(data.verify_url or data.verification_code)
        self.retranslate()

    def _print(self) -> None:
        if self.data is not None and self.print_button.isEnabled():
            self.print_button.setEnabled(False)
            self.outcome = "printing"
            self.retranslate()
            self.print_requested.emit()

    def show_outcome(self, printed: bool | None) -> None:
        """After printing (``True``), saving as PDF for the staff (``False``), or
        neither (``None``: no printer answered and the disk refused the file)."""
        self.outcome = {True: "printed", False: "saved", None: "failed"}[printed]
        self.print_button.setEnabled(True)
        self.retranslate()

    def clear(self) -> None:
        self.data = None
        self.outcome = ""
        self.qr.clear()
        self.print_button.setEnabled(True)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Insurance certificate"))
        self.print_button.setText(self.tr("Print"))
        self.back_button.setText(self.tr("Back"))
        outcomes = {
            "printing": self.tr("Printing…"),
            "failed": self.tr(
                "The certificate could not be printed. Please ask at the staff counter."
            ),
            "printed": self.tr("Please take the certificate from the printer."),
            "saved": self.tr(
                "No printer here: the certificate was saved. "
                "The staff can print it for you."
            ),
        }
        self.result.setText(outcomes.get(self.outcome, ""))
        d = self.data
        if d is None:
            for widget in (self.person, self.lines, self.code):
                widget.clear()
            return
        # the screen needs no whole ID number; the printed certificate has it
        self.person.setText(f"{d.person.name}  {mask_ssn(d.person.ssn)}")
        self.lines.setText(
            "\n".join(
                titled(insurance_name(i.insurance), account_status(i.status))
                + " · "
                + years_months(i.contribution_months)
                for i in d.insurances
            )
        )
        self.code.setText(
            self.tr("Verification code: %1").replace("%1", d.verification_code)
        )
