# SPDX-License-Identifier: Apache-2.0
"""The one place the staff station turns an exception into words for an operator.

The words are plain (what happened, what to do); the technical detail a
technician needs (the step's card commands, the error type, a status word, a
request id) goes into :attr:`StaffMessage.details`, which the screen folds
away behind a "Technical details" button. Secrets never appear, since no error
message in the project carries one.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication

from backend_client import errors as be
from card import errors as ce
from staff import errors as se
from staff.personalize import (
    STEP_TECHNICAL,
    CardAlreadyPersonalizedError,
    PersoError,
)
from staff.translations import QT_TRANSLATE_NOOP, shown
from staff.wording import CARD_STATE_ADVICE, STEP_NAMES

log = logging.getLogger(__name__)

FIELDS = {  # BatchInputError.field
    "ssn": QT_TRANSLATE_NOOP("Field", "social security number"),
    "name": QT_TRANSLATE_NOOP("Field", "name"),
    "gender": QT_TRANSLATE_NOOP("Field", "gender"),
    "ethnic": QT_TRANSLATE_NOOP("Field", "ethnic group"),
    "mobile": QT_TRANSLATE_NOOP("Field", "mobile number"),
}
PROBLEMS = {  # BatchInputError.field naming the list as a whole
    "encoding": QT_TRANSLATE_NOOP(
        "StaffMessage", "The list is neither UTF-8 nor GBK text."
    ),
    "columns": QT_TRANSLATE_NOOP(
        "StaffMessage", "The list does not have the required columns."
    ),
    "duplicate_ssn": QT_TRANSLATE_NOOP(
        "StaffMessage", "The same social security number is in the list twice."
    ),
}


@dataclass(frozen=True, kw_only=True)
class StaffMessage:
    """Plain words for the operator, and the technical detail behind them."""

    text: str
    details: str = ""


def staff_message(exc: BaseException) -> StaffMessage:
    """What ``exc`` means for the operator, with its technical detail."""
    log.info("staff message for %s", type(exc).__name__)
    if isinstance(exc, PersoError):
        return _perso_message(exc)
    detail = _technical(exc)
    if isinstance(exc, be.BackendError):
        return StaffMessage(text=_backend_text(exc), details=detail)
    if isinstance(exc, CardAlreadyPersonalizedError):
        return StaffMessage(
            text=QCoreApplication.translate(
                "StaffMessage",
                "This card is already finished and cannot be erased. "
                'Press "Finish recording" to record it as issued.',
            ),
            details=detail,
        )
    if isinstance(exc, se.StaffError):
        return StaffMessage(text=_staff_text(exc), details=detail)
    return StaffMessage(text=_card_text(exc), details=detail)


def _staff_text(exc: se.StaffError) -> str:
    if isinstance(exc, se.JournalError):
        return QCoreApplication.translate(
            "StaffMessage",
            "The output folder holds the journal of another list, or a damaged "
            "one: choose another output folder.",
        )
    if not isinstance(exc, se.InvalidInputError):
        return QCoreApplication.translate("StaffMessage", "This cannot be done.")
    if exc.field in FIELDS:
        field = QCoreApplication.translate("Field", FIELDS[exc.field])
        text = QCoreApplication.translate("StaffMessage", "Please check the %1.")
        text = text.replace("%1", field)
    else:
        text = shown("StaffMessage", PROBLEMS, exc.field, str(exc))
    if isinstance(exc, se.BatchInputError) and exc.line > 0:  # a list's row
        line = QCoreApplication.translate("StaffMessage", "Line %1 of the list: ")
        text = line.replace("%1", str(exc.line)) + text
    return text


def _perso_message(exc: PersoError) -> StaffMessage:
    cause = staff_message(exc.cause)
    text = (
        QCoreApplication.translate(
            "StaffMessage", 'Making the card stopped at "%1": %2'
        )
        .replace("%1", shown("Step", STEP_NAMES, exc.step))
        .replace("%2", cause.text)
    )
    advice = shown("CardState", CARD_STATE_ADVICE, exc.card_state)
    details = "\n".join(
        x
        for x in (
            f"step {exc.step.value}: {STEP_TECHNICAL[exc.step]}",
            f"card state {exc.card_state.value}",
            cause.details,
        )
        if x
    )
    return StaffMessage(text=f"{text}\n{advice}", details=details)


def _technical(exc: BaseException) -> str:
    """The error type and its own message (never a secret: see SECURITY.md)."""
    if isinstance(exc, be.BackendError):
        return (
            f"{type(exc).__name__}: {exc.code} {exc.message or ''} "
            f"(request {exc.request_id or '-'})"
        )
    if isinstance(exc, ce.StatusWordError):
        return f"{type(exc).__name__}: SW {exc.sw:04X}"
    return f"{type(exc).__name__}: {exc}"


def _throttled_text(retry_after: float | None) -> str:
    """Too many failed logins from this station: when to try again."""
    if not retry_after:
        return QCoreApplication.translate(
            "StaffMessage", "Too many failed logins: try again later."
        )
    return QCoreApplication.translate(
        "StaffMessage", "Too many failed logins: try again in %1 seconds."
    ).replace("%1", f"{retry_after:.0f}")


def _backend_text(exc: be.BackendError) -> str:
    if isinstance(exc, be.ForbiddenRoleError):
        return QCoreApplication.translate(
            "StaffMessage", "Your role does not allow this."
        )
    if isinstance(exc, be.StaffUnauthorizedError):
        return QCoreApplication.translate(
            "StaffMessage",
            "Wrong user name or password, or the login has expired: please log in "
            "again.",
        )
    if isinstance(exc, be.RateLimitedError):
        return _throttled_text(exc.retry_after)
    if isinstance(exc, be.NotFoundError):
        return QCoreApplication.translate(
            "StaffMessage", "No such resident, card or request was found."
        )
    if isinstance(exc, be.ConflictError):
        reason = (exc.detail or {}).get("reason")
        if reason == "unknown_blank":
            return QCoreApplication.translate(
                "StaffMessage",
                "This blank is in no card batch imported yet: ask the operators to "
                "import the card maker's batch file (ss-backend import-batch). "
                "Nothing was written to the card and no issuer try was spent.",
            )
        if reason == "blank_used":
            return QCoreApplication.translate(
                "StaffMessage",
                "This blank was already made into another social-security card and "
                "cannot be made again.",
            )
        if exc.detail.get("organisational_transfer") == "claimed":
            return QCoreApplication.translate(
                "StaffMessage",
                "Check the transfer approval first: confirm the applicant's "
                "organisational transfer, or do not confirm it, then approve.",
            )
        return QCoreApplication.translate(
            "StaffMessage",
            "This cannot be done in the card's or request's current state.",
        )
    if isinstance(exc, be.TransportError):
        return QCoreApplication.translate(
            "StaffMessage",
            "The service cannot be reached. Check the network, then try again.",
        )
    return QCoreApplication.translate(
        "StaffMessage", "The service refused the request."
    )


def _card_text(exc: BaseException) -> str:
    if isinstance(exc, ce.IssuerAuthenticationError):
        return QCoreApplication.translate(
            "StaffMessage",
            "The card did not accept this office's key: it was made for another "
            "card issuer, or the blank does not match the card number.",
        )
    if isinstance(exc, ce.PinBlockedError):
        return QCoreApplication.translate("StaffMessage", "The card is locked.")
    if isinstance(exc, ce.CardRemovedError):
        return QCoreApplication.translate(
            "StaffMessage", "The card was taken out of the reader."
        )
    if isinstance(exc, ce.NoCardError):
        return QCoreApplication.translate(
            "StaffMessage", "There is no card in the reader."
        )
    if isinstance(exc, ce.NoReaderError):
        return QCoreApplication.translate(
            "StaffMessage", "The chosen card reader cannot be found."
        )
    if isinstance(exc, ce.ReaderError):
        return QCoreApplication.translate(
            "StaffMessage", "The card reader is not working."
        )
    if isinstance(exc, ce.ConditionsNotSatisfiedError):
        return QCoreApplication.translate(
            "StaffMessage",
            "The card does not allow this now (it may already be in use).",
        )
    if isinstance(exc, ce.CardError):
        return QCoreApplication.translate(
            "StaffMessage", "The card answered with an error."
        )
    log.error("unexpected error shown to an operator", exc_info=exc)
    return QCoreApplication.translate(
        "StaffMessage", "Something unexpected went wrong."
    )
