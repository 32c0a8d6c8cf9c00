# SPDX-License-Identifier: Apache-2.0
"""Status words (ISO 7816-4 §5.1.3) with the names the card profile uses."""

from __future__ import annotations

from enum import IntEnum


class SW(IntEnum):
    """Status words named by the card profile ("Status words the code must name")."""

    OK = 0x9000
    WARNING_DATA_CORRUPTED = 0x6281
    WARNING_END_OF_FILE = 0x6282
    WRONG_LENGTH = 0x6700
    SECURITY_STATUS_NOT_SATISFIED = 0x6982
    AUTH_METHOD_BLOCKED = 0x6983
    REFERENCE_DATA_UNUSABLE = 0x6984
    CONDITIONS_NOT_SATISFIED = 0x6985
    WRONG_DATA = 0x6A80
    FUNCTION_NOT_SUPPORTED = 0x6A81
    FILE_NOT_FOUND = 0x6A82
    RECORD_NOT_FOUND = 0x6A83
    NOT_ENOUGH_MEMORY = 0x6A84
    WRONG_P1P2 = 0x6A86
    REFERENCE_NOT_FOUND = 0x6A88
    OFFSET_OUTSIDE_EF = 0x6B00
    INS_NOT_SUPPORTED = 0x6D00
    CLA_NOT_SUPPORTED = 0x6E00
    NO_PRECISE_DIAGNOSIS = 0x6F00


_GROUPS = {
    0x61: "more data available",
    0x6C: "wrong Le",
    0x63: "verification failed",
}

_TEXT: dict[int, str] = {
    SW.OK: "ok",
    SW.WARNING_DATA_CORRUPTED: "part of returned data may be corrupted",
    SW.WARNING_END_OF_FILE: "end of file reached before Le bytes",
    SW.WRONG_LENGTH: "wrong length",
    SW.SECURITY_STATUS_NOT_SATISFIED: "security status not satisfied",
    SW.AUTH_METHOD_BLOCKED: "authentication method blocked",
    SW.REFERENCE_DATA_UNUSABLE: "reference data unusable",
    SW.CONDITIONS_NOT_SATISFIED: "conditions of use not satisfied",
    SW.WRONG_DATA: "incorrect data field",
    SW.FUNCTION_NOT_SUPPORTED: "function not supported",
    SW.FILE_NOT_FOUND: "file or application not found",
    SW.RECORD_NOT_FOUND: "record not found",
    SW.NOT_ENOUGH_MEMORY: "not enough memory",
    SW.WRONG_P1P2: "wrong P1-P2",
    SW.REFERENCE_NOT_FOUND: "referenced data not found",
    SW.OFFSET_OUTSIDE_EF: "offset outside the EF",
    SW.INS_NOT_SUPPORTED: "INS not supported",
    SW.CLA_NOT_SUPPORTED: "CLA not supported",
    SW.NO_PRECISE_DIAGNOSIS: "no precise diagnosis",
}


_NAMES = {int(member): member.name for member in SW}


def describe(sw: int) -> str:
    """Explain a status word, including the ``61xx``/``6Cxx``/``63Cx`` groups."""
    text = _TEXT.get(sw)
    if text is not None:
        return text
    sw1, sw2 = sw >> 8, sw & 0xFF
    if sw1 == 0x63 and sw2 & 0xF0 == 0xC0:
        return f"wrong PIN, {sw2 & 0x0F} tries left"
    if sw1 in _GROUPS:
        return f"{_GROUPS[sw1]} ({sw2})"
    return "unknown status"


def name(sw: int) -> str:
    """The profile's name for ``sw`` (``"FILE_NOT_FOUND"``), or its hex form."""
    return _NAMES.get(sw) or f"{sw:04X}"  # SW(sw) raising ValueError is slow


def pin_tries_left(sw: int) -> int | None:
    """``x`` from ``63Cx``, else ``None``."""
    if sw >> 4 == 0x63C:
        return sw & 0x0F
    return None
