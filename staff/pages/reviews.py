# SPDX-License-Identifier: Apache-2.0
"""Review queue: transfers and claims with their histories; decide, advance.

A pension transfer whose applicant says an organisation or personnel department
approved the move (组织人事部门批准调动) is marked in the queue; the reviewer
checks the approval and confirms the claim or does not, with a reason, before
approving, since it decides where the pension relationship goes
(docs/domain.md, docs/staff-guide.md).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
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
from staff.api import StaffApi
from staff.models import mask_ssn
from staff.pages.common import Banner, StaffPage, fill_table, make_table
from staff.services import StaffServices
from staff.timefmt import local_time
from staff.translations import shown
from staff.wording import (
    ORGANISATIONAL_TRANSFER,
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


def _claimed(item: RequestDetail | None) -> bool:
    """An organisational transfer the applicant claims and no one checked yet."""
    return item is not None and item.organisational_transfer == "claimed"


def _queue_kind(item: RequestDetail) -> str:
    """The kind, marked when a claim waits for the reviewer's check."""
    if not _claimed(item):
        return _kind(item)
    return QCoreApplication.translate(
        "ReviewsPage", "%1 (organisational transfer to check)"
    ).replace("%1", _kind(item))


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
        _queue_kind(item),
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
    lines += organisational_lines(item, zone)
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
            lines.append(
                QCoreApplication.translate("ReviewsPage", "%1: %2")
                .replace("%1", label)
                .replace("%2", str(value))
            )
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


def organisational_lines(item: RequestDetail, zone: ZoneInfo) -> list[str]:
    """The organisational-transfer claim, and who settled it, when and why."""
    if item.organisational_transfer not in ORGANISATIONAL_TRANSFER:
        return []  # "none": nothing claimed
    lines = [shown("Request", ORGANISATIONAL_TRANSFER, item.organisational_transfer)]
    review = item.organisational_transfer_review
    if review is not None:
        lines.append(
            f"  {local_time(review.at, zone)}  {review.actor}  {review.reason}"
        )
    if _claimed(item):
        lines.append(
            "  "
            + QCoreApplication.translate(
                "ReviewsPage",
                "Before approving, check the transfer approval (by a Party "
                "organisation or human-resources and social-security department "
                "at county level or above) and the employment with the new "
                "employer, then confirm or do not confirm.",
            )
        )
    return lines


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
        self.confirm_org_button = QPushButton()
        self.reject_org_button = QPushButton()
        self._enable_settling(None)  # until a claimed request is selected
        self.confirm_org_button.clicked.connect(lambda: self.settle(True))
        self.reject_org_button.clicked.connect(lambda: self.settle(False))
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
        split.setSizes([800, 400])  # the queue's columns first; history wraps
        buttons = QHBoxLayout()
        buttons.addWidget(self.reason, 1)
        for button in (
            self.confirm_org_button,
            self.reject_org_button,
            self.approve_button,
            self.reject_button,
            self.advance_button,
        ):
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
        self.confirm_org_button.setText(self.tr("Confirm organisational transfer"))
        self.confirm_org_button.setToolTip(
            self.tr(
                "The approval was checked: the age rule no longer applies, the "
                "pension relationship and its funds move to the new region"
            )
        )
        self.reject_org_button.setText(
            self.tr("Do not confirm organisational transfer")
        )
        self.reject_org_button.setToolTip(
            self.tr("The transfer is handled as if nothing had been claimed")
        )
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
        """Fill the queue; the request the reviewer had chosen stays chosen
        (after an action or a change of language), else the first one."""
        chosen = self.selected()
        self.items = list(items)
        zone = self.services.zone
        fill_table(self.table, [row_cells(item, zone) for item in self.items])
        references = [item.reference for item in self.items]
        if chosen is not None and chosen.reference in references:
            self.table.selectRow(references.index(chosen.reference))
        elif self.items:
            self.table.selectRow(0)
        else:
            self.history.clear()
            self._enable_settling(None)

    def selected(self) -> RequestDetail | None:
        rows = self.table.selectionModel().selectedRows()
        return self.items[rows[0].row()] if rows else None

    def _show_history(self) -> None:
        """The summary at once, then the full history from the backend."""
        item = self.selected()
        zone = self.services.zone
        self.history.setPlainText(history_text(item, zone) if item else "")
        self._enable_settling(item)
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
            self._enable_settling(detail)

    def _enable_settling(self, item: RequestDetail | None) -> None:
        """Confirming or not is offered while a claim waits for its check."""
        for button in (self.confirm_org_button, self.reject_org_button):
            button.setEnabled(_claimed(item))

    def _reasoned(self) -> tuple[str, str] | None:
        item, reason = self.selected(), self.reason.text().strip()
        if item is None or not reason:
            self.banner.error(self.tr("Choose a request and give review remarks."))
            return None
        return item.reference, reason

    def _act(
        self, what: str, call: Callable[[StaffApi, str, str], object], done: str
    ) -> None:
        """Run ``call(api, reference, reason)`` for the selected request with
        the reviewer's reason; ``done`` says in the banner what happened."""
        chosen = self._reasoned()
        if chosen is None:
            return
        reference, reason = chosen
        api = self.services.api
        job = self.services.backend_job(what, lambda: call(api, reference, reason))
        job.succeeded.connect(lambda _r: self._acted(reference, done))
        job.failed.connect(self.banner.error)

    def decide(self, approve: bool) -> None:
        self._act(
            "decision",
            lambda api, ref, why: api.decide(ref, approve=approve, reason=why),
            self.tr("approved") if approve else self.tr("rejected"),
        )

    def settle(self, confirm: bool) -> None:
        """Confirm the applicant's organisational transfer, or do not."""
        self._act(
            "organisational transfer",
            lambda api, ref, why: api.settle_organisational_transfer(
                ref, confirm=confirm, reason=why
            ),
            self.tr("organisational transfer confirmed")
            if confirm
            else self.tr("organisational transfer not confirmed"),
        )

    def advance(self) -> None:
        self._act(
            "advance",
            lambda api, ref, why: api.advance(ref, why),
            self.tr("moved to the next step"),
        )

    def _acted(self, reference: str, what: str) -> None:
        self.reason.clear()
        self.banner.ok(self.tr("%1: %2.").replace("%1", reference).replace("%2", what))
        self.refresh()
