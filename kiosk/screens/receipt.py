# SPDX-License-Identifier: Apache-2.0
"""Receipt: reference number and a QR code for the request's public status page."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from kiosk.formats import date_text, reference_for_reading
from kiosk.screens.base import Screen, button, label, panel, scrolled
from kiosk.screens.names import step_name
from kiosk.widgets.qr import QrLabel


@dataclass(frozen=True, kw_only=True)
class Receipt:
    """What a receipt shows; ``status_url`` carries the status token (no repr)."""

    kind: str  # pension, medical, unemployment, pin_change, loss_report, cancel_loss
    reference: str = ""
    status_url: str = field(default="", repr=False)
    queued: bool = False  # kept in the outbox, sent when the office is reachable
    next_deadline: dt.date | None = None
    from_region: str = ""  # names, for a transfer
    to_region: str = ""
    steps: tuple[tuple[str, dt.date], ...] = ()  # (step code, deadline)
    holder: str = field(default="", repr=False)  # the applicant's name
    id_masked: str = field(default="", repr=False)  # 4301**********031X
    submitted_at: dt.datetime | None = None

    @property
    def submitted(self) -> bool:
        """A request the office still has to handle (not a change already made)."""
        return self.kind in ("pension", "medical", "unemployment")


class ReceiptScreen(Screen):
    """Shows the last receipt; buttons go back to the overview or finish."""

    back_requested = Signal()
    finish_requested = Signal()
    print_requested = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.receipt: Receipt | None = None
        self.title = label("title", center=True)
        frame, inner = panel()
        self.what = label("big")
        self.reference = label("reference")
        self.route = label("subtitle")
        self.note = label("subtitle")
        self.steps = label("subtitle")
        self.steps.setWordWrap(True)
        self.qr = QrLabel(240)
        self.qr_hint = label("hint", center=True)
        self.qr_hint.setMaximumWidth(260)
        column = QWidget()
        text = QVBoxLayout(column)
        text.setContentsMargins(0, 0, 0, 0)
        for widget in (self.what, self.reference, self.route, self.note, self.steps):
            text.addWidget(widget)
        text.addStretch(1)
        qr_box = QVBoxLayout()
        qr_box.addWidget(self.qr)
        qr_box.addWidget(self.qr_hint)
        qr_box.addStretch(1)
        row = QHBoxLayout()
        row.addWidget(scrolled(column), 2)
        row.addLayout(qr_box, 1)
        inner.addLayout(row)
        self.back_button = button()
        self.print_button = button()
        self.print_button.clicked.connect(self._print)
        self.printed = ""  # "", printing, printed, saved, failed
        self.finish_button = button("primary")
        self.back_button.clicked.connect(self.back_requested)
        self.finish_button.clicked.connect(self.finish_requested)
        buttons = QHBoxLayout()
        buttons.addWidget(self.back_button)
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.finish_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(frame, 1)
        layout.addLayout(buttons)
        self.retranslate()

    def _print(self) -> None:
        if self.receipt is not None and self.print_button.isEnabled():
            self.printed = "printing"
            self.print_button.setEnabled(False)
            self.retranslate()
            self.print_requested.emit()

    def show_print_outcome(self, printed: bool | None) -> None:
        """Printed (``True``), saved for the staff (``False``) or neither."""
        self.printed = {True: "printed", False: "saved", None: "failed"}[printed]
        self.print_button.setEnabled(printed is None)
        self.retranslate()

    def show_receipt(self, receipt: Receipt) -> None:
        """Show ``receipt`` (QR code only when there is a status page)."""
        self.receipt = receipt
        self.printed = ""
        self.print_button.setEnabled(True)
        if receipt.status_url:
            self.qr.set_payload(receipt.status_url)
        else:
            self.qr.clear()
        self.retranslate()

    def clear(self) -> None:
        self.receipt = None
        self.printed = ""
        self.qr.clear()
        self.retranslate()

    def retranslate(self) -> None:
        self.back_button.setText(self.tr("Back to my account"))
        self.finish_button.setText(self.tr("Finish and take my card"))
        self.print_button.setText(self.tr("Print receipt"))
        r = self.receipt
        self.print_button.setVisible(r is not None and bool(r.reference))
        self.qr_hint.setText(
            self.tr("Scan to follow your request at home")
            if r is not None and r.status_url
            else ""
        )
        self.back_button.setVisible(r is None or r.kind not in ("cancel_loss",))
        if r is None:
            for widget in (
                self.title,
                self.what,
                self.reference,
                self.route,
                self.note,
                self.steps,
            ):
                widget.clear()
            return
        what = {
            "pension": self.tr("Your pension transfer request"),
            "medical": self.tr("Your medical insurance transfer request"),
            "unemployment": self.tr("Your unemployment benefit claim"),
            "pin_change": self.tr("Your card password was changed."),
            "cancel_loss": self.tr(
                "Your loss report is cancelled. The card works again."
            ),
        }
        # a transfer takes weeks: "submitted", never "done", for a request
        self.title.setText(
            self.tr("Request submitted") if r.submitted else self.tr("Done")
        )
        self.what.setText(what.get(r.kind, ""))
        self.reference.setText(
            self.tr("Reference number: %1").replace(
                "%1", reference_for_reading(r.reference)
            )
            if r.reference
            else ""
        )
        if r.queued:
            note = self.tr(
                "The office cannot be reached right now. Your request is "
                "saved in this terminal and will be sent automatically."
            )
        elif r.next_deadline:
            note = self.tr("Next step by %1.").replace("%1", date_text(r.next_deadline))
        else:
            note = ""
        printed = {
            "printing": self.tr("Printing your receipt…"),
            "printed": self.tr("Please take your receipt from the printer."),
            "saved": self.tr("No printer here: the staff can print your receipt."),
            "failed": self.tr("The receipt could not be printed."),
        }.get(self.printed, "")
        if printed:
            note = f"{note}\n{printed}" if note else printed
        self.note.setText(note)
        self.route.setText(
            self.tr("From %1 to %2")
            .replace("%1", r.from_region)
            .replace("%2", r.to_region)
            if r.from_region and r.to_region
            else ""
        )
        self.steps.setText(
            "\n".join(
                self.tr("• %1 — by %2")
                .replace("%1", step_name(code))
                .replace("%2", date_text(deadline))
                for code, deadline in r.steps
            )
        )
