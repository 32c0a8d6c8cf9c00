# SPDX-License-Identifier: Apache-2.0
"""The diagnostics window: readers, backend, versions, recent APDUs, configuration.

It only shows values handed to it (:mod:`kiosk.diagnostics.model`) and emits
what the technician asked for; it never does I/O itself. It keeps one compact
light look whichever kiosk theme (normal, large/high contrast) is active:
it is a dense technical page, not a resident screen.

It is used on the kiosk's touch screen: every list and table scrolls by
dragging it with a finger (QScroller kinetic scrolling), its scroll bars are
wide enough for a finger and have no arrow buttons, and APDU lines wrap
instead of running off the side. Failures are said in words; the error type
behind them is in the tooltip and the exported report.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QListView,
    QListWidget,
    QScroller,
    QTableWidget,
    QTableWidgetItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kiosk.diagnostics.model import (
    ApduRow,
    ConfigItem,
    HealthResult,
    Reachability,
    ReadersSnapshot,
    Versions,
)
from kiosk.diagnostics.report import ExportResult
from kiosk.screens.base import button, label

if TYPE_CHECKING:
    from kiosk.selfcheck import Problem

STYLE = """
QWidget#diagnostics, QWidget#diagnostics QWidget { font-size: 15px; color: #1b2733;
                                                   background: #f4f7fb; }
QWidget#diagnostics QListWidget, QWidget#diagnostics QTreeWidget,
QWidget#diagnostics QTableWidget, QWidget#diagnostics QHeaderView::section {
    background: #ffffff; color: #1b2733; }
QWidget#diagnostics QLabel#title { font-size: 24px; }
QWidget#diagnostics QPushButton { font-size: 17px; min-height: 40px;
                                  padding: 4px 16px; border: 2px solid #1f6fb2;
                                  border-radius: 8px; color: #0d3b66; }
QWidget#diagnostics QPushButton#primary { background: #1f6fb2; color: #ffffff; }
QWidget#diagnostics QPushButton#danger { border-color: #a61b1b; color: #a61b1b; }
QWidget#diagnostics QGroupBox { font-weight: bold; margin-top: 14px; }
QWidget#diagnostics QGroupBox::title { subcontrol-origin: margin; left: 8px; }
QWidget#diagnostics QLabel#stateGood { color: #1e7b34; font-weight: bold; }
QWidget#diagnostics QLabel#stateBad { color: #a61b1b; font-weight: bold; }
QWidget#diagnostics QListWidget, QWidget#diagnostics QTreeWidget,
QWidget#diagnostics QTableWidget { font-size: 14px; }
QWidget#diagnostics QListWidget::item { min-height: 0px; padding: 1px 4px; }
QWidget#diagnostics QHeaderView::section { font-size: 15px; padding: 3px 6px; }
QWidget#diagnostics QScrollBar:vertical { width: 28px; background: #e3e9f1;
                                          margin: 0px; }
QWidget#diagnostics QScrollBar:horizontal { height: 28px; background: #e3e9f1;
                                            margin: 0px; }
QWidget#diagnostics QScrollBar::handle { background: #8fa3b8; border-radius: 6px;
                                         min-height: 48px; min-width: 48px;
                                         margin: 3px; }
QWidget#diagnostics QScrollBar::add-line, QWidget#diagnostics QScrollBar::sub-line {
    width: 0px; height: 0px; }
QWidget#diagnostics QScrollBar::add-page, QWidget#diagnostics QScrollBar::sub-page {
    background: none; }
