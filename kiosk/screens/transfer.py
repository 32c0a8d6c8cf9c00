# SPDX-License-Identifier: Apache-2.0
"""Pension (or medical) transfer wizard: destination, preview in plain words, confirm.

The receipt is a screen of its own (:mod:`kiosk.screens.receipt`).
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QStackedLayout, QVBoxLayout

from backend_client.models import Region, TransferPreview
from kiosk.screens.base import Screen, button, label, money, panel, scrolled
from kiosk.screens.names import province_name, region_name, step_name
from kiosk.widgets.choices import ChoiceGrid

PROVINCES, CITIES, PREVIEW = range(3)  # the wizard's pages


class TransferScreen(Screen):
    """``kind`` is ``pension`` or ``medical``; emits what the resident chose.

    Province, then city (large buttons; the region the insurance is in now is
    not offered), then the preview. One back button steps back through them.
    """

    preview_requested = Signal(str)  # region code
    submit_requested = Signal(str)  # region code
    back_requested = Signal()

    def __init__(self, kind: str) -> None:
        super().__init__()
        self.kind = kind
        self.regions: tuple[Region, ...] = ()
        self.current: Region | None = None  # where the insurance is now
        self.province: str | None = None
        self.preview: TransferPreview | None = None
        self.busy = False
        self.title = label("title")
        self.pick_hint = label("subtitle")
        self.current_note = label("hint")
        self.provinces = ChoiceGrid()
        self.provinces.chosen.connect(self._province_chosen)
        self.cities = ChoiceGrid()
        self.cities.chosen.connect(self._city_chosen)
        frame, inner = panel()
        self.moves = label("big")
        self.where = label("subtitle")
        self.rule = label("hint")
        self.steps = label("hint")
        for widget in (self.moves, self.where, self.rule, self.steps):
            inner.addWidget(widget)
        inner.addStretch(1)
        self.pages = QStackedLayout()
        for page in (self.provinces, self.cities, scrolled(frame)):
            self.pages.addWidget(page)
        self.pages.currentChanged.connect(lambda _: self.retranslate())
        self.confirm_button = button("primary")
        self.confirm_button.clicked.connect(self._confirm)
        self.back_button = button()
        self.back_button.clicked.connect(self._back)
        row = QHBoxLayout()
        row.addWidget(self.back_button)
        row.addWidget(self.confirm_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.pick_hint)
        layout.addWidget(self.current_note)
        layout.addLayout(self.pages, 1)
        layout.addLayout(row)
        self.retranslate()

    @property
    def page(self) -> int:
        """PROVINCES, CITIES or PREVIEW."""
        return self.pages.currentIndex()

    def show_regions(
        self, regions: tuple[Region, ...], current: str | None = None
    ) -> None:
        """The destinations to pick from; ``current`` (where the insurance is
        now) is left out: a transfer there cannot succeed."""
        self.current = next((r for r in regions if r.code == current), None)
        self.regions = tuple(r for r in regions if r.code != current)
        self.province = None
        self.preview = None  # a new visit starts over (after a receipt too)
        self.busy = False
        self.confirm_button.setEnabled(True)
        self._fill_provinces()
        self.pages.setCurrentIndex(PROVINCES)
        self.retranslate()

    def _fill_provinces(self) -> None:
        codes = list(dict.fromkeys(r.province for r in self.regions))
        self.provinces.set_choices([(code, province_name(code)) for code in codes])

    def _in_province(self) -> list[Region]:
        return [r for r in self.regions if r.province == self.province]

    def _province_chosen(self, code: str) -> None:
        self.province = code
        cities = self._in_province()
        if len(cities) == 1:  # a municipality: nothing more to choose
            self._city_chosen(cities[0].code)
            return
        self.cities.set_choices([(r.code, region_name(r.code, r.name)) for r in cities])
        self.pages.setCurrentIndex(CITIES)
        self.retranslate()

    def _city_chosen(self, code: str) -> None:
        if not self.busy:
            self.busy = True
            self.preview_requested.emit(code)

    def show_preview(self, preview: TransferPreview) -> None:
        """What moves, where the pension will be paid, and why."""
        self.preview = preview
        self.busy = False
        self.pages.setCurrentIndex(PREVIEW)
        self.retranslate()

    def _back(self) -> None:
        """One step back: preview → city (or province) → province → overview."""
        if self.page == PREVIEW:
            self.preview = None
            self.busy = False
            one_city = len(self._in_province()) == 1
            self.pages.setCurrentIndex(PROVINCES if one_city else CITIES)
        elif self.page == CITIES:
            self.pages.setCurrentIndex(PROVINCES)
        else:
            self.back_requested.emit()

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
        self.current = None
        self.province = None
        self.preview = None
        self.busy = False
        self.provinces.clear()
        self.cities.clear()
        self.pages.setCurrentIndex(PROVINCES)
        self.confirm_button.setEnabled(True)
        self.retranslate()

    def _region_name(self, code: str | None) -> str:
        for region in (*self.regions, *([self.current] if self.current else [])):
            if region.code == code:
                return region_name(code, region.name)
        if self.preview is not None:
            for item in self.preview.contribution_years_by_region:
                if item.region == code and item.region_name:
                    return region_name(code, item.region_name)
        return region_name(code)

    def retranslate(self) -> None:
        pension = self.kind == "pension"
        self.title.setText(
            self.tr("Pension transfer")
            if pension
            else self.tr("Medical insurance transfer")
        )
        hints = {
            PROVINCES: self.tr("Where are you moving to? Touch the province."),
            CITIES: self.tr("Touch the city in %1.").replace(
                "%1", province_name(self.province or "")
            ),
            PREVIEW: "",
        }
        self.pick_hint.setText(hints[self.page])
        self.pick_hint.setVisible(self.page != PREVIEW)
        self.current_note.setText(
            self.tr("Your insurance is in %1 now, so it is not in the list.").replace(
                "%1", region_name(self.current.code, self.current.name)
            )
            if self.current is not None and self.page == PROVINCES
            else ""
        )
        self.current_note.setVisible(bool(self.current_note.text()))
        self.provinces.set_texts(
            {code: province_name(code) for code in self.provinces.buttons}
        )
        self.cities.set_texts(
            {r.code: region_name(r.code, r.name) for r in self.regions}
        )
        self.confirm_button.setText(self.tr("Confirm and apply"))
        self.confirm_button.setVisible(self.page == PREVIEW)
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
