# SPDX-License-Identifier: Apache-2.0
"""Compile ``kiosk/diagnostics/i18n/*.ts`` to ``.qm`` (for the setup).

``python -m kiosk.diagnostics.build`` compiles, next to
``scripts/build_translations.sh`` for the kiosk's own file; ``--update`` first
refreshes the ``.ts`` from the ``tr()`` calls of kiosk/diagnostics/ with
PySide6's ``lupdate``, keeping the translations already made.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

import PySide6

from kiosk.diagnostics.translations import HERE, compile_ts, ts_path
from kiosk.i18n import Language, TranslationError


def update_sources() -> None:
    """Refresh every ``diagnostics_<lang>.ts`` from the code (for developers)."""
    lupdate = Path(PySide6.__file__).resolve().parent / "lupdate"
    files = sorted(str(p) for p in HERE.parent.glob("*.py"))
    for language in Language:
        if language is not Language.EN:
            subprocess.run([str(lupdate), "-silent", "-no-obsolete", *files,  # noqa: S603
                            "-ts", str(ts_path(language))], check=True)


def main(argv: list[str] | None = None) -> int:
    """Compile the diagnostics translations; exit status 1 with a message."""
    parser = argparse.ArgumentParser(description="Compile diagnostics_*.ts to .qm")
    parser.add_argument("--update", action="store_true",
                        help="refresh the .ts sources with lupdate first")
    args = parser.parse_args(argv)
    try:
        if args.update:
            update_sources()
        for language in Language:
            if language is not Language.EN:
                print(compile_ts(language))
    except (TranslationError, subprocess.CalledProcessError) as exc:
        print(f"diagnostics translations: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
