# SPDX-License-Identifier: Apache-2.0
"""The staff window, offscreen (pytest-qt), on a real backend and virtual readers."""

from __future__ import annotations

import threading

import pytest
import requests

from card.virtual import Knobs
from staff.personalize import STEPS, CardState, PersoError, Step
from tests.live_backend import LiveBackend
from tests.staff.conftest import (
    claim_organisational_transfer,
    new_resident,
    staff_api,
    submit_transfer,
)
from tests.staff.ui_support import MASTER_KEY, login

MASTER_KEY_HEX = MASTER_KEY.hex()

pytestmark = pytest.mark.timeout(120)


@pytest.mark.parametrize(
    ("role", "tabs"),
    [
        ("issuer", ["单张制卡", "批量制卡", "卡片管理"]),
        ("reviewer", ["业务审核"]),
        ("admin", ["审计日志"]),
    ],
)
def test_tabs_follow_the_operator_roles(qtbot, window, backend, role, tabs) -> None:
    login(qtbot, window, backend, role)
    assert window.visible_tabs() == tabs
    assert window.login.password.text() == ""


def test_wrong_password_stays_on_login(qtbot, window, backend) -> None:
    window.login.username.setText(backend.staff["issuer"][0])
    window.login.password.setText("not-the-password")
    window.login.button.click()
    qtbot.waitUntil(lambda: "密码错误" in window.login.banner.text(), timeout=10000)
    assert window.stack.currentIndex() == 0


def test_issue_a_card_from_the_form(qtbot, window, backend, tmp_path) -> None:
    login(qtbot, window, backend, "issuer")
    page = window.issue
    qtbot.waitUntil(lambda: page.readers.combo.count() == 2, timeout=10000)
    resident = new_resident("孙悟空")
    page.form.ssn.setText(resident.ssn)
    page.form.name.setText(resident.name)
    page.form.mobile.setText(resident.mobile)
    page.start_button.click()
    qtbot.waitUntil(
        lambda: page.result is not None or page.failure is not None, timeout=30000
    )
    assert page.failure is None, page.banner.text()
    marks = [page.steps.item(i).text()[0] for i in range(len(STEPS))]
    assert marks == ["✔"] * len(STEPS)
    assert "制卡成功" in page.banner.text()
    assert window.factory.on_gui_thread == [False]  # card work off the GUI thread
    page.receipt_button.click()
    receipt = (
        tmp_path / "receipts" / f"receipt-{page.result.allocation.card_number}.pdf"
    )
    assert receipt.is_file() and receipt.read_bytes().startswith(b"%PDF")


def test_issue_page_refuses_a_bad_ssn_without_calling_anyone(
    qtbot, window, backend
) -> None:
    login(qtbot, window, backend, "issuer")
    window.issue.form.ssn.setText("110105194912310021")
    window.issue.form.name.setText("张三")
    window.issue.form.mobile.setText("13800000000")
    window.issue.start_button.click()
    assert window.issue.banner.text() == "请检查社会保障号码。"  # plain words
    assert "check character" in window.issue.banner.details.text()  # folded away
    assert not window.issue.banner.details.isVisible()
    assert window.factory.cards == []


def test_reviewer_decides_with_a_reason(qtbot, window, backend, tmp_path) -> None:
    reference = submit_transfer(backend, tmp_path)
    login(qtbot, window, backend, "reviewer")
    page = window.reviews
    qtbot.waitUntil(lambda: page.table.rowCount() > 0, timeout=10000)
    assert page.items[0].reference == reference
    assert reference in page.history.toPlainText()
    page.approve_button.click()
    assert "审核意见" in page.banner.text()  # a reason is required
    page.reason.setText("材料齐全，同意转移")
    page.approve_button.click()
    qtbot.waitUntil(lambda: reference in page.banner.text(), timeout=10000)
    assert "已批准" in page.banner.text()
    qtbot.waitUntil(
        lambda: reference not in [i.reference for i in page.items], timeout=10000
    )  # no longer awaiting a decision
    admin = staff_api(backend, "admin")
    decisions = [e for e in admin.audit().items if e.entity_id == reference]
    assert any(e.reason == "材料齐全，同意转移" for e in decisions)


