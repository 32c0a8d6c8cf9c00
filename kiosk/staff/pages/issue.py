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
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from card.connection import Connection
from kiosk.staff.errors import InvalidInputError
from kiosk.staff.models import Allocation, PersonRecord, Resident
from kiosk.staff.pages.common import Banner, ReaderPicker
from kiosk.staff.personalize import (
    STEP_LABELS,
    STEPS,
    CardAlreadyPersonalisedError,
    CardState,
    PersoError,
    Personalizer,
    PersoResult,
    Progress,
    Step,
    StepStatus,
    erase_card,
)
from kiosk.staff.receipt import ReceiptData, write_receipt
from kiosk.staff.services import StaffServices

log = logging.getLogger(__name__)

MARKS = {
    StepStatus.STARTED: "▶",
    StepStatus.DONE: "✔",
    StepStatus.SKIPPED: "–",
    StepStatus.FAILED: "✖",
}


class StepList(QListWidget):
    """One line per personalization step, marked as it progresses."""

    def __init__(self) -> None:
        super().__init__()
        self.setMinimumWidth(440)
        self.reset_steps()

    def reset_steps(self) -> None:
        self.clear()
        for step in STEPS:
            self.addItem(QListWidgetItem(f"○  {STEP_LABELS[step]}"))

    def mark(self, progress: Progress) -> None:
        item = self.item(progress.index)
        detail = f"（{progress.detail}）" if progress.detail else ""
        item.setText(f"{MARKS[progress.status]}  {progress.label}{detail}")
        colour = {
            StepStatus.FAILED: Qt.GlobalColor.red,
            StepStatus.DONE: Qt.GlobalColor.darkGreen,
        }.get(progress.status)
        if colour is not None:
            item.setForeground(colour)
        self.setCurrentRow(progress.index)


class ResidentForm(QGroupBox):
    """SSN lookup and the EF06 fields of a resident."""

    def __init__(self) -> None:
        super().__init__("参保人")
        self.ssn = QLineEdit()
        self.ssn.setPlaceholderText("18 位社会保障号码")
        self.ssn.setMaxLength(18)
        self.lookup_button = QPushButton("查询")
        self.name = QLineEdit()
        self.gender = QComboBox()
        self.gender.addItem("男", "1")
        self.gender.addItem("女", "2")
        self.ethnic = QLineEdit("01")
        self.hukou = QLineEdit()
        self.hukou.setPlaceholderText("默认取号码前 6 位")
        self.mobile = QLineEdit()
        row = QHBoxLayout()
        row.addWidget(self.ssn, 1)
        row.addWidget(self.lookup_button)
        form = QFormLayout(self)
        form.addRow("社会保障号码", row)
        form.addRow("姓名", self.name)
        form.addRow("性别", self.gender)
        form.addRow("民族代码", self.ethnic)
        form.addRow("户籍地区划", self.hukou)
        form.addRow("手机号", self.mobile)

    def resident(self) -> Resident:
        """The resident typed in; raises InvalidInputError naming the field."""
        return Resident.from_fields(
            {
                "ssn": self.ssn.text(),
                "name": self.name.text(),
                "gender": str(self.gender.currentData()),
                "ethnic": self.ethnic.text(),
                "hukou_region": self.hukou.text(),
                "mobile": self.mobile.text(),
            }
        )

    def show_person(self, person: PersonRecord) -> None:
        self.name.setText(person.name)
        gender = str(
            person.raw.get("gender", person.raw.get("person", {}).get("gender", ""))
        )
        index = self.gender.findData(gender)
        if index >= 0:
            self.gender.setCurrentIndex(index)