"""
SCROLL_BAR_WIDTH = 28  # px, as in STYLE: a fingertip


def touch_scrolling(view: QAbstractItemView) -> None:
    """Drag to scroll (kinetic), pixel by pixel, as on a phone.

    The left-button gesture is used because a touch screen's taps reach
    widgets as synthesized mouse events; a tap without a drag still selects
    or expands as before.
    """
    view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
    view.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
    QScroller.grabGesture(
        view.viewport(), QScroller.ScrollerGestureType.LeftMouseButtonGesture
    )


def _table(columns: int) -> QTableWidget:
    table = QTableWidget(0, columns)
    table.verticalHeader().hide()
    table.horizontalHeader().hide()
    table.horizontalHeader().setSectionResizeMode(
        QHeaderView.ResizeMode.ResizeToContents
    )
    table.horizontalHeader().setStretchLastSection(True)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
    table.verticalHeader().setDefaultSectionSize(26)
    return table


def _fill(table: QTableWidget, rows: list[tuple[str, str]]) -> None:
    table.setRowCount(len(rows))
    for index, (key, value) in enumerate(rows):
        table.setItem(index, 0, QTableWidgetItem(key))
        table.setItem(index, 1, QTableWidgetItem(value))


def _clock(at: float) -> str:
    return time.strftime("%H:%M:%S", time.localtime(at))


class DiagnosticsWindow(QWidget):
    """A window over the kiosk; emits refresh/export/close requests."""

    refresh_requested = Signal()
    export_requested = Signal(str)
    close_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("diagnostics")
        self.setStyleSheet(STYLE)
        self._health: HealthResult | None = None
        self._readers: ReadersSnapshot | None = None
        self.title = label("title", wrap=False)
        self.refresh_button = button()
        self.refresh_button.clicked.connect(self.refresh_requested)
        self.export_button = button("primary")
        self.export_button.clicked.connect(self.choose_folder)
        self.close_button = button("danger")
        self.close_button.clicked.connect(self.close_requested)
        self.status = label("hint")
        self.self_check = label("error")
        self.self_check.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
        )
        self._problems: tuple[Problem, ...] = ()
        self.readers = QTreeWidget()
        self.readers.setColumnCount(1)
        self.readers.header().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents
        )
        self.readers_error = label("error")
        self.left_cards = label("error")
        self.left_cards.hide()
        self._left: tuple[float, ...] = ()
        self.backend = {
            k: label(wrap=True)
            for k in ("url", "state", "latency", "server", "checked")
        }
        self.backend_names = {k: label(wrap=False) for k in self.backend}
        self.versions = _table(2)
        self.apdus = QListWidget()
        self.apdus.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.apdus.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        # a long APDU wraps at its spaces instead of being clipped at the edge
        self.apdus.setWordWrap(True)
        self.apdus.setResizeMode(QListView.ResizeMode.Adjust)
        self.apdus.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        bar = self.apdus.verticalScrollBar()
        bar.rangeChanged.connect(lambda _low, high: bar.setValue(high))  # newest
        self.config = _table(2)
        self.folder_dialog: QFileDialog | None = None
        for view in (self.readers, self.versions, self.apdus, self.config):
            touch_scrolling(view)
        self._build()
        self.retranslate()

    def _build(self) -> None:
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        for widget in (self.refresh_button, self.export_button, self.close_button):
            top.addWidget(widget)
        self.readers_box = QGroupBox()
        box = QVBoxLayout(self.readers_box)
        box.addWidget(self.readers_error)
        box.addWidget(self.readers)
        box.addWidget(self.left_cards)
        self.backend_box = QGroupBox()
        self.backend_form = QFormLayout(self.backend_box)
        for key, value in self.backend.items():
            self.backend_form.addRow(self.backend_names[key], value)
        self.versions_box = self._boxed(self.versions)
        self.apdus_box = self._boxed(self.apdus)
        self.config_box = self._boxed(self.config)
        grid = QGridLayout()
        grid.addWidget(self.readers_box, 0, 0)
        grid.addWidget(self.backend_box, 1, 0)
        grid.addWidget(self.versions_box, 2, 0)
        grid.addWidget(self.apdus_box, 0, 1, 2, 1)
        grid.addWidget(self.config_box, 2, 1)
        grid.setColumnStretch(0, 5)
        grid.setColumnStretch(1, 6)
        grid.setRowStretch(0, 5)
        grid.setRowStretch(1, 2)
        grid.setRowStretch(2, 4)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.self_check)
        layout.addLayout(grid, 1)
        layout.addWidget(self.status)

    @staticmethod
    def _boxed(widget: QWidget) -> QGroupBox:
        box = QGroupBox()
        QVBoxLayout(box).addWidget(widget)
        return box

    # --- values in -----------------------------------------------------------

    def show_left_cards(self, times: tuple[float, ...]) -> None:
        """Cards residents left in the reader after their session, if any."""
        self._left = times
        self.left_cards.setVisible(bool(times))
        if times:
            self.left_cards.setText(
                self.tr("Cards left in the reader after a session: %1 (last at %2)")
                .replace("%1", str(len(times)))
                .replace("%2", _clock(times[-1]))
            )

    def show_self_check(self, problems: tuple[Problem, ...]) -> None:
        """What the kiosk's self-check finds wrong now: which check, since
        when, the exact error and what to do (the words of its log line)."""
        self._problems = problems
        self.self_check.setVisible(bool(problems))
        names = {
            "reader": self.tr("Card reader"),
            "backend": self.tr("Backend"),
            "credential": self.tr("Kiosk credential"),
        }
        self.self_check.setText(
            "\n".join(
                self.tr("%1 check failed since %2: %3\nWhat to do: %4")
                .replace("%1", names[p.check])
                .replace("%2", _clock(p.since))
                .replace("%3", p.error)
                .replace("%4", p.action)
                for p in problems
            )
        )

    def show_readers(self, snapshot: ReadersSnapshot) -> None:
        """One top-level row per reader; the decoded ATR lines under it."""
        self._readers = snapshot
        self.readers.clear()
        self.readers_error.setText(
            self.tr(
                "The card readers cannot be listed: is the smart-card service "
                "(pcscd) running and a reader plugged in?"
            )
            if snapshot.error
            else ""
        )
        self.readers_error.setToolTip(snapshot.error)
        self.readers_error.setVisible(bool(snapshot.error))
        for row in snapshot.readers:
            state = self.tr("card present") if row.card_present else self.tr("empty")
            if row.ours:
                state += " · " + self.tr("kiosk reader")
            item = QTreeWidgetItem([f"{row.name} — {state}"])
            item.setData(0, Qt.ItemDataRole.UserRole, row.name)
            for line in row.atr_lines:
                QTreeWidgetItem(item, [line])
            if row.atr_error:
                QTreeWidgetItem(
                    item, [f"ATR {row.atr.hex(' ').upper()}: {row.atr_error}"]
                )
            self.readers.addTopLevelItem(item)
            item.setExpanded(True)
        if not snapshot.readers and not snapshot.error:
            self.readers.addTopLevelItem(QTreeWidgetItem([self.tr("No reader")]))

    def show_health(self, result: HealthResult) -> None:
        """URL, reachable or not, latency, server version, when checked."""
        self._health = result
        good = result.reachability is Reachability.REACHABLE
        states = {
            Reachability.REACHABLE: self.tr("reachable"),
            Reachability.UNHEALTHY: self.tr("answers, but unhealthy"),
            Reachability.UNREACHABLE: self.tr("unreachable"),
        }
        state = states[result.reachability]
        if result.error:
            state += self.tr(": %1").replace("%1", self._why(result.error))
        self.backend["url"].setText(result.url)
        self.backend["state"].setText(state)
        self.backend["state"].setToolTip(result.error)
        self.backend["state"].setObjectName("stateGood" if good else "stateBad")
        self.backend["state"].setStyleSheet("")  # re-polish for the new name
        latency = "-" if result.latency_ms is None else f"{result.latency_ms:.1f} ms"
        self.backend["latency"].setText(latency)
        server = " · ".join(
            x
            for x in (result.version, result.database and f"db {result.database}")
            if x
        )
        self.backend["server"].setText(server or "-")
        self.backend["checked"].setText(_clock(result.checked_at))

    def _why(self, error: str) -> str:
        """An error type of backend_client (HealthResult.error) in words."""
        words = {
            "BackendUnavailableError": self.tr(
                "no connection (service stopped, or wrong address or network)"
            ),
            "BackendTimeoutError": self.tr("no answer in time"),
            "TlsError": self.tr("the secure connection failed (certificate)"),
            "MalformedResponseError": self.tr("the answer was not understood"),
            "ServerError": self.tr("the service reported an internal error"),
        }
        return words.get(error, self.tr("the service refused the check"))

    def show_versions(self, versions: Versions) -> None:
        _fill(self.versions, list(versions.items))

    def show_apdus(self, rows: tuple[ApduRow, ...]) -> None:
        """The last APDUs, newest at the bottom (kept scrolled to the end)."""
        lines = [f"{_clock(r.at)}  {r.line}" for r in rows]
        if lines == [self.apdus.item(i).text() for i in range(self.apdus.count())]:
            return
        self.apdus.clear()
        self.apdus.addItems(lines)

    def show_config(self, items: tuple[ConfigItem, ...]) -> None:
        _fill(self.config, [(i.key, i.value) for i in items])

    def show_export(self, result: ExportResult) -> None:
        if result.error:
            self.status.setText(
                self.tr("Report not written: %1").replace("%1", result.error)
            )
        else:
            self.status.setText(
                self.tr("Report written: %1").replace(
                    "%1", f"{result.text_path}, {result.json_path}"
                )
            )

    # --- export ----------------------------------------------------------------

    def choose_folder(self) -> None:
        """A folder dialog (Qt's own, so it works the same on every kiosk)."""
        dialog = QFileDialog(self, self.tr("Export report to folder"), str(Path.home()))
        dialog.setFileMode(QFileDialog.FileMode.Directory)
        dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
        dialog.fileSelected.connect(self.export_requested)
        dialog.finished.connect(dialog.deleteLater)
        self.folder_dialog = dialog
        dialog.open()

    # --- language --------------------------------------------------------------

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Technician diagnostics"))
        self.title.setText(self.tr("Technician diagnostics"))
        self.refresh_button.setText(self.tr("Refresh"))
        self.export_button.setText(self.tr("Export report…"))
        self.close_button.setText(self.tr("Close"))
        self.readers_box.setTitle(self.tr("Card readers"))
        self.readers.setHeaderLabels([self.tr("Reader — state / ATR")])
        self.backend_box.setTitle(self.tr("Backend"))
        names = (
            self.tr("Address"),
            self.tr("State"),
            self.tr("Latency"),
            self.tr("Server"),
            self.tr("Checked at"),
        )
        for widget, name in zip(self.backend_names.values(), names, strict=True):
            widget.setText(name)
        self.versions_box.setTitle(self.tr("Software versions"))
        self.apdus_box.setTitle(self.tr("Last 50 APDUs (secrets redacted)"))
        self.config_box.setTitle(self.tr("Configuration (secrets hidden)"))
        if self._health is not None:
            self.show_health(self._health)
        if self._readers is not None:
            self.show_readers(self._readers)
        self.show_left_cards(self._left)
        self.show_self_check(self._problems)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def closeEvent(self, event: object) -> None:  # noqa: N802 - Qt override
        self.close_requested.emit()
        super().closeEvent(event)  # type: ignore[arg-type]
