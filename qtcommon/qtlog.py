# SPDX-License-Identifier: Apache-2.0
"""Qt's own messages (a platform plugin's qWarning, a widget warning) go to the
Python log, logger ``qt``: every line ``ss-kiosk`` and ``ss-issue`` write then
has the form :mod:`ssclog` gives it (one JSON object, or text)."""

from __future__ import annotations

import logging

from PySide6.QtCore import QMessageLogContext, QtMsgType, qInstallMessageHandler

log = logging.getLogger("qt")

LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG,
    QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}


def _to_log(kind: QtMsgType, _context: QMessageLogContext, message: str) -> None:
    log.log(LEVELS.get(kind, logging.WARNING), "%s", message)


def route_qt_messages() -> None:
    """Send Qt's messages of this process to the ``qt`` logger from now on."""
    qInstallMessageHandler(_to_log)
