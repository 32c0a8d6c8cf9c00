# SPDX-License-Identifier: Apache-2.0
"""Resident journeys end to end: virtual card (real APDUs) and a real backend."""

from __future__ import annotations

import re
import sqlite3

import pytest

from kiosk.flow import Refusal, State
from kiosk.formats import date_text, reference_for_reading


def test_happy_pension_transfer(resident) -> None:
    slot = resident.demo.slot("active")
    resident.sign_in(slot)
    overview = resident.screens.overview
    assert slot.name in overview.greeting.text()
    assert overview.chart.bars
    resident.click(overview.buttons[State.TRANSFER])
    transfer = resident.screens.transfer
    resident.pick_region(transfer, 0)
    assert transfer.moves.text() and transfer.rule.text()
    resident.click(transfer.confirm_button)
    resident.wait_state(State.RECEIPT)
    receipt = resident.screens.receipt
    resident.wait_until(lambda: receipt.receipt is not None)
    assert receipt.receipt.reference and not receipt.receipt.queued
    assert receipt.qr.payload.endswith(receipt.receipt.status_url.split("/")[-1])
    assert receipt.title.text() == "申请已提交"  # weeks of work ahead: not "done"
    grouped = reference_for_reading(receipt.receipt.reference)
    assert grouped in receipt.reference.text()
    assert receipt.receipt.reference == grouped.replace(" ", "")
    # what happens next: the route and the three steps of a pension transfer
    assert receipt.receipt.to_region and receipt.receipt.from_region
    assert receipt.receipt.to_region in receipt.route.text()
    assert len(receipt.receipt.steps) == 3
    assert receipt.steps.text().count("\n") == 2
    text = receipt.steps.text()
    assert all(date_text(deadline) in text for _, deadline in receipt.receipt.steps)
    assert re.search(r"\d{4}年\d{1,2}月\d{1,2}日", text) and "-" not in text
    resident.click(receipt.finish_button)
    resident.take_card()


def test_wrong_pin_three_times_blocks(resident) -> None:
    slot = resident.demo.slot("active", 1)
    resident.insert(slot)
    resident.wait_state(State.PIN)
    pin_screen = resident.screens.pin
    wrong = "000000" if slot.pin != "000000" else "111111"
    seen = []
    for _ in range(10):
        resident.type_pin(pin_screen.pad, wrong)
        resident.wait_until(
            lambda: not pin_screen.busy or resident.state is State.CARD_REFUSED
        )
        if resident.state is State.CARD_REFUSED:
            break
        seen.append(pin_screen.tries_left)
        assert str(pin_screen.tries_left) in pin_screen.error.text()
    assert seen == sorted(seen, reverse=True) and seen[-1] == 1
    assert resident.kiosk.controller.flow.refusal is Refusal.BLOCKED
    assert "人工窗口" in resident.screens.refused.todo.text()  # zh_CN is the default


def pin_initial(demo, card_number: str) -> bool:
    """What the embedded backend records of the card's PIN (cards.pin_initial)."""
    with sqlite3.connect(demo.state_dir / "backend.sqlite3") as db:
        row = db.execute(
            "SELECT pin_initial FROM cards WHERE card_number = ?", (card_number,)
        ).fetchone()
    return bool(row[0])


def test_initial_pin_forces_change(resident) -> None:
    slot = resident.demo.slot("initial")
    assert pin_initial(resident.demo, slot.card_number)  # submissions refused
    resident.insert(slot)
    resident.wait_state(State.PIN)
    resident.type_pin(resident.screens.pin.pad, "123456")
    resident.wait_state(State.CHANGE_INITIAL_PIN)
    change = resident.screens.initial_pin
    resident.type_pin(change.pad, "258036")
    resident.type_pin(change.pad, "258036")
    resident.wait_state(State.OVERVIEW)
    # the kiosk registered the change with the card's signature before the session
    assert not pin_initial(resident.demo, slot.card_number)
    resident.remove()
    resident.wait_state(State.WELCOME)
    resident.insert(slot)
    resident.wait_state(State.PIN)
    resident.type_pin(resident.screens.pin.pad, "258036")
    resident.wait_state(State.OVERVIEW)


@pytest.mark.parametrize(
    "kind, reason",
    [
        ("expired", Refusal.EXPIRED),
        ("blocked_pin", Refusal.BLOCKED),
        ("temporarily_lost", Refusal.TEMPORARILY_LOST),
    ],
)
def test_refused_cards(resident, kind: str, reason: Refusal) -> None:
    resident.insert(resident.demo.slot(kind))
    resident.wait_state(State.CARD_REFUSED)
    assert resident.kiosk.controller.flow.refusal is reason
    assert resident.screens.refused.what.text()
    resident.remove()
    resident.wait_state(State.WELCOME)


def _to_overview(resident, slot) -> None:
    resident.sign_in(slot)


def _to_pin(resident, slot) -> None:
    resident.insert(slot)
    resident.wait_state(State.PIN)


def _to_preview(resident, slot) -> None:
    resident.sign_in(slot)
    resident.click(resident.screens.overview.buttons[State.TRANSFER])
    transfer = resident.screens.transfer
    resident.pick_region(transfer, 1)


def _to_contributions(resident, slot) -> None:
    resident.sign_in(slot)
    resident.click(resident.screens.overview.buttons[State.CONTRIBUTIONS])
    resident.wait_until(lambda: resident.screens.contributions.page is not None)


