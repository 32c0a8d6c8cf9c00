# SPDX-License-Identifier: Apache-2.0
"""The kiosk's translations: its catalog ``kiosk/i18n/kiosk_<lang>.ts``.

The machinery (languages, catalogs, the translator that switches at runtime,
compiling with PySide6's ``lrelease``) is shared with the staff station in
:mod:`qtcommon.i18n` and re-exported here for the kiosk's modules;
:mod:`kiosk.i18n.build` compiles this catalog for the setup.
"""

from __future__ import annotations

from pathlib import Path

from qtcommon.i18n import (
    Catalog,
    Language,
    TranslationError,
    Translations,
    locale_of,
)

__all__ = [
    "HERE",
    "KIOSK",
    "Catalog",
    "Language",
    "TranslationError",
    "Translations",
    "locale_of",
    "qm_path",
    "ts_path",
]

HERE = Path(__file__).resolve().parent
KIOSK = Catalog(directory=HERE, prefix="kiosk")


def ts_path(language: Language) -> Path:
    """The kiosk's Qt Linguist source of ``language``."""
    return KIOSK.ts(language)


def qm_path(language: Language) -> Path:
    """The kiosk's compiled translation of ``language``."""
    return KIOSK.qm(language)
