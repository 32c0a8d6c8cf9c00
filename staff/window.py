# SPDX-License-Identifier: Apache-2.0
"""The staff main window: login, then one tab per job the operator's roles allow.

Tabs are shown or hidden by role (issuer: issue, batch, card state; reviewer:
reviews; admin: audit); the backend refuses anything outside the roles anyway.
The window owns the station's translator: zh_CN by default, switched between
Chinese and English from the login page or the header at any time.
"""

from __future__ import annotations

import logging

from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from qtcommon.i18n import Language
from qtcommon.jobs import Job
from staff.models import Operator, Role
from staff.pages.audit import AuditPage
from staff.pages.batch import BatchPage
from staff.pages.cardstate import CardStatePage
from staff.pages.common import STATION_STYLE, StaffPage
from staff.pages.issue import IssuePage
from staff.pages.login import LoginPage
from staff.pages.reviews import ReviewsPage
from staff.services import StaffServices
from staff.translations import shown, staff_translations
from staff.wording import ROLES

log = logging.getLogger(__name__)

# each language named in itself, so the switch is readable whatever is shown
OTHER_LANGUAGE = {Language.ZH_CN: "English", Language.EN: "中文"}


class Work(StaffPage):
    """The header (who is logged in, language, log out) over the tabs."""

    def __init__(self) -> None:
        super().__init__()
        self.tabs = QTabWidget()
        self.who = QLabel()
        self.language_button = QPushButton()
        self.logout_button = QPushButton()
        header = QHBoxLayout()
        header.addWidget(self.who, 1)
        header.addWidget(self.language_button)
        header.addWidget(self.logout_button)
        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(self.tabs, 1)
        self.retranslate()

    def retranslate(self) -> None:
        self.logout_button.setText(self.tr("Log out"))


class StaffWindow(QMainWindow):
    """Login page, then the role-dependent tabs."""

    def __init__(
        self, services: StaffServices, language: Language = Language.ZH_CN
    ) -> None:
        super().__init__()
        app = QApplication.instance()
        assert app is not None
        self.translations = staff_translations(app, language)
        self.services = services
        self.operator: Operator | None = None
        self.setStyleSheet(STATION_STYLE)
        self.resize(1180, 760)
        self.login = LoginPage(services)
        self.login.logged_in.connect(self._logged_in)
        self.issue = IssuePage(services)
        self.batch = BatchPage(services)
        self.cards = CardStatePage(services)
        self.cards.replace_requested.connect(self._replace)
        self.reviews = ReviewsPage(services)
        self.audit = AuditPage(services)
        self.work = Work()
        self.tabs = self.work.tabs
        self.work.logout_button.clicked.connect(self.logout)
        for button in (self.login.language_button, self.work.language_button):
            button.clicked.connect(self.switch_language)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.login)
        self.stack.addWidget(self.work)
        self.setCentralWidget(self.stack)
        self._closing: Job | None = None
        self.retranslate()

    @property
    def language(self) -> Language:
        return self.translations.language

    def switch_language(self) -> None:
        """中文 ⇄ English; every page re-reads its texts on LanguageChange."""
        other = Language.EN if self.language is Language.ZH_CN else Language.ZH_CN
        self.translations.switch(other)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Social security card issuing station"))
        for button in (self.login.language_button, self.work.language_button):
            button.setText(OTHER_LANGUAGE[self.language])
        for index in range(self.tabs.count()):
            page = self.tabs.widget(index)
            self.tabs.setTabText(index, self._title(page))
        if self.operator is not None:
            roles = self.tr(", ").join(
                shown("Role", ROLES, r) for r in sorted(self.operator.roles)
            )
            self.work.who.setText(
                self.tr("Operator: %1 (%2)")
                .replace("%1", self.operator.username)
                .replace("%2", roles)
            )

    def _pages(self) -> list[tuple[QWidget, Role]]:
        return [
            (self.issue, Role.ISSUER),
            (self.batch, Role.ISSUER),
            (self.cards, Role.ISSUER),
            (self.reviews, Role.REVIEWER),
            (self.audit, Role.ADMIN),
        ]

    def _title(self, page: QWidget | None) -> str:
        titles: dict[QWidget | None, str] = {
            self.issue: self.tr("Issue a card"),
            self.batch: self.tr("Batch issuing"),
            self.cards: self.tr("Card management"),
            self.reviews: self.tr("Request review"),
            self.audit: self.tr("Audit log"),
        }
        return titles.get(page, "")

    def _logged_in(self, operator: Operator) -> None:
        self.operator = operator
        self.tabs.clear()
        for page, role in self._pages():
            if operator.can(role):
                self.tabs.addTab(page, self._title(page))
        self.retranslate()
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
        self.operator = None
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
                # the station's words leave the application now, whether or
                # not the logout ever answers (a translator left installed
                # would speak for every later window)
                self.translations.close()
                self._closing.finished.connect(self.close)
                return
        self.services.stop()
        self.translations.close()
        super().closeEvent(event)