def _to_certificate(resident, slot) -> None:
    resident.sign_in(slot)
    resident.click(resident.screens.overview.buttons[State.CERTIFICATE])
    resident.wait_until(lambda: resident.screens.certificate.data is not None)


def _to_receipt(resident, slot) -> None:
    _to_preview(resident, slot)
    resident.click(resident.screens.transfer.confirm_button)
    resident.wait_state(State.RECEIPT)


def _while_reading(resident, slot) -> None:
    resident.insert(slot)  # removed at once: mid-read, mid-challenge or at the PIN
    resident.wait_state(State.READING, State.PIN)


STEPS = {
    "reading": _while_reading,
    "pin": _to_pin,
    "overview": _to_overview,
    "contributions": _to_contributions,
    "transfer_preview": _to_preview,
    "certificate": _to_certificate,
    "receipt": _to_receipt,
}


@pytest.mark.parametrize("step", sorted(STEPS))
def test_card_pulled_at_every_step(resident, step: str) -> None:
    slot = resident.demo.slot("active", 2)
    STEPS[step](resident, slot)
    session = resident.kiosk.controller.session
    resident.remove()
    resident.wait_state(State.WELCOME)
    assert resident.kiosk.controller.card is None
    assert resident.kiosk.controller.session is None
    if session is not None:  # logged out on the backend
        resident.wait_until(lambda: not session.is_open)
    # the kiosk serves the next card normally
    resident.sign_in(slot)


def test_idle_dialog_continue_then_timeout(qtbot, qapp, demo, tmp_path) -> None:
    from tests.kiosk.harness import Resident, make_kiosk

    kiosk = make_kiosk(qapp, demo, tmp_path, idle_timeout_s=4, idle_warning_s=3)
    try:
        resident = Resident(qtbot, kiosk, demo)
        resident.sign_in(demo.slot("active", 3))
        idle = kiosk.window.idle
        resident.wait_until(lambda: idle.isVisible(), timeout=6000)
        assert idle.seconds in (1, 2, 3) and str(idle.seconds) in idle.countdown.text()
        # centred over the window
        centre = idle.frame.geometry().center()
        assert abs(centre.x() - idle.width() / 2) <= 2
        assert abs(centre.y() - idle.height() / 2) <= 2
        assert idle.continue_button.text() == "继续办理"
        assert idle.exit_button.text() == kiosk.window.finish_button.text()
        resident.click(idle.continue_button)
        assert not idle.isVisible() and resident.state is State.OVERVIEW
        resident.wait_until(lambda: idle.isVisible(), timeout=6000)
        resident.wait_state(State.TAKE_CARD, timeout=8000)
        assert not idle.isVisible()
        assert kiosk.screens.take_card.idle_end
        assert kiosk.screens.take_card.warning.text()
        assert kiosk.screens.overview.me is None
    finally:
        demo.remove()
        kiosk.close()
        kiosk.runtime.services.outbox.close()


def test_idle_dialog_exit(qtbot, qapp, demo, tmp_path) -> None:
    from tests.kiosk.harness import Resident, make_kiosk

    kiosk = make_kiosk(qapp, demo, tmp_path, idle_timeout_s=4, idle_warning_s=3)
    try:
        resident = Resident(qtbot, kiosk, demo)
        resident.sign_in(demo.slot("active", 3))
        resident.wait_until(lambda: kiosk.window.idle.isVisible(), timeout=6000)
        resident.click(kiosk.window.idle.exit_button)
        resident.take_card()
        assert not kiosk.screens.take_card.idle_end
    finally:
        demo.remove()
        kiosk.close()
        kiosk.runtime.services.outbox.close()


def test_loss_report_then_cancel_with_card_and_pin(resident) -> None:
    slot = resident.demo.slot("active", 4)
    welcome, loss = resident.screens.welcome, resident.screens.loss_report
    resident.click(welcome.loss_button)
    resident.wait_state(State.LOSS_REPORT)
    for ch in slot.ssn + slot.mobile[-4:]:
        resident.click(loss.keypad.buttons[ch])
    resident.click(loss.submit_button)
    resident.wait_until(lambda: loss.receipt is not None)
    assert loss.receipt.status == "temporarily_lost"
    assert loss.result.text() and not loss.ssn.text()
    resident.click(loss.close_button)
    resident.wait_state(State.WELCOME)
    # the same card is now refused, and can cancel its loss report with the PIN
    resident.insert(slot)
    resident.wait_state(State.CARD_REFUSED)
    refused = resident.screens.refused
    assert resident.kiosk.controller.flow.refusal is Refusal.TEMPORARILY_LOST
    resident.click(refused.cancel_loss_button)
    resident.wait_state(State.PIN)
    resident.type_pin(resident.screens.pin.pad, slot.pin)
    resident.wait_state(State.LOSS_CANCELLED)
    receipt = resident.screens.receipt
    resident.wait_until(lambda: receipt.receipt is not None)
    assert receipt.receipt.kind == "cancel_loss"
    resident.click(receipt.finish_button)
    resident.take_card()
    resident.remove()
    resident.sign_in(slot)  # the card works again


def test_loss_report_wrong_pair_is_answered_kindly(resident) -> None:
    loss = resident.screens.loss_report
    resident.click(resident.screens.welcome.loss_button)
    for ch in "110105194912310021" + "0000":
        resident.click(loss.keypad.buttons[ch])
    resident.click(loss.submit_button)
    resident.wait_until(lambda: bool(loss.problem))
    assert loss.receipt is None
    assert "工作人员" in loss.problem or "staff" in loss.problem
