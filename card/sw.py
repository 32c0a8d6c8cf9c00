# SPDX-License-Identifier: Apache-2.0
"""Status words (ISO 7816-4 §5.1.3) with the names the card profile uses."""

from __future__ import annotations

from enum import IntEnum


class SW(IntEnum):
    """Status words named by the card profile ("Status words the code must name")
    and the virtual card; each comment gives the ISO 7816-4 §5.1.3 meaning."""

    OK = 0x9000  # normal processing: no further qualification
    WARNING_DATA_CORRUPTED = 0x6281  # warning: part of the data may be corrupted
    WARNING_END_OF_FILE = 0x6282  # warning: end of file or record before Le bytes
    WRONG_LENGTH = 0x6700  # checking error: wrong length (Lc or Le)
    INCOMPATIBLE_FILE = 0x6981  # command not allowed: incompatible file structure
    SECURITY_STATUS_NOT_SATISFIED = 0x6982  # not allowed: security status
    AUTH_METHOD_BLOCKED = 0x6983  # not allowed: authentication method blocked
    REFERENCE_DATA_UNUSABLE = 0x6984  # not allowed: reference data not usable
    CONDITIONS_NOT_SATISFIED = 0x6985  # not allowed: conditions of use
    NO_CURRENT_EF = 0x6986  # command not allowed: no current EF
    WRONG_DATA = 0x6A80  # wrong parameters: incorrect data field
    FUNCTION_NOT_SUPPORTED = 0x6A81  # wrong parameters: function not supported
    FILE_NOT_FOUND = 0x6A82  # wrong parameters: file or application not found
    RECORD_NOT_FOUND = 0x6A83  # wrong parameters: record not found
    NOT_ENOUGH_MEMORY = 0x6A84  # wrong parameters: not enough memory in the file
    WRONG_P1P2 = 0x6A86  # wrong parameters: incorrect P1-P2
    REFERENCE_NOT_FOUND = 0x6A88  # wrong parameters: referenced data not found
    OFFSET_OUTSIDE_EF = 0x6B00  # wrong parameters P1-P2: offset outside the EF
    INS_NOT_SUPPORTED = 0x6D00  # INS not supported or invalid
    CLA_NOT_SUPPORTED = 0x6E00  # CLA not supported
    NO_PRECISE_DIAGNOSIS = 0x6F00  # checking error: no precise diagnosis


class SW1(IntEnum):
    """First bytes of the status words whose second byte is a number
    (ISO 7816-4 §5.1.3); build them with :func:`more_data`, :func:`wrong_le`."""

    MORE_DATA = 0x61  # 61xx: xx more bytes for GET RESPONSE (00: 256 or more)
    WRONG_LE = 0x6C  # 6Cxx: wrong Le, xx is the exact length (00: 256)


# 63Cx: verification failed, x tries left (ISO 7816-4 §5.1.3, warning 63 with
# a counter in SW2); 63C0 is the last try spent. See :func:`verify_failed`.
VERIFY_FAILED = 0x63C0
_COUNTER = 0x000F
_VERIFY_FAILED_PREFIX = VERIFY_FAILED >> 4


def more_data(count: int) -> int:
    """``61xx`` announcing ``count`` bytes (``6100`` for 256 or more)."""
    return (SW1.MORE_DATA << 8) | (min(count, 256) & 0xFF)


def wrong_le(length: int) -> int:
    """``6Cxx``: repeat with Le = ``length`` (``6C00`` for 256)."""
    return (SW1.WRONG_LE << 8) | (length & 0xFF)


def verify_failed(tries_left: int) -> int:
    """``63Cx`` with ``x`` = ``tries_left`` (at most 15)."""
    return VERIFY_FAILED | min(tries_left, _COUNTER)


_GROUPS = {
    SW1.MORE_DATA: "more data available",
    SW1.WRONG_LE: "wrong Le",
    VERIFY_FAILED >> 8: "verification failed",
}

_TEXT: dict[int, str] = {
    SW.OK: "ok",
    SW.WARNING_DATA_CORRUPTED: "part of returned data may be corrupted",
    SW.WARNING_END_OF_FILE: "end of file reached before Le bytes",
    SW.WRONG_LENGTH: "wrong length",
    SW.INCOMPATIBLE_FILE: "command incompatible with file structure",
    SW.SECURITY_STATUS_NOT_SATISFIED: "security status not satisfied",
    SW.AUTH_METHOD_BLOCKED: "authentication method blocked",
    SW.REFERENCE_DATA_UNUSABLE: "reference data unusable",
    SW.CONDITIONS_NOT_SATISFIED: "conditions of use not satisfied",
    SW.NO_CURRENT_EF: "command not allowed (no current EF)",
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
    tries = pin_tries_left(sw)
    if tries is not None:
        return f"wrong PIN, {tries} tries left"
    sw1, sw2 = sw >> 8, sw & 0xFF
    if sw1 in _GROUPS:
        return f"{_GROUPS[sw1]} ({sw2})"
    return "unknown status"


def name(sw: int) -> str:
    """The profile's name for ``sw`` (``"FILE_NOT_FOUND"``), or its hex form."""
    return _NAMES.get(sw) or f"{sw:04X}"  # SW(sw) raising ValueError is slow


def pin_tries_left(sw: int) -> int | None:
    """``x`` from ``63Cx``, else ``None``."""
    if sw >> 4 == _VERIFY_FAILED_PREFIX:
        return sw & _COUNTER
    return None
