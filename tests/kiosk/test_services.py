# SPDX-License-Identifier: Apache-2.0
"""The other services end to end: claim, medical transfer, paging, certificate,
PIN change, and a reader that disappears."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate

from kiosk.demo import READER
from kiosk.flow import State


def test_unemployment_claim_submitted(resident) -> None:
    slot = resident.demo.slot("active", 8)
    resident.sign_in(slot)
    s = resident.screens
    resident.click(s.overview.buttons[State.UNEMPLOYMENT])
    resident.wait_until(lambda: s.unemployment.eligibility is not None)
    assert s.unemployment.eligibility.eligible, s.unemployment.details.text()
    assert not s.unemployment.submit_button.isEnabled()
    s.unemployment.date.setDate(QDate.currentDate().addDays(-20))
    resident.click(s.unemployment.reason_buttons[1])
    s.unemployment.registered.setChecked(True)
    resident.click(s.unemployment.submit_button)
    resident.wait_state(State.RECEIPT)
    resident.wait_until(lambda: s.receipt.receipt is not None)
    assert s.receipt.receipt.kind == "unemployment" and s.receipt.receipt.reference
    resident.click(s.receipt.back_button)
    resident.click(s.overview.buttons[State.MY_REQUESTS])
    resident.wait_until(
        lambda: (
            any(r.reference == s.receipt.receipt.reference for r in s.requests.items)
            if s.receipt.receipt
            else False
        )
    )


def test_medical_transfer_and_contribution_pages(resident) -> None:
    resident.sign_in(resident.demo.slot("active", 9))
    s = resident.screens
    resident.click(s.overview.buttons[State.CONTRIBUTIONS])
    resident.wait_until(lambda: s.contributions.page is not None)
    resident.touch_row(s.contributions.summary, 0)  # the latest year's months
    resident.wait_until(lambda: s.contributions.year is not None)
    resident.wait_until(lambda: s.contributions.page.items != ())
    first = s.contributions.page
    assert first.page == 1 and s.contributions.table.rowCount() == len(first.items)
    if s.contributions.pages() > 1:
        resident.click(s.contributions.next_button)
        resident.wait_until(lambda: s.contributions.page.page == 2)
        assert s.contributions.previous_button.isEnabled()
    resident.click(s.contributions.back_button)
    resident.click(s.overview.buttons[State.MEDICAL_TRANSFER])
    resident.pick_region(s.medical, 0)
    assert s.medical.preview.kind == "medical" and not s.medical.rule.text()
    resident.click(s.medical.confirm_button)
    resident.wait_until(lambda: s.receipt.receipt is not None)
    assert s.receipt.receipt.kind == "medical"


def test_certificate_saved_as_pdf_without_printer(resident) -> None:
    resident.sign_in(resident.demo.slot("active", 10))
    s = resident.screens
    resident.click(s.overview.buttons[State.CERTIFICATE])
    resident.wait_until(lambda: s.certificate.data is not None)
    assert s.certificate.qr.payload
    resident.click(s.certificate.print_button)
    resident.wait_until(lambda: s.certificate.outcome == "saved")
    folder = resident.kiosk.runtime.services.certificate_dir
    [pdf] = folder.glob("certificate-*.pdf")
    assert pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 2000


def test_pin_change_service(resident) -> None:
    slot = resident.demo.slot("active", 11)
    resident.sign_in(slot)
    s = resident.screens
    resident.click(s.overview.buttons[State.PIN_CHANGE])
    resident.wait_state(State.PIN_CHANGE)
    resident.type_pin(s.pin_change.pad, "999999" if slot.pin != "999999" else "888888")
    resident.type_pin(s.pin_change.pad, "314159")
    resident.type_pin(s.pin_change.pad, "314159")
    resident.wait_until(lambda: s.pin_change.error.text() != "")
    assert s.pin_change.step == 0  # wrong current password: start over
    resident.type_pin(s.pin_change.pad, slot.pin)
    resident.type_pin(s.pin_change.pad, "314159")
    resident.type_pin(s.pin_change.pad, "314159")
    resident.wait_state(State.RECEIPT)
    resident.wait_until(lambda: s.receipt.receipt is not None)
    assert s.receipt.receipt.kind == "pin_change"
    resident.click(s.receipt.finish_button)
    resident.remove()
    resident.insert(slot)
    resident.wait_state(State.PIN)
    resident.type_pin(s.pin.pad, "314159")
    resident.wait_state(State.OVERVIEW)


def test_reader_unplugged_is_explained_and_comes_back(resident) -> None:
    slot = resident.demo.slot("active", 12)
    resident.sign_in(slot)
    provider, welcome = resident.demo.provider, resident.screens.welcome
    provider.remove_reader(READER)  # the card goes with it, then the reader
    try:
        resident.wait_state(State.WELCOME)
        resident.wait_until(lambda: welcome.notice.text() != "")
        assert resident.kiosk.controller.session is None
    finally:
        provider.add_reader(READER)
    resident.wait_until(lambda: welcome.notice.text() == "")
    resident.sign_in(slot)


def test_contributions_filtered_by_insurance_and_year(resident) -> None:
    """The filter buttons ask the real backend for one insurance and one year."""
    resident.sign_in(resident.demo.slot("active", 9))
    s = resident.screens.contributions

    def after(click, previous):  # type: ignore[no-untyped-def]
        resident.click(click)
        resident.wait_until(lambda: s.page is not previous)
        return s.page

    resident.click(resident.screens.overview.buttons[State.CONTRIBUTIONS])
    resident.wait_until(lambda: s.page is not None)
    everything = s.page
    assert everything.total > 0 and s.all_years_button.isEnabled() is False
    pension = after(s.kind_buttons["pension"], everything)
    assert pension.page == 1 and pension.items
    assert {i.insurance for i in pension.items} == {"pension"}
    assert pension.total < everything.total
    latest = max(int(str(i.month)[:4]) for i in pension.items)
    page = after(s.earlier_button, pension)  # all years -> this year
    while s.year is not None and s.year > latest:  # bounded by FIRST_YEAR
        page = after(s.earlier_button, page)
    assert s.year == latest and page.items
    assert {str(i.month)[:4] for i in page.items} == {str(latest)}
    assert {i.insurance for i in page.items} == {"pension"}
    assert s.table.rowCount() == len(page.items)
    assert s.later_button.isEnabled() == (latest < dt.date.today().year)
    back = after(s.all_years_button, page)
    assert s.year is None and back.total == pension.total
    resident.click(s.back_button)
    resident.remove()  # session end wipes the screen, filters included
    resident.wait_state(State.WELCOME)
    assert s.insurance is None and s.year is None and s.page is None
    assert s.kind_buttons[None].isChecked()
