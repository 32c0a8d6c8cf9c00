# SPDX-License-Identifier: Apache-2.0
"""Review queue: transfers and claims with their histories; decide, advance."""

from __future__ import annotations

import logging
from zoneinfo import ZoneInfo

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTextEdit,
    QVBoxLayout,
)

from backend_client.models import RequestDetail
from kiosk.staff.models import mask_ssn
from kiosk.staff.pages.common import Banner, StaffPage, fill_table, make_table
from kiosk.staff.services import StaffServices
from kiosk.staff.timefmt import local_time
from kiosk.staff.translations import shown
from kiosk.staff.wording import (
    REQUEST_KINDS,
    REQUEST_STATUS,
    REQUEST_STEP_STATUS,
    REQUEST_STEPS,
)

log = logging.getLogger(__name__)

QUEUE_FILTERS = ("submitted", "under_review", "approved", "funds_transferred")


def _text(value: object) -> str:
    return "" if value is None else str(value)


def _kind(item: RequestDetail) -> str:
    return shown("Request", REQUEST_KINDS, item.kind)


def _status(status: str) -> str:
    return shown("Request", REQUEST_STATUS, status)


def row_cells(item: RequestDetail, zone: ZoneInfo) -> tuple[str, ...]:
    """The table cells of one request."""
    route = ""
    if item.from_region or item.to_region:
        route = (
            f"{item.from_region_name or item.from_region or ''} → "
            f"{item.to_region_name or item.to_region or ''}"
        )
    return (
        item.reference,
        _kind(item),
        _status(item.status),
        local_time(item.created_at, zone),
        route,
    )


def history_text(item: RequestDetail, zone: ZoneInfo) -> str:
    """The request's timeline and steps as plain text for the operator."""
    lines = [
        f"{item.reference}  {_kind(item)}",
        QCoreApplication.translate("ReviewsPage", "Status: %1").replace(
            "%1", _status(item.status)
        ),
    ]
    if item.name or item.ssn:
        lines.append(
            QCoreApplication.translate("ReviewsPage", "Applicant: %1").replace(
                "%1", f"{_text(item.name)}  {mask_ssn(item.ssn or '')}"
            )
        )
    next_step = item.next_step and shown("Request", REQUEST_STEPS, item.next_step)
    for label, value in (
        (QCoreApplication.translate("ReviewsPage", "Amount transferred"), item.total),
        (
            QCoreApplication.translate("ReviewsPage", "Monthly payment"),
            item.monthly_amount,
        ),
        (
            QCoreApplication.translate("ReviewsPage", "Months payable at most"),
            item.max_months,
        ),
        (QCoreApplication.translate("ReviewsPage", "Next step"), next_step),
        (QCoreApplication.translate("ReviewsPage", "Due by"), item.next_deadline),
    ):
        if value is not None:
            lines.append(f"{label}: {value}")
    if item.timeline:
        lines += ["", QCoreApplication.translate("ReviewsPage", "History:")]
    for entry in item.timeline:
        lines.append(
            f"  {local_time(entry.at, zone)}  {_status(entry.status)}  "
            f"{_text(entry.actor)}  {_text(entry.reason)}"
        )
    if item.steps:
        lines += ["", QCoreApplication.translate("ReviewsPage", "Steps and deadlines:")]
        for step in item.steps:
            lines.append(
                f"  [{shown('Request', REQUEST_STEP_STATUS, step.status)}] "
                f"{shown('Request', REQUEST_STEPS, step.step)}  "
                + QCoreApplication.translate("ReviewsPage", "due %1").replace(
                    "%1", _text(step.deadline)
                )
            )
    if not (item.timeline or item.steps):
        lines += ["", QCoreApplication.translate("ReviewsPage", "Reading the history…")]
    return "\n".join(lines)


