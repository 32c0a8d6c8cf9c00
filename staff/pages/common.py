# SPDX-License-Identifier: Apache-2.0
"""Small pieces every staff page uses: a page that re-reads its texts when the
language changes, a message banner with folded technical details, a reader
picker, tables, and the confirmation asked before an irreversible action."""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from staff.messages import StaffMessage, staff_message
from staff.services import StaffServices

log = logging.getLogger(__name__)

STYLE_OK = "background:#e6f4ea;color:#135c26;"
STYLE_ERROR = "background:#fce8e6;color:#8a1c12;"
STYLE_INFO = "background:#e8f0fe;color:#174ea6;"

DANGER_BUTTON = """
QPushButton { color: #a61b1b; background: #ffffff; font-weight: bold;
              border: 2px solid #a61b1b; border-radius: 4px; padding: 6px 14px; }
QPushButton:disabled { color: #b9a0a0; border-color: #d8c4c4; }
"""
STATION_STYLE = """
QGroupBox#danger { border: 2px solid #a61b1b; border-radius: 6px;
                   margin-top: 16px; padding-top: 8px; }
QGroupBox#danger::title { color: #a61b1b; subcontrol-origin: margin; left: 10px;
                          font-weight: bold; }
QLabel#dangerNote { color: #8a1c12; }
QFrame#banner { border-radius: 4px; }
QToolButton#detailsToggle { border: none; text-decoration: underline; }
"""


class Retranslating:
    """Mixin (before the Qt class): texts set in :meth:`retranslate`, called
    again whenever Qt sends LanguageChange (a translator was switched)."""

    def retranslate(self) -> None:
        """Set every text of the widget in the current language."""

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)  # type: ignore[misc]


class StaffPage(Retranslating, QWidget):
    """A page of the station (a QWidget that re-reads its texts)."""


