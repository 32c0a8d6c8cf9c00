# SPDX-License-Identifier: Apache-2.0
"""Typed client for the backend API (docs/api.md), its error tree and the outbox.

Import the pieces from here::

    from backend_client import BackendClient, KioskCredentials, Outbox
"""

from __future__ import annotations

from backend_client._http import DEFAULT_RETRY, NO_RETRY, RetryPolicy
from backend_client.client import (
    BackendClient,
    KioskCredentials,
    ResidentSession,
    SubmissionAnswer,
)
from backend_client.errors import BackendError, error_from_response
from backend_client.outbox import (
    EntryState,
    Outbox,
    OutboxEntry,
    PreparedSubmission,
    prepare_submission,
)
from backend_client.staff import StaffClient

__all__ = [
    "DEFAULT_RETRY",
    "NO_RETRY",
    "BackendClient",
    "BackendError",
    "EntryState",
    "KioskCredentials",
    "Outbox",
    "OutboxEntry",
    "PreparedSubmission",
    "ResidentSession",
    "StaffClient",
    "RetryPolicy",
    "SubmissionAnswer",
    "error_from_response",
    "prepare_submission",
]
