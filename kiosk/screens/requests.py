# SPDX-License-Identifier: Apache-2.0
"""My requests: transfers and claims with their timeline and deadlines."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QListWidget, QListWidgetItem, QVBoxLayout

from backend_client.models import RequestDetail
from kiosk.screens.base import Screen, button, label, panel
from kiosk.screens.names import request_kind, request_status, step_name


class RequestsScreen(Screen):
    """A list on the left, the chosen request's steps on the right."""

    detail_requested = Signal(str, str)  # kind, reference
    back_requested = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.items: tuple[RequestDetail, ...] = ()
        self.detail: RequestDetail | None = None
        self.title = label("title")
        self.empty = label("subtitle")
        self.list = QListWidget()
        self.list.itemClicked.connect(self._picked)
        frame, inner = panel()
        self.heading = label("big")
        self.steps = label("subtitle")
        self.timeline = label("hint")
        for widget in (self.heading, self.steps, self.timeline):
            inner.addWidget(widget)
        inner.addStretch(1)
        self.back_button = button()
        self.back_button.clicked.connect(self.back_requested)
        body = QHBoxLayout()
        left = QVBoxLayout()
        left.addWidget(self.empty)
        left.addWidget(self.list, 1)
        body.addLayout(left, 2)
        body.addWidget(frame, 3)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addLayout(body, 1)
        layout.addWidget(self.back_button)
        self.retranslate()

    def show_list(self, items: tuple[RequestDetail, ...]) -> None:
        """All transfers and claims of the resident, newest first."""
        self.items = tuple(sorted(items, key=lambda r: r.created_at, reverse=True))
        self.detail = None
        self.retranslate()

    def show_detail(self, detail: RequestDetail) -> None:
        """The steps and history of one request."""
        self.detail = detail
        self.retranslate()

    def _picked(self, item: QListWidgetItem) -> None:
        index = self.list.row(item)
        if 0 <= index < len(self.items):
            chosen = self.items[index]
            self.detail_requested.emit(chosen.kind, chosen.reference)

    def clear(self) -> None:
        self.items = ()
        self.detail = None
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("My requests"))
        self.back_button.setText(self.tr("Back"))
        self.empty.setText(
            self.tr("You have no requests yet.")
            if not self.items
            else self.tr("Touch a request to see its steps.")
        )
        # Items are relabelled in place: deleting them under a touch is unsafe.
        while self.list.count() > len(self.items):
            self.list.takeItem(self.list.count() - 1)
        while self.list.count() < len(self.items):
            self.list.addItem("")
        for row, item in enumerate(self.items):
            self.list.item(row).setText(
                f"{request_kind(item.kind)}\n{item.reference}"
                f" · {request_status(item.status)}"
            )
        self._fill_detail()

    def _organisational_text(self, state: str) -> str:
        """Where the resident's organisational-transfer answer stands."""
        texts = {
            "claimed": self.tr(
                "Move arranged by an organisation or personnel department: "
                "staff have not checked it yet."
            ),
            "confirmed": self.tr(
                "Move arranged by an organisation or personnel department: "
                "confirmed by staff, your pension moves with you."
            ),
            "rejected": self.tr(
                "Move arranged by an organisation or personnel department: "
                "not confirmed, the age rule applies."
            ),
        }
        return texts.get(state, "")

    def _fill_detail(self) -> None:
        d = self.detail
        if d is None:
            for widget in (self.heading, self.steps, self.timeline):
                widget.clear()
            return
        heading = f"{request_kind(d.kind)} {d.reference}\n" + request_status(d.status)
        organisational = self._organisational_text(d.organisational_transfer)
        self.heading.setText(
            heading + "\n" + organisational if organisational else heading
        )
        marks = {"done": "✔", "current": "▶", "pending": "○"}
        lines = []
        for step in d.steps:
            by = (
                self.tr("by %1").replace("%1", step.deadline.isoformat())
                if step.deadline
                else ""
            )
            lines.append(f"{marks.get(step.status, '○')} {step_name(step.step)} {by}")
        if d.next_step and d.next_deadline:
            when = d.next_deadline.isoformat()
            lines.append(
                self.tr("Next: %1, by %2")
                .replace("%1", step_name(d.next_step))
                .replace("%2", when)
            )
        self.steps.setText("\n".join(lines))
        self.timeline.setText(
            "\n".join(
                f"{entry.at.astimezone().strftime('%Y-%m-%d %H:%M')}  "
                f"{request_status(entry.status)}"
                for entry in d.timeline
            )
        )
