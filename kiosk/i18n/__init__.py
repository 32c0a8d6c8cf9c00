# SPDX-License-Identifier: Apache-2.0
"""Translations: English source strings, Qt Linguist ``.ts`` files, ``.qm`` at runtime.

zh_CN is the default language. The ``.qm`` files are compiled by the setup
in a checkout (:mod:`kiosk.i18n.build`, called from
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
from PySide6.QtCore import QCoreApplication, QTranslator

log = logging.getLogger(__name__)

HERE = Path(__file__).resolve().parent


class Language(enum.StrEnum):
    """Languages the kiosk speaks; English is the source language."""

    ZH_CN = "zh_CN"
    EN = "en"


class TranslationError(Exception):
    """A translation file is missing and cannot be compiled."""


@dataclass(frozen=True, kw_only=True)
class Catalog:
    """A family of Qt Linguist files: ``<directory>/<prefix>_<lang>.ts`` → ``.qm``.

    The kiosk has one (:data:`KIOSK`); the diagnostics screen has its own.
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


KIOSK = Catalog(directory=HERE, prefix="kiosk")


def lrelease() -> Path:
    """The ``lrelease`` binary shipped inside the PySide6 package."""
    path = Path(PySide6.__file__).resolve().parent / "lrelease"
    if not path.exists():
        raise TranslationError(f"lrelease not found at {path} (PySide6-Essentials)")
    return path


def ts_path(language: Language) -> Path:
    """The kiosk's Qt Linguist source of ``language``."""
    return KIOSK.ts(language)


def qm_path(language: Language) -> Path:
    """The kiosk's compiled translation of ``language``."""
    return KIOSK.qm(language)


class Translations:
    """Installs one translator at a time and switches language at runtime.

    The kiosk's catalog by default; the staff station passes its own.
    """

    def __init__(self, app: QCoreApplication, catalog: Catalog = KIOSK) -> None:
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
        log.info("language is now %s", language.value)
