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
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
)

from staff.models import PersonRecord
from staff.pages.common import (
    Banner,
    ConfirmDialog,
    ReaderPicker,
    StaffPage,
    danger_button,
    fill_table,
    make_table,
    set_labels,
)
from staff.services import StaffServices
from staff.translations import shown
from staff.unblock import unblock_pin
from staff.wording import CARD_STATUS

log = logging.getLogger(__name__)

IRREVERSIBLE = ("formal-loss", "revoke")  # set apart, confirmed before they run


class CardStatePage(StaffPage):
    """Look a person up; act on one of their cards.

    Everyday actions (lift a temporary loss, replace, unblock the password)
    sit together; the irreversible ones (formal loss, revoke) sit apart at the
    bottom in a red frame and each asks for confirmation, spelling out what
    it does to the card.
    """

    replace_requested = Signal(str)  # the SSN: the issue page takes over

    def __init__(self, services: StaffServices) -> None:
        super().__init__()
        self.services = services
        self.person: PersonRecord | None = None
        self.confirm: ConfirmDialog | None = None
        self.ssn = QLineEdit()
        self.ssn.returnPressed.connect(self.lookup)
        self.lookup_button = QPushButton()
        self.lookup_button.clicked.connect(self.lookup)
        self.table = make_table(4)
        self.reason = QLineEdit()
        self.action_buttons: dict[str, QPushButton] = {
            "cancel-temporary-loss": QPushButton(),
            "formal-loss": danger_button(),
            "revoke": danger_button(),
        }
        for action, button in self.action_buttons.items():
            button.clicked.connect(lambda _c=False, a=action: self.card_action(a))
        self.replace_button = QPushButton()
        self.replace_button.clicked.connect(self._replace)
        self.readers = ReaderPicker(services)
        self.unblock_button = QPushButton()
        self.unblock_button.clicked.connect(self.unblock)
        self.banner = Banner()
        self.reason_label = QLabel()
        self.actions_box = QGroupBox()
        self.unblock_box = QGroupBox()
        self.unblock_form = QFormLayout(self.unblock_box)
        self.danger_box = QGroupBox()
        self.danger_box.setObjectName("danger")
        self.danger_note = QLabel()
        self.danger_note.setObjectName("dangerNote")
        self.danger_note.setWordWrap(True)
        self._layout()
        self.retranslate()

    def _layout(self) -> None:
        top = QHBoxLayout()
        top.addWidget(self.ssn, 1)
        top.addWidget(self.lookup_button)
        reason = QHBoxLayout()
        reason.addWidget(self.reason_label)
        reason.addWidget(self.reason, 1)
        row = QHBoxLayout(self.actions_box)
        row.addWidget(self.action_buttons["cancel-temporary-loss"])
        row.addWidget(self.replace_button)
        row.addStretch(1)
        self.unblock_form.addRow(QLabel(), self.readers)
        self.unblock_form.addRow(self.unblock_button)
        danger = QVBoxLayout(self.danger_box)
        danger.addWidget(self.danger_note)
        buttons = QHBoxLayout()
        for action in IRREVERSIBLE:
            buttons.addWidget(self.action_buttons[action])
        buttons.addStretch(1)
        danger.addLayout(buttons)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(reason)
        layout.addWidget(self.actions_box)
        layout.addWidget(self.unblock_box)
        layout.addSpacing(24)  # the irreversible actions are kept apart
        layout.addWidget(self.danger_box)
        layout.addWidget(self.banner)

    def retranslate(self) -> None:
        self.ssn.setPlaceholderText(self.tr("18-character social security number"))
        self.lookup_button.setText(self.tr("Look up"))
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Card number"),
                self.tr("State"),
                self.tr("Issued on"),
                self.tr("Valid until"),
            ]
        )
        self.reason_label.setText(self.tr("Reason"))
        self.reason.setPlaceholderText(
            self.tr("Why (required; recorded in the audit log)")
        )
        self.actions_box.setTitle(self.tr("Card actions"))
        self.action_buttons["cancel-temporary-loss"].setText(
            self.tr("Lift the temporary loss")
        )
        self.replace_button.setText(self.tr("Issue a replacement card"))
        self.unblock_box.setTitle(
            self.tr(
                "Unlock the password (the holder inserts the card and shows "
                "their ID card)"
            )
        )
        set_labels(self.unblock_form, (self.tr("Card reader"),))
        self.unblock_button.setText(
            self.tr("Unlock the password (reset to the initial password)")
        )
        self.danger_box.setTitle(self.tr("Irreversible: cannot be undone"))
        self.danger_note.setText(
            self.tr(
                "These actions stop the card for good. You will be asked to "
                "confirm, with what happens to the card."
            )
        )
        self.action_buttons["formal-loss"].setText(self.tr("Formal loss report…"))
        self.action_buttons["revoke"].setText(self.tr("Revoke the card…"))
        if self.person is not None:
            self._fill(self.person)

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
            self.banner.error(self.tr("No resident with this number was found."))
            return
        self._fill(person)
        active = next(
            (i for i, c in enumerate(person.cards) if c.status != "replaced"), 0
        )
        if person.cards:
            self.table.selectRow(active)
        self.banner.info(
            self.tr("%1: %2 card(s)")
            .replace("%1", person.name)
            .replace("%2", str(len(person.cards)))
        )

    def _fill(self, person: PersonRecord) -> None:
        rows = self.table.selectionModel().selectedRows()
        fill_table(
            self.table,
            [
                (
                    c.card_number,
                    shown("CardStatus", CARD_STATUS, c.status),
                    c.issue_date,
                    c.expiry_date,
                )
                for c in person.cards
            ],
        )
        if rows:
            self.table.selectRow(rows[0].row())

    def selected_card(self) -> str:
        rows = self.table.selectionModel().selectedRows()
        item = self.table.item(rows[0].row(), 0) if rows else None
        return item.text() if item else ""

    def card_action(self, action: str) -> None:
        """Run ``action`` on the selected card; an irreversible one is confirmed
        first, its consequence spelled out."""
        card, reason = self.selected_card(), self.reason.text().strip()
        if not card or not reason:
            self.banner.error(self.tr("Choose a card and give the reason."))
            return
        if action not in IRREVERSIBLE:
            self._run(action, card, reason)
            return
        self.confirm = self._confirmation(action, card)
        self.confirm.confirmed.connect(lambda: self._run(action, card, reason))
        self.confirm.open()

    def _confirmation(self, action: str, card: str) -> ConfirmDialog:
        if action == "formal-loss":
            return ConfirmDialog(
                self,
                title=self.tr("Formal loss report"),
                question=self.tr("Report card %1 as formally lost?").replace(
                    "%1", card
                ),
                consequence=self.tr(
                    "The card stops working at once, at every kiosk and counter. "
                    "A formal loss cannot be lifted: the resident needs a "
                    "replacement card. (A temporary loss, which can be lifted, "
                    "is reported at a kiosk.)"
                ),
                action=self.tr("Report formally lost"),
                keep=self.tr("Keep the card as it is"),
            )
        return ConfirmDialog(
            self,
            title=self.tr("Revoke the card"),
            question=self.tr("Revoke card %1 for good?").replace("%1", card),
            consequence=self.tr(
                "The card can never be used again and cannot be brought back; "
                "the resident has no working card until a new one is made. Only "
                "for a card given up for good (for example, the holder has died "
                "or left the scheme)."
            ),
            action=self.tr("Revoke for good"),
            keep=self.tr("Keep the card as it is"),
        )

    def _run(self, action: str, card: str, reason: str) -> None:
        api = self.services.api
        job = self.services.backend_job(
            action, lambda: api.card_action(card, action, reason)
        )
        job.succeeded.connect(lambda _r: self._done(card))
        job.failed.connect(self.banner.error)

    def _done(self, card: str) -> None:
        self.banner.ok(self.tr("Done for card %1.").replace("%1", card))
        self.lookup()

    def _replace(self) -> None:
        if self.person is not None:
            self.replace_requested.emit(self.person.ssn)

    def unblock(self) -> None:
        """Issuer authentication and RELOAD PIN on the card in the reader."""
        reader = self.readers.reader()
        expected = self.selected_card()
        if not reader:
            self.banner.error(self.tr("Choose a card reader first."))
            return
        provider, api = self.services.provider, self.services.api

        def work(_report: object) -> str:
            with provider.connect(reader) as conn:
                return unblock_pin(api, conn, expected_card=expected or None)

        self.unblock_button.setEnabled(False)
        job = self.services.card_job("unblock", work)
        job.succeeded.connect(
            lambda card: self.banner.ok(
                self.tr(
                    "The password of card %1 is back to the initial password: "
                    "the holder changes it at a kiosk."
                ).replace("%1", card)
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
