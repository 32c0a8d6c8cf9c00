# SPDX-License-Identifier: Apache-2.0
"""Compile ``kiosk/diagnostics/i18n/*.ts`` to ``.qm`` (for the setup).

``python -m kiosk.diagnostics.build`` compiles; ``--update`` first refreshes
the ``.ts`` from the ``tr()`` calls of kiosk/diagnostics/ with PySide6's
``lupdate``, keeping the translations already made. Same mechanism as
:mod:`qtcommon.i18n_build`.
"""

from __future__ import annotations

from pathlib import Path

from kiosk.diagnostics.translations import DIAGNOSTICS, HERE
from qtcommon.i18n_build import build


def diagnostics_sources() -> list[Path]:
    """The modules of kiosk/diagnostics/."""
    return sorted(HERE.parent.glob("*.py"))


def main(argv: list[str] | None = None) -> int:
    """Compile the diagnostics translations."""
    return build(DIAGNOSTICS, diagnostics_sources, argv)


if __name__ == "__main__":
    raise SystemExit(main())
