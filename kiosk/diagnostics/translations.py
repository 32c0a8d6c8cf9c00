# SPDX-License-Identifier: Apache-2.0
"""The diagnostics' own Qt Linguist translations, following the kiosk's language.

``kiosk/diagnostics/i18n/diagnostics_<lang>.ts`` is compiled to ``.qm`` with the
``lrelease`` that PySide6 ships, the same way :mod:`kiosk.i18n` compiles the
kiosk's file (on the fly when the ``.qm`` is missing or older). The kiosk
installs one translator at a time; :class:`DiagnosticsTranslator` installs a
second one next to it and, whenever the kiosk window is told the language
changed, follows the language the kiosk's :class:`~kiosk.i18n.Translations`
now speaks (installing it makes Qt send every widget LanguageChange again).

:mod:`kiosk.diagnostics.build` compiles them ahead of time for the setup.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTranslator

from kiosk.i18n import Catalog, Language, TranslationError

log = logging.getLogger(__name__)

HERE = Path(__file__).resolve().parent / "i18n"


DIAGNOSTICS = Catalog(directory=HERE, prefix="diagnostics")


class DiagnosticsTranslator(QObject):
    """Keeps the diagnostics translator in step with ``current_language()``."""

    def __init__(
        self,
        app: QCoreApplication,
        watched: QObject,
        current_language: Callable[[], Language],
    ) -> None:
        super().__init__()
        self._app = app
        self._watched = watched
        self._current = current_language
        self._translator: QTranslator | None = None
        self.language = Language.EN
        self.follow()
        watched.installEventFilter(self)

    def follow(self) -> None:
        """Install the translator of the kiosk's language (none for English)."""
        wanted = self._current()
        if wanted is self.language:
            return
        if self._translator is not None:
            self._app.removeTranslator(self._translator)
            self._translator = None
        self.language = wanted  # before installing: that sends LanguageChange again
        if wanted is not Language.EN:
            translator = QTranslator(self)
            path = DIAGNOSTICS.ensure_compiled(wanted)
            if not translator.load(str(path)):
                raise TranslationError(f"{path} is not a valid .qm file")
            self._app.installTranslator(translator)
            self._translator = translator

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt
        if obj is self._watched and event.type() == QEvent.Type.LanguageChange:
            self.follow()
        return False

    def close(self) -> None:
        self._watched.removeEventFilter(self)
        if self._translator is not None:
            self._app.removeTranslator(self._translator)
            self._translator = None
