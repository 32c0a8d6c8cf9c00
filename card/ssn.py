# SPDX-License-Identifier: Apache-2.0
"""The social security number's check character: ISO 7064 MOD 11-2 (GB 11643).

The SSN (EF06 tag 08, docs/card-profile.md, Part A) is the 18-character
citizen ID number: 17 digits and a check character ``0``-``9`` or ``X``.
"""

from __future__ import annotations

from operator import mul

from card.errors import InvalidSsnError

_WEIGHTS = tuple(pow(2, 17 - i, 11) for i in range(17))
_ZEROS = ord("0") * sum(_WEIGHTS)  # what the ASCII codes add over the digits
_CHECK = "10X98765432"


def check_character(first17: str) -> str:
    """The MOD 11-2 check character of 17 digits."""
    if len(first17) != 17 or not first17.isascii() or not first17.isdigit():
        raise InvalidSsnError("SSN body is not 17 digits")
    total = sum(map(mul, first17.encode("ascii"), _WEIGHTS)) - _ZEROS
    return _CHECK[total % 11]


def is_valid(ssn: str) -> bool:
    """True when ``ssn`` has 18 characters and the right check character."""
    try:
        validate(ssn)
    except InvalidSsnError:
        return False
    return True


def validate(ssn: str) -> str:
    """Return ``ssn`` (upper-case X) or raise :class:`InvalidSsnError`."""
    if len(ssn) != 18:
        raise InvalidSsnError(f"SSN has {len(ssn)} characters, need 18")
    check = ssn[17]
    if check == "x":
        check = "X"  # no other lower-case character is ever a check character
    if check_character(ssn[:17]) != check:
        raise InvalidSsnError("SSN check character is wrong")
    return ssn if check == ssn[17] else ssn[:17] + check


def complete(first17: str) -> str:
    """The 18-character SSN: ``first17`` followed by its check character."""
    return first17 + check_character(first17)


def gender(ssn: str) -> str:
    """``"1"`` (male) when digit 17 of ``ssn`` is odd, else ``"2"`` (GB 11643)."""
    return "1" if int(ssn[16]) % 2 else "2"