def test_pulled_card_then_erase_and_redo_from_the_screen(qtbot, window, backend):
    login(qtbot, window, backend, "issuer")
    page = window.issue
    qtbot.waitUntil(lambda: page.readers.combo.count() == 2, timeout=10000)
    resident = new_resident("猪八戒")
    page.form.ssn.setText(resident.ssn)
    page.form.name.setText(resident.name)
    page.form.mobile.setText(resident.mobile)
    window.factory.next_knobs = Knobs(tear_after=25)
    page.start_button.click()
    qtbot.waitUntil(lambda: page.failure is not None, timeout=30000)
    assert page.failure.card_state is CardState.HALF_WRITTEN
    assert "擦除" in page.banner.text()
    assert page.erase_button.isEnabled() and not page.start_button.isEnabled()
    number = page.failure.allocation.card_number
    reader = page.readers.reader()
    window.services.reinsert(reader)  # the operator pushes the card back in
    page.erase_button.click()
    qtbot.waitUntil(lambda: page.failure is None, timeout=30000)
    assert "已擦除" in page.banner.text()
    page.start_button.click()
    qtbot.waitUntil(lambda: page.result is not None, timeout=30000)
    assert page.result.allocation.card_number == number
    person = staff_api(backend, "issuer").find_person(resident.ssn)
    assert [(c.card_number, c.status) for c in person.cards] == [(number, "active")]
    assert len(window.factory.cards) == 1  # the same card, erased and redone


def test_card_state_formal_loss_from_the_screen(qtbot, window, backend, tmp_path):
    from staff.personalize import Personalizer
    from tests.staff.test_e2e_backend import Blanks

    issuer = staff_api(backend, "issuer")
    resident = new_resident("沙和尚")
    number = (
        Personalizer(issuer, Blanks(MASTER_KEY)).run(resident).allocation.card_number
    )
    login(qtbot, window, backend, "issuer")
    page = window.cards
    window.tabs.setCurrentWidget(page)
    page.ssn.setText(resident.ssn)
    page.lookup()
    qtbot.waitUntil(lambda: page.table.rowCount() == 1, timeout=10000)
    assert page.selected_card() == number
    page.action_buttons["formal-loss"].click()
    assert "原因" in page.banner.text()  # a reason is required
    page.reason.setText("居民来窗口报失")
    page.action_buttons["formal-loss"].click()
    assert page.confirm is not None and page.confirm.isVisible()
    assert "补换新卡" in page.confirm.informativeText()  # the consequence
    page.confirm.action_button.click()
    qtbot.waitUntil(
        lambda: (
            page.table.rowCount() == 1 and page.table.item(0, 1).text() == "正式挂失"
        ),
        timeout=10000,
    )
    person = issuer.find_person(resident.ssn)
    assert person is not None and person.card(number).status == "lost"
    page.replace_button.click()
    assert window.tabs.currentWidget() is window.issue
    assert window.issue.form.ssn.text() == resident.ssn


def test_command_line_builds_virtual_services(tmp_path):
    import datetime as dt

    from staff.app import build_services, parse_args
    from staff.models import Allocation

    key = tmp_path / "master.key"
    key.write_text(MASTER_KEY_HEX)
    services = build_services(
        parse_args(
            [
                "--readers",
                "virtual",
                "--virtual-factory-key",
                str(key),
                "--output",
                str(tmp_path),
                "--backend",
                "http://127.0.0.1:9",
            ]
        )
    )
    try:
        reader = services.provider.readers()[0].name
        alloc = Allocation(
            card_number="B12345678",
            ssn="11010519491231002X",
            recognition_code=bytes(16),
            card_type="3",
            spec_version="3.00",
            issue_date=dt.date.today(),
            expiry_date=dt.date.today(),
        )
        with services.connector(reader)(alloc) as conn:
            assert conn.transmit(bytes.fromhex("0084000010"))[1] == 0x9000
        assert services.provider.readers()[0].card_present
    finally:
        services.stop()


def fill(page, resident) -> None:
    page.form.ssn.setText(resident.ssn)
    page.form.name.setText(resident.name)
    page.form.mobile.setText(resident.mobile)


def test_issue_page_resumes_an_unfinished_allocation(qtbot, window, backend):
    resident = new_resident("唐三藏")
    earlier = staff_api(backend, "issuer")  # a station that died after allocating
    earlier.register_person(resident)
    number = earlier.allocate_card(resident.ssn).card_number
    login(qtbot, window, backend, "issuer")
    page = window.issue
    qtbot.waitUntil(lambda: page.readers.combo.count() == 2, timeout=10000)
    fill(page, resident)
    page.lookup()
    qtbot.waitUntil(lambda: "未完成" in page.banner.text(), timeout=10000)
    assert number in page.banner.text()
    page.start_button.click()
    qtbot.waitUntil(
        lambda: page.result is not None or page.failure is not None, timeout=30000
    )
    assert page.failure is None, page.banner.text()
    assert page.result.allocation.card_number == number
    assert "沿用了未完成的卡号" in page.banner.text()
    assert "沿用未完成的卡号" in page.steps.item(STEPS.index(Step.ALLOCATE)).text()
    person = earlier.find_person(resident.ssn)
    assert [(c.card_number, c.status) for c in person.cards] == [(number, "active")]


