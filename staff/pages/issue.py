# SPDX-License-Identifier: Apache-2.0
"""Issue one card: resident form, reader, step-by-step progress, receipt."""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
)

from card import ssn as card_ssn
from card.connection import Connection
from staff.errors import InvalidInputError
from staff.ethnic import DEFAULT as DEFAULT_ETHNIC
from staff.ethnic import GB3304, ethnic_name
from staff.models import Allocation, PersonRecord, Resident
from staff.pages.common import (
    Banner,
    ReaderPicker,
    Retranslating,
    StaffPage,
    set_labels,
)
from staff.personalize import (
    STEP_TECHNICAL,
    STEPS,
    CardAlreadyPersonalizedError,
    CardState,
    Note,
    PersoError,
    Personalizer,
    PersoResult,
    Progress,
    Step,
    StepStatus,
    erase_card,
)
from staff.receipt import ReceiptData, write_receipt
from staff.services import StaffServices
from staff.translations import shown
from staff.wording import CARD_STATUS, STEP_NAMES

log = logging.getLogger(__name__)

MARKS = {
    StepStatus.STARTED: "▶",
    StepStatus.DONE: "✔",
    StepStatus.SKIPPED: "–",
    StepStatus.FAILED: "✖",
}


class StepList(Retranslating, QListWidget):
    """One line per personalization step in plain words, marked as it progresses.

    A line's tooltip holds the step's card commands (for a technician).
    """

    def __init__(self) -> None:
        super().__init__()
        self.setMinimumWidth(440)
        self.setWordWrap(True)
        self._last: dict[int, Progress] = {}
        self.reset_steps()

    def reset_steps(self) -> None:
        self._last = {}
        self.clear()
        for step in STEPS:
            item = QListWidgetItem()
            item.setToolTip(STEP_TECHNICAL[step])
            self.addItem(item)
        self.retranslate()

    def retranslate(self) -> None:
        for index, step in enumerate(STEPS):
            progress = self._last.get(index)
            item = self.item(index)
            if progress is None:
                item.setText(f"○  {shown('Step', STEP_NAMES, step)}")
            else:
                item.setText(self._line(progress))

    def mark(self, progress: Progress) -> None:
        self._last[progress.index] = progress
        item = self.item(progress.index)
        item.setText(self._line(progress))
        colour = {
            StepStatus.FAILED: Qt.GlobalColor.red,
            StepStatus.DONE: Qt.GlobalColor.darkGreen,
        }.get(progress.status)
        if colour is not None:
            item.setForeground(colour)
        self.setCurrentRow(progress.index)

    def _line(self, progress: Progress) -> str:
        name = shown("Step", STEP_NAMES, progress.step)
        note = self._note(progress)
        return f"{MARKS[progress.status]}  {name}" + (f" — {note}" if note else "")

    def _note(self, progress: Progress) -> str:
        notes = {
            Note.REUSED_NUMBER: self.tr("card number %1 of the earlier attempt"),
            Note.RESUMED_NUMBER: self.tr(
                "unfinished card number %1 reused, no new number given"
            ),
            Note.ALREADY_ACTIVE: self.tr("the card is already finished"),
        }
        if progress.note is not None:
            return notes[progress.note].replace("%1", progress.card_number)
        if progress.status is StepStatus.FAILED:
            return self.tr("failed")
        return ""


