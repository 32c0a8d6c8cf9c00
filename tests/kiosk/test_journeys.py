# SPDX-License-Identifier: Apache-2.0
"""Resident journeys end to end: virtual card (real APDUs) and a real backend."""

from __future__ import annotations

import pytest

from kiosk.flow import Refusal, State


def test_happy_pension_transfer(resident) -> None:
    slot = resident.demo.slot("active")
    resident.sign_in(slot)
    overview = resident.screens.overview
    assert slot.name in overview.greeting.text()
    assert overview.chart.bars
    resident.click(overview.buttons[State.TRANSFER])
    transfer = resident.screens.transfer
    resident.wait_until(lambda: transfer.region_list.count() > 0)
    item = transfer.region_list.item(0)
    transfer.region_list.itemClicked.emit(item)
    resident.wait_until(lambda: transfer.preview is not None)
    assert transfer.moves.text() and transfer.rule.text()
    resident.click(transfer.confirm_button)
    resident.wait_state(State.RECEIPT)
    receipt = resident.screens.receipt
    resident.wait_until(lambda: receipt.receipt is not None)
    assert receipt.receipt.reference and not receipt.receipt.queued
    assert receipt.qr.payload.endswith(receipt.receipt.status_url.split("/")[-1])
    assert receipt.receipt.reference in receipt.reference.text()
    resident.click(resident.kiosk.window.finish_button)
    resident.wait_state(State.WELCOME)


def test_wrong_pin_three_times_blocks(resident) -> None:
    slot = resident.demo.slot("active", 1)
    resident.insert(slot)
    resident.wait_state(State.PIN)
    pin_screen = resident.screens.pin
    wrong = "000000" if slot.pin != "000000" else "111111"
    seen = []
    for _ in range(10):
        resident.type_pin(pin_screen.pad, wrong)
        resident.wait_until(lambda: not pin_screen.busy or resident.state
                            is State.CARD_REFUSED)
        if resident.state is State.CARD_REFUSED:
            break
        seen.append(pin_screen.tries_left)
        assert str(pin_screen.tries_left) in pin_screen.error.text()
    assert seen == sorted(seen, reverse=True) and seen[-1] == 1
    assert resident.kiosk.controller.flow.refusal is Refusal.BLOCKED
    assert "人工窗口" in resident.screens.refused.todo.text()  # zh_CN is the default


def test_initial_pin_forces_change(resident) -> None:
    slot = resident.demo.slot("initial")
    resident.insert(slot)
    resident.wait_state(State.PIN)
    resident.type_pin(resident.screens.pin.pad, "123456")
    resident.wait_state(State.CHANGE_INITIAL_PIN)
    change = resident.screens.initial_pin
    resident.type_pin(change.pad, "258036")
    resident.type_pin(change.pad, "258036")
    resident.wait_state(State.OVERVIEW)
    resident.remove()
    resident.wait_state(State.WELCOME)
    resident.insert(slot)
    resident.wait_state(State.PIN)
    resident.type_pin(resident.screens.pin.pad, "258036")
    resident.wait_state(State.OVERVIEW)


@pytest.mark.parametrize("kind, reason", [("expired", Refusal.EXPIRED),
                                          ("blocked_pin", Refusal.BLOCKED),
                                          ("temporarily_lost", Refusal.TEMPORARILY_LOST)])
def test_refused_cards(resident, kind: str, reason: Refusal) -> None:
    resident.insert(resident.demo.slot(kind))
    resident.wait_state(State.CARD_REFUSED)
    assert resident.kiosk.controller.flow.refusal is reason
    assert resident.screens.refused.what.text()
    resident.remove()
    resident.wait_state(State.WELCOME)
