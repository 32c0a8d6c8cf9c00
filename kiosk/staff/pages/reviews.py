# SPDX-License-Identifier: Apache-2.0
"""Review queue: transfers and claims with their histories; decide, advance.

A pension transfer whose applicant says an organisation or personnel department
arranged the move (组织人事部门批准调动) is marked in the queue; the reviewer
confirms or rejects that claim (with a reason) before approving, since it
decides where the pension relationship goes (docs/staff-guide.md).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable

from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from backend_client.models import RequestDetail
from kiosk.staff.api import StaffApi
from kiosk.staff.models import mask_ssn
from kiosk.staff.pages.common import Banner, fill_table, make_table
from kiosk.staff.services import StaffServices

log = logging.getLogger(__name__)

KIND_LABELS = {
    "pension": "养老保险转移",
    "medical": "医疗保险转移",
    "unemployment": "失业金申领",
}
STATUS_LABELS = {
    "submitted": "已提交",
    "under_review": "审核中",
    "approved": "已批准",
    "rejected": "已驳回",
    "funds_transferred": "资金已划转",
    "completed": "已办结",
}
STEP_NAMES = {  # backend/rules/steps.py PLANS
    "review_and_consent": "审核并出具联系函",
    "transfer_funds": "划转基金",
    "complete_and_notify": "办结并通知",
    "transfer_out": "转出",
    "load_in": "转入",
    "review": "审核",
    "payment_setup": "核定发放",
}
ORGANISATIONAL = {  # RequestDetail.organisational_transfer
    "claimed": "申请人声明经组织人事部门批准调动，待核对确认",
    "confirmed": "组织人事部门批准调动：已确认",
    "rejected": "组织人事部门批准调动：不予确认",
}
CHINA = dt.timezone(dt.timedelta(hours=8), "CST")
STEP_STATUS = {"done": "已完成", "current": "办理中", "pending": "待办"}
HEADERS = ("业务编号", "类型", "状态", "提交时间", "转出 → 转入")


def local_time(at: dt.datetime) -> str:
    """A moment as the counter reads it: China Standard Time, to the minute."""
    return (at.astimezone(CHINA) if at.tzinfo else at).strftime("%Y-%m-%d %H:%M")


def _text(value: object) -> str:
    return "" if value is None else str(value)


def row_cells(item: RequestDetail) -> tuple[str, ...]:
    """The table cells of one request."""
    route = ""
    if item.from_region or item.to_region:
        route = (
            f"{item.from_region_name or item.from_region or ''} → "
            f"{item.to_region_name or item.to_region or ''}"
        )
    kind = KIND_LABELS.get(item.kind, item.kind)
    if item.organisational_transfer == "claimed":
        kind += "（组织调动待确认）"
    return (
        item.reference,
        kind,
        STATUS_LABELS.get(item.status, item.status),
        local_time(item.created_at),
        route,
    )


def history_text(item: RequestDetail) -> str:
    """The request's timeline and steps as plain text for the operator."""
    lines = [
        f"{item.reference}  {KIND_LABELS.get(item.kind, item.kind)}",
        f"状态：{STATUS_LABELS.get(item.status, item.status)}",
    ]
    if item.name or item.ssn:
        lines.append(f"申请人：{_text(item.name)}  {mask_ssn(item.ssn or '')}")
    lines += _organisational_lines(item)
    for label, value in (
        ("转移总额", item.total),
        ("月发放额", item.monthly_amount),
        ("最长领取月数", item.max_months),
        ("下一步", STEP_NAMES.get(item.next_step or "", item.next_step)),
        ("截止日期", item.next_deadline),
    ):
        if value is not None:
            lines.append(f"{label}：{value}")
    if item.timeline:
        lines += ["", "办理记录："]
    for entry in item.timeline:
        lines.append(
            f"  {local_time(entry.at)}  "
            f"{STATUS_LABELS.get(entry.status, entry.status)}  "
            f"{_text(entry.actor)}  {_text(entry.reason)}"
        )
    if item.steps:
        lines += ["", "步骤与时限："]
        for step in item.steps:
            lines.append(
                f"  [{STEP_STATUS.get(step.status, step.status)}] "
                f"{STEP_NAMES.get(step.step, step.step)}"
                f"  截止 {_text(step.deadline)}"
            )
    if not (item.timeline or item.steps):
        lines += ["", "正在读取办理记录…"]
    return "\n".join(lines)


