# SPDX-License-Identifier: Apache-2.0
"""The one-way layering of docs/architecture.md, as a check that fails.

Between the project's packages (:data:`MAY_IMPORT`): kiosk and staff -> card,
backend_client, qtcommon; backend_client -> card; backend -> card; the kiosk
and the staff station never import each other and nothing imports either;
qtcommon (what the two PySide6 applications share) imports no other package of
the project. ``ssclog`` (the logging set-up of every tool) imports none
either, so all of them may import it. The one exception: ``kiosk/demo.py``
starts the reference backend in-process for the embedded default
(``ss-kiosk --demo``). Outside the project (:data:`FORBIDDEN`): card imports
neither Qt nor HTTP; only card/pcsc imports pyscard.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

#: The project's packages each package may import (besides itself).
MAY_IMPORT: dict[str, set[str]] = {
    "ssclog": set(),
    "card": {"ssclog"},
    "backend_client": {"card", "ssclog"},
    "backend": {"card", "ssclog"},
    "qtcommon": set(),
    "kiosk": {"qtcommon", "card", "backend_client", "ssclog"},
    "staff": {"qtcommon", "card", "backend_client", "ssclog"},
}
PROJECT = set(MAY_IMPORT)
#: Libraries outside the project each package must not import.
FORBIDDEN: dict[str, set[str]] = {
    "ssclog": {
        "PySide6",
        "requests",
        "fastapi",
        "starlette",
        "sqlalchemy",
        "uvicorn",
        "smartcard",
    },
    "card": {
        "PySide6",
        "requests",
        "fastapi",
        "sqlalchemy",
        "qrcode",
        "uvicorn",
        "httpx",
    },
    "backend_client": {"PySide6", "fastapi", "smartcard"},
    "backend": {"PySide6", "smartcard", "requests"},
    "qtcommon": {"requests", "fastapi", "sqlalchemy", "smartcard", "uvicorn"},
    "kiosk": {"fastapi", "smartcard", "uvicorn"},
    "staff": {"fastapi", "smartcard", "uvicorn", "sqlalchemy"},
}
ALLOWED_EXCEPTIONS = {("kiosk/demo.py", "backend")}


def imported_roots(path: Path) -> set[str]:
    """Top-level module names imported anywhere in ``path``."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    roots: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            roots.add(node.module.split(".")[0])
    return roots


def package_files(package: str) -> list[Path]:
    return sorted((ROOT / package).rglob("*.py"))


def layer_offences(
    package: str, files: list[Path] | None = None, root: Path = ROOT
) -> list[str]:
    """``<file> imports <package>`` for every import ``package`` must not make
    (in its files, or in ``files`` under ``root``)."""
    refused = FORBIDDEN[package] | (PROJECT - MAY_IMPORT[package] - {package})
    offences = []
    for path in package_files(package) if files is None else files:
        rel = path.relative_to(root).as_posix()
        for name in sorted(imported_roots(path) & refused):
            if (rel, name) not in ALLOWED_EXCEPTIONS:
                offences.append(f"{rel} imports {name}")
    return offences


@pytest.mark.parametrize("package", sorted(PROJECT))
def test_package_respects_layers(package: str) -> None:
    offences = layer_offences(package)
    assert not offences, "\n".join(offences)


def test_every_package_has_its_rules() -> None:
    assert set(FORBIDDEN) == PROJECT
    on_disk = {p.parent.name for p in ROOT.glob("*/__init__.py")} - {"tests"}
    assert on_disk <= PROJECT, on_disk - PROJECT


def test_only_card_pcsc_imports_pyscard() -> None:
    offences = [
        path.relative_to(ROOT).as_posix()
        for package in sorted(PROJECT)
        for path in package_files(package)
        if "smartcard" in imported_roots(path)
        and not path.relative_to(ROOT).as_posix().startswith("card/pcsc/")
    ]
    assert not offences, offences


def imported_modules(path: Path) -> set[str]:
    """Full dotted names of the modules ``path`` imports; ``from a import b``
    counts as ``a`` and ``a.b`` (``b`` may be a module)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


# the card simulator serves the demo only: production backend code holds no
# virtual card (the recognition-code format lives in card.profile)
SIMULATOR_USERS = {"backend/demo.py"}


def test_backend_uses_the_card_simulator_only_in_demo_modules() -> None:
    offences = [
        rel
        for path in package_files("backend")
        if (rel := path.relative_to(ROOT).as_posix()) not in SIMULATOR_USERS
        and any(m.startswith("card.virtual") for m in imported_modules(path))
    ]
    assert not offences, offences


def test_checker_sees_an_offence(tmp_path: Path) -> None:
    bad = tmp_path / "x.py"
    bad.write_text("import PySide6.QtCore\nfrom requests import get\n")
    assert {"PySide6", "requests"} <= imported_roots(bad)
    bad.write_text("from card.virtual.factory import new_blank\n")
    assert "card.virtual.factory" in imported_modules(bad)
    bad.write_text("from card import virtual\n")
    assert "card.virtual" in imported_modules(bad)


@pytest.mark.parametrize(
    ("package", "line"),
    [
        ("kiosk", "from staff.app import main"),
        ("staff", "from kiosk.i18n import Language"),
        ("qtcommon", "import kiosk.app"),
        ("qtcommon", "from staff import services"),
        ("qtcommon", "from card.errors import CardError"),
        ("backend_client", "import staff.api"),
    ],
)
def test_layer_rules_refuse_a_crossing_import(
    package: str, line: str, tmp_path: Path
) -> None:
    """Each rule fails on a violation: a module of ``package`` making the
    import is reported."""
    offender = tmp_path / package / "offender.py"
    offender.parent.mkdir()
    offender.write_text(line + "\n", encoding="utf-8")
    target = line.split()[1].split(".")[0]
    assert layer_offences(package, [offender], tmp_path) == [
        f"{package}/offender.py imports {target}"
    ]