def test_activated_card_left_by_a_dead_station_is_registered_not_erased(
    qtbot, window, backend
):
    from staff.personalize import Personalizer

    resident = new_resident("沙悟净")
    earlier = staff_api(backend, "issuer")

    class DiesBeforeRegistering:
        def __getattr__(self, name):
            return getattr(earlier, name)

        def activate(self, card_number):
            raise ConnectionError("station lost power")

    login(qtbot, window, backend, "issuer")
    page = window.issue
    qtbot.waitUntil(lambda: page.readers.combo.count() == 2, timeout=10000)
    reader = page.readers.reader()
    with pytest.raises(PersoError) as caught:
        Personalizer(DiesBeforeRegistering(), window.services.connector(reader)).run(
            resident
        )
    assert caught.value.card_state is CardState.PERSONALIZED
    number = caught.value.allocation.card_number
    fill(page, resident)  # the restarted station: same resident, same card
    page.start_button.click()
    qtbot.waitUntil(lambda: page.failure is not None, timeout=30000)
    assert page.erase_button.isEnabled()
    page.erase_button.click()  # ERASE answers 6985: the card took ACTIVATE
    qtbot.waitUntil(lambda: page.start_button.text() == "完成登记", timeout=30000)
    assert page.failure.card_state is CardState.PERSONALIZED
    page.start_button.click()
    qtbot.waitUntil(lambda: page.result is not None, timeout=30000)
    assert page.result.allocation.card_number == number
    person = earlier.find_person(resident.ssn)
    assert [(c.card_number, c.status) for c in person.cards] == [(number, "active")]
    assert len(window.factory.cards) == 1


def _review(qtbot, window, backend, reference: str):  # type: ignore[no-untyped-def]
    """The reviewer's queue with ``reference`` selected and its history read."""
    login(qtbot, window, backend, "reviewer")
    page = window.reviews
    qtbot.waitUntil(
        lambda: reference in [i.reference for i in page.items], timeout=10000
    )
    page.table.selectRow([i.reference for i in page.items].index(reference))
    qtbot.waitUntil(lambda: reference in page.details, timeout=10000)
    return page


def test_review_queue_shows_history_and_masked_applicant(
    qtbot, window, backend, tmp_path
):
    reference = submit_transfer(backend, tmp_path, index=1)
    detail = staff_api(backend, "reviewer").request_detail(reference)
    page = _review(qtbot, window, backend, reference)
    text = page.history.toPlainText()
    assert reference in text and "办理记录" in text and "步骤与时限" in text
    assert f"申请人：{detail.name}" in text
    assert detail.ssn[:6] + "********" + detail.ssn[-4:] in text
    assert detail.ssn not in text
    from zoneinfo import ZoneInfo

    first = detail.timeline[0]
    local = first.at.astimezone(ZoneInfo("Asia/Shanghai"))
    assert f"{local:%Y-%m-%d %H:%M}" in text
    assert first.actor in text and "审核并出具联系函" in text
    assert all(f"截止 {s.deadline}" in text for s in detail.steps)


def test_reviewer_confirms_an_organisational_transfer_before_approving(
    qtbot, window, backend, tmp_path
) -> None:
    reference = claim_organisational_transfer(backend, tmp_path)
    page = _review(qtbot, window, backend, reference)
    row = [i.reference for i in page.items].index(reference)
    assert "组织调动待确认" in page.table.item(row, 1).text()
    assert "待核对确认" in page.history.toPlainText()
    assert "调动批准文件" in page.history.toPlainText()  # what to check
    assert page.confirm_org_button.isEnabled() and page.reject_org_button.isEnabled()
    page.reason.setText("同意转移")
    page.approve_button.click()  # not before the claim is settled
    qtbot.waitUntil(lambda: "调动批准文件" in page.banner.text(), timeout=10000)
    assert staff_api(backend, "reviewer").request_detail(reference).status == (
        "submitted"
    )
    page.reason.setText("已核对调动通知书")
    page.confirm_org_button.click()
    qtbot.waitUntil(lambda: "组织调动已确认" in page.banner.text(), timeout=10000)
    detail = staff_api(backend, "reviewer").request_detail(reference)
    assert detail.organisational_transfer == "confirmed" and detail.total
    qtbot.waitUntil(  # the queue refreshed after the action, the request kept
        lambda: any(
            i.reference == reference and i.organisational_transfer == "confirmed"
            for i in page.items
        ),
        timeout=10000,
    )
    assert page.selected().reference == reference
    qtbot.waitUntil(
        lambda: (
            "已确认" in page.history.toPlainText()
            and "已核对调动通知书" in page.history.toPlainText()
        ),
        timeout=10000,
    )
    row = [i.reference for i in page.items].index(reference)
    assert "组织调动" not in page.table.item(row, 1).text()  # nothing left to check
    assert not page.confirm_org_button.isEnabled()
    page.reason.setText("材料齐全，同意转移")
    page.approve_button.click()  # now it goes through
    qtbot.waitUntil(lambda: "已批准" in page.banner.text(), timeout=10000)
    assert staff_api(backend, "reviewer").request_detail(reference).status == (
        "approved"
    )