class IssuePage(QWidget):
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
            self.retry_limit.addItem(f"{n} 次", n)
        self.start_button = QPushButton("开始制卡")
        self.start_button.clicked.connect(self.start)
        self.erase_button = QPushButton("擦除半成品卡")
        self.erase_button.clicked.connect(self.erase)
        self.receipt_button = QPushButton("打印领卡回执 (PDF)")
        self.receipt_button.clicked.connect(self.receipt)
        self.new_button = QPushButton("下一位")
        self.new_button.clicked.connect(self.clear)
        self.steps = StepList()
        self.banner = Banner()
        self._layout()
        self._update_buttons()

    def _layout(self) -> None:
        card_box = QGroupBox("卡片")
        card_form = QFormLayout(card_box)
        card_form.addRow("读卡器", self.readers)
        card_form.addRow("密码重试次数", self.retry_limit)
        left = QVBoxLayout()
        left.addWidget(self.form)
        left.addWidget(card_box)
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
            self.banner.info("未登记的参保人：填写信息后制卡时将自动登记。")
            return
        self.form.show_person(person)
        cards = (
            "，".join(f"{c.card_number}（{c.status}）" for c in person.cards) or "无"
        )
        text = f"已登记：{person.name}。现有卡片：{cards}"
        if unfinished and self.allocation is None:
            text += (
                f"\n有未完成的制卡：卡号 {unfinished[0].card_number}"
                "（已分配，尚未启用）。开始制卡时沿用此卡号，不再分配新卡号。"
            )
        self.banner.info(text)

    def start(self) -> None:
        """Run (or resume) the personalization on the card worker."""
        try:
            resident = self.form.resident()
        except InvalidInputError as exc:
            self.banner.error(str(exc))
            return
        reader = self.readers.reader()
        if not reader:
            self.banner.error("请先选择读卡器。")
            return
        resume_register = (
            self.failure is not None
            and self.failure.card_state is CardState.PERSONALISED
        )
        self.steps.reset_steps()
        self.banner.info("正在制卡，请勿拔出卡片…")
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
                resident, allocation=allocation, card_personalised=resume_register
            )

        job = self.services.card_job("personalize", work)
        job.progress.connect(self.steps.mark)
        job.succeeded.connect(self._issued)
        job.failed.connect(self._failed)

    def _issued(self, result: PersoResult) -> None:
        self.result, self.failure, self.allocation = result, None, None
        self._busy(False)
        resumed = "（沿用未完成的卡号）" if result.resumed else ""
        self.banner.ok(
            f"制卡成功：卡号 {result.allocation.card_number}{resumed}，"
            f"共 {result.apdu_count} 条指令，用时 {result.total_seconds:.1f} 秒。"
            "请打印回执交给参保人。"
        )

    def _failed(self, exc: BaseException) -> None:
        self._busy(False)
        if isinstance(exc, PersoError):
            self.failure = exc
            self.allocation = exc.allocation or self.allocation
        elif isinstance(exc, CardAlreadyPersonalisedError) and self.allocation:
            # ERASE answered 6985: the card took ACTIVATE (e.g. before a restart)
            # and passed issuer authentication for this allocation: register it
            self.failure = PersoError(
                step=Step.REGISTER,
                card_state=CardState.PERSONALISED,
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
        self.banner.ok("卡片已擦除，可用同一卡号重新制卡（点击“开始制卡”）。")

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
        self.banner.ok(f"回执已生成：{path}")

    def clear(self) -> None:
        self.allocation = self.failure = self.result = None
        for field in (self.form.ssn, self.form.name, self.form.hukou, self.form.mobile):
            field.clear()
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

    def _update_buttons(self) -> None:
        half = (
            self.failure is not None
            and self.failure.card_state is CardState.HALF_WRITTEN
        )
        self.erase_button.setEnabled(half)
        self.receipt_button.setEnabled(self.result is not None)
        resume = (
            self.failure is not None
            and self.failure.card_state is CardState.PERSONALISED
        )
        self.start_button.setText(
            "继续登记"
            if resume
            else "用同一卡号重新制卡"
            if self.allocation
            else "开始制卡"
        )
        self.start_button.setEnabled(not half)
