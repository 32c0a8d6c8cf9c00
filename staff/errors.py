# SPDX-License-Identifier: Apache-2.0
"""The staff station's exception tree; every error carries its data.

Backend refusals stay in :mod:`backend_client.errors` (one tree per package).
"""

from __future__ import annotations


class StaffError(Exception):
    """Base of every error the staff station raises itself."""


class JournalError(StaffError):
    """The batch journal is unreadable or belongs to another input file."""


class InvalidInputError(StaffError):
    """Operator input (an ID number, a name…) is malformed; ``field`` names
    what is at fault (``ssn``, ``name``…, or a whole-list problem) when known."""

    def __init__(self, message: str, field: str = "") -> None:
        super().__init__(message)
        self.field = field


class BatchInputError(InvalidInputError):
    """A batch CSV row (or its header) is malformed; ``line`` is 1-based
    (0: the one-card form)."""

    def __init__(self, line: int, reason: str, field: str = "") -> None:
        super().__init__(f"line {line}: {reason}", field)
        self.line = line
        self.reason = reason


class WrongBlankError(StaffError):
    """The card in the reader is not the blank the card number was allocated
    for (checked before issuer authentication spends a try)."""
