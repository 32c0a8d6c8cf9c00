# SPDX-License-Identifier: Apache-2.0
"""Build hook: compile the Qt Linguist translations into the wheel.

Every ``*.ts`` that ``build_py`` copies into the build tree is compiled by
:meth:`qtcommon.i18n.Catalog.compile` (the ``lrelease`` that PySide6-Essentials
ships, a build requirement in pyproject.toml), which also records the digest
of the source beside the ``.qm``; an installed application never compiles anything
at run time.
An editable install keeps using the ``.qm`` files that ``./dev setup``
compiles in the checkout.
"""

from __future__ import annotations

import sys
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py


class BuildPyWithTranslations(build_py):
    """``build_py`` that also compiles every copied ``<prefix>_<lang>.ts``."""

    def run(self) -> None:
        super().run()
        if self.editable_mode:
            return
        sys.path.insert(0, str(Path(self.build_lib).resolve()))
        from qtcommon.i18n import Catalog, Language  # the tree just copied

        for source in sorted(Path(self.build_lib).rglob("*.ts")):
            for language in Language:
                suffix = f"_{language.value}"
                if source.stem.endswith(suffix):
                    prefix = source.stem.removesuffix(suffix)
                    Catalog(directory=source.parent, prefix=prefix).compile(language)


setup(cmdclass={"build_py": BuildPyWithTranslations})
