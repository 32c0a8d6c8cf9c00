# SPDX-License-Identifier: Apache-2.0
"""The diagnostics screen on a real kiosk: virtual card, live backend, real files."""

from __future__ import annotations

import json

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QScroller, QWidget

from card.atr import Atr
from kiosk.diagnostics.model import MASK, ApduRow, Reachability
from kiosk.diagnostics.screen import SCROLL_BAR_WIDTH
from kiosk.flow import State
from kiosk.i18n import Language
from tests.diagnostics.rig import READER, TECHNICIAN_CODE, WAIT_MS, widget_texts


def _pin_forms(pin: str) -> list[str]:
    """A PIN as digits, as packed BCD in trace hex, and as ASCII hex."""
    bcd = bytes.fromhex(pin)
    return [pin, bcd.hex(" ").upper(), bcd.hex().upper(), pin.encode().hex(" ").upper()]


def test_readers_listed_with_state_and_decoded_atr(rig) -> None:
    card = rig.insert(rig.usable_card())
    rig.qtbot.waitUntil(
        lambda: rig.kiosk.controller.flow.state is State.PIN, timeout=WAIT_MS
    )
    rig.kiosk.controller.finish()
    rig.provider.remove(READER)
    rig.qtbot.waitUntil(
        lambda: rig.kiosk.controller.flow.state is State.WELCOME, timeout=WAIT_MS
    )
    rig.provider.insert(READER, card)  # in the reader, but not yet read
    rig.open()
    d = rig.diagnostics
    rig.qtbot.waitUntil(
        lambda: any(r.card_present for r in d.readers.readers), timeout=WAIT_MS
    )
    rows = {r.name: r for r in d.readers.readers}
    assert set(rows) == {READER, "Spare Reader 1"}
    ours = rows[READER]
    assert ours.ours and ours.card_present and ours.atr == card.atr
    assert ours.atr_lines == tuple(Atr.parse(card.atr).describe())
    assert not rows["Spare Reader 1"].card_present
    tree = d.window.readers
    top = {
        tree.topLevelItem(i).data(0, Qt.ItemDataRole.UserRole): tree.topLevelItem(i)
        for i in range(tree.topLevelItemCount())
    }
    assert top[READER].text(0) == f"{READER} — card present · kiosk reader"
    assert top["Spare Reader 1"].text(0) == "Spare Reader 1 — empty"
    children = [top[READER].child(i).text(0) for i in range(top[READER].childCount())]
    assert children == list(Atr.parse(card.atr).describe())
    assert children[0] == "ATR " + card.atr.hex(" ").upper()


def test_apdus_show_redacted_verify_and_no_pin_anywhere(rig) -> None:
    demo = rig.usable_card()
    rig.insert(demo)
    rig.qtbot.waitUntil(
        lambda: rig.kiosk.controller.flow.state is State.PIN, timeout=WAIT_MS
    )
    pad = rig.kiosk.screens.pin.pad
    for digit in demo.pin:
        rig.click(pad.button_for(digit))
    rig.click(pad.ok_button)
    rig.qtbot.waitUntil(
        lambda: rig.kiosk.controller.flow.state is State.OVERVIEW, timeout=WAIT_MS
    )
    rig.kiosk.controller.finish()
    rig.provider.remove(READER)
    rig.qtbot.waitUntil(
        lambda: rig.kiosk.controller.flow.state is State.WELCOME, timeout=WAIT_MS
    )
    rig.open()
    lines = [
        rig.diagnostics.window.apdus.item(i).text()
        for i in range(rig.diagnostics.window.apdus.count())
    ]
    assert 0 < len(lines) <= 50
    verify = [x for x in lines if "00 20 00 00 03" in x]
    assert verify and all("<3 bytes redacted> -> 9000" in x for x in verify)
    assert any(" 00 A4 04 0C " in x for x in lines)  # SELECT commands in full
    assert any(x.endswith(" bytes> 9000") for x in lines)  # answers by length
    texts = "\n".join(widget_texts(rig.diagnostics.window))
    for form in _pin_forms(demo.pin):
        assert form not in texts
    id_hex = demo.ssn.encode().hex(" ").upper()
    assert demo.ssn not in texts and id_hex[:20] not in texts  # no personal data
    folder = rig.workdir / "report"
    folder.mkdir()
    rig.diagnostics.export(str(folder))
    rig.qtbot.waitUntil(
        lambda: rig.diagnostics.last_export is not None, timeout=WAIT_MS
    )
    files = sorted(folder.iterdir())
    assert [f.suffix for f in files] == [".json", ".txt"]
    report = "\n".join(f.read_text(encoding="utf-8") for f in files)
    assert "<3 bytes redacted>" in report
    for form in [*_pin_forms(demo.pin), demo.ssn, id_hex[:20]]:
        assert form not in report
    for entry in rig.tap.trace.entries():
        assert bytes.fromhex(demo.pin) not in entry.command


