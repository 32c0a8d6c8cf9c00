# SPDX-License-Identifier: Apache-2.0
"""Card state at the counter: formal loss, revoke, replace, cancel a temporary
loss, and PIN unblock (issuer authentication + RELOAD PIN to the initial PIN)."""

from __future__ import annotations

import logging

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kiosk.staff.models import PersonRecord
from kiosk.staff.pages.common import Banner, ReaderPicker, fill_table, make_table
from kiosk.staff.services import StaffServices
from kiosk.staff.unblock import unblock_pin

log = logging.getLogger(__name__)

STATUS_LABELS = {
    "active": "正常",
    "temporarily_lost": "临时挂失",
    "lost": "正式挂失",
    "replaced": "已补换",
    "revoked": "已注销",
    "allocated": "已分配未启用",
}
ACTIONS = (
    ("formal-loss", "正式挂失"),
    ("revoke", "注销"),
    ("cancel-temporary-loss", "解除临时挂失"),
)


class CardStatePage(QWidget):
    """Look a person up; act on one of their cards."""

    replace_requested = Signal(str)  # the SSN: the issue page takes over

    def __init__(self, services: StaffServices) -> None:
        super().__init__()
        self.services = services
        self.person: PersonRecord | None = None
        self.ssn = QLineEdit()
        self.ssn.setPlaceholderText("18 位社会保障号码")
        self.ssn.returnPressed.connect(self.lookup)
        lookup = QPushButton("查询")
        lookup.clicked.connect(self.lookup)
        self.table = make_table(["卡号", "状态", "发卡日期", "有效期至"])
        self.reason = QLineEdit()
        self.reason.setPlaceholderText("办理原因（必填，记入审计日志）")
        self.action_buttons: dict[str, QPushButton] = {}
        for action, label in ACTIONS:
            button = QPushButton(label)
            button.clicked.connect(lambda _c=False, a=action: self.card_action(a))
            self.action_buttons[action] = button
        self.replace_button = QPushButton("补换新卡")
        self.replace_button.clicked.connect(self._replace)
        self.readers = ReaderPicker(services)
        self.unblock_button = QPushButton("密码解锁（重置为初始密码）")
        self.unblock_button.clicked.connect(self.unblock)
        self.banner = Banner()
        self._layout(lookup)

    def _layout(self, lookup: QPushButton) -> None:
        top = QHBoxLayout()
        top.addWidget(self.ssn, 1)
        top.addWidget(lookup)
        actions = QGroupBox("卡片状态")
        row = QHBoxLayout()
        for button in (*self.action_buttons.values(), self.replace_button):
            row.addWidget(button)
        form = QFormLayout(actions)
        form.addRow("原因", self.reason)
        form.addRow(row)
        unblock = QGroupBox("密码解锁（请持卡人插卡并出示身份证）")
        unblock_form = QFormLayout(unblock)
        unblock_form.addRow("读卡器", self.readers)
        unblock_form.addRow(self.unblock_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(actions)
        layout.addWidget(unblock)
        layout.addWidget(self.banner)

    def lookup(self) -> None:
        ssn = self.ssn.text().strip()
        job = self.services.backend_job(
            "find person", lambda: self.services.api.find_person(ssn)
        )
        job.succeeded.connect(self._show)
        job.failed.connect(self.banner.error)

    def _show(self, person: PersonRecord | None) -> None:
        self.person = person
        self.table.setRowCount(0)
        if person is None:
            self.banner.error("未找到该参保人。")
            return
        fill_table(
            self.table,
            [
                (
                    c.card_number,
                    STATUS_LABELS.get(c.status, c.status),
                    c.issue_date,
                    c.expiry_date,
                )
                for c in person.cards
            ],
        )
        active = next(
            (i for i, c in enumerate(person.cards) if c.status != "replaced"), 0
        )
        if person.cards:
            self.table.selectRow(active)
        self.banner.info(f"{person.name}：{len(person.cards)} 张卡")

    def selected_card(self) -> str:
        rows = self.table.selectionModel().selectedRows()
        item = self.table.item(rows[0].row(), 0) if rows else None
        return item.text() if item else ""

    def card_action(self, action: str) -> None:
        card, reason = self.selected_card(), self.reason.text().strip()
        if not card or not reason:
            self.banner.error("请选择卡片并填写原因。")
            return
        api = self.services.api
        job = self.services.backend_job(
            action, lambda: api.card_action(card, action, reason)
        )
        job.succeeded.connect(
            lambda _r: (self.banner.ok(f"卡 {card} 已办理。"), self.lookup())
        )
        job.failed.connect(self.banner.error)

    def _replace(self) -> None:
        if self.person is not None:
            self.replace_requested.emit(self.person.ssn)

    def unblock(self) -> None:
        """Issuer authentication and RELOAD PIN on the card in the reader."""
        reader = self.readers.reader()
        expected = self.selected_card()
        if not reader:
            self.banner.error("请先选择读卡器。")
            return
        provider, api = self.services.provider, self.services.api

        def work(_report: object) -> str:
            with provider.connect(reader) as conn:
                return unblock_pin(api, conn, expected_card=expected or None)

        self.unblock_button.setEnabled(False)
        job = self.services.card_job("unblock", work)
        job.succeeded.connect(
            lambda card: self.banner.ok(
                f"卡 {card} 的密码已重置为初始密码，请持卡人到自助终端修改密码。"
            )
        )
        job.failed.connect(self.banner.error)
        job.finished.connect(lambda: self.unblock_button.setEnabled(True))

    def set_enabled_by_role(self, issuer: bool) -> None:
        for button in (
            *self.action_buttons.values(),
            self.replace_button,
            self.unblock_button,
        ):
            button.setVisible(issuer)
