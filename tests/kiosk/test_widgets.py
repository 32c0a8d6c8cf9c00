# SPDX-License-Identifier: Apache-2.0
"""Touch widgets and translations, driven by clicks (pytest-qt, offscreen)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QApplication

from kiosk.i18n import KIOSK, Language, Translations, qm_path
from kiosk.screens.loss_report import LossReportScreen
from kiosk.screens.pin_change import PinChangeScreen
from kiosk.screens.welcome import WelcomeScreen
from kiosk.widgets.chart import ContributionChart
from kiosk.widgets.pinpad import PinPad
from kiosk.widgets.qr import QrLabel, qr_matrix


def type_pin(qtbot, pad: PinPad, pin: str) -> None:
    for digit in pin:
        qtbot.mouseClick(pad.button_for(digit), Qt.MouseButton.LeftButton)


def test_pinpad_masks_and_emits_six_digits(qtbot) -> None:
    pad = PinPad()
    qtbot.addWidget(pad)
    type_pin(qtbot, pad, "12345")
    assert pad.dots.text() == "●●●●●○"
    assert not pad.ok_button.isEnabled()
    type_pin(qtbot, pad, "67")  # the seventh digit is ignored
    qtbot.mouseClick(pad.delete_button, Qt.MouseButton.LeftButton)
    type_pin(qtbot, pad, "9")
    with qtbot.waitSignal(pad.entered) as got:
        qtbot.mouseClick(pad.ok_button, Qt.MouseButton.LeftButton)
    assert got.args == ["123459"]
    assert pad.dots.text() == "○" * 6


def test_shuffled_pinpad_still_types_the_digit_shown(qtbot) -> None:
    pad = PinPad(shuffle=True)
    qtbot.addWidget(pad)
    positions = []
    for _ in range(5):
        pad.clear()
        positions.append(tuple(pad._grid.indexOf(b) for b in pad.digit_buttons))
    assert len(set(positions)) > 1  # 5 shuffles of 10 digits: all equal ~ 1e-26
    type_pin(qtbot, pad, "908172")
    with qtbot.waitSignal(pad.entered) as got:
        qtbot.mouseClick(pad.ok_button, Qt.MouseButton.LeftButton)
    assert got.args == ["908172"]


def test_pin_change_refuses_initial_and_mismatch(qtbot) -> None:
    screen = PinChangeScreen(forced=True)
    qtbot.addWidget(screen)
    screen.start(old_pin="123456")
    for pin in ("123456",):
        type_pin(qtbot, screen.pad, pin)
        qtbot.mouseClick(screen.pad.ok_button, Qt.MouseButton.LeftButton)
    assert screen.error.text()
    for pin in ("246810", "246811"):
        type_pin(qtbot, screen.pad, pin)
        qtbot.mouseClick(screen.pad.ok_button, Qt.MouseButton.LeftButton)
    assert "same" in screen.error.text()
    with qtbot.waitSignal(screen.change_requested) as got:
        for pin in ("246810", "246810"):
            type_pin(qtbot, screen.pad, pin)
            qtbot.mouseClick(screen.pad.ok_button, Qt.MouseButton.LeftButton)
    assert got.args == ["123456", "246810"]


def test_loss_report_keypad_with_x(qtbot) -> None:
    screen = LossReportScreen()
    qtbot.addWidget(screen)
    keys = screen.keypad.buttons
    assert not keys["X"].isEnabled()
    for ch in "11010519491231002":
        qtbot.mouseClick(keys[ch], Qt.MouseButton.LeftButton)
    assert keys["X"].isEnabled()
    qtbot.mouseClick(keys["X"], Qt.MouseButton.LeftButton)
    for ch in "1234X5":  # X is refused in the mobile digits, the fifth digit too
        qtbot.mouseClick(keys[ch], Qt.MouseButton.LeftButton)
    assert (screen.ssn.text(), screen.mobile.text()) == ("11010519491231002X", "1234")
    with qtbot.waitSignal(screen.report_requested) as got:
        qtbot.mouseClick(screen.submit_button, Qt.MouseButton.LeftButton)
    assert got.args == ["11010519491231002X", "1234"]


def test_qr_label_paints_a_scannable_matrix(qtbot) -> None:
    label = QrLabel(200)
    qtbot.addWidget(label)
    label.set_payload("http://127.0.0.1/api/v1/public/requests/T-1?t=abc")
    image = label.pixmap().toImage()
    matrix = qr_matrix(label.payload)
    assert len(matrix) >= 21 + 4 and len(matrix) == len(matrix[0])
    dark = sum(
        1
        for x in range(0, 200, 4)
        for y in range(0, 200, 4)
        if image.pixelColor(x, y).lightness() < 128
    )
    assert 0 < dark < 50 * 50
    label.clear()
    assert label.pixmap().isNull() and label.payload == ""


def test_chart_keeps_bars_until_cleared(qtbot) -> None:
    chart = ContributionChart()
    qtbot.addWidget(chart)
    chart.resize(600, 300)
    chart.set_bars([(2021, Decimal("1200.00")), (2020, Decimal("900.50"))])
    assert [y for y, _ in chart.bars] == [2020, 2021]
    assert chart.grab().width() == 600  # paintEvent runs without warnings
    chart.clear()
    assert chart.bars == [] and chart.accessibleDescription() == ""


def test_runtime_switch_retranslates_screens(qtbot) -> None:
    app = QApplication.instance()
    screen = WelcomeScreen()
    qtbot.addWidget(screen)
    translations = Translations(app, KIOSK)
    try:
        translations.switch(Language.ZH_CN)
        assert qm_path(Language.ZH_CN).exists()
        qtbot.waitUntil(lambda: screen.prompt.text() == "请插入您的社会保障卡")
        assert screen.language_button.text() == "English"
        translations.switch(Language.EN)
        qtbot.waitUntil(
            lambda: screen.prompt.text() == "Please insert your social security card"
        )
        assert screen.language_button.text() == "中文"
    finally:
        translations.switch(Language.EN)


@pytest.mark.parametrize("context", ["Messages", "Names", "WelcomeScreen"])
def test_every_source_string_has_a_chinese_translation(context: str) -> None:
    import xml.etree.ElementTree as ET

    from kiosk.i18n import ts_path

    tree = ET.parse(ts_path(Language.ZH_CN))
    for ctx in tree.getroot().iter("context"):
        for message in ctx.iter("message"):
            translation = message.find("translation")
            assert translation is not None and translation.text, (
                ctx.findtext("name"),
                message.findtext("source"),
            )
            assert translation.get("type") is None
    assert QCoreApplication.translate(context, "no such string") == "no such string"
