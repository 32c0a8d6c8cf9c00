# SPDX-License-Identifier: Apache-2.0
"""Themes (QSS in kiosk/assets/) and the CJK font choice."""

from __future__ import annotations

import enum
import logging
from pathlib import Path

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

log = logging.getLogger(__name__)

ASSETS = Path(__file__).resolve().parent / "assets"
CJK_FAMILIES = ("Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC")


class Theme(enum.StrEnum):
    """The two looks: normal, and large text with high contrast."""

    NORMAL = "normal"
    LARGE = "large"


class ThemeError(Exception):
    """A stylesheet is missing from kiosk/assets/."""


def stylesheet(theme: Theme) -> str:
    """The QSS text of ``theme``."""
    name = "kiosk.qss" if theme is Theme.NORMAL else "kiosk-large.qss"
    path = ASSETS / name
    try:
        return path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ThemeError(f"stylesheet {path} cannot be read: {exc}") from exc


def apply_theme(app: QApplication, theme: Theme) -> None:
    """Switch the whole application to ``theme``."""
    app.setStyleSheet(stylesheet(theme))
    app.setProperty("kioskTheme", theme.value)


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
