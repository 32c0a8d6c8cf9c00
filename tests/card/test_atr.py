# SPDX-License-Identifier: Apache-2.0
"""ATR parser (ISO 7816-3 §8.2): known ATRs, malformed ones, random bytes."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from card.atr import Atr, Convention
from card.errors import MalformedDataError

KNOWN = [
    # (ATR, protocols, Fi, Di, historical, TCK)
    ("3B 02 14 50", (0,), 372, 1, "14 50", None),
    (
        "3B 8F 80 01 80 4F 0C A0 00 00 03 06 03 00 01 00 00 00 00 6A",
        (0, 1),
        372,
        1,
        "80 4F 0C A0 00 00 03 06 03 00 01 00 00 00 00",
        0x6A,
    ),
    (
        "3B FD 13 00 00 81 31 FE 15 80 73 C0 21 C0 57 59 75 62 69 4B 65 79 40",
        (1,),
        372,
        4,
        "80 73 C0 21 C0 57 59 75 62 69 4B 65 79",
        0x40,
    ),
    # T=1 and T=15 with a class indicator, Fi=512 Di=8
    (
        "3B 9E 94 80 1F C3 80 31 E0 73 FE 21 1B 66 D0 00 00 00 00 00 06",
        (0, 15),
        512,
        8,
        "80 31 E0 73 FE 21 1B 66 D0 00 00 00 00 00",
        0x06,
    ),
    ("3F 00", (0,), 372, 1, "", None),
]


def _hex(text: str) -> bytes:
    return bytes.fromhex(text)


@pytest.mark.parametrize(("atr", "protocols", "fi", "di", "hist", "tck"), KNOWN)
def test_known_atrs(
    atr: str, protocols: tuple[int, ...], fi: int, di: int, hist: str, tck: int | None
) -> None:
    parsed = Atr.parse(_hex(atr))
    assert parsed.protocols == protocols
    assert (parsed.fi, parsed.di) == (fi, di)
    assert parsed.historical == _hex(hist)
    assert parsed.tck == tck
    assert parsed.to_bytes() == _hex(atr)
    lines = parsed.describe()
    assert lines[0] == "ATR " + atr
    assert any(line.startswith("protocols offered: ") for line in lines)


def test_inverse_convention_and_groups() -> None:
    parsed = Atr.parse(_hex("3F 00"))
    assert parsed.convention is Convention.INVERSE
    yubikey = Atr.parse(_hex(KNOWN[2][0]))
    assert [g.index for g in yubikey.groups] == [1, 2, 3]
    assert yubikey.groups[2].protocol == 1 and yubikey.groups[2].ta == 0xFE
    assert "TA3 FE: T=1 IFSC=254" in yubikey.describe()


def test_t15_global_bytes_described() -> None:
    parsed = Atr.parse(_hex(KNOWN[3][0]))
    group = parsed.global_t15()
    assert group is not None and group.ta == 0xC3
    assert parsed.transmission_protocols == (0,)
    assert any("clock stop" in line and "A and B" in line for line in parsed.describe())


@pytest.mark.parametrize(
    ("atr", "reason"),
    [
        ("", "bytes"),
        ("3B", "bytes"),
        ("3C 00", "TS=3C"),
        ("3B 05 01 02", "historical"),
        ("3B 80 01", "TCK missing"),
        ("3B 80 01 00", "TCK"),  # wrong checksum
        ("3B 10", "interface byte"),  # TA1 announced, absent
        ("3B 00 FF", "trailing"),  # TCK with only T=0
        ("3B" + " 00" * 33, "bytes"),  # longer than 33
    ],
)
def test_malformed(atr: str, reason: str) -> None:
    with pytest.raises(MalformedDataError) as info:
        Atr.parse(_hex(atr))
    assert info.value.what == "ATR"
    assert reason in str(info.value)


@given(st.binary(max_size=40))
def test_random_bytes_parse_or_raise_typed_error(raw: bytes) -> None:
    try:
        parsed = Atr.parse(raw)
    except MalformedDataError:
        return
    assert parsed.to_bytes() == raw
    assert parsed.describe()


@st.composite
def valid_atrs(draw: st.DrawFn) -> bytes:
    """Build a well-formed ATR from its structure (§8.2.2), TCK computed."""
    hist = draw(st.binary(max_size=15))
    n_groups = draw(st.integers(1, 4))
    # per group: which of TA/TB/TC are present (bits 1, 2, 4) and their values
    present = [draw(st.integers(0, 7)) for _ in range(n_groups)]
    protocols = [draw(st.sampled_from([0, 1, 15])) for _ in range(n_groups - 1)]
    y1 = present[0] | (8 if n_groups > 1 else 0)
    raw = bytearray([0x3B, (y1 << 4) | len(hist)])
    for i, y in enumerate(present):
        for bit in (1, 2, 4):
            if y & bit:
                raw.append(draw(st.integers(0, 255)))
        if i + 1 < n_groups:
            nxt = present[i + 1] | (8 if i + 2 < n_groups else 0)
            raw.append((nxt << 4) | protocols[i])
    raw.extend(hist)
    if set(protocols) - {0}:
        check = 0
        for byte in raw[1:]:
            check ^= byte
        raw.append(check)
    return bytes(raw)


@given(valid_atrs())
def test_generated_atrs_round_trip(raw: bytes) -> None:
    parsed = Atr.parse(raw)
    assert parsed.to_bytes() == raw
    assert Atr.parse(parsed.to_bytes()) == parsed
