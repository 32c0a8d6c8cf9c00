# SPDX-License-Identifier: Apache-2.0
"""Round trips of the profile's codecs, parametrized by CARD_PROFILE examples."""

from __future__ import annotations

from datetime import date

import pytest

from card import formats, ssn, tlv
from card.apdu import CommandApdu
from card.errors import InvalidPinFormatError, InvalidSsnError, MalformedDataError
from card.profile import SSSE_NAME


@pytest.mark.parametrize(
    ("raw", "ins", "p1", "p2", "data", "le"),
    [
        ("00A404000F7378312E73682EC9E7BBE1B1A3D5CF", 0xA4, 4, 0, SSSE_NAME, None),
        ("00B2083014", 0xB2, 0x08, 0x30, b"", 0x14),
        ("00A4000002EF05", 0xA4, 0, 0, b"\xef\x05", None),
        ("00A4020002EF05", 0xA4, 2, 0, b"\xef\x05", None),
        ("0084000010", 0x84, 0, 0, b"", 0x10),
        ("00200000", 0x20, 0, 0, b"", None),
        ("00440000", 0x44, 0, 0, b"", None),
    ],
)
def test_profile_commands_round_trip(
    raw: str, ins: int, p1: int, p2: int, data: bytes, le: int | None
) -> None:
    command = CommandApdu.parse(bytes.fromhex(raw))
    assert (command.ins, command.p1, command.p2, command.data, command.le) == (
        ins,
        p1,
        p2,
        data,
        le,
    )
    assert command.to_bytes().hex().upper() == raw.upper()


@pytest.mark.parametrize(
    ("tag", "value", "encoded"),
    [
        (0x07, b"A12345678", "0709413132333435363738"),
        (0x0A, b"1", "0A0131"),
        (0x4E, b"\x00" * 20, "4E14" + "00" * 20),
    ],
)
def test_simple_tlv_round_trip(tag: int, value: bytes, encoded: str) -> None:
    assert tlv.encode_simple(tag, value).hex().upper() == encoded.upper()
    assert tlv.parse_simple_record(bytes.fromhex(encoded)) == (tag, value)


@pytest.mark.parametrize(
    "bad",
    ["", "07", "0709414141", "00021111", "FF00", "07000701"],
)
def test_simple_tlv_rejects(bad: str) -> None:
    with pytest.raises(MalformedDataError):
        tlv.parse_simple_record(bytes.fromhex(bad))


@pytest.mark.parametrize(
    ("tag", "length"),
    [
        (0x86, 65),
        (0x7F49, 67),
        (0x9F0C, 3),
        (0x5F20, 300),
        (0x84, 0),
        (0xDF8101, 70000),
    ],
)
def test_ber_round_trip(tag: int, length: int) -> None:
    value = bytes(range(256)) * (length // 256) + bytes(range(length % 256))
    encoded = tlv.encode_ber(tag, value)
    assert tlv.parse_ber(encoded) == [tlv.Tlv(tag=tag, value=value)]


def test_ber_constructed_public_key_template() -> None:
    point = b"\x04" + bytes(64)
    encoded = tlv.encode_constructed(0x7F49, [tlv.Tlv(tag=0x86, value=point)])
    assert encoded[:5].hex().upper() == "7F49438641"
    outer = tlv.parse_ber_one(encoded, 0x7F49)
    assert outer.constructed
    assert outer.children() == [tlv.Tlv(tag=0x86, value=point)]


@pytest.mark.parametrize(
    "bad",
    ["9F", "9F0C", "8602AA", "8680", "86850000000001", "1F", "7F49", "8681"],
)
def test_ber_rejects(bad: str) -> None:
    with pytest.raises(MalformedDataError):
        tlv.parse_ber(bytes.fromhex(bad))


@pytest.mark.parametrize(
    ("text", "size", "hexed"),
    [("2.00", 4, "322E3030"), ("张三", 30, "D5C5C8FD" + "00" * 26), ("1", 1, "31")],
)
def test_an_round_trip(text: str, size: int, hexed: str) -> None:
    assert formats.encode_an(text, size).hex().upper() == hexed
    assert formats.decode_an(bytes.fromhex(hexed)) == text


def test_an_too_long_and_bad_gbk() -> None:
    with pytest.raises(MalformedDataError):
        formats.encode_an("张三丰", 5)
    with pytest.raises(MalformedDataError):
        formats.decode_an(b"\xff\xff")


@pytest.mark.parametrize(
    ("digits", "size", "hexed"),
    [
        ("01", 1, "01"),
        ("330100", 3, "330100"),
        ("12345", 3, "12345F"),
        ("20240131", 4, "20240131"),
    ],
)
def test_cn_round_trip(digits: str, size: int, hexed: str) -> None:
    assert formats.encode_cn(digits, size).hex().upper() == hexed
    assert formats.decode_cn(bytes.fromhex(hexed)) == digits


@pytest.mark.parametrize("bad", ["1A", "F1", "AB"])
def test_cn_rejects(bad: str) -> None:
    with pytest.raises(MalformedDataError):
        formats.decode_cn(bytes.fromhex(bad))


def test_dates() -> None:
    assert formats.encode_date(date(2024, 1, 31)) == bytes.fromhex("20240131")
    assert formats.decode_date(bytes.fromhex("19491231")) == date(1949, 12, 31)
    for bad in ("20240231", "2024013F", "202401"):
        with pytest.raises(MalformedDataError):
            formats.decode_date(bytes.fromhex(bad))


def test_pin_block() -> None:
    assert formats.encode_pin("123456") == bytes.fromhex("123456")
    assert formats.decode_pin(bytes.fromhex("000000")) == "000000"
    for bad in ("12345", "1234567", "12345a", "１２３４５６"):
        with pytest.raises(InvalidPinFormatError) as info:
            formats.encode_pin(bad)
        assert bad not in str(info.value)


@pytest.mark.parametrize(
    "valid",
    [
        "11010519491231002X",
        "110105194912310029"[:17] + "X",
        "440524188001010014",
        "11010519491231002x",
    ],
)
def test_ssn_valid(valid: str) -> None:
    assert ssn.is_valid(valid)


@pytest.mark.parametrize(
    "invalid",
    [
        "110105194912310021",
        "11010519491231002",
        "A1010519491231002X",
        "4405241880010100140",
    ],
)
def test_ssn_invalid(invalid: str) -> None:
    assert not ssn.is_valid(invalid)
    with pytest.raises(InvalidSsnError):
        ssn.validate(invalid)
