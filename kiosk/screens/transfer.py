# SPDX-License-Identifier: Apache-2.0
"""Pension (or medical) transfer wizard: destination, preview in plain words, confirm.

The receipt is a screen of its own (:mod:`kiosk.screens.receipt`).
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QStackedLayout,
    QVBoxLayout,
    QWidget,
)

from backend_client.models import Region, TransferPreview
from kiosk.screens.base import Screen, button, label, money, panel
from kiosk.screens.names import step_name


class TransferScreen(Screen):
    """``kind`` is ``pension`` or ``medical``; emits what the resident chose."""

    preview_requested = Signal(str)  # region code
    submit_requested = Signal(str)  # region code
    back_requested = Signal()

    def __init__(self, kind: str) -> None:
        super().__init__()
        self.kind = kind
        self.regions: tuple[Region, ...] = ()
        self.preview: TransferPreview | None = None
        self.busy = False
        self.title = label("title")
        self.region_list = QListWidget()
        self.region_list.itemClicked.connect(self._picked)
        self.pick_hint = label("subtitle")
        pick_page = QWidget()
        pick = QVBoxLayout(pick_page)
        pick.addWidget(self.pick_hint)
        pick.addWidget(self.region_list, 1)
        frame, inner = panel()
        self.moves = label("big")
        self.where = label("subtitle")
        self.rule = label("hint")
        self.steps = label("hint")
        for widget in (self.moves, self.where, self.rule, self.steps):
            inner.addWidget(widget)
        inner.addStretch(1)
        self.confirm_button = button("primary")
        self.confirm_button.clicked.connect(self._confirm)
        self.change_button = button()
        self.change_button.clicked.connect(lambda: self.pages.setCurrentIndex(0))
        preview_page = QWidget()
        preview = QVBoxLayout(preview_page)
        preview.addWidget(frame, 1)
        row = QHBoxLayout()
        row.addWidget(self.change_button)
        row.addWidget(self.confirm_button)
        preview.addLayout(row)
        self.pages = QStackedLayout()
        self.pages.addWidget(pick_page)
        self.pages.addWidget(preview_page)
        self.back_button = button()
        self.back_button.clicked.connect(self.back_requested)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addLayout(self.pages, 1)
        layout.addWidget(self.back_button)
        self.retranslate()

    def show_regions(self, regions: tuple[Region, ...]) -> None:
        """The destinations to pick from."""
        self.regions = regions
        self.region_list.clear()
        for region in regions:
            item = QListWidgetItem(f"{region.province} · {region.name}")
            item.setData(256, region.code)
            self.region_list.addItem(item)
        self.pages.setCurrentIndex(0)

    def _picked(self, item: QListWidgetItem) -> None:
        if not self.busy:
            self.busy = True
            self.preview_requested.emit(str(item.data(256)))

    def show_preview(self, preview: TransferPreview) -> None:
        """What moves, where the pension will be paid, and why."""
        self.preview = preview
        self.busy = False
        self.pages.setCurrentIndex(1)
        self.retranslate()

    def _confirm(self) -> None:
        if self.preview is not None and not self.busy:
            self.busy = True
            self.confirm_button.setEnabled(False)
            self.submit_requested.emit(self.preview.to_region)

    def set_idle(self) -> None:
        """A request failed and the resident may try again."""
        self.busy = False
        self.confirm_button.setEnabled(True)

    def clear(self) -> None:
        self.regions = ()
        self.preview = None
        self.busy = False
        self.region_list.clear()
        self.pages.setCurrentIndex(0)
        self.confirm_button.setEnabled(True)
        self.retranslate()

    def _region_name(self, code: str | None) -> str:
        for region in self.regions:
            if region.code == code:
                return region.name
        if self.preview is not None:
            for item in self.preview.contribution_years_by_region:
                if item.region == code and item.region_name:
                    return item.region_name
        return code or ""

    def retranslate(self) -> None:
        pension = self.kind == "pension"
        self.title.setText(
            self.tr("Pension transfer")
            if pension
            else self.tr("Medical insurance transfer")
        )
        self.pick_hint.setText(
            self.tr("Where are you moving to? Touch the new region.")
        )
        self.confirm_button.setText(self.tr("Confirm and apply"))
        self.change_button.setText(self.tr("Choose another region"))
        self.back_button.setText(self.tr("Back"))
        self._fill_preview()

    def _fill_preview(self) -> None:
        p = self.preview
        if p is None:
            for widget in (self.moves, self.where, self.rule, self.steps):
                widget.clear()
            return
        origin, target = (
            self._region_name(p.from_region),
            self._region_name(p.to_region),
        )
        lines = []
        if p.temporary_account and not p.total:
            stays = self._region_name(p.relationship_to)
            self.moves.setText(
                self.tr(
                    "Nothing moves now: your pension and its money stay in %1."
                ).replace("%1", stays)
            )
            lines.append(
                self.tr(
                    "Because of your age and hukou, your pension stays "
                    "registered at %1; %2 opens a temporary account for "
                    "your new payments."
                )
                .replace("%1", stays)
                .replace("%2", target)
            )
        else:
            self.moves.setText(
                self.tr("%1 will move from %2 to %3.")
                .replace("%1", money(p.total))
                .replace("%2", origin)
                .replace("%3", target)
            )
            lines.append(
                self.tr("Your individual account: %1").replace(
                    "%1", money(p.individual_account)
                )
            )
            if p.pooled_fund_transfer:
                pooled = money(p.pooled_fund_transfer)
                lines.append(
                    self.tr(
                        "From the pooled fund (12% of your wages since 1998): %1"
                    ).replace("%1", pooled)
                )
        self.where.setText("\n".join(lines))
        self.rule.setText(self._payout_text(p))
        days = sum(s.deadline_working_days for s in p.steps)
        steps = "\n".join(
            f"• {step_name(s.step)} — "
            + self.tr("within %1 working days").replace(
                "%1", str(s.deadline_working_days)
            )
            for s in p.steps
        )
        self.steps.setText(
            self.tr("About %1 working days in all:").replace("%1", str(days))
            + "\n"
            + steps
            if p.steps
            else ""
        )

    def _payout_text(self, p: TransferPreview) -> str:
        if p.kind != "pension" or p.payout_rule is None:
            return ""
        region = self._region_name(p.payout_region)
        texts = {
            1: self.tr(
                "Your pension will be paid in %1, your hukou region, because "
                "your pension is registered there."
            ),
            2: self.tr(
                "Your pension will be paid in %1, because you have paid 10 "
                "years or more there."
            ),
            3: self.tr(
                "Your pension will be paid in %1: it is the most recent place "
                "where you paid 10 years or more."
            ),
            4: self.tr(
                "No place has 10 years of payments yet, so everything is "
                "gathered and paid in %1, your hukou region."
            ),
        }
        return texts.get(p.payout_rule, "").replace("%1", region)
