# SPDX-License-Identifier: Apache-2.0
"""Pension (or medical) transfer wizard: destination, preview in plain words, confirm.

The preview says why, in the terms of the 2010 measures: a move within one
province (省内) or between provinces (跨省), and the hukou province (户籍所在省).
Where the age rule keeps the pension behind, the resident may say that an
organisation or personnel department arranged the move (组织人事部门批准调动);
the preview then shows what holds until staff confirm it and what happens
once they do (docs/kiosk.md). The receipt is a screen of its own
(:mod:`kiosk.screens.receipt`).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QStackedLayout,
    QVBoxLayout,
    QWidget,
)

from backend_client.models import Region, TransferOutcome, TransferPreview
from kiosk.screens.base import Screen, button, label, money, panel, scrolled
from kiosk.screens.names import province_name, region_name, step_name
from kiosk.widgets.choices import ChoiceGrid

PROVINCES, CITIES, PREVIEW = range(3)  # the wizard's pages


class TransferScreen(Screen):
    """``kind`` is ``pension`` or ``medical``; emits what the resident chose.

    Province, then city (large buttons; the region the insurance is in now is
    not offered), then the preview. One back button steps back through them.
    """

    preview_requested = Signal(str, bool)  # region code, organisational transfer
    submit_requested = Signal(str, bool)  # region code, organisational transfer
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
        frame = self._preview_panel()
        self.pages = QStackedLayout()
        # 31 provinces (or a province's cities) do not fit a 1280 x 800 panel
        # in large text: the grids are flicked like long text, never cut off
        for page in (self.provinces, self.cities, frame):
            self.pages.addWidget(scrolled(page))
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

    def _preview_panel(self) -> QWidget:
        """What moves across the top; why, the question and the payout on the
        left; the steps on the right (the panel must fit without scrolling)."""
        frame, inner = panel()
        self.moves = label("big")
        self.where = label("subtitle")
        self.why = label("hint")
        self.organisational = QCheckBox()
        self.organisational.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.organisational.toggled.connect(self._organisational_toggled)
        self.organisational_hint = label("hint")
        self.claim = label("hint")
        self.rule = label("hint")
        self.steps = label("hint")
        inner.addWidget(self.moves)
        left = QVBoxLayout()
        for widget in (
            self.where,
            self.why,
            self.organisational,
            self.organisational_hint,
            self.claim,
            self.rule,
        ):
            left.addWidget(widget)
        left.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(self.steps)
        right.addStretch(1)
        body = QHBoxLayout()
        body.addLayout(left, 3)
        body.addLayout(right, 2)
        inner.addLayout(body, 1)
        return frame

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
            self.preview_requested.emit(code, False)

    def show_preview(self, preview: TransferPreview) -> None:
        """What moves, where the pension will be paid, and why."""
        self.preview = preview
        self.busy = False
        self._show_claim()
        self.pages.setCurrentIndex(PREVIEW)
        self.retranslate()

    def _claimed(self) -> bool:
        """What the preview on screen was computed with (and will be sent)."""
        p = self.preview
        return p is not None and p.organisational_transfer == "claimed"

    def _show_claim(self) -> None:
        """The question only where the age rule keeps the pension behind (or
        where the resident has already answered it); ticked as the preview was
        computed."""
        p = self.preview
        asked = p is not None and (p.temporary_account or self._claimed())
        self.organisational.blockSignals(True)
        self.organisational.setChecked(self._claimed())
        self.organisational.blockSignals(False)
        self.organisational.setVisible(asked)
        self.organisational_hint.setVisible(asked)

    def _organisational_toggled(self, checked: bool) -> None:
        """Preview again with the resident's answer."""
        if self.preview is None or self.busy:
            self._show_claim()
            return
        self.busy = True
        self.preview_requested.emit(self.preview.to_region, checked)

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
            self.submit_requested.emit(self.preview.to_region, self._claimed())

    def set_idle(self) -> None:
        """A request failed and the resident may try again."""
        self.busy = False
        self.confirm_button.setEnabled(True)
        self._show_claim()

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
        self._show_claim()
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
        self.organisational.setText(
            self.tr("An organisation or personnel department arranged my move")
        )
        self.organisational_hint.setText(
            self.tr(
                "Tick this only if you have the approval of your transfer: "
                "staff will check it."
            )
        )
        self.confirm_button.setText(self.tr("Confirm and apply"))
        self.confirm_button.setVisible(self.page == PREVIEW)
        self.back_button.setText(self.tr("Back"))
        self._fill_preview()

    def _fill_preview(self) -> None:
        p = self.preview
        if p is None:
            for widget in (
                self.moves,
                self.where,
                self.why,
                self.claim,
                self.rule,
                self.steps,
            ):
                widget.clear()
            return
        self.moves.setText(self._moves_text(p, p))
        for widget, text in (
            (self.where, self._amounts_text(p)),
            (self.why, self._why_text(p)),
            (self.claim, self._claim_text(p)),
            (self.rule, self._payout_text(p)),
        ):
            widget.setText(text)
            widget.setVisible(bool(text))  # no blank gap for what does not apply
        self.steps.setText(self._steps_text(p))

    def _moves_text(self, p: TransferPreview, outcome: TransferOutcome) -> str:
        """What moves where under ``outcome`` (the preview's or its alternative)."""
        if outcome.temporary_account and not outcome.total:
            return self.tr(
                "Nothing moves now: your pension and its money stay in %1."
            ).replace("%1", self._region_name(outcome.relationship_to))
        return (
            self.tr("%1 will move from %2 to %3.")
            .replace("%1", money(outcome.total))
            .replace("%2", self._region_name(p.from_region))
            .replace("%3", self._region_name(p.to_region))
        )

    def _amounts_text(self, p: TransferPreview) -> str:
        if p.temporary_account and not p.total:
            return ""
        lines = [
            self.tr("Your individual account: %1").replace(
                "%1", money(p.individual_account)
            )
        ]
        if p.pooled_fund_transfer:
            pooled = money(p.pooled_fund_transfer)
            lines.append(
                self.tr(
                    "From the pooled fund (12% of your wages since 1998): %1"
                ).replace("%1", pooled)
            )
        return "\n".join(lines)

    def _why_text(self, p: TransferPreview) -> str:
        """Why the pension moves or stays: 省内 or 跨省, and the hukou province."""
        texts = {
            "within_province": self.tr(
                "This is a move within one province (%2). The national age rule "
                "for moves between provinces does not apply, so your pension "
                "and its money move with you."
            ),
            "into_hukou_province": self.tr(
                "This is a move between provinces, back into your hukou "
                "province (%2). Your pension and its money move with you, "
                "whatever your age."
            ),
            "new_province": self.tr(
                "This is a move between provinces, from %1 to %2; your hukou "
                "province is %3. Your pension and its money move with you."
            ),
            "temporary_account": self.tr(
                "This is a move between provinces, from %1 to %2, and %2 is not "
                "your hukou province (%3). At your age (men 50 or over, women 40 "
                "or over) your pension stays registered in %4; %5 opens a "
                "temporary account for your new payments."
            ),
            "organisational_transfer": self.tr(
                "This is a move between provinces arranged by an organisation or "
                "personnel department, as staff have confirmed: the age rule "
                "does not apply, so your pension and its money move with you."
            ),
        }
        return (
            texts.get(p.relationship_rule or "", "")
            .replace("%1", p.from_province_name or "")
            .replace("%2", p.to_province_name or "")
            .replace("%3", p.hukou_province_name or "")
            .replace("%4", self._region_name(p.relationship_to))
            .replace("%5", self._region_name(p.to_region))
        )

    def _claim_text(self, p: TransferPreview) -> str:
        """What the resident's organisational-transfer answer changes."""
        if not self._claimed():
            return ""
        if p.if_confirmed is None:
            return self.tr(
                "You said an organisation or personnel department arranged your "
                "move. It changes nothing here: the age rule does not apply to "
                "this move."
            )
        return self.tr(
            "You said an organisation or personnel department arranged your "
            "move. Staff will check the approval: if they confirm it, the age "
            "rule does not apply and instead: %1 Until then, what is shown "
            "above holds."
        ).replace("%1", self._moves_text(p, p.if_confirmed))

    def _steps_text(self, p: TransferPreview) -> str:
        if not p.steps:
            return ""
        days = sum(s.deadline_working_days for s in p.steps)
        steps = "\n".join(
            f"• {step_name(s.step)} — "
            + self.tr("within %1 working days").replace(
                "%1", str(s.deadline_working_days)
            )
            for s in p.steps
        )
        return (
            self.tr("About %1 working days in all:").replace("%1", str(days))
            + "\n"
            + steps
        )

    def _payout_text(self, p: TransferPreview) -> str:
        if p.kind != "pension" or p.payout_rule is None:
            return ""
        region = self._region_name(p.payout_region)
        texts = {
            1: self.tr(
                "Your pension will be paid in %1: your pension is registered "
                "there, in your hukou province (%2)."
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
                "gathered and paid in your hukou province (%2), at %1."
            ),
        }
        return (
            texts.get(p.payout_rule, "")
            .replace("%1", region)
            .replace("%2", p.hukou_province_name or "")
        )
