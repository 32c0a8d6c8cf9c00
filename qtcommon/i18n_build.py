# SPDX-License-Identifier: Apache-2.0
"""Compile a catalog's ``.ts`` to ``.qm``; ``--update`` refreshes the ``.ts`` first.

Each application's build module (``python -m kiosk.i18n.build``,
``python -m kiosk.diagnostics.build``, ``python -m staff.build``) calls
:func:`build` with its catalog and its source files; ``--update`` runs
PySide6's ``lupdate`` over them, keeping the translations already made (for
developers), before compiling with ``lrelease``.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import PySide6

from qtcommon.i18n import Catalog, Language, TranslationError


def update_sources(catalog: Catalog, files: list[Path]) -> None:
    """Refresh ``catalog``'s ``.ts`` sources from ``files`` with ``lupdate``."""
    lupdate = Path(PySide6.__file__).resolve().parent / "lupdate"
    for language in Language:
        if language is not Language.EN:
            subprocess.run(  # noqa: S603 - fixed binary, our own file paths
                [
                    str(lupdate),
                    "-silent",
                    "-no-obsolete",
                    *map(str, files),
                    "-ts",
                    str(catalog.ts(language)),
                ],
                check=True,
            )


def build(
    catalog: Catalog, sources: Callable[[], list[Path]], argv: list[str] | None = None
) -> int:
    """Compile ``catalog`` (``--update``: refresh it from ``sources()`` first);
    exit status 1 with a message on failure."""
    parser = argparse.ArgumentParser(description=f"Compile {catalog.prefix}_*.ts")
    parser.add_argument(
        "--update", action="store_true", help="refresh .ts sources with lupdate first"
    )
    args = parser.parse_args(argv)
    try:
        if args.update:
            update_sources(catalog, sources())
        for language in Language:
            if language is not Language.EN:
                print(catalog.compile(language))
    except (TranslationError, subprocess.CalledProcessError) as exc:
        print(f"{catalog.prefix} translations: {exc}", file=sys.stderr)
        return 1
    return 0
