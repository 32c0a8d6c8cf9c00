# SPDX-License-Identifier: Apache-2.0
"""The card profile's constants are the bytes docs/card-profile.md gives, and
``card.profile`` is the one place that defines them."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from card import profile
from card.errors import MalformedDataError

ROOT = Path(__file__).resolve().parents[2]


# each constant as docs/card-profile.md §2 spells its bytes
DOCUMENTED = {
    "SSSE_NAME": "73 78 31 2E 73 68 2E C9 E7 BB E1 B1 A3 D5 CF",
    "PKI_AID": "50 4B 49 2E C9 E7 BB E1 B1 A3 D5 CF",
    "ADF_NAME": "53 53 2E 43 45 52 54 2E 41 44 46 31",
    "NATIONAL_RID": "D1 56 00 00 05",
    "MF_FID": "3F 00",
    "ISSUER_FID": "EF 05",
    "HOLDER_FID": "EF 06",
    "FINGERPRINT_FID": "EF 07",
    "PHOTO_FID": "EF 08",
    "CARD_CERTIFICATE_FID": "00 16",
    "HOLDER_CERTIFICATE_FID": "00 18",
    "ENCRYPTION_CERTIFICATE_FID": "00 19",
}


@pytest.mark.parametrize("name", sorted(DOCUMENTED))
def test_identifiers_are_the_documented_bytes(name: str) -> None:
    value = getattr(profile, name)
    assert value.hex(" ").upper() == DOCUMENTED[name]


def test_names_read_as_the_profile_writes_them() -> None:
    assert profile.SSSE_NAME.decode("gbk") == "sx1.sh.社会保障"
    assert profile.PKI_AID.decode("gbk") == "PKI.社会保障"
    assert (profile.ISSUER_SFI, profile.HOLDER_SFI) == (5, 6)
    assert (profile.FINGERPRINT_SFI, profile.PHOTO_SFI) == (7, 8)
    assert profile.INITIAL_PIN == "123456"


def test_recognition_code_is_region_rid_issuer_bytes() -> None:
    tail = bytes.fromhex("A1B2C3D4E5F60718")
    code = profile.new_recognition_code(bytes.fromhex("110000"), tail)
    assert code.hex().upper() == "110000D156000005A1B2C3D4E5F60718"
    assert profile.check_recognition_code(code) == code
    assert profile.has_national_rid(code)


def test_new_recognition_codes_differ_in_their_issuer_bytes() -> None:
    region = bytes.fromhex("510100")
    codes = {profile.new_recognition_code(region) for _ in range(8)}
    assert len(codes) == 8
    assert all(c[:8] == region + profile.NATIONAL_RID for c in codes)
    assert all(profile.check_recognition_code(c) == c for c in codes)


@pytest.mark.parametrize(
    "code",
    [
        "110000D156000005A1B2C3D4E5F607",  # 15 bytes
        "110000D156000005A1B2C3D4E5F6071800",  # 17 bytes
        "110000D156000006A1B2C3D4E5F60718",  # another RID
        "1100D156000005A1B2C3D4E5F6071800",  # RID not at byte 3
    ],
)
def test_check_recognition_code_refuses_other_forms(code: str) -> None:
    with pytest.raises(MalformedDataError, match="recognition code"):
        profile.check_recognition_code(bytes.fromhex(code))


@pytest.mark.parametrize(
    ("region", "tail"), [("1100", "A1B2C3D4E5F60718"), ("110000", "A1B2C3D4E5F607")]
)
def test_new_recognition_code_refuses_wrong_parts(region: str, tail: str) -> None:
    with pytest.raises(MalformedDataError, match="recognition code"):
        profile.new_recognition_code(bytes.fromhex(region), bytes.fromhex(tail))


PROFILE_NAMES = {
    "SSSE_NAME",
    "PKI_AID",
    "ADF_NAME",
    "INITIAL_PIN",
    "NATIONAL_RID",
    "RECOGNITION_CODE_LENGTH",
}
PROFILE_LITERALS = {
    "sx1.sh.社会保障",
    "504B492EC9E7BBE1B1A3D5CF",
    b"SS.CERT.ADF1",
    "D156000005",
}
PACKAGES = ("card", "backend", "backend_client", "kiosk", "bench", "scripts")


def redefinitions(path: Path) -> list[str]:
    """Where ``path`` assigns a profile name or spells a profile constant."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names = {t.id for t in targets if isinstance(t, ast.Name)}
            found += [f"{path.name}:{node.lineno} {n}" for n in names & PROFILE_NAMES]
        elif isinstance(node, ast.Constant) and node.value in PROFILE_LITERALS:
            found.append(f"{path.name}:{node.lineno} {node.value!r}")
    return found


def test_only_card_profile_defines_the_profile_constants() -> None:
    offences = [
        f"{path.relative_to(ROOT).as_posix()}: {where}"
        for package in PACKAGES
        for path in sorted((ROOT / package).rglob("*.py"))
        if path != ROOT / "card" / "profile.py"
        for where in redefinitions(path)
    ]
    assert not offences, "\n".join(offences)


def test_the_check_sees_a_redefinition(tmp_path: Path) -> None:
    copy = tmp_path / "copy.py"
    copy.write_text('INITIAL_PIN = "123456"\nX = bytes.fromhex("D156000005")\n')
    assert redefinitions(copy) == ["copy.py:1 INITIAL_PIN", "copy.py:2 'D156000005'"]
