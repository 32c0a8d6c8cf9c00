# SPDX-License-Identifier: Apache-2.0
"""The way in: corner taps, shortcut, technician code, lock-out."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut

from kiosk.diagnostics.gate import (
    LOCK_S,
    MAX_TRIES,
    TAP_WINDOW_S,
    CodeGate,
    CornerTaps,
    Verdict,
)
from kiosk.flow import State
from tests.diagnostics.rig import TECHNICIAN_CODE, WAIT_MS, make_rig


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_five_corner_taps_within_the_window_make_the_gesture() -> None:
    clock = FakeClock()
    taps = CornerTaps(clock)
    assert [taps.tap(True) for _ in range(5)] == [False] * 4 + [True]
    for _ in range(4):
        assert not taps.tap(True)
        clock.now += TAP_WINDOW_S / 3  # five taps spread over 4/3 of the window
    assert not taps.tap(True)


def test_a_tap_elsewhere_starts_the_count_again() -> None:
    taps = CornerTaps(FakeClock())
    for _ in range(4):
        taps.tap(True)
    assert not taps.tap(False)
    assert [taps.tap(True) for _ in range(5)][-1]


def test_code_gate_locks_after_three_wrong_codes_and_doubles() -> None:
    clock = FakeClock()
    gate = CodeGate("24681357", clock)
    assert gate.check("1111").verdict is Verdict.REFUSED
    assert gate.check("2222").tries_left == 1
    locked = gate.check("3333")
    assert locked.verdict is Verdict.LOCKED and locked.wait_s == LOCK_S
    assert gate.check("24681357").verdict is Verdict.LOCKED  # right code, still locked
    clock.now += LOCK_S
    assert gate.check("24681357").verdict is Verdict.ACCEPTED
    for _ in range(2 * MAX_TRIES):
        answer = gate.check("0000")
        clock.now += answer.wait_s
    assert answer.verdict is Verdict.LOCKED and answer.wait_s == 2 * LOCK_S
    assert "24681357" not in repr(gate)


def test_no_usable_code_configured_means_disabled() -> None:
    for configured in ("", "123"):
        gate = CodeGate(configured)
        assert not gate.enabled
        assert gate.check(configured).verdict is Verdict.DISABLED


def test_gesture_and_code_open_the_screen(rig) -> None:
    rig.corner_taps(4)
    assert not rig.diagnostics.dialog.isVisible()
    rig.corner_taps(1)
    rig.qtbot.waitUntil(rig.diagnostics.dialog.isVisible, timeout=WAIT_MS)
    rig.type_code(TECHNICIAN_CODE)
    rig.qtbot.waitUntil(rig.diagnostics.window.isVisible, timeout=WAIT_MS)
    assert not rig.diagnostics.dialog.isVisible()
    assert rig.diagnostics.dialog.typed_length() == 0
    rig.click(rig.diagnostics.window.close_button)
    rig.qtbot.waitUntil(lambda: not rig.diagnostics.window.isVisible())


def test_taps_elsewhere_do_not_open(rig) -> None:
    window = rig.kiosk.window
    for _ in range(6):
        rig.qtbot.mouseClick(
            window, Qt.MouseButton.LeftButton, pos=window.rect().center()
        )
    assert not rig.diagnostics.dialog.isVisible()


def test_wrong_code_is_refused_then_locked(rig) -> None:
    rig.corner_taps()
    rig.qtbot.waitUntil(rig.diagnostics.dialog.isVisible, timeout=WAIT_MS)
    dialog = rig.diagnostics.dialog
    rig.type_code("11111111")
    assert "2 tries left" in dialog.message.text()
    assert not rig.diagnostics.window.isVisible()
    rig.type_code("22222222")
    rig.type_code("33333333")
    assert "Try again in 60 s" in dialog.message.text()
    rig.type_code(TECHNICIAN_CODE)  # the right code is refused while locked
    assert "Try again in" in dialog.message.text()
    assert not rig.diagnostics.window.isVisible()
    rig.click(dialog.cancel_button)
    rig.qtbot.waitUntil(lambda: not dialog.isVisible())
    rig.corner_taps()  # coming back does not clear the lock
    rig.qtbot.waitUntil(dialog.isVisible, timeout=WAIT_MS)
    assert "Try again in" in dialog.message.text()


def test_shortcut_asks_for_the_code(rig) -> None:
    shortcuts = [
        s
        for s in rig.kiosk.window.findChildren(QShortcut)
        if s.key() == QKeySequence("Ctrl+Alt+D")
    ]
    assert len(shortcuts) == 1
    rig.kiosk.window.activateWindow()
    rig.qtbot.keyClick(
        rig.kiosk.window,
        Qt.Key.Key_D,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier,
    )
    rig.qtbot.waitUntil(rig.diagnostics.dialog.isVisible, timeout=WAIT_MS)
    dialog = rig.diagnostics.dialog
    for digit in TECHNICIAN_CODE:  # a bench keyboard types the code too
        rig.qtbot.keyClick(dialog, digit)
    rig.qtbot.keyClick(dialog, Qt.Key.Key_Return)
    rig.qtbot.waitUntil(rig.diagnostics.window.isVisible, timeout=WAIT_MS)


def test_not_during_a_resident_session(rig) -> None:
    rig.insert(rig.usable_card())
    rig.qtbot.waitUntil(
        lambda: rig.kiosk.controller.flow.state is State.PIN, timeout=WAIT_MS
    )
    rig.corner_taps()
    assert not rig.diagnostics.dialog.isVisible()


def test_no_code_configured_refuses_everything(qtbot, qapp, live, tmp_path) -> None:
    rig = make_rig(qtbot, qapp, live, tmp_path, code="")
    try:
        rig.corner_taps()
        qtbot.waitUntil(rig.diagnostics.dialog.isVisible, timeout=WAIT_MS)
        assert "No technician code" in rig.diagnostics.dialog.message.text()
        rig.type_code("0000")
        assert "No technician code" in rig.diagnostics.dialog.message.text()
        assert not rig.diagnostics.window.isVisible()
    finally:
        rig.close()


def test_screen_closes_itself_when_left_alone(rig) -> None:
    rig.open()
    d = rig.diagnostics
    assert d.idle_timer.isActive()
    d.idle_timer.setInterval(50)
    rig.click(d.window.refresh_button)  # any action restarts the countdown
    rig.qtbot.waitUntil(lambda: not d.window.isVisible(), timeout=WAIT_MS)
    assert not d.idle_timer.isActive()
