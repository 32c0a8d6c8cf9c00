# SPDX-License-Identifier: Apache-2.0
"""The staff station's exception tree; every error carries its data."""

from __future__ import annotations

from typing import Any


class StaffError(Exception):
    """Base of every error the staff station raises itself."""


class StaffApiError(StaffError):
    """The backend refused a staff call (docs/api.md "Errors").

    ``code`` is the backend's error code, ``status`` the HTTP status; the
    message never carries a secret (the backend promises none in its own).
    """

    def __init__(
        self,
        *,
        code: str,
        status: int,
        message: str = "",
        request_id: str = "",
        detail: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(f"{code} (HTTP {status}): {message}".rstrip(": "))
        self.code = code
        self.status = status
        self.message = message
        self.request_id = request_id
        self.detail = detail or {}


class StaffUnauthorizedError(StaffApiError):
    """401: bad operator credentials or an expired staff token."""


class ForbiddenRoleError(StaffApiError):
    """403 ``forbidden_role``: the action is outside the operator's roles."""


class NotFoundError(StaffApiError):
    """404: unknown person, card or request."""


class ConflictError(StaffApiError):
    """409: the state does not allow the action (e.g. card already active)."""


class BackendUnreachableError(StaffError):
    """The backend did not answer (connection refused, timeout)."""


class JournalError(StaffError):
    """The batch journal is unreadable or belongs to another input file."""


class InvalidInputError(StaffError):
    """Operator input (an ID number, a name…) is malformed."""


class BatchInputError(InvalidInputError):
    """A batch CSV row (or its header) is malformed; ``line`` is 1-based."""

    def __init__(self, line: int, reason: str) -> None:
        super().__init__(f"line {line}: {reason}")
        self.line = line
        self.reason = reason