def test_backend_latency_then_unreachable(rig) -> None:
    rig.open()
    d = rig.diagnostics
    assert d.health.reachability is Reachability.REACHABLE
    assert d.health.latency_ms is not None and d.health.latency_ms > 0
    assert d.health.url == rig.live.url and d.health.version
    assert d.window.backend["state"].text() == "reachable"
    assert d.window.backend["latency"].text().endswith(" ms")
    first = d.health
    rig.live.stop()
    rig.click(d.window.refresh_button)
    rig.qtbot.waitUntil(lambda: d.health is not first, timeout=WAIT_MS)
    assert d.health.reachability is Reachability.UNREACHABLE
    assert d.health.latency_ms is None
    state = d.window.backend["state"]
    assert state.text().startswith("unreachable: no connection")  # in words
    assert "Error" not in state.text()
    assert state.toolTip() == d.health.error == "BackendUnavailableError"
    assert d.window.backend["latency"].text() == "-"
    rig.live.start()
    second = d.health
    rig.click(d.window.refresh_button)
    rig.qtbot.waitUntil(lambda: d.health is not second, timeout=WAIT_MS)
    assert d.health.reachability is Reachability.REACHABLE


def test_versions_and_masked_configuration(rig) -> None:
    rig.open()
    versions = dict(rig.diagnostics.versions.items)
    assert {
        "ssc-kiosk",
        "Python",
        "Qt",
        "PySide6",
        "pyscard",
        "cryptography",
        "OS",
    } <= set(versions)
    shown = {i.key: i.value for i in rig.diagnostics.setup.config}
    assert shown["kiosk_secret"] == MASK and shown["technician_code"] == MASK
    assert shown["backend_url"] == rig.live.url
    assert shown["reader_pattern"] == READER
    texts = "\n".join(widget_texts(rig.diagnostics.window))
    assert TECHNICIAN_CODE not in texts and rig.live.kiosk.key not in texts
    assert MASK in texts


def test_export_report_through_the_folder_dialog_has_no_secrets(rig, tmp_path) -> None:
    rig.insert(rig.usable_card())
    rig.qtbot.waitUntil(
        lambda: rig.kiosk.controller.flow.state is State.PIN, timeout=WAIT_MS
    )
    rig.kiosk.controller.finish()
    rig.provider.remove(READER)
    rig.qtbot.waitUntil(
        lambda: rig.kiosk.controller.flow.state is State.WELCOME, timeout=WAIT_MS
    )
    rig.open()
    folder = tmp_path / "usb"
    folder.mkdir()
    window = rig.diagnostics.window
    rig.click(window.export_button)
    dialog = window.folder_dialog
    rig.qtbot.waitUntil(dialog.isVisible, timeout=WAIT_MS)
    dialog.setDirectory(str(folder))
    dialog.selectFile(str(folder))
    dialog.accept()
    rig.qtbot.waitUntil(
        lambda: rig.diagnostics.last_export is not None, timeout=WAIT_MS
    )
    result = rig.diagnostics.last_export
    assert not result.error, result.error
    assert result.text_path.parent == folder and result.json_path.parent == folder
    assert "Report written" in window.status.text()
    text = result.text_path.read_text(encoding="utf-8")
    raw = result.json_path.read_text(encoding="utf-8")
    for secret in (TECHNICIAN_CODE, rig.live.kiosk.key):
        assert secret not in text and secret not in raw
    doc = json.loads(raw)
    assert doc["config"]["kiosk_secret"] == MASK
    assert doc["config"]["technician_code"] == MASK
    assert doc["backend"]["reachability"] == "reachable"
    assert {r["name"] for r in doc["readers"]["readers"]} == {READER, "Spare Reader 1"}
    assert doc["apdus"] and all(a["line"] in text for a in doc["apdus"])
    assert "pyscard" in doc["versions"] and "[backend]" in text
    assert list(folder.glob("*.part")) == []


