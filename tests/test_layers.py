# SPDX-License-Identifier: Apache-2.0
"""The one-way layering of docs/architecture.md, as a check that fails.

kiosk -> card, backend_client; backend -> card; card imports neither Qt nor
HTTP; only card/pcsc imports pyscard; nothing imports kiosk. ``ssclog`` (the
logging set-up of every tool) imports no other package of the project, so all
of them may import it. The one
exception: ``kiosk/demo.py`` starts the reference backend in-process for the
embedded default (``ss-kiosk --demo``).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

FORBIDDEN: dict[str, set[str]] = {
    "ssclog": {
        "PySide6",
        "requests",
        "fastapi",
        "starlette",
        "sqlalchemy",
        "uvicorn",
        "card",
        "backend",
        "backend_client",
        "kiosk",
        "smartcard",
    },
    "card": {
        "PySide6",
        "requests",
        "fastapi",
        "sqlalchemy",
        "backend",
        "backend_client",
        "kiosk",
        "qrcode",
        "uvicorn",
        "httpx",
    },
    "backend_client": {"PySide6", "kiosk", "backend", "fastapi", "smartcard"},
    "backend": {"PySide6", "kiosk", "backend_client", "smartcard", "requests"},
    "kiosk": {"fastapi", "smartcard", "uvicorn"},
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


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_package_respects_layers(package: str) -> None:
    offences = []
    for path in package_files(package):
        rel = path.relative_to(ROOT).as_posix()
        for root in imported_roots(path) & FORBIDDEN[package]:
            if (rel, root) not in ALLOWED_EXCEPTIONS:
                offences.append(f"{rel} imports {root}")
    assert not offences, "\n".join(offences)


def test_only_card_pcsc_imports_pyscard() -> None:
    offences = [
        path.relative_to(ROOT).as_posix()
        for package in ("ssclog", "card", "backend", "backend_client", "kiosk")
        for path in package_files(package)
        if "smartcard" in imported_roots(path)
        and not path.relative_to(ROOT).as_posix().startswith("card/pcsc/")
    ]
    assert not offences, offences


def imported_modules(path: Path) -> set[str]:
    """Full dotted names of the modules ``path`` imports."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
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
