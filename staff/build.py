# SPDX-License-Identifier: Apache-2.0
"""Compile ``staff/i18n/*.ts`` to ``.qm`` (for the setup).

``python -m staff.build`` compiles; ``--update`` first refreshes the
``.ts`` from the ``tr()``/``translate()``/``QT_TRANSLATE_NOOP`` calls of
staff/ with PySide6's ``lupdate``, keeping the translations already
made. Same mechanism as :mod:`qtcommon.i18n_build`.
"""

from __future__ import annotations

from pathlib import Path

from qtcommon.i18n_build import build
from staff.translations import HERE, STAFF


def staff_sources() -> list[Path]:
    """The modules of staff/ and its pages."""
    return sorted(HERE.parent.rglob("*.py"))


def main(argv: list[str] | None = None) -> int:
    """Compile the staff station's translations."""
    return build(STAFF, staff_sources, argv)


if __name__ == "__main__":
    raise SystemExit(main())
