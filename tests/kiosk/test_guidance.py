# SPDX-License-Identifier: Apache-2.0
"""Problems say what happened and what to do; choices that cannot succeed are
not offered; help is one touch away."""

from __future__ import annotations

import logging
import re

from kiosk.flow import State


def test_problem_panel_names_the_open_request_and_goes_with_the_next_touch(
    resident,
) -> None:
    s = resident.screens
    # 罗刚 has a pension transfer under way (card/virtual/demo/cards/README.md)
    slot = next(x for x in resident.demo.slots if x.card_number == "D00000189")
    resident.sign_in(slot)
    resident.click(s.overview.buttons[State.TRANSFER])
    resident.pick_region(s.transfer, 0)
    resident.click(s.transfer.confirm_button)
    problem = resident.kiosk.window.problem
    resident.wait_until(lambda: problem.isVisible())
    assert problem.title.text() == "已有一笔同类申请正在办理"
    body = problem.body.text()
    assert re.search(r"[A-Z]{2} \d{4} \d{4} [A-Z0-9]{3} [A-Z0-9]{3}", body), body
    assert "我的申请" in body
    assert s.transfer.confirm_button.isEnabled()  # the resident may go on
    resident.click(s.transfer.back_button)  # the next action clears it
    assert not problem.isVisible() and problem.message is None
    resident.remove()


def test_current_region_is_not_offered(resident) -> None:
    s = resident.screens
    resident.sign_in(resident.demo.slot("active", 14))
    pension = {a.insurance: a for a in s.overview.accounts.accounts}["pension"]
    resident.click(s.overview.buttons[State.TRANSFER])
    resident.wait_until(lambda: s.transfer.regions != ())
    assert pension.region not in {r.code for r in s.transfer.regions}
    assert s.transfer.current.code == pension.region
    assert "不在列表中" in s.transfer.current_note.text()
    # one back button on every page of the wizard
    resident.pick_region(s.transfer, 0)
    backs = [
        b
        for b in s.transfer.findChildren(type(s.transfer.back_button))
        if b.isVisible() and b.text() == "返回"
    ]
    assert backs == [s.transfer.back_button]
    resident.remove()


def test_resigning_is_explained_before_applying(resident) -> None:
    s = resident.screens
    resident.sign_in(resident.demo.slot("active", 15))
    resident.click(s.overview.buttons[State.UNEMPLOYMENT])
    resident.wait_until(lambda: s.unemployment.eligibility is not None)
    u = s.unemployment
    if not u.eligibility.eligible:  # the explanation comes without a choice
        assert u.refusal() == "too_few_months" and u.advice.text()
        resident.remove()
        return
    assert u.status.text() == "您可以申请。"
    resident.click(u.reason_buttons[3])  # 本人辞职
    assert u.status.text() == "您目前还不能申请。"
    assert "辞职" in u.advice.text() and "：" in u.advice.text()
    u.registered.click()  # the box, not the middle of the wide row
    assert not u.submit_button.isEnabled()
    resident.click(u.reason_buttons[0])
    assert u.submit_button.isEnabled() and not u.advice.text()
    resident.remove()


def test_help_calls_the_staff(resident, caplog) -> None:
    caplog.set_level(logging.WARNING, logger="kiosk.controller")
    window = resident.kiosk.window
    assert window.help_button.isVisible()  # on the welcome screen too
    resident.click(window.help_button)
    assert window.help.isVisible()
    assert len(resident.kiosk.controller.help_calls) == 1
    assert "asked for help" in caplog.text
    resident.click(window.help.close_button)
    assert not window.help.isVisible()


def test_contributions_start_with_years_and_pages_fit(resident) -> None:
    s = resident.screens
    resident.sign_in(resident.demo.slot("active", 9))
    c = s.contributions
    resident.click(s.overview.buttons[State.CONTRIBUTIONS])
    resident.wait_until(lambda: c.page is not None)
    assert c.tables.currentWidget() is c.summary and c.summary.rowCount() > 1
    years = [c.summary.item(r, 0).text() for r in range(c.summary.rowCount())]
    assert years == sorted(years, reverse=True) and years[0].endswith("年")
    assert "个月" in c.summary.item(0, 1).text() or "年" in c.summary.item(0, 1).text()
    assert not c.next_button.isVisible()
    previous = c.page
    resident.touch_row(c.summary, c.summary.rowCount() - 1)  # the earliest year
    resident.wait_until(lambda: c.page is not previous and c.year is not None)
    assert c.tables.currentWidget() is c.table
    assert {str(i.month)[:4] for i in c.page.items} == {str(c.year)}
    # a page is the rows that fit: nothing hidden below the fold
    resident.wait_until(lambda: c.table.verticalHeader().length() > 0)
    assert c.table.verticalHeader().length() <= c.table.viewport().height()
    assert c.page.page_size == c.rows_that_fit() >= 4
    resident.click(c.all_years_button)
    assert c.tables.currentWidget() is c.summary
    resident.remove()
