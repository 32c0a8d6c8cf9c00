# SPDX-License-Identifier: Apache-2.0
"""Themes: the QSS stylesheets in kiosk/assets/ (the font: :mod:`qtcommon.fonts`)."""

from __future__ import annotations

import enum
import logging
from pathlib import Path

from PySide6.QtWidgets import QApplication

log = logging.getLogger(__name__)

ASSETS = Path(__file__).resolve().parent / "assets"


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
