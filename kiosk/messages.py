# SPDX-License-Identifier: Apache-2.0
"""The one place an exception becomes words a resident understands (STYLE §6).

:func:`resident_message` takes any exception the card layer, the backend
client or the kiosk raises and returns a :class:`ResidentMessage`: a short
title, what happened in plain words, what to do, and whether the kiosk should
go back to the welcome screen by itself. Nothing technical (status words,
HTTP codes, request ids) reaches the resident; it goes to the log instead.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication

from backend_client import errors as be
from card import errors as ce

log = logging.getLogger(__name__)


@dataclass(frozen=True, kw_only=True)
class ResidentMessage:
    """What the resident reads after something went wrong."""

    title: str
    body: str
    to_welcome: bool = True


def resident_message(exc: BaseException) -> ResidentMessage:
    """Turn ``exc`` into calm words for a resident (and log the technical side)."""
    log.info("resident message for %s: %s", type(exc).__name__, exc)
    for kinds, build in _TABLE:
        if isinstance(exc, kinds):
            return build(exc)
    log.error("unexpected error shown as a generic message", exc_info=exc)
    return ResidentMessage(
        title=QCoreApplication.translate("Messages", "Something went wrong"),
        body=QCoreApplication.translate(
            "Messages",
            "Please take your card and try again. If it happens again, "
            "please ask at the staff counter.",
        ),
    )


def _card_removed(_: BaseException) -> ResidentMessage:
    return ResidentMessage(
        title=QCoreApplication.translate("Messages", "The card was taken out"),
        body=QCoreApplication.translate(
            "Messages", "Nothing was changed. Insert your card again to start over."
        ),
    )


def _reader(_: BaseException) -> ResidentMessage:
    return ResidentMessage(
        title=QCoreApplication.translate("Messages", "The card reader is not working"),
        body=QCoreApplication.translate(
            "Messages",
            "Please take your card. This terminal will try again by "
            "itself; you can also use another terminal or ask the staff.",
        ),
    )


def _unreadable(_: BaseException) -> ResidentMessage:
    return ResidentMessage(
        title=QCoreApplication.translate("Messages", "The card could not be read"),
        body=QCoreApplication.translate(
            "Messages",
            "Please take the card out and insert it again, chip first "
            "and facing up. If it still fails, ask at the staff counter.",
        ),
    )


def _wrong_pin(exc: BaseException) -> ResidentMessage:
    tries = getattr(exc, "tries_left", 0)
    return ResidentMessage(
        title=QCoreApplication.translate("Messages", "Wrong password"),
        body=QCoreApplication.translate(
            "Messages", "Tries left before the card is locked: %1"
        ).replace("%1", str(tries)),
        to_welcome=False,
    )


def _blocked(_: BaseException) -> ResidentMessage:
    return ResidentMessage(
        title=QCoreApplication.translate("Messages", "The card password is locked"),
        body=QCoreApplication.translate(
            "Messages",
            "Please bring your card and your ID card to a staff counter to unlock it.",
        ),
    )


def _pin_format(_: BaseException) -> ResidentMessage:
    return ResidentMessage(
        title=QCoreApplication.translate("Messages", "This password cannot be used"),
        body=QCoreApplication.translate(
            "Messages", "Please choose 6 digits that are not 123456."
        ),
        to_welcome=False,
    )


def _not_genuine(_: BaseException) -> ResidentMessage:
    return ResidentMessage(
        title=QCoreApplication.translate("Messages", "This card cannot be used here"),
        body=QCoreApplication.translate(
            "Messages",
            "The card could not be confirmed as a genuine social "
            "security card. Please ask at the staff counter.",
        ),
    )


def _expired(_: BaseException) -> ResidentMessage:
    return ResidentMessage(
        title=QCoreApplication.translate("Messages", "This card has expired"),
        body=QCoreApplication.translate(
            "Messages",
            "Please bring your ID card to a staff counter to get a new card.",
        ),
    )


def _offline(_: BaseException) -> ResidentMessage:
    return ResidentMessage(
        title=QCoreApplication.translate("Messages", "The service is not reachable"),
        body=QCoreApplication.translate(
            "Messages",
            "We cannot reach the social security office right now. "
            "Please try again in a few minutes.",
        ),
    )


def _session(_: BaseException) -> ResidentMessage:
    return ResidentMessage(
        title=QCoreApplication.translate("Messages", "Your session has ended"),
        body=QCoreApplication.translate(
            "Messages",
            "For your safety the session was closed. Please take your "
            "card and insert it again.",
        ),
    )


def _card_not_active(exc: BaseException) -> ResidentMessage:
    status = getattr(exc, "card_status", None)
    if status == "temporarily_lost":
        body = QCoreApplication.translate(
            "Messages",
            "This card was reported lost for a few days. You can cancel "
            "the loss report with your password.",
        )
    else:
        body = QCoreApplication.translate(
            "Messages",
            "This card is no longer valid. Please bring your ID card to "
            "a staff counter.",
        )
    return ResidentMessage(
        title=QCoreApplication.translate("Messages", "This card cannot be used now"),
        body=body,
    )


def _not_found(_: BaseException) -> ResidentMessage:
    return ResidentMessage(
        title=QCoreApplication.translate("Messages", "We could not find this"),
        body=QCoreApplication.translate(
            "Messages", "Please check the numbers and try again, or ask the staff."
        ),
        to_welcome=False,
    )


def _rate_limited(_: BaseException) -> ResidentMessage:
    return ResidentMessage(
        title=QCoreApplication.translate("Messages", "Please wait a little"),
        body=QCoreApplication.translate(
            "Messages",
            "There were several tries in a short time. For your safety, "
            "please wait a few minutes and try again, or ask the staff.",
        ),
        to_welcome=False,
    )


def _not_eligible(_: BaseException) -> ResidentMessage:
    return ResidentMessage(
        title=QCoreApplication.translate("Messages", "This request is not possible"),
        body=QCoreApplication.translate(
            "Messages",
            "The rules do not allow this request at the moment. The staff "
            "at the counter can explain why.",
        ),
        to_welcome=False,
    )


def _conflict(_: BaseException) -> ResidentMessage:
    return ResidentMessage(
        title=QCoreApplication.translate("Messages", "This request is not possible"),
        body=QCoreApplication.translate(
            "Messages",
            "A similar request is already under way, or your account "
            "does not allow it now. Please see “My requests”.",
        ),
        to_welcome=False,
    )


def _refused(_: BaseException) -> ResidentMessage:
    return ResidentMessage(
        title=QCoreApplication.translate("Messages", "This card cannot be used here"),
        body=QCoreApplication.translate(
            "Messages",
            "The card could not be confirmed with the social security "
            "office. Please ask at the staff counter.",
        ),
    )


def _pin_change_required(_: BaseException) -> ResidentMessage:
    return ResidentMessage(
        title=QCoreApplication.translate(
            "Messages", "Please change your password first"
        ),
        body=QCoreApplication.translate(
            "Messages",
            "Your card still has the password it was issued with. Choose "
            "“Change password”, then make your request again.",
        ),
        to_welcome=False,
    )


def _too_late(exc: BaseException) -> ResidentMessage:
    if isinstance(exc, be.SubmissionClockSkewError):
        body = QCoreApplication.translate(
            "Messages",
            "This terminal's clock is wrong, so your request was not "
            "accepted. Please tell the staff, or use another terminal.",
        )
    else:
        body = QCoreApplication.translate(
            "Messages",
            "Your request waited too long to reach the social security "
            "office and was not accepted. Please make it again.",
        )
    return ResidentMessage(
        title=QCoreApplication.translate("Messages", "Your request was not accepted"),
        body=body,
        to_welcome=False,
    )


_Kinds = type[BaseException] | tuple[type[BaseException], ...]
_TABLE: tuple[tuple[_Kinds, Callable[[BaseException], ResidentMessage]], ...] = (
    (ce.CardRemovedError, _card_removed),
    ((ce.NoCardError,), _card_removed),
    (ce.ReaderError, _reader),
    (ce.WrongPinError, _wrong_pin),
    (ce.PinBlockedError, _blocked),
    (ce.InvalidPinFormatError, _pin_format),
    (ce.CertificateExpiredError, _expired),
    ((ce.NotGenuineError, ce.CertificateError), _not_genuine),
    (ce.CardError, _unreadable),
    (be.TransportError, _offline),
    (be.ServerError, _offline),
    ((be.SessionInvalidError, be.SessionWrongKioskError), _session),
    (be.CardNotActiveError, _card_not_active),
    (be.PinChangeRequiredError, _pin_change_required),
    ((be.SubmissionExpiredError, be.SubmissionClockSkewError), _too_late),
    (
        (be.ChallengeError, be.SignatureInvalidError, be.CertificateInvalidError),
        _refused,
    ),
    (be.RateLimitedError, _rate_limited),
    (be.NotFoundError, _not_found),
    (be.NotEligibleError, _not_eligible),
    (be.ConflictError, _conflict),
    (be.BackendError, _offline),
)