class ReviewsPage(StaffPage):
    """The reviewer's queue; every action carries a reason and is audited."""

    def __init__(self, services: StaffServices) -> None:
        super().__init__()
        self.services = services
        self.items: list[RequestDetail] = []
        self.details: dict[str, RequestDetail] = {}  # fetched on selection
        self.status = QComboBox()
        self.status.addItem("", "")
        for key in QUEUE_FILTERS:
            self.status.addItem("", key)
        self.status.currentIndexChanged.connect(self.refresh)
        self.refresh_button = QPushButton()
        self.refresh_button.clicked.connect(self.refresh)
        self.table = make_table(5)
        self.table.itemSelectionChanged.connect(self._show_history)
        self.history = QTextEdit()
        self.history.setReadOnly(True)
        self.reason = QLineEdit()
        self.approve_button = QPushButton()
        self.reject_button = QPushButton()
        self.advance_button = QPushButton()
        self.approve_button.clicked.connect(lambda: self.decide(True))
        self.reject_button.clicked.connect(lambda: self.decide(False))
        self.advance_button.clicked.connect(self.advance)
        self.banner = Banner()
        self._layout()
        self.retranslate()

    def _layout(self) -> None:
        top = QHBoxLayout()
        top.addWidget(self.status)
        top.addWidget(self.refresh_button)
        top.addStretch(1)
        split = QSplitter()
        split.addWidget(self.table)
        split.addWidget(self.history)
        split.setSizes([600, 400])
        buttons = QHBoxLayout()
        buttons.addWidget(self.reason, 1)
        for button in (self.approve_button, self.reject_button, self.advance_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(split, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.banner)

    def retranslate(self) -> None:
        self.status.setItemText(0, self.tr("Waiting for review"))
        for index, key in enumerate(QUEUE_FILTERS, start=1):
            self.status.setItemText(index, _status(key))
        self.refresh_button.setText(self.tr("Refresh"))
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Reference"),
                self.tr("Kind"),
                self.tr("Status"),
                self.tr("Submitted (%1)").replace("%1", self.services.zone.key),
                self.tr("From → to"),
            ]
        )
        self.reason.setPlaceholderText(
            self.tr("Review remarks (required; recorded in the audit log)")
        )
        self.approve_button.setText(self.tr("Approve"))
        self.reject_button.setText(self.tr("Reject"))
        self.advance_button.setText(self.tr("Move to the next step"))
        if self.items:
            self._show(tuple(self.items))

    def refresh(self) -> None:
        status = str(self.status.currentData() or "")
        job = self.services.backend_job(
            "reviews", lambda: self.services.api.reviews(status)
        )
        job.succeeded.connect(self._show)
        job.failed.connect(self.banner.error)

    def _show(self, items: tuple[RequestDetail, ...]) -> None:
        self.items = list(items)
        zone = self.services.zone
        fill_table(self.table, [row_cells(item, zone) for item in self.items])
        if self.items:
            self.table.selectRow(0)
        else:
            self.history.clear()

    def selected(self) -> RequestDetail | None:
        rows = self.table.selectionModel().selectedRows()
        return self.items[rows[0].row()] if rows else None

    def _show_history(self) -> None:
        """The summary at once, then the full history from the backend."""
        item = self.selected()
        zone = self.services.zone
        self.history.setPlainText(history_text(item, zone) if item else "")
        if item is None:
            return
        reference, api = item.reference, self.services.api
        job = self.services.backend_job(
            "request detail", lambda: api.request_detail(reference)
        )
        job.succeeded.connect(self._show_detail)
        job.failed.connect(self.banner.error)

    def _show_detail(self, detail: RequestDetail) -> None:
        item = self.selected()
        if item is not None and item.reference == detail.reference:
            self.details[detail.reference] = detail
            self.history.setPlainText(history_text(detail, self.services.zone))

    def _reasoned(self) -> tuple[str, str] | None:
        item, reason = self.selected(), self.reason.text().strip()
        if item is None or not reason:
            self.banner.error(self.tr("Choose a request and give review remarks."))
            return None
        return item.reference, reason

    def decide(self, approve: bool) -> None:
        chosen = self._reasoned()
        if chosen is None:
            return
        reference, reason = chosen
        api = self.services.api
        job = self.services.backend_job(
            "decision", lambda: api.decide(reference, approve=approve, reason=reason)
        )
        job.succeeded.connect(
            lambda _r: self._acted(
                reference, self.tr("approved") if approve else self.tr("rejected")
            )
        )
        job.failed.connect(self.banner.error)

    def advance(self) -> None:
        chosen = self._reasoned()
        if chosen is None:
            return
        reference, reason = chosen
        api = self.services.api
        job = self.services.backend_job(
            "advance", lambda: api.advance(reference, reason)
        )
        job.succeeded.connect(
            lambda _r: self._acted(reference, self.tr("moved to the next step"))
        )
        job.failed.connect(self.banner.error)

    def _acted(self, reference: str, what: str) -> None:
        self.reason.clear()
        self.banner.ok(self.tr("%1: %2.").replace("%1", reference).replace("%2", what))
        self.refresh()
