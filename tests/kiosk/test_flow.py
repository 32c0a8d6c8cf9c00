# SPDX-License-Identifier: Apache-2.0
"""The resident state machine, without Qt."""

from __future__ import annotations

import pytest

from kiosk.flow import (
    SERVICES,
    WITH_CARD,
    EndReason,
    Flow,
    FlowError,
    Purpose,
    Refusal,
    State,
    Transition,
)


def at_overview() -> Flow:
    flow = Flow()
    flow.card_inserted()
    flow.card_accepted()
    flow.pin_verified(initial=False)
    flow.session_opened()
    return flow


def test_happy_path_to_receipt_and_finish() -> None:
    seen: list[Transition] = []
    flow = Flow(on_change=seen.append)
    flow.card_inserted()
    flow.card_accepted()
    flow.pin_wrong(2)
    assert flow.tries_left == 2
    flow.pin_verified(initial=False)
    assert flow.tries_left is None
    flow.session_opened()
    flow.open_service(State.TRANSFER)
    flow.submitted()
    end = flow.finish()
    assert end.ended is EndReason.FINISHED
    assert [t.target for t in seen] == [
        State.READING,
        State.PIN,
        State.PIN,
        State.OPENING,
        State.OVERVIEW,
        State.TRANSFER,
        State.RECEIPT,
        State.TAKE_CARD,
    ]
    # the card leaves: welcome, and the session is not ended a second time
    removed = flow.card_removed()
    assert (removed.target, removed.ended) == (State.WELCOME, None)


def test_initial_pin_leads_only_to_change() -> None:
    flow = Flow()
    flow.card_inserted()
    flow.card_accepted()
    assert flow.pin_verified(initial=True).target is State.CHANGE_INITIAL_PIN
    with pytest.raises(FlowError):
        flow.open_service(State.TRANSFER)
    with pytest.raises(FlowError):
        flow.session_opened()
    flow.initial_pin_changed()
    assert flow.session_opened().target is State.OVERVIEW


def test_blocked_pin_refuses_card() -> None:
    flow = Flow()
    flow.card_inserted()
    flow.card_accepted()
    flow.pin_wrong(1)
    flow.pin_blocked()
    assert (flow.state, flow.refusal, flow.tries_left) == (
        State.CARD_REFUSED,
        Refusal.BLOCKED,
        0,
    )


@pytest.mark.parametrize("reason", list(Refusal))
def test_refused_card_then_finish_resets(reason: Refusal) -> None:
    flow = Flow()
    flow.card_inserted()
    flow.card_refused(reason)
    assert flow.refusal is reason
    assert flow.card_removed().ended is EndReason.CARD_REMOVED
    assert flow.state is State.WELCOME and flow.refusal is None


def test_cancel_loss_only_for_temporarily_lost() -> None:
    flow = Flow()
    flow.card_inserted()
    flow.card_refused(Refusal.LOST)
    with pytest.raises(FlowError):
        flow.cancel_loss_requested()
    flow.finish()
    flow.card_removed()
    flow.card_inserted()
    flow.card_refused(Refusal.TEMPORARILY_LOST)
    flow.cancel_loss_requested()
    assert flow.purpose is Purpose.CANCEL_LOSS
    # the initial PIN does not divert a cancellation into a PIN change
    assert flow.pin_verified(initial=True).target is State.OPENING
    assert flow.session_opened().target is State.LOSS_CANCELLED
    flow.finish()
    assert flow.purpose is Purpose.SESSION


@pytest.mark.parametrize("state", sorted(WITH_CARD))
def test_card_removed_ends_every_card_state(state: State) -> None:
    flow = Flow()
    flow.state = state
    transition = flow.card_removed()
    assert transition.target is State.WELCOME
    assert transition.ended is EndReason.CARD_REMOVED


@pytest.mark.parametrize("state", [State.WELCOME, State.LOSS_REPORT, State.FAILURE])
def test_card_removed_without_card_is_ignored(state: State) -> None:
    flow = Flow()
    flow.state = state
    assert flow.card_removed().ended is None
    assert flow.state is state


def test_idle_timeout_ends_services_but_not_welcome() -> None:
    flow = at_overview()
    flow.open_service(State.CONTRIBUTIONS)
    assert flow.idle_timeout().ended is EndReason.IDLE
    assert flow.state is State.TAKE_CARD
    assert flow.idle_timeout().ended is None
    assert flow.finish().ended is None
    flow.card_removed()
    flow.loss_report_requested()
    assert flow.idle_timeout().target is State.WELCOME


@pytest.mark.parametrize("service", sorted(SERVICES))
def test_every_service_opens_and_goes_back(service: State) -> None:
    flow = at_overview()
    flow.open_service(service)
    assert flow.back().target is State.OVERVIEW


def test_open_service_rejects_non_services() -> None:
    flow = at_overview()
    with pytest.raises(FlowError):
        flow.open_service(State.RECEIPT)


def test_loss_report_from_welcome_only() -> None:
    flow = Flow()
    flow.loss_report_requested()
    with pytest.raises(FlowError):
        flow.loss_report_requested()
    flow.loss_report_closed()
    assert flow.state is State.WELCOME
    at = at_overview()
    with pytest.raises(FlowError) as info:
        at.loss_report_requested()
    assert info.value.state is State.OVERVIEW


def test_failure_ends_session_and_returns_to_welcome() -> None:
    flow = at_overview()
    failed = flow.failed()
    assert (failed.target, failed.ended) == (State.FAILURE, EndReason.FAILURE)
    assert Flow().failed().ended is None
    # the card is still in: the take-card screen before welcome
    assert flow.failure_acknowledged().target is State.TAKE_CARD
    assert flow.card_removed().target is State.WELCOME
    # taken out while the message shows: straight back to welcome
    flow.card_inserted()
    flow.failed()
    flow.card_removed()
    assert flow.failure_acknowledged().target is State.WELCOME
    # a card inserted while the failure message shows starts a new reading
    flow.failed()
    assert flow.card_inserted().target is State.READING


def test_take_card_waits_for_the_card_only() -> None:
    flow = at_overview()
    assert flow.finish().target is State.TAKE_CARD
    with pytest.raises(FlowError):
        flow.card_inserted()
    with pytest.raises(FlowError):
        flow.loss_report_requested()
    assert flow.card_in
    assert flow.card_removed().target is State.WELCOME
    assert not flow.card_in


def test_events_out_of_order_raise() -> None:
    flow = Flow()
    for event in (
        flow.card_accepted,
        flow.session_opened,
        flow.submitted,
        flow.back,
        flow.initial_pin_changed,
        flow.failure_acknowledged,
    ):
        with pytest.raises(FlowError):
            event()
    with pytest.raises(FlowError):
        flow.pin_wrong(1)
