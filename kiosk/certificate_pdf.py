# SPDX-License-Identifier: Apache-2.0
"""The insurance certificate (参保证明) drawn with QPainter as a PDF: saved, or
printed through CUPS."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import re
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QMarginsF, QRect, Qt
from PySide6.QtGui import (
    QFont,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
)

from backend_client.models import CertificateData
from kiosk.formats import chinese, datetime_text, month_text, titled, years_months
from kiosk.screens.names import account_status, insurance_name
from kiosk.widgets.qr import paint_qr

log = logging.getLogger(__name__)

LP_TIMEOUT_S = 20  # lp hands the job to cupsd; a live scheduler takes < 1 s
# the shape of a verification code (docs/api.md); anything else is not used
# as a name, whatever the backend sent
CODE_SHAPE = re.compile(r"[A-Z0-9]{4}(?:-[A-Z0-9]{4}){3}")


def certificate_name(code: str) -> str:
    """The file and print-job name of a certificate: ``certificate-CODE`` for a
    code of the documented shape, else ``certificate-`` and a digest of it.

    Built from letters, digits and dashes only: never a path, whatever the
    backend answered as the verification code."""
    if CODE_SHAPE.fullmatch(code):
        return f"certificate-{code}"
    digest = hashlib.sha256(code.encode("utf-8", "surrogatepass")).hexdigest()
    return f"certificate-{digest[:16]}"


def path_inside(directory: Path, name: str) -> Path:
    """``directory / name`` resolved; OSError unless it lies directly in
    ``directory`` (a second guard: :func:`certificate_name` makes no path)."""
    folder = directory.resolve()
    path = (folder / name).resolve()
    if path.parent != folder:
        raise OSError("the certificate's file name leaves the save folder")
    return path


def write_pdf(data: CertificateData, path: Path) -> Path:
    """Write the certificate of ``data`` as an A4 PDF at ``path``."""
    writer = QPdfWriter(str(path))
    writer.setResolution(150)
    writer.setTitle(QCoreApplication.translate("Certificate", "Insurance certificate"))
    render(data, writer)
    log.info("certificate written to %s", path.parent)  # the name carries the code
    return path


def render(data: CertificateData, device: QPdfWriter) -> None:
    """Draw the certificate on a PDF writer (one A4 page)."""
    device.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Portrait,
            QMarginsF(15, 15, 15, 15),
        )
    )
    painter = QPainter()
    if not painter.begin(device):
        raise OSError(
            "the certificate cannot be drawn (the PDF file cannot be written)"
        )
    try:
        _draw(painter, data, device.width(), device.resolution())
    finally:
        ended = painter.end()
    if not ended:
        raise OSError("the certificate could not be finished (PDF not written)")


def _draw(painter: QPainter, data: CertificateData, width: int, dpi: int) -> None:
    line = dpi // 3
    title = QFont(painter.font())
    title.setPointSize(20)
    title.setBold(True)
    body = QFont(painter.font())
    body.setPointSize(11)
    painter.setFont(title)
    painter.drawText(
        QRect(0, 0, width, line * 2),
        Qt.AlignmentFlag.AlignCenter,
        QCoreApplication.translate("Certificate", "Insurance certificate"),
    )
    painter.setFont(body)
    person = data.person
    rows = [
        QCoreApplication.translate("Certificate", "Name: %1").replace(
            "%1", person.name
        ),
        QCoreApplication.translate("Certificate", "ID number: %1").replace(
            "%1", person.ssn
        ),
        QCoreApplication.translate("Certificate", "Issued: %1").replace(
            "%1", datetime_text(data.issued_at)
        ),
        "",
    ]
    for item in data.insurances:
        first = month_text(item.first_month) if item.first_month else "—"
        last = month_text(item.last_month) if item.last_month else "—"
        sep = "，" if chinese() else ", "
        rows.append(
            titled(insurance_name(item.insurance), account_status(item.status))
            + sep
            + sep.join(
                (item.region_name or "", f"{first} – {last}")
                + (years_months(item.contribution_months),)
            )
        )
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
        Qt.AlignmentFlag.AlignLeft
        | Qt.AlignmentFlag.AlignVCenter
        | Qt.TextFlag.TextWordWrap,
        QCoreApplication.translate(
            "Certificate",
            "Verification code: %1\nScan the code or visit the address "
            "to check this certificate.",
        ).replace("%1", data.verification_code)
        + (f"\n{data.verify_url}" if data.verify_url else ""),
    )


def print_pdf(pdf: Path, printer_name: str, job: str) -> None:
    """Send ``pdf`` to the CUPS queue ``printer_name`` with CUPS's ``lp`` under
    the job name ``job``; raises OSError when the queue is unknown, refuses
    the job or does not answer within :data:`LP_TIMEOUT_S`.

    ``lp`` rather than QPrinter: the same PDF as the saved one, and a stalled
    print server costs a bounded wait in a child process (PySide6 keeps the
    GIL while Qt's CUPS plugin waits, which froze the screen in a test).
    """
    lp = shutil.which("lp")
    if lp is None:
        raise OSError("CUPS's lp is not installed (Debian package cups-client)")
    try:
        done = subprocess.run(  # noqa: S603 - argument list, no shell
            [lp, "-d", printer_name, "-t", job, "--", str(pdf)],
            capture_output=True,
            text=True,
            timeout=LP_TIMEOUT_S,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise OSError(
            f"printer {printer_name!r}: CUPS did not answer within {LP_TIMEOUT_S} s"
        ) from exc
    if done.returncode != 0:
        raise OSError(
            f"printer {printer_name!r} refused the job: "
            f"{done.stderr.strip() or done.returncode}"
        )
    # the job name carries the certificate's verification code: not logged
    log.info("document sent to printer %s", printer_name)


def deliver_pdf(
    write: Callable[[Path], Path], job: str, printer_name: str, directory: Path
) -> bool:
    """Print the document ``write(path)`` draws, or save it as a PDF in
    ``directory`` for the staff when there is no printer or printing fails;
    True when printed.

    Runs on a worker thread (QPainter may paint on a QPdfWriter outside the
    GUI thread); CUPS is a separate daemon that can stall. Raises OSError only
    when the document could be neither printed nor saved.
    """
    if printer_name:
        try:
            with tempfile.TemporaryDirectory(prefix="ssc-print-") as tmp:
                print_pdf(
                    write(path_inside(Path(tmp), f"{job}.pdf")), printer_name, job
                )
            return True
        except OSError as exc:
            log.warning("printing failed, saving instead: %s", exc)
    directory.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%d-%H%M%S")
    write(path_inside(directory, f"{job}-{stamp}.pdf"))
    return False


def deliver(data: CertificateData, printer_name: str, directory: Path) -> bool:
    """Print the certificate, or save it for the staff (see :func:`deliver_pdf`)."""
    return deliver_pdf(
        lambda path: write_pdf(data, path),
        certificate_name(data.verification_code),
        printer_name,
        directory,
    )
