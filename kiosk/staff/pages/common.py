# SPDX-License-Identifier: Apache-2.0
"""Small pieces every staff page uses: a message banner, a reader picker."""

from __future__ import annotations

import logging

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QWidget,
)

from kiosk.staff.messages import staff_message
from kiosk.staff.services import StaffServices

log = logging.getLogger(__name__)

STYLE_OK = "background:#e6f4ea;color:#135c26;padding:8px;border-radius:4px;"
STYLE_ERROR = "background:#fce8e6;color:#8a1c12;padding:8px;border-radius:4px;"
STYLE_INFO = "background:#e8f0fe;color:#174ea6;padding:8px;border-radius:4px;"


class Banner(QLabel):
    """A one-line message area: info, success or error."""

    def __init__(self) -> None:
        super().__init__()
        self.setWordWrap(True)
        self.hide()

    def info(self, text: str) -> None:
        self._show(text, STYLE_INFO)

    def ok(self, text: str) -> None:
        self._show(text, STYLE_OK)

    def error(self, exc: BaseException | str) -> None:
        text = exc if isinstance(exc, str) else staff_message(exc)
        self._show(text, STYLE_ERROR)

    def _show(self, text: str, style: str) -> None:
        self.setStyleSheet(style)
        self.setText(text)
        self.show()


class ReaderPicker(QWidget):
    """Readers in a combo box with a refresh button (listed on the card worker)."""

    refreshed = Signal(list)

    def __init__(self, services: StaffServices) -> None:
        super().__init__()
        self.services = services
        self.combo = QComboBox()
        self.combo.setMinimumWidth(260)
        self.refresh_button = QPushButton("刷新读卡器")
        self.refresh_button.clicked.connect(self.refresh)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.combo, 1)
        layout.addWidget(self.refresh_button)
        self.insert_button: QPushButton | None = None
        if services.eject is not None:
            self.insert_button = QPushButton("取出虚拟卡")
            self.insert_button.setToolTip("制卡时空读卡器会自动放入一张空白虚拟卡")
            self.insert_button.clicked.connect(self._eject)
            layout.addWidget(self.insert_button)

    def reader(self) -> str:
        """The chosen reader name ('' when none)."""
        return self.combo.currentText()

    def refresh(self) -> None:
        job = self.services.card_job(
            "readers", lambda _r: self.services.provider.readers()
        )
        job.succeeded.connect(self._show)
        job.failed.connect(lambda exc: log.warning("reader listing failed: %s", exc))

    def _show(self, readers: list[object]) -> None:
        current = self.combo.currentText()
        self.combo.clear()
        names = [getattr(r, "name", str(r)) for r in readers]
        for info, name in zip(readers, names, strict=True):
            present = "（有卡）" if getattr(info, "card_present", False) else ""
            self.combo.addItem(name)
            self.combo.setItemData(self.combo.count() - 1, present)
        if current in names:
            self.combo.setCurrentText(current)
        self.refreshed.emit(names)

    def _eject(self) -> None:
        eject = self.services.eject
        name = self.reader()
        if eject is None or not name:
            return
        job = self.services.card_job("eject", lambda _r: eject(name))
        job.finished.connect(self.refresh)
