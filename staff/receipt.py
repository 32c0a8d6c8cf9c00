# SPDX-License-Identifier: Apache-2.0
"""The issuance receipt: an A5 PDF for the resident, with a QR code.

Drawn with QPdfWriter and QPainter; Chinese text in "Noto Sans CJK SC". The QR
code carries the card number and issue date (no personal data beyond what is
printed, and never the PIN).
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from pathlib import Path

import qrcode
from PySide6.QtCore import QMarginsF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QImage,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
)

from staff.errors import StaffError
from staff.models import mask_ssn

log = logging.getLogger(__name__)

FONT_FAMILY = "Noto Sans CJK SC"
RESOLUTION_DPI = 300


@dataclass(frozen=True, kw_only=True)
class ReceiptData:
    """What the receipt prints."""

    card_number: str
    name: str
    ssn: str
    issue_date: dt.date
    expiry_date: dt.date
    operator: str
    office: str = "社会保障卡服务窗口"

    @property
    def masked_ssn(self) -> str:
        """The SSN with its middle hidden (the receipt may be left lying about)."""
        return mask_ssn(self.ssn)

    def qr_text(self) -> str:
        """The QR payload: scheme, card number, issue date."""
        return f"SSC-ISSUE:{self.card_number}:{self.issue_date.isoformat()}"


INSTRUCTIONS = (
    "初始密码为 123456，仅可用于修改密码。",
    "请在自助终端插卡，输入初始密码后按提示设置新的六位密码。",
    "新密码不得为 123456，也不要使用生日或连续相同的数字。",
    "密码连续输错将被锁定，请携带身份证到窗口办理解锁。",
    "卡片遗失请立即在自助终端办理临时挂失，并到窗口办理正式挂失。",
)


def qr_image(text: str, *, box: int = 10) -> QImage:
    """A black-on-white QR code of ``text`` as a QImage."""
    matrix = qrcode.QRCode(border=2, error_correction=qrcode.constants.ERROR_CORRECT_M)
    matrix.add_data(text)
    matrix.make(fit=True)
    cells = matrix.get_matrix()
    size = len(cells)
    image = QImage(size * box, size * box, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    for y, row in enumerate(cells):
        for x, dark in enumerate(row):
            if dark:
                painter.fillRect(x * box, y * box, box, box, QColor("black"))
    painter.end()
    return image


def write_receipt(data: ReceiptData, path: Path) -> Path:
    """Draw the receipt PDF at ``path``; raise StaffError if it cannot be written."""
    writer = QPdfWriter(str(path))
    writer.setResolution(RESOLUTION_DPI)
    writer.setTitle(f"社会保障卡领卡回执 {data.card_number}")
    writer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A5),
            QPageLayout.Orientation.Portrait,
            QMarginsF(12, 12, 12, 12),
        )
    )
    painter = QPainter()
    if not painter.begin(writer):
        raise StaffError(f"cannot write the receipt to {path}")
    try:
        _draw(painter, data, writer.width(), writer.height())
    finally:
        painter.end()
    log.info("receipt for card %s written", data.card_number)
    return path


def receipt_image(data: ReceiptData, *, width: int = 1240) -> QImage:
    """The same receipt drawn on an image (previews, screenshots).

    Drawn at the PDF's resolution on an A5 page with its margins, then scaled
    to ``width`` pixels, so that the layout matches the printed receipt.
    """
    page_w, page_h = (round(mm / 25.4 * RESOLUTION_DPI) for mm in (148, 210))
    margin = round(12 / 25.4 * RESOLUTION_DPI)
    image = QImage(page_w, page_h, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    image.setDotsPerMeterX(round(RESOLUTION_DPI / 0.0254))
    image.setDotsPerMeterY(round(RESOLUTION_DPI / 0.0254))
    painter = QPainter(image)
    painter.translate(margin, margin)
    try:
        _draw(painter, data, page_w - 2 * margin, page_h - 2 * margin)
    finally:
        painter.end()
    return image.scaledToWidth(width, Qt.TransformationMode.SmoothTransformation)


def _font(points: float, *, bold: bool = False) -> QFont:
    font = QFont(FONT_FAMILY)
    font.setPointSizeF(points)
    font.setBold(bold)
    return font


def _draw(painter: QPainter, data: ReceiptData, width: int, height: int) -> None:
    """Lay out title, fields, QR code and the initial-PIN instructions."""
    line = RESOLUTION_DPI // 4  # one text line at ~11 pt
    painter.setFont(_font(16, bold=True))
    painter.drawText(
        QRectF(0, 0, width, line * 1.6),
        Qt.AlignmentFlag.AlignHCenter,
        "社会保障卡领卡回执",
    )
    painter.setFont(_font(9))
    painter.drawText(
        QRectF(0, line * 1.6, width, line),
        Qt.AlignmentFlag.AlignHCenter,
        "Social Security Card Issuance Receipt",
    )
    fields = (
        ("卡号", data.card_number),
        ("姓名", data.name),
        ("社会保障号码", data.masked_ssn),
        ("发卡日期", data.issue_date.isoformat()),
        ("有效期至", data.expiry_date.isoformat()),
        ("经办人", data.operator),
        ("办理网点", data.office),
    )
    top = int(line * 3.2)
    painter.setFont(_font(11))
    for i, (label, value) in enumerate(fields):
        y = top + i * line * 1.3
        painter.drawText(QRectF(0, y, width * 0.3, line * 1.3), label + "：")
        painter.drawText(QRectF(width * 0.3, y, width * 0.4, line * 1.3), value)
    qr_side = int(width * 0.28)
    painter.drawImage(
        QRectF(width - qr_side, top, qr_side, qr_side), qr_image(data.qr_text())
    )
    _draw_instructions(painter, int(top + len(fields) * line * 1.3 + line), width, line)
    painter.setFont(_font(8))
    painter.setPen(QColor("#555555"))
    painter.drawText(
        QRectF(0, height - line, width, line),
        Qt.AlignmentFlag.AlignHCenter,
        "请妥善保管本回执。扫描二维码可核对卡号与发卡日期。",
    )


def _draw_instructions(painter: QPainter, top: int, width: int, line: int) -> None:
    painter.setFont(_font(12, bold=True))
    painter.drawText(QRectF(0, top, width, line * 1.4), "初始密码使用说明")
    painter.setFont(_font(10))
    y = top + line * 1.6
    for i, text in enumerate(INSTRUCTIONS, start=1):
        rect = QRectF(0, y, width, line * 2.4)
        bound = painter.boundingRect(rect, Qt.TextFlag.TextWordWrap, f"{i}. {text}")
        painter.drawText(rect, Qt.TextFlag.TextWordWrap, f"{i}. {text}")
        y += bound.height() + line * 0.3