def test_reviewer_does_not_confirm_an_organisational_transfer(
    qtbot, window, backend, tmp_path
) -> None:
    """邓建华 (50) to Shanghai claims it too; the approval is missing."""
    from zoneinfo import ZoneInfo

    reference = claim_organisational_transfer(backend, tmp_path, "D00000224")
    api = staff_api(backend, "reviewer")
    before = api.request_detail(reference)
    page = _review(qtbot, window, backend, reference)
    page.reason.setText("未提供调动批准文件")
    page.reject_org_button.click()
    qtbot.waitUntil(lambda: "组织调动不予确认" in page.banner.text(), timeout=10000)
    detail = api.request_detail(reference)
    assert detail.organisational_transfer == "rejected"
    assert detail.total == before.total  # the outcome that held stays
    review = detail.organisational_transfer_review
    assert review is not None
    local = review.at.astimezone(ZoneInfo("Asia/Shanghai"))
    line = f"{local:%Y-%m-%d %H:%M}  {review.actor}  未提供调动批准文件"
    qtbot.waitUntil(lambda: line in page.history.toPlainText(), timeout=10000)
    assert "不予确认" in page.history.toPlainText()
    assert page.selected().reference == reference
    assert not page.reject_org_button.isEnabled()


def test_review_page_in_english_keeps_the_chosen_request(
    qtbot, window, backend, tmp_path
) -> None:
    reference = claim_organisational_transfer(backend, tmp_path, "D00000235", "440300")
    page = _review(qtbot, window, backend, reference)
    window.work.language_button.click()  # Qt posts LanguageChange: next loop
    try:
        qtbot.waitUntil(
            lambda: page.confirm_org_button.text() == "Confirm organisational transfer"
        )
        assert page.selected().reference == reference  # not the first row
        row = [i.reference for i in page.items].index(reference)
        assert page.table.item(row, 1).text() == (
            "Pension transfer (organisational transfer to check)"
        )
        qtbot.waitUntil(lambda: "not checked yet" in page.history.toPlainText())
        assert page.table.horizontalHeaderItem(3).text() == (
            "Submitted (Asia/Shanghai)"
        )
    finally:
        window.work.language_button.click()
        qtbot.waitUntil(lambda: page.confirm_org_button.text() == "确认组织调动")


def _token_works(backend: LiveBackend, token: str) -> bool:
    got = requests.get(
        f"{backend.url}/api/v1/staff/reviews",
        headers={"Authorization": f"Bearer {token}"},
        timeout=10,
    )
    return got.status_code == 200


def test_sign_off_and_closing_end_the_token_off_the_gui_thread(
    qtbot, window, backend
) -> None:
    api = window.services.api
    on_gui_thread: list[bool] = []
    backend_logout = api.client.logout

    def spy() -> None:
        on_gui_thread.append(threading.current_thread() is threading.main_thread())
        backend_logout()

    api.client.logout = spy  # type: ignore[method-assign]
    login(qtbot, window, backend, "reviewer")
    token = api.client._token
    assert token and _token_works(backend, token)
    window.logout()
    assert window.stack.currentIndex() == 0  # the screen does not wait
    qtbot.waitUntil(lambda: on_gui_thread == [False], timeout=10000)
    qtbot.waitUntil(lambda: not _token_works(backend, token), timeout=10000)
    login(qtbot, window, backend, "reviewer")
    token = api.client._token
    assert token and _token_works(backend, token)
    window.close()
    qtbot.waitUntil(lambda: on_gui_thread == [False, False], timeout=10000)
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=10000)
    assert not _token_works(backend, token)
