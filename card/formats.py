# SPDX-License-Identifier: Apache-2.0
"""Data element formats of the card profile (Part A): ``an``, ``cn``, dates, PINs.

``an`` is text, left-aligned, right-padded with 0x00 (names in GBK); ``cn`` is
packed BCD, right-padded with the nibble F. Decoders raise
:class:`~card.errors.MalformedDataError`; encoders raise it for values that do
not fit.
"""

from __future__ import annotations

import codecs
from datetime import date

from card.errors import InvalidPinFormatError, MalformedDataError

PIN_LENGTH = 6
_gbk_decode = codecs.lookup("gbk").decode


def encode_an(text: str, size: int, *, encoding: str = "gbk") -> bytes:
    """``an``: ``text`` encoded, left-aligned and right-padded with 0x00 to ``size``."""
    try:
        raw = text.encode(encoding)
    except UnicodeEncodeError as exc:
        raise MalformedDataError("an", f"not encodable in {encoding}") from exc
    if len(raw) > size:
        raise MalformedDataError("an", f"{len(raw)} bytes do not fit in {size}")
    if b"\x00" in raw:
        raise MalformedDataError("an", "text contains NUL")
    return raw.ljust(size, b"\x00")


def decode_an(raw: bytes, *, encoding: str = "gbk") -> str:
    """Decode ``an``: strip the 0x00 padding, then decode (GBK by default)."""
    body = (raw if type(raw) is bytes else bytes(raw)).rstrip(b"\x00")
    if b"\x00" in body:
        raise MalformedDataError("an", "NUL inside text")
    try:
        if encoding == "gbk":  # GBK is ASCII below 0x80; its codec costs more
            return body.decode("ascii") if body.isascii() else _gbk_decode(body)[0]
        return body.decode(encoding)
    except UnicodeDecodeError as exc:
        raise MalformedDataError("an", f"not valid {encoding}", exc.start) from exc


def encode_cn(digits: str, size: int) -> bytes:
    """``cn``: decimal digits packed two per byte, right-padded with nibble F."""
    if digits and (not digits.isascii() or not digits.isdigit()):
        raise MalformedDataError("cn", "value is not decimal digits")
    if len(digits) > 2 * size:
        raise MalformedDataError("cn", f"{len(digits)} digits exceed {size} bytes")
    padded = digits.ljust(2 * size, "F")
    return bytes.fromhex(padded)


def decode_cn(raw: bytes) -> str:
    """Decode ``cn``: digits up to the first F nibble; only F may follow it."""
    body = raw.hex().rstrip("f")
    if not body.isdigit() and body:
        body = body.upper()
        bad = next(i for i, c in enumerate(body) if not c.isdigit())
        raise MalformedDataError("cn", f"nibble {body[bad]} is not a digit", bad // 2)
    return body


def encode_date(value: date) -> bytes:
    """A date as 4-byte ``cn`` YYYYMMDD (EF05 tags 05/06, EF06 tag 0D)."""
    return encode_cn(value.strftime("%Y%m%d"), 4)


#: Value of each byte as two BCD digits, -1 when a nibble is not a digit.
BCD = tuple(
    hi * 10 + lo if hi < 10 and lo < 10 else -1 for hi in range(16) for lo in range(16)
)


def decode_date(raw: bytes) -> date:
    """Decode a 4-byte ``cn`` YYYYMMDD date."""
    if len(raw) != 4:
        raise MalformedDataError("date", f"{len(raw)} bytes, need 4")
    c, y, m, d = raw
    century, year, month, day = BCD[c], BCD[y], BCD[m], BCD[d]
    if century < 0 or year < 0 or month < 0 or day < 0:
        # Not 8 digits: decode_cn raises for a nibble that is neither a digit
        # nor trailing F padding; with padding there are fewer than 8 digits.
        decode_cn(raw)
        raise MalformedDataError("date", "not 8 digits")
    try:
        return date(century * 100 + year, month, day)
    except ValueError as exc:
        raise MalformedDataError("date", "no such date") from exc


def check_pin(pin: str) -> str:
    """Return ``pin`` if it is 6 decimal digits, else raise InvalidPinFormatError.

    The message never contains the PIN.
    """
    if len(pin) != PIN_LENGTH or not pin.isascii() or not pin.isdigit():
        raise InvalidPinFormatError("a PIN is 6 decimal digits")
    return pin


def encode_pin(pin: str) -> bytes:
    """The 3-byte packed BCD PIN block of VERIFY / CHANGE / RELOAD PIN (Part A)."""
    return bytes.fromhex(check_pin(pin))


def decode_pin(raw: bytes) -> str:
    """Decode a PIN block; MalformedDataError on anything but 6 BCD digits."""
    text = bytes(raw).hex()
    if len(raw) != PIN_LENGTH // 2 or not text.isdigit():
        raise MalformedDataError("PIN block", "not 6 BCD digits")
    return text
