# SPDX-License-Identifier: Apache-2.0
"""The receipt slip of a submission: what it says, and saved without a printer."""

from __future__ import annotations

import re

from kiosk.flow import State
from kiosk.formats import date_text, mask_ssn, reference_for_reading
from kiosk.receipt_slip import slip_lines
from tests.kiosk.test_printing import pages


def submit_transfer(resident, slot) -> None:
    s = resident.screens
    resident.sign_in(slot)
    resident.click(s.overview.buttons[State.TRANSFER])
    resident.pick_region(s.transfer, 0)
    resident.click(s.transfer.confirm_button)
    resident.wait_until(lambda: s.receipt.receipt is not None)


def test_slip_saved_for_the_staff_without_a_printer(resident) -> None:
    slot = resident.demo.slot("active", 16)
    submit_transfer(resident, slot)
    receipt = resident.screens.receipt
    r = receipt.receipt
    texts = [text for _, text in slip_lines(r)]
    joined = "\n".join(texts)
    assert "申请已提交" in texts
    assert reference_for_reading(r.reference) in texts
    assert mask_ssn(slot.ssn) in joined and slot.ssn not in joined
    assert slot.name in joined
    assert all(date_text(deadline) in joined for _, deadline in r.steps)
    assert re.search(r"提交时间：\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}", joined)
    resident.click(receipt.print_button)
    resident.wait_until(lambda: receipt.printed == "saved")
    folder = resident.kiosk.runtime.services.certificate_dir
    [pdf] = folder.glob(f"receipt-{r.reference}-*.pdf")
    assert pdf.read_bytes().startswith(b"%PDF-") and pages(pdf.read_bytes()) == 1
    assert "工作人员" in receipt.note.text()
    assert not receipt.print_button.isEnabled()
    resident.remove()
