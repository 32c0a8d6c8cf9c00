# SPDX-License-Identifier: Apache-2.0
"""The staff station's own Qt Linguist translations (zh_CN default, English source).

``staff/i18n/staff_<lang>.ts`` is compiled to ``.qm`` with the ``lrelease``
that PySide6 ships, by :mod:`qtcommon.i18n` as the kiosk's file is (on the
fly when the ``.qm`` is missing or older); :mod:`staff.build` compiles them
ahead of time for the setup. Switching installs the other translator, and Qt
sends every widget LanguageChange: each page re-reads its texts then.

Tables of words shown for codes (steps, card states, roles…) are marked with
``QT_TRANSLATE_NOOP`` where they are defined and translated when shown,
through :func:`shown`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TypeVar, cast

from PySide6 import QtCore
from PySide6.QtCore import QCoreApplication

from qtcommon.i18n import Catalog, Language, Translations

log = logging.getLogger(__name__)

HERE = Path(__file__).resolve().parent / "i18n"
STAFF = Catalog(directory=HERE, prefix="staff")
K = TypeVar("K")
# Qt's marker, typed: PySide6 declares it returning object; lupdate finds the
# calls by this name
QT_TRANSLATE_NOOP = cast(Callable[[str, str], str], QtCore.QT_TRANSLATE_NOOP)


def staff_translations(app: QCoreApplication, language: Language) -> Translations:
    """The staff station's translator, installed for ``language``."""
    translations = Translations(app, STAFF)
    translations.switch(language)
    return translations


def shown(context: str, table: Mapping[K, str], key: K, fallback: str = "") -> str:
    """The translated words for ``key`` in ``table`` (marked in ``context``).

    An unknown key shows ``fallback`` (or the key itself): a code the backend
    added later is still shown, untranslated, rather than hidden.
    """
    source = table.get(key)
    if source is None:
        return fallback or str(key)
    return QCoreApplication.translate(context, source)