class Banner(QFrame):
    """A message area: info, success or error; an error's technical detail is
    folded behind a "Technical details" button (for a technician)."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("banner")
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.toggle = QToolButton()
        self.toggle.setObjectName("detailsToggle")
        self.toggle.setCheckable(True)
        self.toggle.toggled.connect(self._fold)
        self.details = QLabel()
        self.details.setWordWrap(True)
        self.details.setFont(
            QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        )
        self.details.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addWidget(self.message)
        layout.addWidget(self.toggle, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.details)
        self._fold(False)
        self.hide()

    def text(self) -> str:
        """The plain message shown (tests, screenshots)."""
        return self.message.text()

    def info(self, text: str) -> None:
        self._show(StaffMessage(text=text), STYLE_INFO)

    def ok(self, text: str, details: str = "") -> None:
        self._show(StaffMessage(text=text, details=details), STYLE_OK)

    def error(self, exc: BaseException | str) -> None:
        shown = StaffMessage(text=exc) if isinstance(exc, str) else staff_message(exc)
        self._show(shown, STYLE_ERROR)

    def _show(self, shown: StaffMessage, style: str) -> None:
        self.setStyleSheet(f"QFrame#banner {{{style}}} QLabel {{{style}}}")
        self.message.setText(shown.text)
        self.details.setText(shown.details)
        self.toggle.setVisible(bool(shown.details))
        self.toggle.setChecked(False)
        self._fold(False)
        self.show()

    def _fold(self, open_: bool) -> None:
        self.details.setVisible(open_ and bool(self.details.text()))
        self.toggle.setText(
            self.tr("Hide technical details")
            if open_
            else self.tr("Technical details (for a technician)")
        )


class ReaderPicker(StaffPage):
    """Readers in a combo box with a refresh button (listed on the card worker)."""

    refreshed = Signal(list)

    def __init__(self, services: StaffServices) -> None:
        super().__init__()
        self.services = services
        self.combo = QComboBox()
        self.combo.setMinimumWidth(260)
        self.refresh_button = QPushButton()
        self.refresh_button.clicked.connect(self.refresh)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.combo, 1)
        layout.addWidget(self.refresh_button)
        self.virtual_buttons: list[tuple[QPushButton, str]] = []
        for key, action in (("eject", services.eject), ("reinsert", services.reinsert)):
            if action is not None:
                button = QPushButton()
                button.clicked.connect(lambda _c=False, a=action: self._virtual(a))
                layout.addWidget(button)
                self.virtual_buttons.append((button, key))
        self.retranslate()

    def retranslate(self) -> None:
        self.refresh_button.setText(self.tr("Refresh readers"))
        for button, key in self.virtual_buttons:
            if key == "eject":
                button.setText(self.tr("Take out"))
                button.setToolTip(
                    self.tr(
                        "Take the virtual card out; an empty reader gets a blank "
                        "card when a card is made"
                    )
                )
            else:
                button.setText(self.tr("Put back"))
                button.setToolTip(self.tr("Put a pulled virtual card back in"))

    def reader(self) -> str:
        """The chosen reader name ('' when none)."""
        return self.combo.currentText()

    def refresh(self) -> None:
        job = self.services.card_job(
            "readers", lambda _r: self.services.provider.readers()
        )
        job.succeeded.connect(self._show)
        job.failed.connect(
            lambda exc: log.warning("reader listing failed: %s", type(exc).__name__)
        )

    def _show(self, readers: list[object]) -> None:
        current = self.combo.currentText()
        self.combo.clear()
        names = [getattr(r, "name", str(r)) for r in readers]
        for name in names:
            self.combo.addItem(name)
        if current in names:
            self.combo.setCurrentText(current)
        self.refreshed.emit(names)

    def _virtual(self, action: Callable[[str], object]) -> None:
        """Eject or re-insert the virtual card of the chosen reader."""
        name = self.reader()
        if not name:
            return
        job = self.services.card_job("virtual reader", lambda _r: action(name))
        job.finished.connect(self.refresh)


def make_table(columns: int) -> QTableWidget:
    """A read-only, row-selecting table (headers set by the page's retranslate)."""
    table = QTableWidget(0, columns)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setStretchLastSection(True)
    return table


def fill_table(
    table: QTableWidget, rows: list[tuple[str, ...]], *, append: bool = False
) -> None:
    """Show ``rows`` (replacing, or appended), columns sized to their text."""
    if not append:
        table.setRowCount(0)
    for cells in rows:
        row = table.rowCount()
        table.insertRow(row)
        for col, text in enumerate(cells):
            table.setItem(row, col, QTableWidgetItem(text))
    table.resizeColumnsToContents()
    table.horizontalHeader().setStretchLastSection(True)


def set_labels(form: QFormLayout, texts: tuple[str, ...]) -> None:
    """Set the row labels of ``form`` (rows added with a QLabel), top to bottom."""
    for row, text in enumerate(texts):
        item = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
        label = item.widget() if item is not None else None
        if isinstance(label, QLabel):
            label.setText(text)


def danger_button() -> QPushButton:
    """A button for an irreversible action: red outline, set apart by its page."""
    button = QPushButton()
    button.setObjectName("danger")
    button.setStyleSheet(DANGER_BUTTON)
    return button


class ConfirmDialog(QMessageBox):
    """Asks before an irreversible action, spelling out its consequence.

    Window-modal and opened with :meth:`open` (the GUI thread never blocks);
    ``confirmed`` is emitted only when the operator presses the action's own
    button: the safe choice is the default, so Enter does not destroy.
    """

    confirmed = Signal()

    def __init__(
        self,
        parent: QWidget,
        *,
        title: str,
        question: str,
        consequence: str,
        action: str,
        keep: str,
    ) -> None:
        super().__init__(parent)
        self.setIcon(QMessageBox.Icon.Warning)
        self.setWindowTitle(title)
        self.setText(question)
        self.setInformativeText(consequence)
        self.action_button = self.addButton(
            action, QMessageBox.ButtonRole.DestructiveRole
        )
        self.action_button.setObjectName("danger")
        self.action_button.setStyleSheet(DANGER_BUTTON)
        self.keep_button = self.addButton(keep, QMessageBox.ButtonRole.RejectRole)
        self.setDefaultButton(self.keep_button)
        self.setEscapeButton(self.keep_button)
        self.buttonClicked.connect(self._clicked)
        self.finished.connect(self.deleteLater)

    def _clicked(self, button: object) -> None:
        if button is self.action_button:
            self.confirmed.emit()
