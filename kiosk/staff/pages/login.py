# SPDX-License-Identifier: Apache-2.0
"""Operator login: username and password against ``POST /staff/login``."""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kiosk.staff.models import Operator
from kiosk.staff.pages.common import Banner
from kiosk.staff.services import StaffServices

log = logging.getLogger(__name__)


class LoginPage(QWidget):
    """Asks for operator credentials; emits ``logged_in`` with the Operator."""

    logged_in = Signal(object)

    def __init__(self, services: StaffServices) -> None:
        super().__init__()
        self.services = services
        title = QLabel("社会保障卡发卡工作站")
        title.setObjectName("title")
        title.setStyleSheet("font-size:22pt;font-weight:bold;")
        subtitle = QLabel(f"操作员登录 · 后台 {services.api.base_url}")
        self.username = QLineEdit()
        self.username.setPlaceholderText("用户名")
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText("密码")
        self.password.returnPressed.connect(self.submit)
        self.button = QPushButton("登录")
        self.button.setDefault(True)
        self.button.clicked.connect(self.submit)
        self.banner = Banner()
        form = QFormLayout()
        form.addRow("用户名", self.username)
        form.addRow("密码", self.password)
        box = QWidget()
        box.setMaximumWidth(420)
        inner = QVBoxLayout(box)
        for widget in (title, subtitle):
            inner.addWidget(widget)
        inner.addLayout(form)
        inner.addWidget(self.button)
        inner.addWidget(self.banner)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(box, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)

    def submit(self) -> None:
        """Log in on the backend worker; the password field is cleared at once."""
        user, password = self.username.text().strip(), self.password.text()
        self.password.clear()
        if not user or not password:
            self.banner.error("请输入用户名和密码。")
            return
        self.button.setEnabled(False)
        self.banner.info("正在登录…")
        job = self.services.backend_job(
            "login", lambda: self.services.api.login(user, password)
        )
        job.succeeded.connect(self._done)
        job.failed.connect(self._failed)

    def _done(self, operator: Operator) -> None:
        self.button.setEnabled(True)
        self.banner.hide()
        self.services.session.set(operator)
        self.logged_in.emit(operator)

    def _failed(self, exc: BaseException) -> None:
        self.button.setEnabled(True)
        self.banner.error(exc)