class ResidentForm(Retranslating, QGroupBox):
    """SSN lookup and the EF06 fields of a resident.

    The ethnic group is chosen by name from GB 3304 (code shown beside it);
    the two-digit code is what is sent and written to the card.
    """

    def __init__(self) -> None:
        super().__init__()
        self.ssn = QLineEdit()
        self.ssn.setMaxLength(18)
        self.ssn.textChanged.connect(self._gender_from_ssn)
        self.lookup_button = QPushButton()
        self.name = QLineEdit()
        self.gender = QComboBox()
        self.gender.addItem("", "1")
        self.gender.addItem("", "2")
        self.ethnic = QComboBox()
        for code in GB3304:
            self.ethnic.addItem("", code)
        self.ethnic.setCurrentIndex(self.ethnic.findData(DEFAULT_ETHNIC))
        self.hukou = QLineEdit()
        self.mobile = QLineEdit()
        row = QHBoxLayout()
        row.addWidget(self.ssn, 1)
        row.addWidget(self.lookup_button)
        self.form = QFormLayout(self)
        for field in (
            row,
            self.name,
            self.gender,
            self.ethnic,
            self.hukou,
            self.mobile,
        ):
            self.form.addRow(QLabel(), field)
        self.retranslate()

    def retranslate(self) -> None:
        self.setTitle(self.tr("Resident"))
        self.ssn.setPlaceholderText(self.tr("18-character social security number"))
        self.lookup_button.setText(self.tr("Look up"))
        self.gender.setItemText(0, self.tr("Male"))
        self.gender.setItemText(1, self.tr("Female"))
        for index in range(self.ethnic.count()):
            code = str(self.ethnic.itemData(index))
            self.ethnic.setItemText(index, f"{ethnic_name(code)}  {code}")
        self.hukou.setPlaceholderText(
            self.tr("Default: the first 6 digits of the number")
        )
        labels = (
            self.tr("Social security number"),
            self.tr("Name"),
            self.tr("Gender"),
            self.tr("Ethnic group"),
            self.tr("Hukou region code"),
            self.tr("Mobile number"),
        )
        set_labels(self.form, labels)

    def resident(self) -> Resident:
        """The resident typed in; raises InvalidInputError naming the field."""
        return Resident.from_fields(
            {
                "ssn": self.ssn.text(),
                "name": self.name.text(),
                "gender": str(self.gender.currentData()),
                "ethnic": str(self.ethnic.currentData()),
                "hukou_region": self.hukou.text(),
                "mobile": self.mobile.text(),
            }
        )

    def _gender_from_ssn(self, ssn: str) -> None:
        """Preselect the gender the number's 17th digit gives (odd: male), as
        the backend requires; the operator still sees and can change it."""
        if len(ssn) >= 17 and ssn[16].isdigit():
            self.gender.setCurrentIndex(self.gender.findData(card_ssn.gender(ssn)))

    def show_person(self, person: PersonRecord) -> None:
        self.name.setText(person.name)
        gender = str(
            person.raw.get("gender", person.raw.get("person", {}).get("gender", ""))
        )
        index = self.gender.findData(gender)
        if index >= 0:
            self.gender.setCurrentIndex(index)


