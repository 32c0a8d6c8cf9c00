# SPDX-License-Identifier: Apache-2.0
"""Batch personalization screen: CSV in, progress bar, per-row results out."""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
)

from staff.batch import (
    OPTIONAL_COLUMNS,
    REQUIRED_COLUMNS,
    RESULTS_NAME,
    BatchProgress,
    BatchRunner,
    RowResult,
)
from staff.models import mask_ssn
from staff.pages.common import (
    Banner,
    ReaderPicker,
    StaffPage,
    fill_table,
    make_table,
    set_labels,
)
from staff.personalize import Step
from staff.services import StaffServices
from staff.translations import shown
from staff.wording import BATCH_STATUS, STEP_NAMES

log = logging.getLogger(__name__)


class BatchPage(StaffPage):
    """Runs :class:`BatchRunner` on the card worker; stop resumes later."""

    def __init__(self, services: StaffServices) -> None:
        super().__init__()
        self.services = services
        self._stop = threading.Event()
        self.csv_path = QLineEdit()
        self.browse_button = QPushButton()
        self.browse_button.clicked.connect(self._browse)
        self.out_dir = QLineEdit(str(services.output_dir / "batch"))
        self.readers = ReaderPicker(services)
        self.start_button = QPushButton()
        self.start_button.clicked.connect(self.start)
        self.stop_button = QPushButton()
        self.stop_button.setEnabled(False)
        self.stop_button.clicked.connect(self._stop.set)
        self.bar = QProgressBar()
        self.current = QLabel("")
        self.table = make_table(5)
        self.banner = Banner()
        self.columns = QLabel()
        self.columns.setWordWrap(True)
        self.form = QFormLayout()
        self._layout()
        self.retranslate()

    def _layout(self) -> None:
        row = QHBoxLayout()
        row.addWidget(self.csv_path, 1)
        row.addWidget(self.browse_button)
        for field in (row, self.columns, self.out_dir, self.readers):
            self.form.addRow(QLabel(), field)
        buttons = QHBoxLayout()
        buttons.addWidget(self.start_button)
        buttons.addWidget(self.stop_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addLayout(buttons)
        layout.addWidget(self.bar)
        layout.addWidget(self.current)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.banner)

    def retranslate(self) -> None:
        set_labels(
            self.form,
            (
                self.tr("Residents (CSV)"),
                "",
                self.tr("Output folder"),
                self.tr("Card reader"),
            ),
        )
        self.columns.setText(
            self.tr("CSV columns: required %1; optional %2")
            .replace("%1", ", ".join(REQUIRED_COLUMNS))
            .replace("%2", ", ".join(OPTIONAL_COLUMNS))
        )
        self.browse_button.setText(self.tr("Choose…"))
        self.start_button.setText(self.tr("Start / continue"))
        self.stop_button.setText(self.tr("Pause"))
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Line"),
                self.tr("Social security number"),
                self.tr("Name"),
                self.tr("Result"),
                self.tr("Card number / why"),
            ]
        )

    def _browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Choose the residents' list"), "", "CSV (*.csv)"
        )
        if path:
            self.csv_path.setText(path)

    def start(self) -> None:
        csv_path, out_dir = Path(self.csv_path.text()), Path(self.out_dir.text())
        make_source = self.services.batch_source
        if not csv_path.is_file() or make_source is None:
            self.banner.error(self.tr("Choose a CSV file that exists."))
            return
        source = make_source(self.readers.reader(), out_dir)
        self._stop.clear()
        runner_args: dict[str, Any] = {
            "backend": self.services.api,
            "source": source,
            "output_dir": out_dir,
        }

        def work(report: object) -> list[RowResult]:
            runner = BatchRunner(
                **runner_args,
                progress=report,  # type: ignore[arg-type]
                should_stop=self._stop.is_set,
            )
            return runner.run(csv_path)

        self.table.setRowCount(0)
        self.start_button.setEnabled(False)
        self.stop_button.setEnabled(True)
        self.banner.info(self.tr("Batch issuing in progress…"))
        job = self.services.card_job("batch", work)
        job.progress.connect(self._progress)
        job.succeeded.connect(lambda results: self._done(results, out_dir))
        job.failed.connect(self.banner.error)
        job.finished.connect(self._idle)

    def _progress(self, progress: BatchProgress) -> None:
        self.bar.setMaximum(progress.total)
        self.bar.setValue(progress.done)
        if progress.step is not None:
            self.current.setText(
                self.tr("Line %1: %2")
                .replace("%1", str(progress.line))
                .replace("%2", shown("Step", STEP_NAMES, progress.step.step))
            )
        if progress.result is not None:
            self._add(progress.result)

    def _add(self, result: RowResult) -> None:
        tail = result.card_number
        if result.status == "failed":
            step = Step(result.step) if result.step in set(Step) else None
            where = shown("Step", STEP_NAMES, step) if step else result.step
            tail = f"{result.card_number} " + self.tr("stopped at: %1").replace(
                "%1", where
            )
        cells = (
            str(result.line),
            mask_ssn(result.ssn),
            result.name,
            shown("Batch", BATCH_STATUS, result.status),
            tail.strip(),
        )
        fill_table(self.table, [cells], append=True)
        cell = self.table.item(self.table.rowCount() - 1, 4)
        if result.error and cell is not None:  # technical detail, for a technician
            cell.setToolTip(result.error)
        self.table.scrollToBottom()

    def _done(self, results: list[RowResult], out_dir: Path) -> None:
        failed = sum(r.status == "failed" for r in results)
        self.current.setText("")
        text = (
            self.tr("%1 lines done, %2 failed. Results file: %3")
            .replace("%1", str(len(results)))
            .replace("%2", str(failed))
            .replace("%3", str(out_dir / RESULTS_NAME))
        )
        (self.banner.error if failed else self.banner.ok)(text)

    def _idle(self) -> None:
        self.start_button.setEnabled(True)
        self.stop_button.setEnabled(False)