def test_follows_the_kiosk_language(rig) -> None:
    rig.kiosk.translations.switch(Language.ZH_CN)
    rig.open()
    window = rig.diagnostics.window
    assert window.title.text() == "技术人员诊断"
    assert window.backend["state"].text() == "可连接"
    assert window.windowTitle() == "技术人员诊断"
    rig.kiosk.translations.switch(Language.EN)
    rig.qtbot.waitUntil(
        lambda: window.title.text() == "Technician diagnostics", timeout=WAIT_MS
    )
    assert window.backend["state"].text() == "reachable"


def _long_rows(count: int) -> tuple[ApduRow, ...]:
    command = " ".join(["A5"] * 90)  # a long command: 90 bytes of data
    return tuple(
        ApduRow(
            at=1_700_000_000 + i,
            line=f"00 DA 01 {i:02X} 5A {command} -> 9000",
            elapsed_ms=1.0,
            redacted=False,
            response_length=0,
        )
        for i in range(count)
    )


def _drag(target: QWidget, start: QPoint, down: int) -> None:
    """A finger pressing at ``start``, moving ``down`` pixels, then lifting,
    fed to the view's kinetic scroller as its gesture recognizer feeds it.

    (Through the event queue the offscreen platform cannot find the window
    under a point, which the gesture manager needs to route the gesture.)
    """
    scroller = QScroller.scroller(target)
    clock = 0

    def feed(kind: QScroller.Input, at: QPoint) -> None:
        scroller.handleInput(kind, QPointF(at), clock)

    feed(QScroller.Input.InputPress, start)
    for step in range(1, 16):
        QTest.qWait(15)
        clock += 15
        feed(QScroller.Input.InputMove, start + QPoint(0, down * step // 15))
    clock += 15
    feed(QScroller.Input.InputRelease, start + QPoint(0, down))


def test_apdu_lines_wrap_and_every_list_scrolls_by_dragging(rig) -> None:
    rig.open()
    window = rig.diagnostics.window
    window.resize(1280, 800)
    apdus = window.apdus
    window.show_apdus(_long_rows(50))
    rig.qtbot.waitUntil(lambda: apdus.verticalScrollBar().maximum() > 0)
    assert apdus.horizontalScrollBar().maximum() == 0  # nothing runs off the side
    one_line = apdus.fontMetrics().height()
    assert apdus.visualItemRect(apdus.item(0)).height() >= 2 * one_line  # wrapped
    for view in (window.readers, window.versions, apdus, window.config):
        assert QScroller.hasScroller(view.viewport())
    assert apdus.verticalScrollBar().sizeHint().width() >= SCROLL_BAR_WIDTH
    bar = apdus.verticalScrollBar()
    bottom = bar.value()
    assert bottom == bar.maximum()  # kept at the newest
    _drag(apdus.viewport(), QPoint(apdus.viewport().width() // 2, 20), 300)
    rig.qtbot.waitUntil(lambda: bar.value() < bottom - 100, timeout=WAIT_MS)