class IssuePage(StaffPage):
    """Personalize one blank card for a resident, then print the receipt."""

    def __init__(self, services: StaffServices) -> None:
        super().__init__()
        self.services = services
        self.allocation: Allocation | None = None
        self.failure: PersoError | None = None
        self.result: PersoResult | None = None
        self.form = ResidentForm()
        self.form.lookup_button.clicked.connect(self.lookup)
        self.readers = ReaderPicker(services)
        self.retry_limit = QComboBox()
        for n in (3, 6, 8):
            self.retry_limit.addItem("", n)
        self.start_button = QPushButton()
        self.start_button.clicked.connect(self.start)
        self.erase_button = QPushButton()
        self.erase_button.clicked.connect(self.erase)
        self.receipt_button = QPushButton()
        self.receipt_button.clicked.connect(self.receipt)
        self.new_button = QPushButton()
        self.new_button.clicked.connect(self.clear)
        self.steps = StepList()
        self.banner = Banner()
        self.card_box = QGroupBox()
        self.card_form = QFormLayout(self.card_box)
        self._layout()
        self.retranslate()

    def _layout(self) -> None:
        self.card_form.addRow(QLabel(), self.readers)
        self.card_form.addRow(QLabel(), self.retry_limit)
        left = QVBoxLayout()
        left.addWidget(self.form)
        left.addWidget(self.card_box)
        for button in (
            self.start_button,
            self.erase_button,
            self.receipt_button,
            self.new_button,
        ):
            left.addWidget(button)
        left.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(self.steps, 1)
        right.addWidget(self.banner)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 2)
        layout.addLayout(right, 3)

    def retranslate(self) -> None:
        self.card_box.setTitle(self.tr("Card"))
        set_labels(
            self.card_form, (self.tr("Card reader"), self.tr("Password tries allowed"))
        )
        for index in range(self.retry_limit.count()):
            n = int(self.retry_limit.itemData(index))
            self.retry_limit.setItemText(
                index, self.tr("%1 tries").replace("%1", str(n))
            )
        self.erase_button.setText(self.tr("Erase the partly written card"))
        self.receipt_button.setText(self.tr("Print the collection slip (PDF)"))
        self.new_button.setText(self.tr("Next resident"))
        self._update_buttons()

    def prefill(self, ssn: str) -> None:
        """Start a replacement: the SSN filled in, person looked up."""
        self.clear()
        self.form.ssn.setText(ssn)
        self.lookup()

    def lookup(self) -> None:
        ssn, api = self.form.ssn.text().strip(), self.services.api

        def find() -> tuple[PersonRecord | None, tuple[Allocation, ...]]:
            person = api.find_person(ssn)
            return person, api.open_allocations(ssn) if person else ()

        job = self.services.backend_job("find person", find)
        job.succeeded.connect(self._found)
        job.failed.connect(self.banner.error)

    def _found(self, found: tuple[PersonRecord | None, tuple[Allocation, ...]]) -> None:
        person, unfinished = found
        if person is None:
            self.banner.info(
                self.tr(
                    "Not registered yet: fill in the details; the resident is "
                    "registered when the card is made."
                )
            )
            return
        self.form.show_person(person)
        cards = self.tr(", ").join(
            f"{c.card_number} ({shown('CardStatus', CARD_STATUS, c.status)})"
            for c in person.cards
        )
        text = (
            self.tr("Registered: %1. Cards: %2")
            .replace("%1", person.name)
            .replace("%2", cards or self.tr("none"))
        )
        if unfinished and self.allocation is None:
            text += "\n" + self.tr(
                "A card was started and not finished: number %1 (given, not yet "
                "in use). Making the card reuses this number; no new number is given."
            ).replace("%1", unfinished[0].card_number)
        self.banner.info(text)

    def start(self) -> None:
        """Run (or resume) the personalization on the card worker."""
        try:
            resident = self.form.resident()
        except InvalidInputError as exc:
            self.banner.error(exc)
            return
        reader = self.readers.reader()
        if not reader:
            self.banner.error(self.tr("Choose a card reader first."))
            return
        resume_register = (
            self.failure is not None
            and self.failure.card_state is CardState.PERSONALIZED
        )
        self.steps.reset_steps()
        self.banner.info(self.tr("Making the card: do not take it out…"))
        self._busy(True)
        allocation, limit = self.allocation, int(self.retry_limit.currentData())
        connect, api = self.services.connector(reader), self.services.api
        blank_code = self.services.blank_code(reader)

        def work(report: object) -> PersoResult:
            perso = Personalizer(
                api,
                connect,
                progress=report,  # type: ignore[arg-type]
                retry_limit=limit,
                blank_code=blank_code,
            )
            return perso.run(
                resident, allocation=allocation, card_personalized=resume_register
            )

        job = self.services.card_job("personalize", work)
        job.progress.connect(self.steps.mark)
        job.succeeded.connect(self._issued)
        job.failed.connect(self._failed)

    def _issued(self, result: PersoResult) -> None:
        self.result, self.failure, self.allocation = result, None, None
        self._busy(False)
        text = self.tr("Card made: number %1.").replace(
            "%1", result.allocation.card_number
        )
        if result.resumed:
            text += " " + self.tr("The unfinished card number was reused.")
        self.banner.ok(
            text
            + " "
            + self.tr("Print the collection slip and hand it to the resident."),
            details=(
                f"{result.apdu_count} APDUs, {result.apdu_seconds:.2f} s on the "
                f"card, {result.total_seconds:.1f} s in all"
            ),
        )

    def _failed(self, exc: BaseException) -> None:
        self._busy(False)
        if isinstance(exc, PersoError):
            self.failure = exc
            self.allocation = exc.allocation or self.allocation
        elif isinstance(exc, CardAlreadyPersonalizedError) and self.allocation:
            # ERASE answered 6985: the card took ACTIVATE (e.g. before a restart)
            # and passed issuer authentication for this allocation: register it
            self.failure = PersoError(
                step=Step.REGISTER,
                card_state=CardState.PERSONALIZED,
                allocation=self.allocation,
                cause=exc,
            )
        self.banner.error(exc)
        self._update_buttons()

    def erase(self) -> None:
        """Wipe a half-written card (issuer authentication, then ERASE)."""
        allocation, reader = self.allocation, self.readers.reader()
        if allocation is None or not reader:
            return
        provider, api = self.services.provider, self.services.api

        def work(_report: object) -> None:
            conn: Connection = provider.connect(reader)
            with conn:
                erase_card(api, conn, allocation)

        self._busy(True)
        job = self.services.card_job("erase", work)
        job.succeeded.connect(self._erased)
        job.failed.connect(self._failed)

    def _erased(self, _none: object) -> None:
        self.failure = None
        self._busy(False)
        self.steps.reset_steps()
        self.banner.ok(
            self.tr(
                'The card is erased. Press "%1" to make it again with the same '
                "card number."
            ).replace("%1", self._start_text())
        )

    def receipt(self) -> None:
        """Write the receipt PDF into the output folder."""
        if self.result is None:
            return
        alloc = self.result.allocation
        data = ReceiptData(
            card_number=alloc.card_number,
            name=self.form.name.text(),
            ssn=alloc.ssn,
            issue_date=alloc.issue_date,
            expiry_date=alloc.expiry_date,
            operator=self._operator(),
        )
        folder = self.services.output_dir / "receipts"
        folder.mkdir(parents=True, exist_ok=True)
        path = write_receipt(data, folder / f"receipt-{alloc.card_number}.pdf")
        self.banner.ok(self.tr("Collection slip written: %1").replace("%1", str(path)))

    def clear(self) -> None:
        self.allocation = self.failure = self.result = None
        for field in (self.form.ssn, self.form.name, self.form.hukou, self.form.mobile):
            field.clear()
        # the next resident starts from the defaults, not the last one's choices
        self.form.gender.setCurrentIndex(0)
        self.form.ethnic.setCurrentIndex(self.form.ethnic.findData(DEFAULT_ETHNIC))
        self.steps.reset_steps()
        self.banner.hide()
        self._update_buttons()

    def _operator(self) -> str:
        op = self.services.session.operator
        return op.username if op else ""

    def _busy(self, busy: bool) -> None:
        for w in (
            self.start_button,
            self.erase_button,
            self.receipt_button,
            self.new_button,
            self.form,
        ):
            w.setEnabled(not busy)
        if not busy:
            self._update_buttons()

    def _start_text(self) -> str:
        if (
            self.failure is not None
            and self.failure.card_state is CardState.PERSONALIZED
        ):
            return self.tr("Finish recording")
        if self.allocation:
            return self.tr("Make it again with the same number")
        return self.tr("Make the card")

    def _update_buttons(self) -> None:
        half = (
            self.failure is not None
            and self.failure.card_state is CardState.HALF_WRITTEN
        )
        self.erase_button.setEnabled(half)
        self.receipt_button.setEnabled(self.result is not None)
        self.start_button.setText(self._start_text())
        self.start_button.setEnabled(not half)
