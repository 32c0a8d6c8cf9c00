# SPDX-License-Identifier: Apache-2.0
"""The hot path's shortcuts agree with the general code they stand in for.

Commands encoded once at import, the inline checks of the usual answer and
the decoders' fast paths must give what the general path gives (the same
value, or the same typed error) for any input, not only for the card's.
"""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from card import formats, ssn, tlv
from card.apdu import CommandApdu, split_template
from card.auth import AuthSession, KeyRef, authenticate_template, read_binary_apdu
from card.connection import Connection, GetResponseConnection, check_sw_bytes
from card.errors import MalformedDataError, RecordNotFoundError, StatusWordError
from card.profile import SSSE_NAME
from card.ssse import (
    HOLDER_READS,
    HOLDER_SIZES,
    ISSUER_READS,
    ISSUER_SIZES,
    SELECT_SSSE,
    SsseSession,
    _algorithm_id,
    read_record_apdu,
)

_WEIGHTS = tuple(pow(2, 17 - i, 11) for i in range(17))


def _outcome(call: object, *args: object) -> object:
    """The value, or the type and message of the MalformedDataError raised."""
    assert callable(call)
    try:
        return call(*args)
    except MalformedDataError as exc:
        return (type(exc), str(exc))


@given(
    cla=st.integers(0, 255),
    ins=st.integers(0, 255),
    p1=st.integers(0, 255),
    p2=st.integers(0, 255),
    data=st.binary(min_size=1, max_size=300),
    le=st.none() | st.integers(1, 256),
    other=st.data(),
)
def test_template_encodes_like_command_apdu(
    cla: int,
    ins: int,
    p1: int,
    p2: int,
    data: bytes,
    le: int | None,
    other: st.DataObject,
) -> None:
    command = CommandApdu(cla=cla, ins=ins, p1=p1, p2=p2, data=data, le=le)
    head, tail = split_template(command)
    assert head + data + tail == command.to_bytes()
    fresh = other.draw(st.binary(min_size=len(data), max_size=len(data)))
    same_kind = CommandApdu(cla=cla, ins=ins, p1=p1, p2=p2, data=fresh, le=le)
    assert head + fresh + tail == same_kind.to_bytes()


def test_fixed_commands_are_the_profile_bytes() -> None:
    assert SELECT_SSSE == bytes([0, 0xA4, 4, 0, len(SSSE_NAME)]) + SSSE_NAME
    for sfi, reads, sizes in (
        (5, ISSUER_READS, ISSUER_SIZES),
        (6, HOLDER_READS, HOLDER_SIZES),
    ):
        assert [(tag, size) for tag, size, _ in reads] == list(sizes.items())
        for tag, size, apdu in reads:
            assert apdu == bytes([0, 0xB2, tag, sfi << 3, 2 + size])
            assert apdu == read_record_apdu(sfi, tag, size)
    assert read_binary_apdu(0, 65536) == bytes.fromhex("00B0000000 0000")
    assert read_binary_apdu(0, 256) == bytes.fromhex("00B0000000")
    assert read_binary_apdu(0x123, 16) == bytes.fromhex("00B0012310")
    head, tail = authenticate_template(KeyRef.CARD)
    assert (head, tail) == (bytes.fromhex("0088008120"), b"\x00")


_RECORDS = st.binary(max_size=12) | st.builds(
    lambda tag, value, delta, rest: (
        bytes([tag, (len(value) + delta) & 0xFF]) + value + rest
    ),
    st.integers(0, 255),
    st.binary(max_size=8),
    st.sampled_from([0, 0, 1, -1]),
    st.sampled_from([b"", b"", b"\x01\x00"]),
)


@given(_RECORDS)
def test_simple_record_fast_path_agrees(record: bytes) -> None:
    def general(raw: bytes) -> tuple[int, bytes]:
        items = tlv.parse_simple(raw)
        if len(items) != 1:
            raise MalformedDataError(
                "simple TLV", f"{len(items)} elements in one record"
            )
        return items[0]

    assert _outcome(tlv.parse_simple_record, record) == _outcome(general, record)


