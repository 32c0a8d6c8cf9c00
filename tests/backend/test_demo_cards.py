# SPDX-License-Identifier: Apache-2.0
"""The committed demo card images and their README match the demo residents."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from backend.demo import DEMO_CARDS, image_path, recognition_code
from backend.demo_data import RESIDENTS, Resident
from card import ssn
from card.virtual import VirtualCard
from card.virtual.factory import describe
from tests.backend.test_cli import cli

README = (DEMO_CARDS / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("resident", RESIDENTS, ids=lambda r: r.card_number)
def test_every_resident_has_a_matching_card_image(resident: Resident) -> None:
    info = describe(VirtualCard.load(image_path(DEMO_CARDS, resident)))
    assert info["issuer"]["card_number"] == resident.card_number
    assert info["recognition_code"] == recognition_code(resident).hex().upper()
    holder = info["holder"]
    assert (holder["ssn"], holder["name"]) == (
        ssn.complete(resident.first17),
        resident.name,
    )
    assert len(info["certificates"]) == 2


@pytest.mark.parametrize("resident", RESIDENTS, ids=lambda r: r.card_number)
def test_the_readme_lists_every_resident(resident: Resident) -> None:
    row = (
        f"| `{resident.card_number}` | {resident.name} | "
        f"`{ssn.complete(resident.first17)}` | `{resident.pin}"
    )
    assert row in README
    assert resident.shows in README


def test_no_image_without_a_resident() -> None:
    numbers = {r.card_number for r in RESIDENTS}
    assert {p.stem for p in DEMO_CARDS.glob("*.json")} == numbers


def test_seed_keep_existing_adds_only_the_missing_images(tmp_path: Path) -> None:
    out = tmp_path / "cards"
    out.mkdir()
    kept, missing = RESIDENTS[0], RESIDENTS[-1]
    for resident in RESIDENTS:
        if resident is not missing:
            shutil.copy(image_path(DEMO_CARDS, resident), out)
    before = image_path(out, kept).read_bytes()
    got = cli(
        "seed",
        "--demo",
        "--cards-out",
        str(out),
        "--keep-existing",
        db=tmp_path / "seed.sqlite3",
    )
    assert got.returncode == 0, got.stderr
    assert image_path(out, kept).read_bytes() == before
    made = describe(VirtualCard.load(image_path(out, missing)))
    assert made["issuer"]["card_number"] == missing.card_number
    # a fresh personalization: new keys, so not the committed image
    committed = image_path(DEMO_CARDS, missing).read_bytes()
    assert image_path(out, missing).read_bytes() != committed
