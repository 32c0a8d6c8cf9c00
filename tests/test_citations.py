# SPDX-License-Identifier: Apache-2.0
"""Every citation points into the repository: a clone has nothing beside it.

The card profile, the domain rules and the architecture are
docs/card-profile.md, docs/domain.md and docs/architecture.md; code and docs
cite those (e.g. "docs/card-profile.md, Part A"), never design notes kept
outside the repository. This walks the source and documentation files of the
checkout (what git tracks: the ignored folders of .gitignore are skipped) and
fails on a citation of such a note.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

SUFFIXES = {".py", ".md", ".toml", ".sh", ".cfg", ".txt", ".yaml", ".yml"}
#: Folders .gitignore ignores, and git's own.
SKIPPED = {
    ".git",
    ".venv",
    "__pycache__",
    ".pytest_cache",
    ".mypy_cache",
    ".ruff_cache",
    ".hypothesis",
}
SKIPPED_AT_ROOT = {"build", "var"}

OUTSIDE = re.compile(
    r"CARD_PROFILE"  # the card profile: docs/card-profile.md
    r"|\bDOMAIN\.md"  # the domain notes: docs/domain.md
    r"|\bARCHITECTURE(?:\.md|\s+steps?\b)"  # the flow: docs/architecture.md
    r"|\bSTYLE(?:\.md|\s+§)"  # the style guide
    r"|\.\./shared\b"  # the folder beside the checkout
    r"|\bshared/design\b"
)
#: The one file that names those notes: this check and its examples.
EXEMPT = Path(__file__).resolve()


def cited_outside(text: str) -> list[str]:
    """The citations of notes outside the repository in ``text``."""
    return [match.group(0) for match in OUTSIDE.finditer(text)]


def project_files(root: Path) -> Iterator[Path]:
    """The source and documentation files under ``root``, ignored folders left out."""
    for path in sorted(root.iterdir()):
        if path.is_dir():
            if path.name in SKIPPED or path.name.endswith(".egg-info"):
                continue
            if root == ROOT and path.name in SKIPPED_AT_ROOT:
                continue
            yield from project_files(path)
        elif path.suffix in SUFFIXES:
            yield path


def offences(root: Path) -> list[str]:
    """``path:line: citation`` for every citation of a note outside the repository."""
    found = []
    for path in project_files(root):
        if path.resolve() == EXEMPT:
            continue
        text = path.read_text(encoding="utf-8")
        for number, line in enumerate(text.splitlines(), start=1):
            for citation in cited_outside(line):
                found.append(f"{path.relative_to(root)}:{number}: {citation}")
    return found


def test_no_citation_points_outside_the_repository() -> None:
    assert offences(ROOT) == []


def test_the_walk_sees_code_docs_configuration_and_scripts() -> None:
    seen = {path.relative_to(ROOT).as_posix() for path in project_files(ROOT)}
    for expected in (
        "card/auth.py",
        "docs/card-profile.md",
        "README.md",
        "pyproject.toml",
        "scripts/build_translations.sh",
        "tests/test_citations.py",
    ):
        assert expected in seen
    assert not any(name.startswith(".venv/") for name in seen)


@pytest.mark.parametrize(
    "line",
    [
        "(CARD_PROFILE Part A)",
        "CARD_PROFILE.md says terminals refuse",
        "rules of DOMAIN.md as pure functions",
        "Prove the card genuine (ARCHITECTURE step 1)",
        "(ARCHITECTURE steps 2 and 4)",
        "see ARCHITECTURE.md",
        "as STYLE.md asks",
        "STYLE § 3",
        "refines ../shared/design/CARD_PROFILE.md",
        "refines `shared/design/DOMAIN.md` (the contract)",
    ],
)
def test_a_citation_outside_the_repository_is_found(line: str) -> None:
    assert cited_outside(line)


@pytest.mark.parametrize(
    "line",
    [
        "(docs/card-profile.md, Part A)",
        "(docs/domain.md: 7 days default)",
        "(docs/architecture.md, resident flow step 1)",
        "# Architecture",
        "a domain rule; the architecture; the style of the code",
        "backend_client/ shares the card's encoding helpers",
    ],
)
def test_a_citation_inside_the_repository_passes(line: str) -> None:
    assert cited_outside(line) == []


def test_a_file_with_such_a_citation_fails_the_check(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "fine.md").write_text("See docs/domain.md.\n")
    (tmp_path / "tool.sh").write_text("#!/bin/sh\n# steps of ARCHITECTURE.md\n")
    cited = tmp_path / "module.py"
    cited.write_text('"""Part A."""\n\n# the status words (CARD_PROFILE)\n')
    assert offences(tmp_path) == [
        "module.py:3: CARD_PROFILE",
        "tool.sh:2: ARCHITECTURE.md",
    ]
