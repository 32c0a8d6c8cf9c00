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

from staff.models import Operator
from staff.pages.common import Banner, StaffPage, set_labels
from staff.services import StaffServices

log = logging.getLogger(__name__)


class LoginPage(StaffPage):
    """Asks for operator credentials; emits ``logged_in`` with the Operator.

    ``language_button`` switches the station's language (the window wires it).
    """

    logged_in = Signal(object)

    def __init__(self, services: StaffServices) -> None:
        super().__init__()
        self.services = services
        self.title = QLabel()
        self.title.setObjectName("title")
        self.title.setStyleSheet("font-size:22pt;font-weight:bold;")
        self.subtitle = QLabel()
        self.username = QLineEdit()
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.returnPressed.connect(self.submit)
        self.button = QPushButton()
        self.button.setDefault(True)
        self.button.clicked.connect(self.submit)
        self.language_button = QPushButton()
        self.banner = Banner()
        self.form = QFormLayout()
        self.form.addRow(QLabel(), self.username)
        self.form.addRow(QLabel(), self.password)
        box = QWidget()
        box.setMaximumWidth(460)
        inner = QVBoxLayout(box)
        inner.addWidget(self.language_button, 0, Qt.AlignmentFlag.AlignRight)
        for widget in (self.title, self.subtitle):
            inner.addWidget(widget)
        inner.addLayout(self.form)
        inner.addWidget(self.button)
        inner.addWidget(self.banner)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(box, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Social security card issuing station"))
        self.subtitle.setText(
            self.tr("Staff login · service %1").replace(
                "%1", self.services.api.base_url
            )
        )
        self.username.setPlaceholderText(self.tr("User name"))
        self.password.setPlaceholderText(self.tr("Password"))
        set_labels(self.form, (self.tr("User name"), self.tr("Password")))
        self.button.setText(self.tr("Log in"))

    def submit(self) -> None:
        """Log in on the backend worker; the password field is cleared at once."""
        user, password = self.username.text().strip(), self.password.text()
        self.password.clear()
        if not user or not password:
            self.banner.error(self.tr("Enter your user name and password."))
            return
        self.button.setEnabled(False)
        self.banner.info(self.tr("Logging in…"))
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
