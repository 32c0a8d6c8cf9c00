# SPDX-License-Identifier: Apache-2.0
"""Review queue: transfers and claims with their histories; decide, advance."""

from __future__ import annotations

import json
import logging
from typing import Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from kiosk.staff.pages.common import Banner
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
COLUMNS = ("reference", "kind", "status", "created_at", "person")
HEADERS = ("业务编号", "类型", "状态", "提交时间", "申请人")


def _person(item: dict[str, Any]) -> str:
    person = item.get("person") or {}
    if isinstance(person, dict):
        return str(person.get("name") or person.get("ssn") or "")
    return str(person)


def history_text(item: dict[str, Any]) -> str:
    """The request's timeline and steps as plain text for the operator."""
    lines = [
        f"{item.get('reference', '')}  {KIND_LABELS.get(item.get('kind', ''), '')}",
        f"状态：{STATUS_LABELS.get(item.get('status', ''), item.get('status', ''))}",
    ]
    for key in ("from_region", "to_region", "total", "monthly_amount", "max_months"):
        if item.get(key) not in (None, ""):
            lines.append(f"{key}: {item[key]}")
    lines.append("")
    lines.append("办理记录：")
    for entry in item.get("timeline", []):
        lines.append(
            f"  {entry.get('at', '')}  {entry.get('status', '')}  "
            f"{entry.get('actor', '')}  {entry.get('reason') or ''}"
        )
    steps = item.get("steps", [])
    if steps:
        lines.append("")
        lines.append("步骤与时限：")
        for step in steps:
            lines.append(
                f"  [{step.get('status', '')}] {step.get('step', '')}  "
                f"截止 {step.get('deadline', '')}"
            )
    extra = {k: v for k, v in item.items() if k in ("detail", "reason")}
    if extra:
        lines.append(json.dumps(extra, ensure_ascii=False))
    return "\n".join(lines)


class ReviewsPage(QWidget):
    """The reviewer's queue; every action carries a reason and is audited."""

    def __init__(self, services: StaffServices) -> None:
        super().__init__()
        self.services = services
        self.items: list[dict[str, Any]] = []
        self.status = QComboBox()
        self.status.addItem("待审核", "")
        for key in ("submitted", "under_review", "approved", "funds_transferred"):
            self.status.addItem(STATUS_LABELS[key], key)
        self.status.currentIndexChanged.connect(self.refresh)
        refresh = QPushButton("刷新")
        refresh.clicked.connect(self.refresh)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(list(HEADERS))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.itemSelectionChanged.connect(self._show_history)
        self.history = QTextEdit()
        self.history.setReadOnly(True)
        self.reason = QLineEdit()
        self.reason.setPlaceholderText("审核意见（必填，记入审计日志）")
        self.approve_button = QPushButton("批准")
        self.reject_button = QPushButton("驳回")
        self.advance_button = QPushButton("推进到下一步")
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
        for button in (self.approve_button, self.reject_button, self.advance_button):
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

    def _show(self, items: list[dict[str, Any]]) -> None:
        self.items = items
        self.table.setRowCount(0)
        for item in items:
            row = self.table.rowCount()
            self.table.insertRow(row)
            cells = (
                item.get("reference", ""),
                KIND_LABELS.get(item.get("kind", ""), item.get("kind", "")),
                STATUS_LABELS.get(item.get("status", ""), item.get("status", "")),
                str(item.get("created_at", ""))[:19],
                _person(item),
            )
            for col, text in enumerate(cells):
                self.table.setItem(row, col, QTableWidgetItem(str(text)))
        if items:
            self.table.selectRow(0)
        else:
            self.history.clear()

    def selected(self) -> dict[str, Any] | None:
        rows = self.table.selectionModel().selectedRows()
        return self.items[rows[0].row()] if rows else None

    def _show_history(self) -> None:
        item = self.selected()
        self.history.setPlainText(history_text(item) if item else "")

    def _reasoned(self) -> tuple[str, str] | None:
        item, reason = self.selected(), self.reason.text().strip()
        if item is None or not reason:
            self.banner.error("请选择一项申请并填写审核意见。")
            return None
        return str(item["reference"]), reason

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
            lambda _r: self._acted(reference, "已批准" if approve else "已驳回")
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
        job.succeeded.connect(lambda _r: self._acted(reference, "已推进到下一步"))
        job.failed.connect(self.banner.error)

    def _acted(self, reference: str, what: str) -> None:
        self.reason.clear()
        self.banner.ok(f"{reference} {what}。")
        self.refresh()
