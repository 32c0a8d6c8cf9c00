# SPDX-License-Identifier: Apache-2.0
"""Command and response APDUs, short and extended (ISO 7816-4 §5.1, §5.2)."""

from __future__ import annotations

from dataclasses import dataclass

from card.errors import MalformedDataError
from card.sw import SW

SHORT_MAX = 256
EXTENDED_MAX = 65536


@dataclass(frozen=True, kw_only=True)
class CommandApdu:
    """A command APDU. ``le`` is the expected length: ``None`` for none,
    ``256``/``65536`` for "all" (encoded as 00 / 0000)."""

    cla: int
    ins: int
    p1: int
    p2: int
    data: bytes = b""
    le: int | None = None
    extended: bool = False

    def __post_init__(self) -> None:
        if not (
            0 <= self.cla <= 0xFF
            and 0 <= self.ins <= 0xFF
            and 0 <= self.p1 <= 0xFF
            and 0 <= self.p2 <= 0xFF
        ):
            for field_name in ("cla", "ins", "p1", "p2"):
                value = getattr(self, field_name)
                if not 0 <= value <= 0xFF:
                    raise MalformedDataError("APDU", f"{field_name}={value}: no byte")
        if len(self.data) > EXTENDED_MAX - 1:
            raise MalformedDataError("APDU", "data longer than 65535 bytes")
        if self.le is not None:
            limit = EXTENDED_MAX if self.needs_extended else SHORT_MAX
            if not 1 <= self.le <= limit:
                raise MalformedDataError("APDU", f"Le={self.le} out of range")

    @property
    def needs_extended(self) -> bool:
        """True when the command must use extended length fields."""
        return (
            self.extended
            or len(self.data) > 255
            or (self.le is not None and self.le > SHORT_MAX)
        )

    @property
    def case(self) -> int:
        """ISO 7816-3 case 1-4."""
        if not self.data:
            return 1 if self.le is None else 2
        return 3 if self.le is None else 4

    def to_bytes(self) -> bytes:
        """Encode, choosing short or extended form."""
        header = bytes([self.cla, self.ins, self.p1, self.p2])
        ext = self.needs_extended
        body = b""
        if self.data:
            n = len(self.data)
            body += (b"\x00" + n.to_bytes(2, "big")) if ext else bytes([n])
            body += self.data
        if self.le is not None:
            if ext:
                le = self.le % EXTENDED_MAX
                body += (b"" if self.data else b"\x00") + le.to_bytes(2, "big")
            else:
                body += bytes([self.le % SHORT_MAX])
        return header + body

    @classmethod
    def parse(cls, raw: bytes) -> CommandApdu:
        """Decode any of the seven ISO 7816-3 encodings; raise MalformedDataError."""
        if len(raw) < 4:
            raise MalformedDataError("APDU", f"{len(raw)} bytes, need at least 4")
        cla, ins, p1, p2 = raw[:4]
        rest = raw[4:]
        data, le, ext = _parse_body(rest)
        return cls(cla=cla, ins=ins, p1=p1, p2=p2, data=data, le=le, extended=ext)

    def with_le(self, le: int) -> CommandApdu:
        """The same command with another Le (for a ``6Cxx`` retry)."""
        return CommandApdu(
            cla=self.cla,
            ins=self.ins,
            p1=self.p1,
            p2=self.p2,
            data=self.data,
            le=le,
            extended=self.extended,
        )


def split_template(command: CommandApdu) -> tuple[bytes, bytes]:
    """``(head, tail)`` around the data field of ``command`` encoded: for data of
    the same length, ``head + data + tail`` encodes the same command with that
    data (fixed commands whose data varies, e.g. a challenge, are split once)."""
    raw = command.to_bytes()
    start = 7 if command.needs_extended else 5
    return raw[:start], raw[start + len(command.data) :]


def _parse_body(rest: bytes) -> tuple[bytes, int | None, bool]:
    n = len(rest)
    if n == 0:
        return b"", None, False
    if n == 1:
        return b"", rest[0] or SHORT_MAX, False
    if rest[0] != 0:
        lc = rest[0]
        if n == 1 + lc:
            return rest[1:], None, False
        if n == 2 + lc:
            return rest[1 : 1 + lc], rest[-1] or SHORT_MAX, False
        raise MalformedDataError("APDU", f"Lc={lc} does not match {n - 1} bytes", 4)
    # rest[0] == 0 and n >= 2: extended
    if n == 3:
        return b"", int.from_bytes(rest[1:3], "big") or EXTENDED_MAX, True
    if n < 3:
        raise MalformedDataError("APDU", "truncated extended length", 4)
    lc = int.from_bytes(rest[1:3], "big")
    if lc == 0:
        raise MalformedDataError("APDU", "extended Lc of zero", 5)
    if n == 3 + lc:
        return rest[3:], None, True
    if n == 5 + lc:
        le = int.from_bytes(rest[-2:], "big") or EXTENDED_MAX
        return rest[3 : 3 + lc], le, True
    raise MalformedDataError("APDU", f"extended Lc={lc} != {n - 3} bytes", 5)


@dataclass(frozen=True, kw_only=True)
class ResponseApdu:
    """A response APDU: data and the two-byte status word."""

    data: bytes
    sw: int

    @property
    def sw1(self) -> int:
        return self.sw >> 8

    @property
    def sw2(self) -> int:
        return self.sw & 0xFF

    @property
    def ok(self) -> bool:
        return self.sw == SW.OK

    def to_bytes(self) -> bytes:
        return self.data + self.sw.to_bytes(2, "big")

    @classmethod
    def parse(cls, raw: bytes) -> ResponseApdu:
        """Split trailing SW1 SW2 off ``raw``; raise MalformedDataError if too short."""
        if len(raw) < 2:
            raise MalformedDataError("response APDU", f"{len(raw)} bytes, need SW1 SW2")
        return cls(data=bytes(raw[:-2]), sw=int.from_bytes(raw[-2:], "big"))
