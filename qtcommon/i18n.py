# SPDX-License-Identifier: Apache-2.0
"""Translations: English source strings, Qt Linguist ``.ts`` files, ``.qm`` at runtime.

Each application has its own :class:`Catalog` (the kiosk's, the diagnostics
screen's, the staff station's); this module is what they share. zh_CN is the
default language. The ``.qm`` files are compiled by the setup in a checkout
(:mod:`qtcommon.i18n_build` through each catalog's build module, called from
``scripts/build_translations.sh``) and by the wheel's build (``setup.py``). If
one is missing or older than its ``.ts`` at start (a checkout whose ``.ts`` was
just edited), it is compiled on the fly with the ``lrelease`` that
PySide6-Essentials ships into the user's cache folder, never beside the
installed package; a clear error is raised if that is impossible.
"""

from __future__ import annotations

import enum
import hashlib
import logging
import os
from dataclasses import dataclass
from pathlib import Path

import PySide6
from PySide6.QtCore import QCoreApplication, QLocale, QTranslator

log = logging.getLogger(__name__)


class Language(enum.StrEnum):
    """Languages the applications speak; English is the source language."""

    ZH_CN = "zh_CN"
    EN = "en"


def locale_of(language: Language) -> QLocale:
    """The Qt locale of ``language``: Chinese (China), or English as written in
    Britain (``1 March 2034``: day before month, no comma)."""
    if language is Language.ZH_CN:
        return QLocale(QLocale.Language.Chinese, QLocale.Country.China)
    return QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom)


class TranslationError(Exception):
    """A translation file is missing and cannot be compiled."""


@dataclass(frozen=True, kw_only=True)
class Catalog:
    """A family of Qt Linguist files: ``<directory>/<prefix>_<lang>.ts`` → ``.qm``.

    The kiosk, its diagnostics screen and the staff station have one each.
    """

    directory: Path
    prefix: str

    def ts(self, language: Language) -> Path:
        """The Qt Linguist source of ``language``."""
        return self.directory / f"{self.prefix}_{language.value}.ts"

    def qm(self, language: Language) -> Path:
        """The compiled translation of ``language``."""
        return self.directory / f"{self.prefix}_{language.value}.qm"

    def compile(self, language: Language, target: Path | None = None) -> Path:
        """Compile the ``.ts`` of ``language`` to ``target`` (default: the
        ``.qm`` beside it); return the ``.qm`` path."""
        import subprocess  # only when a .qm is missing: not on every start

        source = self.ts(language)
        target = target or self.qm(language)
        if not source.exists():
            raise TranslationError(f"translation source {source} is missing")
        result = subprocess.run(  # noqa: S603 - fixed binary, our own file paths
            [str(lrelease()), "-silent", str(source), "-qm", str(target)],
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0 or not target.exists():
            raise TranslationError(
                f"lrelease failed for {source}: {result.stderr.strip()}"
            )
        _source_record(target).write_text(_digest(source), encoding="ascii")
        return target

    def ensure_compiled(self, language: Language) -> Path:
        """The ``.qm`` of ``language``, compiling it first if missing or stale.

        A ``.qm`` is current when the digest recorded beside it at compile
        time is its ``.ts``'s (file times say nothing once pip installs both).
        """
        source, target = self.ts(language), self.qm(language)
        if not source.exists() and target.exists():
            return target
        record = _source_record(target)
        if target.exists() and record.exists():
            if record.read_text(encoding="ascii").strip() == _digest(source):
                return target
        cached = cache_dir() / f"{self.prefix}_{language.value}-{_digest(source)}.qm"
        if cached.exists():
            return cached
        log.warning(
            "compiling %s on the fly into %s (run scripts/build_translations.sh)",
            source,
            cached.parent,
        )
        cached.parent.mkdir(parents=True, exist_ok=True)
        return self.compile(language, cached)


def cache_dir() -> Path:
    """``$XDG_CACHE_HOME/ssc-kiosk/i18n`` (``~/.cache/ssc-kiosk/i18n``)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "ssc-kiosk" / "i18n"


def _source_record(qm: Path) -> Path:
    """Where the digest of the ``.ts`` a ``.qm`` was compiled from is kept."""
    return qm.with_name(qm.name + ".sha256")


def _digest(source: Path) -> str:
    """A short digest of a ``.ts`` file: a cached ``.qm`` is never stale."""
    return hashlib.sha256(source.read_bytes()).hexdigest()[:12]


def lrelease() -> Path:
    """The ``lrelease`` binary shipped inside the PySide6 package."""
    path = Path(PySide6.__file__).resolve().parent / "lrelease"
    if not path.exists():
        raise TranslationError(f"lrelease not found at {path} (PySide6-Essentials)")
    return path


class Translations:
    """Installs one translator of ``catalog`` at a time and switches language
    at runtime."""

    def __init__(self, app: QCoreApplication, catalog: Catalog) -> None:
        self._app = app
        self._catalog = catalog
        self._translator: QTranslator | None = None
        self.language = Language.EN

    def close(self) -> None:
        """Remove this translator from the application."""
        if self._translator is not None:
            self._app.removeTranslator(self._translator)
            self._translator = None

    def switch(self, language: Language) -> None:
        """Install ``language`` (Qt then sends LanguageChange to every widget)."""
        if self._translator is not None:
            self._app.removeTranslator(self._translator)
            self._translator = None
        if language is not Language.EN:
            translator = QTranslator(self._app)
            path = self._catalog.ensure_compiled(language)
            if not translator.load(str(path)):
                raise TranslationError(f"{path} is not a valid .qm file")
            self._app.installTranslator(translator)
            self._translator = translator
        self.language = language
        # calendars, numbers and dates follow the language (QDateEdit, QLocale())
        QLocale.setDefault(locale_of(language))
        log.info("language is now %s", language.value)

    @property
    def locale(self) -> QLocale:
        """The Qt locale of the current language."""
        return locale_of(self.language)
