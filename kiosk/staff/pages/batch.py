# SPDX-License-Identifier: Apache-2.0
"""Batch personalization screen: CSV in, progress bar, per-row results out."""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kiosk.staff.batch import (
    OPTIONAL_COLUMNS,
    REQUIRED_COLUMNS,
    RESULTS_NAME,
    BatchProgress,
    BatchRunner,
    RowResult,
)
from kiosk.staff.pages.common import Banner, ReaderPicker, fill_table, make_table
from kiosk.staff.services import StaffServices

log = logging.getLogger(__name__)

STATUS_LABELS = {"issued": "已制卡", "already_issued": "此前已制卡", "failed": "失败"}


class BatchPage(QWidget):
    """Runs :class:`BatchRunner` on the card worker; stop resumes later."""

    def __init__(self, services: StaffServices) -> None:
        super().__init__()
        self.services = services
        self._stop = threading.Event()
        self.csv_path = QLineEdit()
        browse = QPushButton("选择…")
        browse.clicked.connect(self._browse)
        self.out_dir = QLineEdit(str(services.output_dir / "batch"))
        self.readers = ReaderPicker(services)
        self.start_button = QPushButton("开始 / 继续")
        self.start_button.clicked.connect(self.start)
        self.stop_button = QPushButton("暂停")
        self.stop_button.setEnabled(False)
        self.stop_button.clicked.connect(self._stop.set)
        self.bar = QProgressBar()
        self.current = QLabel("")
        self.table = make_table(["行", "社会保障号码", "姓名", "结果", "卡号 / 原因"])
        self.banner = Banner()
        columns = QLabel(
            f"CSV 列：必填 {', '.join(REQUIRED_COLUMNS)}；"
            f"可选 {', '.join(OPTIONAL_COLUMNS)}"
        )
        columns.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.csv_path, 1)
        row.addWidget(browse)
        form = QFormLayout()
        form.addRow("居民名单 CSV", row)
        form.addRow("", columns)
        form.addRow("输出目录", self.out_dir)
        form.addRow("读卡器", self.readers)
        buttons = QHBoxLayout()
        buttons.addWidget(self.start_button)
        buttons.addWidget(self.stop_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(self.bar)
        layout.addWidget(self.current)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.banner)

    def _browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "选择居民名单", "", "CSV (*.csv)")
        if path:
            self.csv_path.setText(path)

    def start(self) -> None:
        csv_path, out_dir = Path(self.csv_path.text()), Path(self.out_dir.text())
        make_source = self.services.batch_source
        if not csv_path.is_file() or make_source is None:
            self.banner.error("请选择存在的 CSV 文件。")
            return
        source = make_source(self.readers.reader(), out_dir)
        self._stop.clear()
        runner_args = {
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
        self.banner.info("批量制卡进行中…")
        job = self.services.card_job("batch", work)
        job.progress.connect(self._progress)
        job.succeeded.connect(lambda results: self._done(results, out_dir))
        job.failed.connect(self.banner.error)
        job.finished.connect(self._idle)

    def _progress(self, progress: BatchProgress) -> None:
        self.bar.setMaximum(progress.total)
        self.bar.setValue(progress.done)
        if progress.step is not None:
            self.current.setText(f"第 {progress.line} 行：{progress.step.label}")
        if progress.result is not None:
            self._add(progress.result)

    def _add(self, result: RowResult) -> None:
        tail = (
            result.card_number
            if result.status != "failed"
            else (f"{result.card_number} {result.step}: {result.error}")
        )
        cells = (
            str(result.line),
            result.ssn,
            result.name,
            STATUS_LABELS.get(result.status, result.status),
            tail,
        )
        fill_table(self.table, [cells], append=True)
        self.table.scrollToBottom()

    def _done(self, results: list[RowResult], out_dir: Path) -> None:
        failed = sum(r.status == "failed" for r in results)
        self.current.setText("")
        text = (
            f"完成 {len(results)} 行，失败 {failed} 行。"
            f"结果文件：{out_dir / RESULTS_NAME}"
        )
        (self.banner.error if failed else self.banner.ok)(text)

    def _idle(self) -> None:
        self.start_button.setEnabled(True)
        self.stop_button.setEnabled(False)
