# SPDX-License-Identifier: Apache-2.0
"""The staff main window: login, then one tab per job the operator's roles allow.

Tabs are shown or hidden by role (issuer: issue, batch, card state; reviewer:
reviews; admin: audit); the backend refuses anything outside the roles anyway.
"""

from __future__ import annotations

import logging

from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from backend_client.staff import AuditPage as AuditLog
from kiosk.staff.models import Operator, Role
from kiosk.staff.pages.batch import BatchPage
from kiosk.staff.pages.cardstate import CardStatePage
from kiosk.staff.pages.common import Banner, fill_table, make_table
from kiosk.staff.pages.issue import IssuePage
from kiosk.staff.pages.login import LoginPage
from kiosk.staff.pages.reviews import ReviewsPage
from kiosk.staff.services import StaffServices
from kiosk.staff.worker import Job

log = logging.getLogger(__name__)

ROLE_LABELS = {"issuer": "发卡员", "reviewer": "审核员", "admin": "管理员"}


class AuditPage(QWidget):
    """The backend's audit log (admin)."""

    def __init__(self, services: StaffServices) -> None:
        super().__init__()
        self.services = services
        refresh = QPushButton("刷新")
        refresh.clicked.connect(self.refresh)
        self.table = make_table(["时间", "操作员", "动作", "对象", "原因"])
        self.banner = Banner()
        layout = QVBoxLayout(self)
        layout.addWidget(refresh)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.banner)

    def refresh(self) -> None:
        job = self.services.backend_job("audit", self.services.api.audit)
        job.succeeded.connect(self._show)
        job.failed.connect(self.banner.error)

    def _show(self, page: AuditLog) -> None:
        fill_table(
            self.table,
            [
                (
                    f"{e.at:%Y-%m-%d %H:%M:%S}",
                    e.actor,
                    e.action,
                    f"{e.entity or ''} {e.entity_id or ''}",
                    e.reason or "",
                )
                for e in page.items
            ],
        )


class StaffWindow(QMainWindow):
    """Login page, then the role-dependent tabs."""

    def __init__(self, services: StaffServices) -> None:
        super().__init__()
        self.services = services
        self.setWindowTitle("社会保障卡发卡工作站")
        self.resize(1180, 760)
        self.login = LoginPage(services)
        self.login.logged_in.connect(self._logged_in)
        self.issue = IssuePage(services)
        self.batch = BatchPage(services)
        self.cards = CardStatePage(services)
        self.cards.replace_requested.connect(self._replace)
        self.reviews = ReviewsPage(services)
        self.audit = AuditPage(services)
        self.tabs = QTabWidget()
        self.who = QLabel()
        logout = QPushButton("退出登录")
        logout.clicked.connect(self.logout)
        header = QHBoxLayout()
        header.addWidget(self.who, 1)
        header.addWidget(logout)
        work = QWidget()
        work_layout = QVBoxLayout(work)
        work_layout.addLayout(header)
        work_layout.addWidget(self.tabs, 1)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.login)
        self.stack.addWidget(work)
        self.setCentralWidget(self.stack)
        self._closing: Job | None = None

    def _pages(self) -> list[tuple[QWidget, str, Role]]:
        return [
            (self.issue, "单张制卡", Role.ISSUER),
            (self.batch, "批量制卡", Role.ISSUER),
            (self.cards, "卡片管理", Role.ISSUER),
            (self.reviews, "业务审核", Role.REVIEWER),
            (self.audit, "审计日志", Role.ADMIN),
        ]

    def _logged_in(self, operator: Operator) -> None:
        self.tabs.clear()
        for page, title, role in self._pages():
            if operator.can(role):
                self.tabs.addTab(page, title)
        roles = "、".join(ROLE_LABELS.get(r, r) for r in sorted(operator.roles))
        self.who.setText(f"操作员：{operator.username}（{roles}）")
        self.stack.setCurrentIndex(1)
        if operator.can(Role.ISSUER):
            self.issue.readers.refresh()
            self.cards.readers.refresh()
            self.batch.readers.refresh()
        if operator.can(Role.REVIEWER):
            self.reviews.refresh()
        if operator.can(Role.ADMIN):
            self.audit.refresh()

    def visible_tabs(self) -> list[str]:
        """Titles of the tabs the operator sees (tests, screenshots)."""
        return [self.tabs.tabText(i) for i in range(self.tabs.count())]

    def _replace(self, ssn: str) -> None:
        self.tabs.setCurrentWidget(self.issue)
        self.issue.prefill(ssn)

    def logout(self) -> None:
        """The operator signs off: the screen clears at once; the backend ends
        the token in a job on the backend worker (never the GUI thread)."""
        self._end_session()
        self.services.session.set(None)
        self.tabs.clear()
        self.issue.clear()
        self.stack.setCurrentIndex(0)

    def _end_session(self) -> Job | None:
        """Submit the backend logout when someone is logged in."""
        if self.services.api.operator is None:
            return None
        return self.services.backend_job("logout", self.services.api.logout)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        """Closing with an operator logged in: the window hides, the logout
        runs on the backend worker, and the window closes when it is done
        (answered or failed), so the token does not outlive the station."""
        if self._closing is None:
            self._closing = self._end_session()
            if self._closing is not None:
                event.ignore()
                self.hide()
                self._closing.finished.connect(self.close)
                return
        self.services.stop()
        super().closeEvent(event)
