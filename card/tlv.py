# SPDX-License-Identifier: Apache-2.0
"""Simple TLV (SSC records, docs/card-profile.md, Part A) and BER-TLV
(ISO 7816-4 §5.2).

Simple TLV is what EF05/EF06 records hold: a one-byte tag, a one-byte length,
the value. BER-TLV carries the FCI, the ``7F49`` public-key template (Part C)
and anything else with multi-byte tags, long-form lengths or nesting.
Every parser raises :class:`~card.errors.MalformedDataError` on bad input.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from card.errors import MalformedDataError

MAX_BER_LENGTH = 0xFFFFFF


# -- simple TLV ---------------------------------------------------------------


def encode_simple(tag: int, value: bytes) -> bytes:
    """One simple-TLV record: tag (1 byte), length (1 byte), value (Part A)."""
    if not 0x01 <= tag <= 0xFE:
        raise MalformedDataError("simple TLV", f"tag {tag:#x} outside 01..FE")
    if len(value) > 0xFE:
        raise MalformedDataError("simple TLV", f"value of {len(value)} bytes > 254")
    return bytes([tag, len(value)]) + value


def iter_simple(data: bytes) -> Iterator[tuple[int, bytes]]:
    """Yield ``(tag, value)`` of each simple-TLV record in ``data`` (Part A)."""
    pos = 0
    while pos < len(data):
        if len(data) - pos < 2:
            raise MalformedDataError("simple TLV", "truncated tag/length", pos)
        tag, length = data[pos], data[pos + 1]
        if tag in (0x00, 0xFF):
            raise MalformedDataError("simple TLV", f"invalid tag {tag:02X}", pos)
        end = pos + 2 + length
        if end > len(data):
            raise MalformedDataError("simple TLV", f"length {length} overruns", pos)
        yield tag, bytes(data[pos + 2 : end])
        pos = end


def parse_simple(data: bytes) -> list[tuple[int, bytes]]:
    """All ``(tag, value)`` pairs of ``data`` in order."""
    return list(iter_simple(data))


def parse_simple_record(record: bytes) -> tuple[int, bytes]:
    """Exactly one simple-TLV element, as READ RECORD returns it (Part A)."""
    n = len(record)
    if n >= 2 and record[1] == n - 2 and record[0] not in (0x00, 0xFF):
        return record[0], bytes(record[2:])  # the usual, well-formed record
    items = parse_simple(record)
    if len(items) != 1:
        raise MalformedDataError("simple TLV", f"{len(items)} elements in one record")
    return items[0]


# -- BER-TLV ------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class Tlv:
    """One BER-TLV data object; ``tag`` is the tag bytes read as an integer."""

    tag: int
    value: bytes

    @property
    def constructed(self) -> bool:
        """Bit 6 of the first tag byte (ISO 7816-4 §5.2.2.1)."""
        return bool(_tag_bytes(self.tag)[0] & 0x20)

    def children(self) -> list[Tlv]:
        """The nested objects of a constructed object."""
        if not self.constructed:
            raise MalformedDataError("BER-TLV", f"tag {self.tag:X} is primitive")
        return parse_ber(self.value)

    def to_bytes(self) -> bytes:
        return encode_ber(self.tag, self.value)


def _tag_bytes(tag: int) -> bytes:
    if tag <= 0:
        raise MalformedDataError("BER-TLV", f"tag {tag:#x} not positive")
    raw = tag.to_bytes((tag.bit_length() + 7) // 8, "big")
    multi = raw[0] & 0x1F == 0x1F
    if len(raw) > 1 and not multi or multi and len(raw) == 1:
        raise MalformedDataError("BER-TLV", f"tag {tag:X} is not a valid tag")
    if any(not b & 0x80 for b in raw[1:-1]) or len(raw) > 1 and raw[-1] & 0x80:
        raise MalformedDataError("BER-TLV", f"tag {tag:X} is not a valid tag")
    return raw


def encode_length(n: int) -> bytes:
    """BER length: short form below 128, else 81/82/83 + big-endian (§5.2.2.2)."""
    if n < 0 or n > MAX_BER_LENGTH:
        raise MalformedDataError("BER-TLV", f"length {n} out of range")
    if n < 0x80:
        return bytes([n])
    body = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(body)]) + body


def encode_ber(tag: int, value: bytes) -> bytes:
    """Encode one BER-TLV object."""
    return _tag_bytes(tag) + encode_length(len(value)) + value


def encode_constructed(tag: int, children: Iterable[Tlv]) -> bytes:
    """Encode a constructed object from its children."""
    return encode_ber(tag, b"".join(c.to_bytes() for c in children))


def _read_tag(data: bytes, pos: int) -> tuple[int, int]:
    start = pos
    first = data[pos]
    if first & 0x1F != 0x1F and first:
        return first, pos + 1  # one-byte tag, the usual case
    if first in (0x00, 0xFF):
        raise MalformedDataError("BER-TLV", f"invalid tag byte {first:02X}", pos)
    pos += 1
    while True:
        if pos >= len(data):
            raise MalformedDataError("BER-TLV", "truncated tag", start)
        if pos - start > 3:
            raise MalformedDataError("BER-TLV", "tag longer than 4 bytes", start)
        byte = data[pos]
        pos += 1
        if not byte & 0x80:
            break
    return int.from_bytes(data[start:pos], "big"), pos


def _read_length(data: bytes, pos: int) -> tuple[int, int]:
    if pos >= len(data):
        raise MalformedDataError("BER-TLV", "missing length", pos)
    first = data[pos]
    if first < 0x80:
        return first, pos + 1
    count = first & 0x7F
    if count == 0 or count > 3:
        raise MalformedDataError("BER-TLV", f"unsupported length byte {first:02X}", pos)
    if pos + 1 + count > len(data):
        raise MalformedDataError("BER-TLV", "truncated length", pos)
    return int.from_bytes(data[pos + 1 : pos + 1 + count], "big"), pos + 1 + count


def parse_ber(data: bytes) -> list[Tlv]:
    """Parse a sequence of BER-TLV objects (ISO 7816-4 §5.2).

    00/FF padding between objects is not accepted: our cards do not pad.
    """
    return [Tlv(tag=tag, value=value) for tag, value in parse_ber_pairs(data)]


def parse_ber_pairs(data: bytes) -> list[tuple[int, bytes]]:
    """:func:`parse_ber` as ``(tag, value)`` pairs, without building objects."""
    items: list[tuple[int, bytes]] = []
    pos = 0
    size = len(data)
    while pos < size:
        first = data[pos]
        if first & 0x1F != 0x1F and first and pos + 1 < size and data[pos + 1] < 0x80:
            tag, length, after_len = first, data[pos + 1], pos + 2  # the usual case
        else:
            tag, after_tag = _read_tag(data, pos)
            length, after_len = _read_length(data, after_tag)
        end = after_len + length
        if end > size:
            raise MalformedDataError("BER-TLV", f"length {length} overruns", pos)
        items.append((tag, bytes(data[after_len:end])))
        pos = end
    return items


def parse_ber_one(data: bytes, tag: int) -> Tlv:
    """Parse ``data`` as exactly one object with the given tag."""
    return Tlv(tag=tag, value=one_value(data, tag))


def one_value(data: bytes, tag: int) -> bytes:
    """The value of :func:`parse_ber_one` (``data`` is one object tagged ``tag``)."""
    items = parse_ber_pairs(data)
    if len(items) != 1 or items[0][0] != tag:
        found = " ".join(f"{t:X}" for t, _ in items) or "nothing"
        raise MalformedDataError("BER-TLV", f"expected one {tag:X}, found {found}")
    return items[0][1]


def find_value(data: bytes, tag: int) -> bytes | None:
    """The value of the first object tagged ``tag`` in ``data`` (all of which
    must parse), or ``None``."""
    for found, value in parse_ber_pairs(data):
        if found == tag:
            return value
    return None


def find(items: Iterable[Tlv], tag: int) -> Tlv | None:
    """The first object with ``tag`` among ``items``, or ``None``."""
    return next((item for item in items if item.tag == tag), None)
