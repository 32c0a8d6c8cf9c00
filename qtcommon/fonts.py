# SPDX-License-Identifier: Apache-2.0
"""The CJK font every application uses when it is installed."""

from __future__ import annotations

import logging

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

log = logging.getLogger(__name__)

CJK_FAMILIES = ("Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC")


def choose_font(app: QApplication) -> str | None:
    """Use Noto Sans CJK SC when installed; warn in the log otherwise."""
    families = set(QFontDatabase.families())
    for family in CJK_FAMILIES:
        if family in families:
            font = QFont(family)
            font.setPointSize(max(app.font().pointSize(), 12))
            app.setFont(font)
            log.info("using font %s", family)
            return family
    log.warning(
        "no CJK font (%s) installed: Chinese text may show as boxes; "
        "install the Debian package fonts-noto-cjk",
        ", ".join(CJK_FAMILIES),
    )
    return None
