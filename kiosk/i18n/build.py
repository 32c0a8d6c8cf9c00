# SPDX-License-Identifier: Apache-2.0
"""Compile every ``kiosk/i18n/*.ts`` to ``.qm`` (called by the setup).

``python -m kiosk.i18n.build`` compiles; ``--update`` first refreshes the
``.ts`` sources from the code with PySide6's ``lupdate`` (for developers).
The mechanism is :mod:`qtcommon.i18n_build`.
"""

from __future__ import annotations

from pathlib import Path

from kiosk.i18n import HERE, KIOSK
from qtcommon.i18n_build import build

SOURCES = HERE.parent


def kiosk_sources() -> list[Path]:
    """kiosk/ without diagnostics/, which has its own catalog."""
    return sorted(
        p
        for p in SOURCES.rglob("*.py")
        if "diagnostics" not in p.relative_to(SOURCES).parts
    )


def main(argv: list[str] | None = None) -> int:
    """Compile the kiosk's translations."""
    return build(KIOSK, kiosk_sources, argv)


if __name__ == "__main__":
    raise SystemExit(main())
