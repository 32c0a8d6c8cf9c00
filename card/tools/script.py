# SPDX-License-Identifier: Apache-2.0
"""APDU test scripts: a line format technicians write by hand, and its runner.

One command per line; ``#`` starts a comment; blank lines are ignored::

    # SELECT SSSE (card profile part A)
    00 A4 04 00 0F 7378312E73682EC9E7BBE1B1A3D5CF      ; sw=9000
    00 B2 07 2C 00                 ; sw=9000 ; data=07 09 ??????????????????
    00 20 00 00                    ; sw=63CX
    00 B2 01 2C 00                 ; sw=9000 ; data=08 12 00/FF FF 00

Fields after the APDU hex, separated by ``;``:

- ``sw=XXXX``: expected status word; ``X`` or ``?`` matches any nibble.
  Default ``9000``; ``sw=any`` accepts every status word.
- ``data=HEX``: expected response data, same length; ``??`` matches any byte.
  ``data=HEX/MASK`` compares only the bits set in MASK (same length as HEX).
  A trailing ``*`` (``data=07 09*``) allows any further bytes.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass

from card.apdu import CommandApdu
from card.connection import Connection
from card.errors import CardError, MalformedDataError
from card.sw import SW, describe

_HEX_RE = re.compile(r"^[0-9A-Fa-f?]*$")


@dataclass(frozen=True, kw_only=True)
class Expectation:
    """Expected status word (value under mask) and data (value under mask)."""

    sw: int = SW.OK
    sw_mask: int = 0xFFFF
    data: bytes | None = None
    data_mask: bytes | None = None
    data_prefix: bool = False

    def sw_matches(self, sw: int) -> bool:
        return sw & self.sw_mask == self.sw & self.sw_mask

    def data_matches(self, data: bytes) -> bool:
        if self.data is None or self.data_mask is None:
            return True
        if len(data) != len(self.data) and not (
            self.data_prefix and len(data) >= len(self.data)
        ):
            return False
        pairs = zip(data, self.data, self.data_mask, strict=False)
        return all(got & mask == want & mask for got, want, mask in pairs)

    def sw_text(self) -> str:
        if self.sw_mask == 0:
            return "any"
        return "".join(
            "X" if (self.sw_mask >> s) & 0xF == 0 else f"{(self.sw >> s) & 0xF:X}"
            for s in (12, 8, 4, 0)
        )


@dataclass(frozen=True, kw_only=True)
class Step:
    """One script line: the APDU and what the card must answer."""

    line: int
    apdu: bytes
    expect: Expectation


@dataclass(frozen=True, kw_only=True)
class StepResult:
    """The outcome of one step."""

    step: Step
    data: bytes
    sw: int | None
    elapsed_s: float
    passed: bool
    reason: str = ""

    def format(self) -> str:
        verdict = "PASS" if self.passed else "FAIL"
        sent = self.step.apdu.hex(" ").upper()
        if self.sw is None:
            return f"{verdict} line {self.step.line}: {sent} -> {self.reason}"
        got = (self.data.hex(" ").upper() + " " if self.data else "") + f"{self.sw:04X}"
        text = (
            f"{verdict} line {self.step.line}: {sent} -> {got} "
            f"({self.elapsed_s * 1000:.1f} ms)"
        )
        return text + (f"\n     {self.reason}" if self.reason else "")


def _hex_pattern(text: str, what: str, line: int) -> tuple[bytes, bytes]:
    """Hex with ``??`` wildcard bytes -> (value, mask)."""
    compact = "".join(text.split())
    if not _HEX_RE.match(compact) or len(compact) % 2:
        raise MalformedDataError("script", f"line {line}: {what} {text!r} is not hex")
    value, mask = bytearray(), bytearray()
    for i in range(0, len(compact), 2):
        pair = compact[i : i + 2]
        if pair == "??":
            value.append(0)
            mask.append(0)
        elif "?" in pair:
            raise MalformedDataError(
                "script", f"line {line}: half-byte wildcard {pair!r} in {what}"
            )
        else:
            value.append(int(pair, 16))
            mask.append(0xFF)
    return bytes(value), bytes(mask)


def _parse_sw(text: str, line: int) -> tuple[int, int]:
    if text.lower() == "any":
        return 0, 0
    if not re.fullmatch(r"[0-9A-Fa-fXx?]{4}", text):
        raise MalformedDataError(
            "script", f"line {line}: sw={text!r} is not 4 hex digits (X for any digit)"
        )
    value = mask = 0
    for char in text:
        wild = char in "Xx?"
        value = (value << 4) | (0 if wild else int(char, 16))
        mask = (mask << 4) | (0 if wild else 0xF)
    return value, mask


def _parse_data(text: str, line: int) -> Expectation:
    prefix = text.endswith("*")
    text = text.rstrip("*").strip()
    value_text, _, mask_text = text.partition("/")
    value, mask = _hex_pattern(value_text, "data", line)
    if mask_text:
        explicit, _ = _hex_pattern(mask_text, "mask", line)
        if len(explicit) != len(value):
            raise MalformedDataError(
                "script", f"line {line}: mask length differs from data length"
            )
        mask = bytes(a & b for a, b in zip(mask, explicit, strict=True))
    return Expectation(data=value, data_mask=mask, data_prefix=prefix)


def parse_line(text: str, line: int) -> Step | None:
    """Parse one script line (None for blank or comment lines)."""
    text = text.split("#", 1)[0].strip()
    if not text:
        return None
    apdu_text, *fields = [part.strip() for part in text.split(";")]
    apdu, mask = _hex_pattern(apdu_text, "APDU", line)
    if 0 in mask:
        raise MalformedDataError("script", f"line {line}: wildcards in the APDU")
    try:
        CommandApdu.parse(apdu)  # reject what no card could decode
    except MalformedDataError as exc:
        raise MalformedDataError("script", f"line {line}: {exc}") from None
    sw: int = SW.OK
    sw_mask = 0xFFFF
    data = Expectation()
    for field in fields:
        key, sep, value = field.partition("=")
        key = key.strip().lower()
        if not sep or key not in ("sw", "data"):
            raise MalformedDataError(
                "script", f"line {line}: unknown field {field!r} (use sw=… or data=…)"
            )
        if key == "sw":
            sw, sw_mask = _parse_sw(value.strip(), line)
        else:
            data = _parse_data(value.strip(), line)
    expect = Expectation(
        sw=sw,
        sw_mask=sw_mask,
        data=data.data,
        data_mask=data.data_mask,
        data_prefix=data.data_prefix,
    )
    return Step(line=line, apdu=apdu, expect=expect)


def parse_script(text: str) -> list[Step]:
    """All steps of a script; MalformedDataError names the bad line."""
    steps = []
    for number, line in enumerate(text.splitlines(), start=1):
        step = parse_line(line, number)
        if step is not None:
            steps.append(step)
    if not steps:
        raise MalformedDataError("script", "no APDU lines")
    return steps


def run_step(conn: Connection, step: Step) -> StepResult:
    """Send one step's APDU and judge the answer; card errors fail the step."""
    started = time.perf_counter()
    try:
        data, sw = conn.transmit(step.apdu)
    except CardError as exc:
        return StepResult(
            step=step,
            data=b"",
            sw=None,
            passed=False,
            elapsed_s=time.perf_counter() - started,
            reason=str(exc),
        )
    elapsed = time.perf_counter() - started
    reasons = []
    if not step.expect.sw_matches(sw):
        reasons.append(
            f"expected sw {step.expect.sw_text()}, got {sw:04X} ({describe(sw)})"
        )
    if not step.expect.data_matches(data):
        reasons.append("response data does not match the expected pattern")
    return StepResult(
        step=step,
        data=data,
        sw=sw,
        elapsed_s=elapsed,
        passed=not reasons,
        reason="; ".join(reasons),
    )


def run_script(
    conn: Connection, steps: list[Step], *, stop_on_failure: bool = False
) -> list[StepResult]:
    """Run ``steps`` in order; keep going after a failure unless asked not to."""
    results = []
    for step in steps:
        result = run_step(conn, step)
        results.append(result)
        if stop_on_failure and not result.passed:
            break
    return results
