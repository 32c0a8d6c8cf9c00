# SPDX-License-Identifier: Apache-2.0
"""The issuance receipt PDF: CJK font embedded, QR code, masked SSN."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import qrcode

from staff.receipt import ReceiptData, qr_image, receipt_image, write_receipt

DATA = ReceiptData(
    card_number="B63385263",
    name="欧阳娜娜",
    ssn="320106198502020015",
    issue_date=dt.date(2026, 11, 28),
    expiry_date=dt.date(2036, 11, 28),
    operator="issuer",
)


def test_pdf_embeds_the_cjk_font(qapp, tmp_path: Path) -> None:
    path = write_receipt(DATA, tmp_path / "r.pdf")
    raw = path.read_bytes()
    assert raw.startswith(b"%PDF")
    assert b"NotoSansCJK" in raw or b"Noto Sans CJK" in raw


def test_qr_code_carries_card_number_and_date_only(qapp) -> None:
    assert DATA.qr_text() == "SSC-ISSUE:B63385263:2026-11-28"
    matrix = qrcode.QRCode(border=2, error_correction=qrcode.constants.ERROR_CORRECT_M)
    matrix.add_data(DATA.qr_text())
    matrix.make(fit=True)
    cells = matrix.get_matrix()
    image = qr_image(DATA.qr_text(), box=4)
    assert image.width() == len(cells) * 4
    for y in (0, len(cells) // 2, len(cells) - 3):
        for x, dark in enumerate(cells[y]):
            pixel = image.pixelColor(x * 4 + 1, y * 4 + 1).value()
            assert (pixel < 128) == dark


def test_ssn_is_masked_and_preview_has_a5_proportions(qapp) -> None:
    assert DATA.masked_ssn == "320106********0015"
    image = receipt_image(DATA, width=700)
    assert image.width() == 700 and abs(image.height() / 700 - 210 / 148) < 0.01