def _organisational_lines(item: RequestDetail) -> list[str]:
    """The organisational-transfer claim and who settled it, when and why."""
    state = ORGANISATIONAL.get(item.organisational_transfer)
    if state is None:
        return []
    lines = [f"组织调动：{state}"]
    review = item.organisational_transfer_review
    if review is not None:
        lines.append(f"  {local_time(review.at)}  {review.actor}  {review.reason}")
    if item.organisational_transfer == "claimed":
        lines.append("  批准前请核对调动批准文件，确认或不予确认。")
    return lines


class ReviewsPage(QWidget):
    """The reviewer's queue; every action carries a reason and is audited."""

    def __init__(self, services: StaffServices) -> None:
        super().__init__()
        self.services = services
        self.items: list[RequestDetail] = []
        self.details: dict[str, RequestDetail] = {}  # fetched on selection
        self.status = QComboBox()
        self.status.addItem("待审核", "")
        for key in ("submitted", "under_review", "approved", "funds_transferred"):
            self.status.addItem(STATUS_LABELS[key], key)
        self.status.currentIndexChanged.connect(self.refresh)
        refresh = QPushButton("刷新")
        refresh.clicked.connect(self.refresh)
        self.table = make_table(list(HEADERS))
        self.table.itemSelectionChanged.connect(self._show_history)
        self.history = QTextEdit()
        self.history.setReadOnly(True)
        self.reason = QLineEdit()
        self.reason.setPlaceholderText("审核意见（必填，记入审计日志）")
        self.approve_button = QPushButton("批准")
        self.reject_button = QPushButton("驳回")
        self.advance_button = QPushButton("推进到下一步")
        self.confirm_org_button = QPushButton("确认组织调动")
        self.reject_org_button = QPushButton("组织调动不予确认")
        for settle in (self.confirm_org_button, self.reject_org_button):
            settle.setEnabled(False)  # until a claimed one is selected
        self.confirm_org_button.clicked.connect(lambda: self.settle(True))
        self.reject_org_button.clicked.connect(lambda: self.settle(False))
        self.approve_button.clicked.connect(lambda: self.decide(True))
        self.reject_button.clicked.connect(lambda: self.decide(False))
        self.advance_button.clicked.connect(self.advance)
        self.banner = Banner()
        self._layout(refresh)

    def _layout(self, refresh: QPushButton) -> None:
        top = QHBoxLayout()
        top.addWidget(self.status)
        top.addWidget(refresh)
        top.addStretch(1)
        split = QSplitter()
        split.addWidget(self.table)
        split.addWidget(self.history)
        split.setSizes([600, 400])
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

    def refresh(self) -> None:
        status = str(self.status.currentData() or "")
        job = self.services.backend_job(
            "reviews", lambda: self.services.api.reviews(status)
        )
        job.succeeded.connect(self._show)
        job.failed.connect(self.banner.error)

    def _show(self, items: tuple[RequestDetail, ...]) -> None:
        self.items = list(items)
        fill_table(self.table, [row_cells(item) for item in self.items])
        if self.items:
            self.table.selectRow(0)
        else:
            self.history.clear()
            self.confirm_org_button.setEnabled(False)
            self.reject_org_button.setEnabled(False)

    def selected(self) -> RequestDetail | None:
        rows = self.table.selectionModel().selectedRows()
        return self.items[rows[0].row()] if rows else None

    def _show_history(self) -> None:
        """The summary at once, then the full history from the backend."""
        item = self.selected()
        self.history.setPlainText(history_text(item) if item else "")
        claimed = item is not None and item.organisational_transfer == "claimed"
        self.confirm_org_button.setEnabled(claimed)
        self.reject_org_button.setEnabled(claimed)
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
            self.history.setPlainText(history_text(detail))

    def _reasoned(self) -> tuple[str, str] | None:
        item, reason = self.selected(), self.reason.text().strip()
        if item is None or not reason:
            self.banner.error("请选择一项申请并填写审核意见。")
            return None
        return item.reference, reason

    def _act(
        self,
        what: str,
        call: Callable[[StaffApi, str, str], object],
        done: str,
    ) -> None:
        """Run ``call(api, reference, reason)`` for the selected request with
        the reviewer's reason; ``done`` goes to the banner."""
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
            "已批准" if approve else "已驳回",
        )

    def settle(self, confirm: bool) -> None:
        """Confirm or reject the applicant's organisational transfer."""
        self._act(
            "organisational transfer",
            lambda api, ref, why: api.settle_organisational_transfer(
                ref, confirm=confirm, reason=why
            ),
            "组织调动已确认" if confirm else "组织调动不予确认",
        )

    def advance(self) -> None:
        self._act(
            "advance", lambda api, ref, why: api.advance(ref, why), "已推进到下一步"
        )

    def _acted(self, reference: str, what: str) -> None:
        self.reason.clear()
        self.banner.ok(f"{reference} {what}。")
        self.refresh()
