# SPDX-License-Identifier: Apache-2.0
"""APDU script format and runner, on the in-process virtual card."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from card.connection import GetResponseConnection
from card.errors import MalformedDataError
from card.tools.script import parse_line, parse_script, run_script
from card.virtual.card import VirtualCard
from card.virtual.connection import VirtualConnection
from tests.card.pcsc_support import make_image

SELECT = "00 A4 04 00 0F 7378312E73682EC9E7BBE1B1A3D5CF"
GOOD = f"""
# select the SSSE application (card profile part A)
{SELECT}                      ; sw=9000
00 B2 07 28 0B                ; data=07 09 54 31 32 33 34 35 36 37 38
00 B2 07 28 0B                ; data=07 09 ?? ?? ?? ?? ?? ?? ?? ?? ??
00 B2 07 28 0B                ; data=07 09 54*
00 B2 07 28 0B                ; data=07 00 50/FF 00 F0*
00 20 00 00                   ; sw=63CX
00 A4 00 00 02 EF 99          ; sw=6A82
00 FA 00 00                   ; sw=any
"""


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_image(tmp_path_factory.mktemp("img") / "card.json")


@pytest.fixture
def conn(template: Path) -> GetResponseConnection:
    return GetResponseConnection(VirtualConnection(VirtualCard.load(template)))


def test_parse_fields() -> None:
    step = parse_line("00 20 00 00 ; sw=63cx # tries left", 4)
    assert step is not None
    assert step.line == 4 and step.apdu == bytes.fromhex("00200000")
    assert step.expect.sw_matches(0x63C2) and not step.expect.sw_matches(0x6983)
    assert step.expect.sw_text() == "63CX"
    assert parse_line("   # only a comment", 1) is None
    default = parse_line("00A4040000", 1)
    assert default is not None and default.expect.sw == 0x9000
    masked = parse_line("00B0000002 ; data=1234/F0F0", 1)
    assert masked is not None
    assert masked.expect.data_matches(bytes.fromhex("1F3F"))
    assert not masked.expect.data_matches(bytes.fromhex("2234"))
    assert not masked.expect.data_matches(bytes.fromhex("123456"))


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("00 A4 0", "not hex"),
        ("zz", "not hex"),
        ("00 ?? 00 00", "wildcards"),
        ("00 A4 04 00 05 01", "Lc"),
        ("00 A4 04 00 ; sw=90", "4 hex digits"),
        ("00 A4 04 00 ; foo=1", "unknown field"),
        ("00 A4 04 00 ; data=12/FFFF", "mask length"),
        ("00 A4 04 00 ; data=1?", "half-byte"),
    ],
)
def test_malformed_lines(line: str, reason: str) -> None:
    with pytest.raises(MalformedDataError, match=reason):
        parse_line(line, 7)


def test_empty_script_is_malformed() -> None:
    with pytest.raises(MalformedDataError, match="no APDU"):
        parse_script("# nothing\n\n")


def test_passing_script(conn: GetResponseConnection) -> None:
    results = run_script(conn, parse_script(GOOD))
    assert [r.passed for r in results] == [True] * 8, [r.format() for r in results]
    assert results[0].format().startswith("PASS line 3: 00 A4 04 00 0F")


def test_failures_are_reported_with_reasons(conn: GetResponseConnection) -> None:
    script = f"""{SELECT}
00 B2 07 28 0B ; data=07 09 55*
00 A4 00 00 02 EF 99
00 20 00 00 ; sw=63C3
"""
    results = run_script(conn, parse_script(script))
    assert [r.passed for r in results] == [True, False, False, True]
    assert "does not match" in results[1].reason
    assert (
        "expected sw 9000, got 6A82 (file or application not found)"
        in results[2].format()
    )
    stopped = run_script(conn, parse_script(script), stop_on_failure=True)
    assert len(stopped) == 2


def test_technician_guide_example_passes(conn: GetResponseConnection) -> None:
    import re

    from tests.card.pcsc_support import ROOT

    guide = (ROOT / "docs/technician-guide.md").read_text(encoding="utf-8")
    match = re.search(r"```text\n(# SELECT SSSE.*?)```", guide, re.S)
    assert match is not None
    results = run_script(conn, parse_script(match.group(1)))
    assert len(results) == 6 and all(r.passed for r in results)


@given(st.text(alphabet="0123456789ABCDEFabcdefXx?;=/*# swdatn\t", max_size=60))
def test_any_line_parses_or_raises_the_typed_error(line: str) -> None:
    try:
        step = parse_line(line, 1)
    except MalformedDataError as exc:
        assert "line 1" in str(exc)
        return
    if step is not None:
        assert len(step.apdu) >= 4
