# SPDX-License-Identifier: Apache-2.0
"""The backend's audit log (admin): filtered on the server by local days,
operator, action and card; times in the station's zone, SSNs masked."""

from __future__ import annotations

import datetime as dt
import logging

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
)

from backend_client.staff import AuditEntry, AuditFilter
from backend_client.staff import AuditPage as AuditLog
from staff.models import mask_ssn
from staff.pages.common import (
    Banner,
    StaffPage,
    fill_table,
    make_table,
    set_labels,
)
from staff.services import StaffServices
from staff.timefmt import day_bounds, local_time
from staff.translations import shown
from staff.wording import AUDIT_ACTIONS, ENTITIES

log = logging.getLogger(__name__)

PAGE_SIZE = 200
DEFAULT_DAYS = 7


def audit_subject(entry: AuditEntry) -> str:
    """What the entry is about, in words; a resident's SSN masked."""
    kind = shown("Entity", ENTITIES, entry.entity or "", entry.entity or "")
    ident = entry.entity_id or ""
    if entry.entity == "person":
        ident = mask_ssn(ident)
    return f"{kind} {ident}".strip()


def audit_actor(actor: str) -> str:
    """``staff:alice`` as ``alice``; other actors (kiosk, system) as they are."""
    return actor.removeprefix("staff:")


class AuditPage(StaffPage):
    """Filters, a search button, the matching entries (newest first)."""

    def __init__(self, services: StaffServices) -> None:
        super().__init__()
        self.services = services
        # today where the station is, not in the machine's own zone
        now = dt.datetime.now(services.zone)
        today = QDate(now.year, now.month, now.day)
        self.since = QDateEdit(today.addDays(-DEFAULT_DAYS + 1))
        self.until = QDateEdit(today)
        for edit in (self.since, self.until):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        self.operator = QLineEdit()
        self.action = QComboBox()
        self.action.addItem("", "")
        for code in AUDIT_ACTIONS:
            self.action.addItem("", code)
        self.card = QLineEdit()
        self.search_button = QPushButton()
        self.search_button.setDefault(True)
        self.search_button.clicked.connect(self.refresh)
        for field in (self.operator, self.card):
            field.returnPressed.connect(self.refresh)
        self.count = QLabel()
        self.table = make_table(5)
        self.banner = Banner()
        self.filters = QFormLayout()
        self._build()
        self.retranslate()

    def _build(self) -> None:
        days = QHBoxLayout()
        days.addWidget(self.since)
        days.addWidget(QLabel("—"))
        days.addWidget(self.until)
        days.addStretch(1)
        who = QHBoxLayout()
        who.addWidget(self.operator, 1)
        who.addWidget(self.action, 1)
        who.addWidget(self.card, 1)
        who.addWidget(self.search_button)
        self.filters.addRow(QLabel(), days)
        self.filters.addRow(QLabel(), who)
        layout = QVBoxLayout(self)
        layout.addLayout(self.filters)
        layout.addWidget(self.count)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.banner)

    def retranslate(self) -> None:
        set_labels(self.filters, (self.tr("Days"), self.tr("Narrow to")))
        self.operator.setPlaceholderText(self.tr("Operator (user name)"))
        self.card.setPlaceholderText(self.tr("Card number"))
        self.action.setItemText(0, self.tr("Every action"))
        for index in range(1, self.action.count()):
            code = str(self.action.itemData(index))
            self.action.setItemText(index, shown("AuditAction", AUDIT_ACTIONS, code))
        self.search_button.setText(self.tr("Search"))
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Time (%1)").replace("%1", self.services.zone.key),
                self.tr("Operator"),
                self.tr("Action"),
                self.tr("About"),
                self.tr("Reason"),
            ]
        )

    def query(self) -> AuditFilter:
        """The filter the fields describe (a local day range, exact terms)."""
        first, last = self.since.date().toPython(), self.until.date().toPython()
        assert isinstance(first, dt.date) and isinstance(last, dt.date)
        since, until = day_bounds(
            min(first, last), max(first, last), self.services.zone
        )
        operator = self.operator.text().strip()
        return AuditFilter(
            since=since,
            until=until,
            actor=f"staff:{operator}" if operator and ":" not in operator else operator,
            action=str(self.action.currentData() or "") or None,
            card=self.card.text().strip() or None,
        )

    def refresh(self) -> None:
        where, api = self.query(), self.services.api
        job = self.services.backend_job(
            "audit", lambda: api.audit(where, page_size=PAGE_SIZE)
        )
        job.succeeded.connect(self._show)
        job.failed.connect(self.banner.error)

    def _show(self, page: AuditLog) -> None:
        self.banner.hide()
        zone = self.services.zone
        fill_table(
            self.table,
            [
                (
                    local_time(e.at, zone, seconds=True),
                    audit_actor(e.actor),
                    shown("AuditAction", AUDIT_ACTIONS, e.action),
                    audit_subject(e),
                    e.reason or "",
                )
                for e in page.items
            ],
        )
        total = page.total if page.total is not None else len(page.items)
        text = self.tr("%1 entries").replace("%1", str(total))
        if total > len(page.items):
            text = (
                self.tr("%1 entries, the newest %2 shown: narrow the search")
                .replace("%1", str(total))
                .replace("%2", str(len(page.items)))
            )
        self.count.setText(text)
