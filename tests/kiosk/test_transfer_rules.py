# SPDX-License-Identifier: Apache-2.0
"""The pension transfer preview explains province-level rules (省内 / 跨省,
户籍所在省) and carries the organisational-transfer answer to the backend:
virtual cards, the kiosk and the real demo backend."""

from __future__ import annotations

from backend_client.staff import StaffClient
from kiosk.flow import State
from kiosk.screens.base import money


def _preview_to(resident, card_number: str, code: str):  # type: ignore[no-untyped-def]
    slot = next(s for s in resident.demo.slots if s.card_number == card_number)
    resident.sign_in(slot)
    resident.click(resident.screens.overview.buttons[State.TRANSFER])
    transfer = resident.screens.transfer
    resident.wait_until(lambda: transfer.regions != ())
    # the province, then the city (none for a municipality), as a resident would
    index = next(i for i, r in enumerate(transfer.regions) if r.code == code)
    resident.pick_region(transfer, index)
    resident.wait_until(lambda: transfer.preview is not None and not transfer.busy)
    assert transfer.preview.to_region == code
    return transfer


def test_a_move_within_one_province_says_so(resident) -> None:
    # 邓建华, 50, hukou 四川, Shenzhen -> Guangzhou
    transfer = _preview_to(resident, "D00000224", "440100")
    preview = transfer.preview
    assert preview.relationship_rule == "within_province"
    assert not preview.temporary_account and preview.total > 0
    assert "省内" in transfer.why.text() and "广东省" in transfer.why.text()
    assert money(preview.total) in transfer.moves.text()
    assert transfer.organisational.isHidden() and not transfer.claim.text()


def test_back_into_the_hukou_province_another_city(resident) -> None:
    # 彭志强, 52, hukou 广州, Shanghai -> Shenzhen
    transfer = _preview_to(resident, "D00000235", "440300")
    why = transfer.why.text()
    assert "跨省" in why and "户籍所在省（广东省）" in why
    assert transfer.preview.payout_rule == 1
    assert "深圳市" in transfer.rule.text() and "户籍所在省" in transfer.rule.text()
    assert transfer.organisational.isHidden()


def test_organisational_transfer_said_at_the_kiosk_reaches_the_review(
    resident,
) -> None:
    # 韩东, 53, hukou 湖南, Beijing -> Shanghai
    transfer = _preview_to(resident, "D00000246", "310000")
    assert transfer.preview.temporary_account
    why = transfer.why.text()
    assert "跨省" in why and "湖南省" in why and "临时缴费账户" in why
    box = transfer.organisational
    assert box.isVisible() and not box.isChecked()
    assert "组织人事部门" in box.text()
    box.click()
    resident.wait_until(
        lambda: (
            transfer.preview.organisational_transfer == "claimed" and not transfer.busy
        )
    )
    promised = transfer.preview.if_confirmed
    assert promised is not None and not promised.temporary_account
    assert box.isChecked() and transfer.preview.temporary_account
    assert money(promised.total) in transfer.claim.text()
    resident.click(transfer.confirm_button)
    resident.wait_state(State.RECEIPT)
    receipt = resident.screens.receipt
    resident.wait_until(lambda: receipt.receipt is not None)
    reference = receipt.receipt.reference
    staff = StaffClient(resident.demo.backend.url)
    try:
        staff.login("reviewer", "reviewer-demo")
        stored = staff.request_detail(reference)
        assert stored.organisational_transfer == "claimed"
        assert stored.total == 0  # the age rule holds until staff confirm
        requests = resident.screens.requests  # "My requests" shows where it stands
        requests.show_detail(stored)
        assert "待工作人员核对" in requests.heading.text()
        staff.decide(reference, approve=False, reason="closed by the test")
    finally:
        staff.close()