@given(st.binary(min_size=4, max_size=4))
def test_date_fast_path_agrees(raw: bytes) -> None:
    def general(value: bytes) -> date:
        digits = formats.decode_cn(value)
        if len(digits) != 8:
            raise MalformedDataError("date", "not 8 digits")
        try:
            return date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
        except ValueError as exc:
            raise MalformedDataError("date", "no such date") from exc

    assert _outcome(formats.decode_date, raw) == _outcome(general, raw)


@given(st.text(alphabet="0123456789Xxaß٣", min_size=17, max_size=19))
def test_ssn_check_agrees_with_the_standard_formula(text: str) -> None:
    def general(value: str) -> str:
        if len(value) != 18:
            raise MalformedDataError("SSN", "length")
        normalized = value[:17] + value[17].upper()
        body = normalized[:17]
        if not body.isascii() or not body.isdigit():
            raise MalformedDataError("SSN", "body")
        total = sum(int(c) * w for c, w in zip(body, _WEIGHTS, strict=True))
        if "10X98765432"[total % 11] != normalized[17]:
            raise MalformedDataError("SSN", "check")
        return normalized

    expected = _outcome(general, text)
    got = _outcome(ssn.validate, text)
    assert got == expected if isinstance(expected, str) else not isinstance(got, str)


def _reference_ber(raw: bytes) -> list[tuple[int, bytes]]:
    """ISO 7816-4 §5.2 BER-TLV, the general way (no one-byte shortcut)."""
    items, pos = [], 0
    while pos < len(raw):
        start = pos
        if raw[pos] in (0x00, 0xFF):
            raise MalformedDataError("BER-TLV", f"invalid tag byte {raw[pos]:02X}", pos)
        pos += 1
        if raw[start] & 0x1F == 0x1F:
            while True:
                if pos >= len(raw):
                    raise MalformedDataError("BER-TLV", "truncated tag", start)
                if pos - start > 3:
                    raise MalformedDataError(
                        "BER-TLV", "tag longer than 4 bytes", start
                    )
                pos += 1
                if not raw[pos - 1] & 0x80:
                    break
        tag = int.from_bytes(raw[start:pos], "big")
        if pos >= len(raw):
            raise MalformedDataError("BER-TLV", "missing length", pos)
        first = raw[pos]
        if first < 0x80:
            length, pos = first, pos + 1
        else:
            count = first & 0x7F
            if count == 0 or count > 3:
                raise MalformedDataError(
                    "BER-TLV", f"unsupported length byte {first:02X}", pos
                )
            if pos + 1 + count > len(raw):
                raise MalformedDataError("BER-TLV", "truncated length", pos)
            length = int.from_bytes(raw[pos + 1 : pos + 1 + count], "big")
            pos += 1 + count
        if pos + length > len(raw):
            raise MalformedDataError("BER-TLV", f"length {length} overruns", start)
        items.append((tag, raw[pos : pos + length]))
        pos += length
    return items


@given(
    st.binary(max_size=24)
    | st.lists(
        st.sampled_from(
            [
                b"\x6f",
                b"\xa5",
                b"\x9f\x0c",
                b"\x86",
                b"\x01",
                b"\x02",
                b"\x81\x01",
                b"\x00",
                b"\x1f",
            ]
        ),
        max_size=10,
    ).map(b"".join)
)
def test_ber_fast_path_agrees_with_the_general_parser(data: bytes) -> None:
    expected = _outcome(_reference_ber, data)
    assert _outcome(tlv.parse_ber_pairs, data) == expected
    found = _outcome(tlv.find_value, data, 0x86)
    if isinstance(expected, list):
        assert found == next((v for t, v in expected if t == 0x86), None)
    else:
        assert found == expected


