# SPDX-License-Identifier: Apache-2.0
"""Compile every ``kiosk/i18n/*.ts`` to ``.qm`` (called by the setup).

``python -m kiosk.i18n.build`` compiles; ``--update`` first refreshes the
``.ts`` sources from the code with PySide6's ``lupdate`` (for developers).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

import PySide6

from kiosk.i18n import HERE, Language, TranslationError, compile_ts, ts_path

SOURCES = HERE.parent


def update_sources() -> None:
    """Refresh the ``.ts`` from kiosk/ (staff/ and diagnostics/ have their own)."""
    lupdate = Path(PySide6.__file__).resolve().parent / "lupdate"
    files = sorted(str(p) for p in SOURCES.rglob("*.py")
                   if not {"staff", "diagnostics"} & set(p.parts))
    for language in Language:
        if language is Language.EN:
            continue
        subprocess.run([str(lupdate), "-silent", "-no-obsolete", *files,  # noqa: S603
                        "-ts", str(ts_path(language))], check=True)


def main(argv: list[str] | None = None) -> int:
    """Compile the translations; exit status 1 with a message on failure."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--update", action="store_true",
                        help="refresh .ts sources with lupdate first")
    args = parser.parse_args(argv)
    try:
        if args.update:
            update_sources()
        for language in Language:
            if language is not Language.EN:
                print(compile_ts(language))
    except (TranslationError, subprocess.CalledProcessError) as exc:
        print(f"build_translations: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
