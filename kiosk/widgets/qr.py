# SPDX-License-Identifier: Apache-2.0
"""QR codes made with ``qrcode`` and painted by Qt (no PIL needed)."""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPixmap
from PySide6.QtWidgets import QLabel, QWidget


def qr_matrix(text: str) -> list[list[bool]]:
    """The module matrix of a QR code for ``text`` (error correction M, border 2)."""
    import qrcode  # on the first receipt or certificate: not at start-up

    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=2)
    code.add_data(text)
    code.make(fit=True)
    return [list(row) for row in code.get_matrix()]


def paint_qr(painter: QPainter, rect: QRect, text: str) -> None:
    """Paint the QR code of ``text`` into ``rect`` (black on white, square)."""
    matrix = qr_matrix(text)
    count = len(matrix)
    module = max(1, min(rect.width(), rect.height()) // count)
    side = module * count
    left = rect.x() + (rect.width() - side) // 2
    top = rect.y() + (rect.height() - side) // 2
    painter.fillRect(QRect(left, top, side, side), QColor("white"))
    for y, row in enumerate(matrix):
        for x, dark in enumerate(row):
            if dark:
                painter.fillRect(
                    left + x * module, top + y * module, module, module, QColor("black")
                )


def qr_image(text: str, size: int) -> QImage:
    """A ``size``×``size`` image of the QR code for ``text``."""
    image = QImage(size, size, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    paint_qr(painter, QRect(0, 0, size, size), text)
    painter.end()
    return image


class QrLabel(QLabel):
    """A label showing one QR code; :meth:`clear` removes it and its text."""

    def __init__(self, size: int = 220, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._size = size
        self.payload = ""
        self.setFixedSize(size, size)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setObjectName("qr")

    def set_payload(self, text: str) -> None:
        """Show the QR code of ``text``."""
        self.payload = text
        self.setPixmap(QPixmap.fromImage(qr_image(text, self._size)))

    def clear(self) -> None:
        """Forget the code."""
        self.payload = ""
        super().clear()
