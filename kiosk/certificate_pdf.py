# SPDX-License-Identifier: Apache-2.0
"""The insurance certificate (参保证明) drawn with QPainter: PDF file or printer."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QMarginsF, QRect, Qt
from PySide6.QtGui import (
    QFont,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
)

from backend_client.models import CertificateData
from kiosk.screens.names import account_status, insurance_name
from kiosk.widgets.qr import paint_qr

log = logging.getLogger(__name__)


def write_pdf(data: CertificateData, path: Path) -> Path:
    """Write the certificate of ``data`` as an A4 PDF at ``path``."""
    writer = QPdfWriter(str(path))
    writer.setResolution(150)
    writer.setTitle(QCoreApplication.translate("Certificate", "Insurance certificate"))
    render(data, writer)
    log.info("certificate %s written to %s", data.verification_code, path)
    return path


def render(data: CertificateData, device: QPagedPaintDevice) -> None:
    """Draw the certificate on a PDF writer or a printer (one A4 page)."""
    device.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4),
                                     QPageLayout.Orientation.Portrait,
                                     QMarginsF(15, 15, 15, 15)))
    painter = QPainter(device)
    try:
        _draw(painter, data, device.width(), device.resolution())
    finally:
        painter.end()


def _draw(painter: QPainter, data: CertificateData, width: int, dpi: int) -> None:
    line = dpi // 3
    title = QFont(painter.font())
    title.setPointSize(20)
    title.setBold(True)
    body = QFont(painter.font())
    body.setPointSize(11)
    painter.setFont(title)
    painter.drawText(QRect(0, 0, width, line * 2), Qt.AlignmentFlag.AlignCenter,
                     QCoreApplication.translate("Certificate", "Insurance certificate"))
    painter.setFont(body)
    person = data.person
    rows = [
        QCoreApplication.translate("Certificate", "Name: %1").replace(
            "%1", person.name),
        QCoreApplication.translate("Certificate", "ID number: %1").replace(
            "%1", person.ssn),
        QCoreApplication.translate("Certificate", "Issued: %1").replace(
            "%1", data.issued_at.astimezone().strftime("%Y-%m-%d %H:%M")),
        "",
    ]
    for item in data.insurances:
        span = f"{item.first_month or '—'} – {item.last_month or '—'}"
        rows.append(f"{insurance_name(item.insurance)}: {account_status(item.status)}, "
                    f"{item.region_name or ''}, {span}, "
                    + QCoreApplication.translate("Certificate", "%1 months").replace(
                        "%1", str(item.contribution_months)))
    y = line * 3
    for text in rows:
        painter.drawText(QRect(0, y, width, line), Qt.AlignmentFlag.AlignLeft, text)
        y += line
    y += line
    qr_side = dpi * 3 // 2
    if data.verify_url:
        paint_qr(painter, QRect(0, y, qr_side, qr_side), data.verify_url)
    painter.drawText(
        QRect(qr_side + line, y, width - qr_side - line, qr_side),
        Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        | Qt.TextFlag.TextWordWrap,
        QCoreApplication.translate(
            "Certificate", "Verification code: %1\nScan the code or visit the address "
            "to check this certificate.").replace("%1", data.verification_code)
        + (f"\n{data.verify_url}" if data.verify_url else ""))


def print_certificate(data: CertificateData, printer_name: str) -> None:
    """Print on the named printer (QPrinter); raises OSError when it fails."""
    from PySide6.QtPrintSupport import QPrinter, QPrinterInfo

    names = [p.printerName() for p in QPrinterInfo.availablePrinters()]
    if printer_name not in names:
        raise OSError(f"printer {printer_name!r} not found (have {names})")
    printer = QPrinter(QPrinterInfo.printerInfo(printer_name))
    render(data, printer)