@pytest.mark.parametrize(
    ("fci", "algorithm"),
    [
        ("", 1),
        ("6F0884065353534E414D", 1),  # no A5
        ("6F02A500", 1),  # empty A5
        ("6F08A5069F0C03810105", 1),  # 9F0C without 86
        ("6F08A5069F0C03860102", 2),
        ("6F08A5079F0C03860102", None),  # A5 says 7, holds 6
        ("6F09A5079F0C0486010286", None),  # 86 without a length inside 9F0C
        ("6F09A5069F0C0386010200", None),  # a 00 tag after A5
        ("6F07A5059F0C028600", None),  # an empty algorithm: not one byte
        ("6F04A5020000", None),
        ("6F08A5069F0C038601026F00", None),  # two objects where one 6F is expected
    ],
)
def test_algorithm_id(fci: str, algorithm: int | None) -> None:
    raw = bytes.fromhex(fci)
    if algorithm is None:
        with pytest.raises(MalformedDataError):
            _algorithm_id(raw)
        with pytest.raises(MalformedDataError):  # not cached as a success
            _algorithm_id(raw)
    else:
        assert _algorithm_id(raw) == algorithm


class _Scripted(Connection):
    """Answers READ RECORD from a table (tag → raw answer); SELECT with 9000."""

    def __init__(self, answers: dict[int, bytes]) -> None:
        self.answers = answers

    def transmit(self, apdu: bytes) -> tuple[bytes, int]:
        if apdu[1] != 0xB2:
            return b"", 0x9000
        return check_sw_bytes(self.answers[apdu[2]])

    @property
    def atr(self) -> bytes:
        return b""


def _holder_answers() -> dict[int, bytes]:
    values = {
        0x08: b"11010519491231002X",
        0x09: "张三".encode("gbk").ljust(30, b"\0"),
        0x4E: bytes(20),
        0x0A: b"1",
        0x0B: b"\x01",
        0x0C: b"\x11\x01\x01",
        0x0D: b"\x19\x49\x12\x31",
    }
    return {tag: bytes([tag, len(v)]) + v + b"\x90\x00" for tag, v in values.items()}


def test_session_reads_the_usual_answers() -> None:
    conn = GetResponseConnection(_Scripted(_holder_answers()))
    holder = SsseSession(conn).read_holder()
    assert (holder.name, holder.ssn, holder.birthplace, holder.birth_date) == (
        "张三",
        "11010519491231002X",
        "110101",
        date(1949, 12, 31),
    )


@pytest.mark.parametrize(
    ("tag", "answer", "error"),
    [
        (0x09, bytes([0x09, 2]) + "张".encode("gbk") + b"\x90\x00", "has 2 bytes"),
        (0x0A, b"\x0b\x01\x01\x90\x00", "got tag 0B"),
        (0x0A, b"\x0a\x02\x31\x90\x00", "length 2 overruns"),
        (0x0A, b"\x0a\x01\x31\x0a\x01\x31\x90\x00", "2 elements"),
    ],
)
def test_session_unusual_answers_are_typed_errors(
    tag: int, answer: bytes, error: str
) -> None:
    answers = _holder_answers() | {tag: answer}
    session = SsseSession(GetResponseConnection(_Scripted(answers)))
    with pytest.raises(MalformedDataError, match=error):
        session.read_holder()


def test_record_not_found_only_tolerated_for_the_name_extension() -> None:
    answers = _holder_answers() | {0x4E: b"\x6a\x83"}
    holder = SsseSession(_Scripted(answers)).read_holder()
    assert holder.name == "张三"
    answers = _holder_answers() | {0x0B: b"\x6a\x83"}
    with pytest.raises(RecordNotFoundError):
        SsseSession(_Scripted(answers)).read_holder()
    answers = _holder_answers() | {0x0B: b"\x6a\x82"}
    with pytest.raises(StatusWordError, match="READ RECORD"):
        SsseSession(_Scripted(answers)).read_holder()


def test_authenticate_with_an_unlisted_key_still_encodes() -> None:
    sent: list[bytes] = []

    class Recording(_Scripted):
        def transmit(self, apdu: bytes) -> tuple[bytes, int]:
            sent.append(apdu)
            return (bytes(64), 0x9000) if apdu[1] == 0x88 else (b"", 0x9000)

    session = AuthSession(Recording({}))
    challenge = bytes(range(32))
    session.authenticate(0x83, challenge)  # type: ignore[arg-type]
    assert sent[-1] == bytes.fromhex("0088008320") + challenge + b"\x00"
