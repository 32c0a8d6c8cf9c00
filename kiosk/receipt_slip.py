# SPDX-License-Identifier: Apache-2.0
"""The receipt slip of a submission, drawn with QPainter on an 80 mm roll page.

What a resident takes home: what was applied for, the reference in groups for
reading aloud over the phone, the masked ID number, when it was submitted (the
configured zone), the route, each step's deadline, and a QR code of the
public status page. Printed with the certificate's path (CUPS ``lp`` off the
GUI thread, saved as PDF for the staff without a printer).
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QMarginsF, QRect, QSizeF, Qt
from PySide6.QtGui import QFont, QPageLayout, QPageSize, QPainter, QPdfWriter

from kiosk.formats import date_text, datetime_text, reference_for_reading, titled
from kiosk.screens.names import request_kind, step_name
from kiosk.screens.receipt import Receipt
from kiosk.widgets.qr import paint_qr

log = logging.getLogger(__name__)

ROLL = QSizeF(80, 200)  # mm: a receipt printer's roll, cut after the slip
DPI = 203  # thermal receipt printers


def slip_lines(receipt: Receipt) -> list[tuple[str, str]]:
    """(style, text) lines of the slip: ``title``, ``big`` or ``body``."""
    lines = [
        (
            "body",
            QCoreApplication.translate("ReceiptSlip", "Social Security Self-Service"),
        ),
        ("title", QCoreApplication.translate("ReceiptSlip", "Request submitted")),
        ("body", request_kind(receipt.kind)),
        ("body", QCoreApplication.translate("ReceiptSlip", "Reference number")),
        ("big", reference_for_reading(receipt.reference)),
    ]
    facts = (
        (QCoreApplication.translate("ReceiptSlip", "Applicant"), receipt.holder),
        (QCoreApplication.translate("ReceiptSlip", "ID number"), receipt.id_masked),
    )
    lines += [("body", titled(name, value)) for name, value in facts if value]
    if receipt.submitted_at is not None:
        when = datetime_text(receipt.submitted_at)
        lines.append(
            (
                "body",
                titled(QCoreApplication.translate("ReceiptSlip", "Submitted"), when),
            )
        )
    if receipt.from_region and receipt.to_region:
        route = (
            QCoreApplication.translate("ReceiptSlip", "From %1 to %2")
            .replace("%1", receipt.from_region)
            .replace("%2", receipt.to_region)
        )
        lines.append(("body", route))
    for code, deadline in receipt.steps:
        step = QCoreApplication.translate("ReceiptSlip", "• %1 — by %2").replace(
            "%1", step_name(code)
        )
        lines.append(("body", step.replace("%2", date_text(deadline))))
    if receipt.next_deadline is not None:
        nxt = QCoreApplication.translate("ReceiptSlip", "Next step by %1.").replace(
            "%1", date_text(receipt.next_deadline)
        )
        lines.append(("body", nxt))
    return lines


def write_slip(receipt: Receipt, path: Path) -> Path:
    """Write the slip of ``receipt`` as a one-page PDF at ``path``."""
    writer = QPdfWriter(str(path))
    writer.setResolution(DPI)
    writer.setTitle(QCoreApplication.translate("ReceiptSlip", "Request submitted"))
    writer.setPageLayout(
        QPageLayout(
            QPageSize(ROLL, QPageSize.Unit.Millimeter, "receipt-80mm"),
            QPageLayout.Orientation.Portrait,
            QMarginsF(4, 4, 4, 4),
        )
    )
    painter = QPainter()
    if not painter.begin(writer):
        raise OSError("the receipt slip cannot be drawn (the PDF cannot be written)")
    try:
        _draw(painter, receipt, writer.width())
    finally:
        ended = painter.end()
    if not ended:
        raise OSError("the receipt slip could not be finished (PDF not written)")
    log.info("receipt slip written to %s", path)
    return path


def _draw(painter: QPainter, receipt: Receipt, width: int) -> None:
    sizes = {"title": 14, "big": 16, "body": 9}
    flags = Qt.AlignmentFlag.AlignHCenter | Qt.TextFlag.TextWordWrap
    y = 0
    for style, text in slip_lines(receipt):
        font = QFont(painter.font())
        font.setPointSize(sizes[style])
        font.setBold(style != "body")
        painter.setFont(font)
        box = painter.boundingRect(QRect(0, y, width, 10_000), flags, text)
        painter.drawText(QRect(0, y, width, box.height()), flags, text)
        y += box.height() + DPI // 20
    if receipt.status_url:
        side = width * 2 // 3
        paint_qr(painter, QRect((width - side) // 2, y, side, side), receipt.status_url)
        y += side + DPI // 20
        font = QFont(painter.font())
        font.setPointSize(8)
        font.setBold(False)
        painter.setFont(font)
        painter.drawText(
            QRect(0, y, width, DPI // 2),
            flags,
            QCoreApplication.translate(
                "ReceiptSlip", "Scan to follow your request at home"
            ),
        )
