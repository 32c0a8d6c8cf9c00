# SPDX-License-Identifier: Apache-2.0
"""Welcome: insert the card, switch language or large text, report a lost card.

When the kiosk's self-check finds that it cannot serve (kiosk/selfcheck.py),
the same screen says so instead, calmly and in large text: 暂停服务 / Out of
service, and whether staff must set the terminal up or it is down for now.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QTranslator, Signal
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout

from kiosk.screens.base import Screen, button, label

# The out-of-service headline, in both languages whichever is chosen.
OUT_OF_SERVICE = "暂停服务 · Out of service"
SETUP = "setup"  # kiosk.selfcheck.Fault.SETUP (not imported: startup cost)
NOT_SET_UP = str(
    QT_TRANSLATE_NOOP(
        "WelcomeScreen",
        "This terminal is not set up correctly. Please ask the staff for help.",
    )
)
DOWN = str(
    QT_TRANSLATE_NOOP(
        "WelcomeScreen",
        "This terminal is temporarily out of service. Please use another "
        "terminal or come back later.",
    )
)


class WelcomeScreen(Screen):
    """The idle screen; the card reader starts everything else."""

    language_toggled = Signal()
    large_text_toggled = Signal()
    loss_report_requested = Signal()

    def __init__(self) -> None:
        super().__init__()
        self._idle_notice = False
        self._reader_problem = False
        self._large = False
        self.fault: str | None = None  # out of service, and why
        self.title = label("title", center=True)
        self.prompt = label("big", center=True)
        self.hint = label("hint", center=True)
        self.notice = label("error", center=True)
        self.out_title = label("title", center=True)
        self.out_text = label("big", center=True)
        self.out_other = label("subtitle", center=True)  # the other language
        self._chinese: QTranslator | None = None  # loaded when first needed
        self.out_title.setText(OUT_OF_SERVICE)
        self.language_button = button()
        self.large_button = button()
        self.large_button.setCheckable(True)
        self.loss_button = button("danger")
        self.language_button.clicked.connect(self.language_toggled)
        self.large_button.clicked.connect(self.large_text_toggled)
        self.loss_button.clicked.connect(self.loss_report_requested)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        for text in (
            self.title,
            self.out_title,
            self.prompt,
            self.out_text,
            self.out_other,
            self.hint,
            self.notice,
        ):
            layout.addWidget(text)
        layout.addStretch(2)
        row = QHBoxLayout()
        for choice in (self.language_button, self.large_button, self.loss_button):
            row.addWidget(choice)
        layout.addLayout(row)
        self.show_out_of_service(None)

    def show_out_of_service(self, fault: str | None) -> None:
        """Out of service (``setup``: ask staff; ``outage``: for now), or not
        (None): only the title and the language button stay."""
        self.fault = fault
        serving = fault is None
        for widget in (
            self.prompt,
            self.hint,
            self.notice,
            self.large_button,
            self.loss_button,
        ):
            widget.setVisible(serving)
        for widget in (self.out_title, self.out_text, self.out_other):
            widget.setVisible(not serving)
        self.retranslate()

    def show_large_text(self, on: bool) -> None:
        """The large-text button shows whether the mode is on."""
        self._large = on
        self.large_button.setChecked(on)
        self.retranslate()

    def show_reader_problem(self, problem: bool) -> None:
        """Say that the card reader is not working (unplugged, service down)."""
        self._reader_problem = problem
        self.retranslate()

    def show_idle_notice(self) -> None:
        """Say calmly that the last session ended for lack of touches."""
        self._idle_notice = True
        self.retranslate()

    def clear(self) -> None:
        self._idle_notice = False
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Social Security Self-Service"))
        self.prompt.setText(self.tr("Please insert your social security card"))
        self.hint.setText(self.tr("Chip first, facing up. The screen will guide you."))
        # The button names the other language in that language: the English
        # screen shows "中文", and the Chinese translation of it is "English".
        self.language_button.setText(self.tr("中文"))
        self.large_button.setChecked(self._large)
        self.large_button.setText(
            self.tr("Large text: on") if self._large else self.tr("Large text: off")
        )
        self.loss_button.setText(self.tr("Report a lost card"))
        if self.fault is not None:
            self._show_both(NOT_SET_UP if self.fault == SETUP else DOWN)
        if self._reader_problem:
            self.notice.setText(
                self.tr(
                    "The card reader is not working at the "
                    "moment. Please use another terminal or ask "
                    "the staff."
                )
            )
        else:
            self.notice.setText(
                self.tr("Your session ended because the screen was not touched.")
                if self._idle_notice
                else ""
            )

    def _show_both(self, source: str) -> None:
        """The out-of-service sentence in the chosen language, the other under it."""
        here = self.tr(source)
        self.out_text.setText(here)
        self.out_other.setText(source if here != source else self._in_chinese(source))

    def _in_chinese(self, source: str) -> str:
        """``source`` in zh_CN, whichever language is installed now."""
        if self._chinese is None:
            from kiosk.i18n import KIOSK, Language

            self._chinese = QTranslator(self)
            self._chinese.load(str(KIOSK.ensure_compiled(Language.ZH_CN)))
        return self._chinese.translate("WelcomeScreen", source) or source
