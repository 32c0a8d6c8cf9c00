# SPDX-License-Identifier: Apache-2.0
"""Answer-to-reset parsing and description (ISO/IEC 7816-3 §8.2).

An ATR is ``TS T0 {TAi TBi TCi TDi} historical-bytes [TCK]``: TS gives the
convention, T0 and each TDi say which interface bytes follow (high nibble) and
TDi names a protocol (low nibble); T0's low nibble counts the historical
bytes; TCK makes the XOR of T0..TCK zero and is present unless only T=0 is
offered (§8.2.5).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

from card.errors import MalformedDataError

MAX_ATR_LENGTH = 33  # TS plus at most 32 characters (§8.2.1)

#: Fi by the high nibble of TA1 (Table 7); ``None`` for RFU values.
FI_TABLE: tuple[int | None, ...] = (
    372,
    372,
    558,
    744,
    1116,
    1488,
    1860,
    None,
    None,
    512,
    768,
    1024,
    1536,
    2048,
    None,
    None,
)
#: f(max) in MHz by the same index (Table 7).
FMAX_TABLE: tuple[float | None, ...] = (
    4,
    5,
    6,
    8,
    12,
    16,
    20,
    None,
    None,
    5,
    7.5,
    10,
    15,
    20,
    None,
    None,
)
#: Di by the low nibble of TA1 (Table 8); ``None`` for RFU values.
DI_TABLE: tuple[int | None, ...] = (
    None,
    1,
    2,
    4,
    8,
    16,
    32,
    64,
    12,
    20,
    None,
    None,
    None,
    None,
    None,
    None,
)

_CLASS_NAMES = {
    1: "A (5 V)",
    2: "B (3 V)",
    3: "A and B",
    4: "C (1.8 V)",
    6: "B and C",
    7: "A, B and C",
}


class Convention(IntEnum):
    """TS: the character convention (§8.1)."""

    DIRECT = 0x3B
    INVERSE = 0x3F


@dataclass(frozen=True, kw_only=True)
class InterfaceGroup:
    """Interface bytes of group ``index`` (TAi, TBi, TCi, TDi; §8.2.3).

    ``protocol`` is the T announced by the TD byte that *introduced* this
    group (TD(i-1)); group 1 is introduced by T0 and has no protocol.
    """

    index: int
    protocol: int | None
    ta: int | None = None
    tb: int | None = None
    tc: int | None = None
    td: int | None = None


@dataclass(frozen=True, kw_only=True)
class Atr:
    """A parsed answer-to-reset; build with :meth:`parse`."""

    convention: Convention
    t0: int
    groups: tuple[InterfaceGroup, ...]
    historical: bytes
    tck: int | None

    @classmethod
    def parse(cls, raw: bytes) -> Atr:
        """Parse ``raw`` per ISO 7816-3 §8.2; raise :class:`MalformedDataError`."""
        if not 2 <= len(raw) <= MAX_ATR_LENGTH:
            raise MalformedDataError("ATR", f"{len(raw)} bytes, need 2 to 33")
        try:
            convention = Convention(raw[0])
        except ValueError:
            reason = f"TS={raw[0]:02X} is not 3B or 3F"
            raise MalformedDataError("ATR", reason, 0) from None
        groups, pos = _parse_groups(raw)
        k = raw[1] & 0x0F
        if pos + k > len(raw):
            raise MalformedDataError("ATR", f"{k} historical bytes announced", pos)
        historical = bytes(raw[pos : pos + k])
        pos += k
        protocols = {g.td & 0x0F for g in groups if g.td is not None}
        tck: int | None = None
        if protocols - {0}:
            if pos >= len(raw):
                raise MalformedDataError("ATR", "TCK missing", pos)
            tck = raw[pos]
            pos += 1
            check = 0
            for byte in raw[1:pos]:
                check ^= byte
            if check:
                reason = f"TCK={tck:02X} wrong (XOR {check:02X})"
                raise MalformedDataError("ATR", reason, pos - 1)
        if pos != len(raw):
            raise MalformedDataError("ATR", f"{len(raw) - pos} trailing bytes", pos)
        return cls(
            convention=convention,
            t0=raw[1],
            groups=groups,
            historical=historical,
            tck=tck,
        )

    def to_bytes(self) -> bytes:
        """Encode back to the bytes :meth:`parse` read."""
        out = bytearray([self.convention, self.t0])
        for group in self.groups:
            chars = (group.ta, group.tb, group.tc, group.td)
            out.extend(b for b in chars if b is not None)
        out.extend(self.historical)
        if self.tck is not None:
            out.append(self.tck)
        return bytes(out)

    @property
    def protocols(self) -> tuple[int, ...]:
        """Protocols offered, in order (T=0 when no TD1, §8.2.3); may include 15."""
        found: list[int] = []
        for group in self.groups:
            if group.td is not None and group.td & 0x0F not in found:
                found.append(group.td & 0x0F)
        return tuple(found) or (0,)

    @property
    def transmission_protocols(self) -> tuple[int, ...]:
        """Offered protocols without T=15 (which only carries global bytes)."""
        return tuple(t for t in self.protocols if t != 15)

    def _group(self, index: int) -> InterfaceGroup | None:
        return self.groups[index - 1] if index <= len(self.groups) else None

    @property
    def ta1(self) -> int | None:
        group = self._group(1)
        return group.ta if group else None

    @property
    def fi(self) -> int | None:
        """Clock rate conversion integer Fi from TA1 (default 372)."""
        return FI_TABLE[self.ta1 >> 4] if self.ta1 is not None else 372

    @property
    def di(self) -> int | None:
        """Baud rate adjustment integer Di from TA1 (default 1)."""
        return DI_TABLE[self.ta1 & 0x0F] if self.ta1 is not None else 1

    @property
    def f_max_mhz(self) -> float | None:
        """Maximum clock frequency from TA1 (default 5 MHz)."""
        return FMAX_TABLE[self.ta1 >> 4] if self.ta1 is not None else 5

    @property
    def extra_guard_time(self) -> int:
        """N from TC1 (0 when absent; 255 means minimum guard time)."""
        group = self._group(1)
        return group.tc if group and group.tc is not None else 0

    def global_t15(self) -> InterfaceGroup | None:
        """The first group introduced by T=15 (clock stop, class; §8.3)."""
        for group in self.groups:
            if group.protocol == 15:
                return group
        return None

    def describe(self) -> list[str]:
        """Human-readable lines, one fact each, for technicians."""
        lines = [
            f"ATR {self.to_bytes().hex(' ').upper()}",
            f"TS {self.convention:02X}: {self.convention.name.lower()} convention",
            f"T0 {self.t0:02X}: {self.t0 & 0x0F} historical bytes",
        ]
        for group in self.groups:
            lines.extend(_describe_group(group, self))
        offered = ", ".join(f"T={t}" for t in self.protocols)
        lines.append(f"protocols offered: {offered}")
        hist = self.historical
        lines.append(
            f"historical bytes ({len(hist)}): {hist.hex(' ').upper() or '-'}"
            + (f"  '{_printable(hist)}'" if hist else "")
        )
        if self.tck is None:
            lines.append("TCK absent (only T=0 offered)")
        else:
            lines.append(f"TCK {self.tck:02X}: checksum correct")
        return lines


def _parse_groups(raw: bytes) -> tuple[tuple[InterfaceGroup, ...], int]:
    """Walk the Y nibbles of T0 and each TDi (§8.2.2-8.2.3); return groups, end."""
    groups: list[InterfaceGroup] = []
    y = raw[1] >> 4
    pos = 2
    protocol: int | None = None
    index = 1
    while True:
        values: list[int | None] = []
        for bit in (0x1, 0x2, 0x4, 0x8):
            if y & bit:
                if pos >= len(raw):
                    raise MalformedDataError(
                        "ATR", f"interface byte of group {index} missing", pos
                    )
                values.append(raw[pos])
                pos += 1
            else:
                values.append(None)
        ta, tb, tc, td = values
        if y or index == 1:
            groups.append(
                InterfaceGroup(
                    index=index, protocol=protocol, ta=ta, tb=tb, tc=tc, td=td
                )
            )
        if td is None:
            break
        y, protocol = td >> 4, td & 0x0F
        index += 1
    if len(groups) == 1 and groups[0] == InterfaceGroup(index=1, protocol=None):
        return (), pos
    return tuple(groups), pos


def _describe_group(group: InterfaceGroup, atr: Atr) -> list[str]:
    i = group.index
    lines: list[str] = []
    if group.ta is not None:
        lines.append(f"TA{i} {group.ta:02X}: {_describe_ta(group, atr)}")
    if group.tb is not None:
        text = "VPP not connected" if i == 1 and group.tb == 0 else "interface byte"
        if group.protocol == 1 and i >= 3:
            text = f"T=1 BWI={group.tb >> 4} CWI={group.tb & 0x0F}"
        lines.append(f"TB{i} {group.tb:02X}: {text}")
    if group.tc is not None:
        text = "interface byte"
        if i == 1:
            text = f"extra guard time N={group.tc}"
        elif i == 2 and group.protocol == 0:
            text = f"T=0 waiting time integer WI={group.tc}"
        elif group.protocol == 1 and i >= 3:
            text = "T=1 error detection: " + ("CRC" if group.tc & 1 else "LRC")
        lines.append(f"TC{i} {group.tc:02X}: {text}")
    if group.td is not None:
        lines.append(
            f"TD{i} {group.td:02X}: T={group.td & 0x0F}, next group "
            f"{_present(group.td >> 4)}"
        )
    return lines


def _describe_ta(group: InterfaceGroup, atr: Atr) -> str:
    if group.index == 1:
        return (
            f"Fi={atr.fi or 'RFU'}, Di={atr.di or 'RFU'}, "
            f"f(max)={atr.f_max_mhz or 'RFU'} MHz"
        )
    if group.index == 2 and group.ta is not None:
        mode = "implicit" if group.ta & 0x10 else "from TA1"
        change = "changeable" if group.ta & 0x80 else "fixed"
        return f"specific mode T={group.ta & 0x0F} ({change}), parameters {mode}"
    if group.protocol == 15 and group.ta is not None:
        clock = ("not supported", "state L", "state H", "no preference")[group.ta >> 6]
        voltage = _CLASS_NAMES.get(group.ta & 0x3F, "RFU")
        return f"clock stop {clock}, class {voltage}"
    if group.protocol == 1:
        return f"T=1 IFSC={group.ta}"
    return "interface byte"


def _present(y: int) -> str:
    names = [n for bit, n in ((1, "TA"), (2, "TB"), (4, "TC"), (8, "TD")) if y & bit]
    return "+".join(names) if names else "none"


def _printable(data: bytes) -> str:
    return "".join(chr(b) if 0x20 <= b < 0x7F else "." for b in data)
