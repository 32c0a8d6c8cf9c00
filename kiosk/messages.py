# SPDX-License-Identifier: Apache-2.0
"""The one place an exception becomes words a resident understands.

docs/architecture.md, convention 6.

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
from kiosk.formats import reference_for_reading

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


def _slow(_: BaseException) -> ResidentMessage:
    return ResidentMessage(
        title=QCoreApplication.translate("Messages", "The office is answering slowly"),
        body=QCoreApplication.translate(
            "Messages", "Nothing was changed. Please try again in a few minutes."
        ),
        to_welcome=False,
    )


def _tls(_: BaseException) -> ResidentMessage:
    return ResidentMessage(
        title=QCoreApplication.translate(
            "Messages", "The connection to the office is not safe"
        ),
        body=QCoreApplication.translate(
            "Messages",
            "For your safety nothing was sent. Please use another terminal "
            "or ask the staff.",
        ),
    )


def _garbled(_: BaseException) -> ResidentMessage:
    return ResidentMessage(
        title=QCoreApplication.translate(
            "Messages", "The office's answer could not be read"
        ),
        body=QCoreApplication.translate(
            "Messages",
            "Nothing was changed. Please try again later, or ask the staff.",
        ),
        to_welcome=False,
    )


def _not_saved(_: BaseException) -> ResidentMessage:
    return ResidentMessage(
        title=QCoreApplication.translate("Messages", "Your request could not be kept"),
        body=QCoreApplication.translate(
            "Messages",
            "This terminal could not store your request, so nothing was "
            "sent. Please ask the staff for help.",
        ),
        to_welcome=False,
    )


def _invalid(_: BaseException) -> ResidentMessage:
    return ResidentMessage(
        title=QCoreApplication.translate(
            "Messages", "The office could not accept this request"
        ),
        body=QCoreApplication.translate(
            "Messages", "Please check what you chose and try again, or ask the staff."
        ),
        to_welcome=False,
    )


def _kiosk_refused(_: BaseException) -> ResidentMessage:
    return ResidentMessage(
        title=QCoreApplication.translate("Messages", "This terminal is out of service"),
        body=QCoreApplication.translate(
            "Messages",
            "Please take your card and use another terminal, or ask the staff.",
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


def _other_terminal(_: BaseException) -> ResidentMessage:
    return ResidentMessage(
        title=QCoreApplication.translate(
            "Messages", "Your session belongs to another terminal"
        ),
        body=QCoreApplication.translate(
            "Messages", "Please take your card and insert it again here."
        ),
    )


def _staff_only(_: BaseException) -> ResidentMessage:
    return ResidentMessage(
        title=QCoreApplication.translate("Messages", "Only the staff can do this"),
        body=QCoreApplication.translate("Messages", "Please ask at the staff counter."),
        to_welcome=False,
    )


def _staff_sign_in(_: BaseException) -> ResidentMessage:
    return ResidentMessage(
        title=QCoreApplication.translate("Messages", "A staff sign-in is needed"),
        body=QCoreApplication.translate(
            "Messages", "This is done at the staff station. Please ask the staff."
        ),
        to_welcome=False,
    )


def _forbidden(_: BaseException) -> ResidentMessage:
    return ResidentMessage(
        title=QCoreApplication.translate("Messages", "This is not allowed here"),
        body=QCoreApplication.translate(
            "Messages", "The staff at the counter can help you with it."
        ),
        to_welcome=False,
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


def _challenge_expired(_: BaseException) -> ResidentMessage:
    return ResidentMessage(
        title=QCoreApplication.translate("Messages", "The check took too long"),
        body=QCoreApplication.translate(
            "Messages", "Please take your card and insert it again."
        ),
    )


def _challenge_used(_: BaseException) -> ResidentMessage:
    return ResidentMessage(
        title=QCoreApplication.translate("Messages", "This check was already used"),
        body=QCoreApplication.translate(
            "Messages",
            "For your safety, please take your card and insert it again.",
        ),
    )


def _challenge_elsewhere(_: BaseException) -> ResidentMessage:
    return ResidentMessage(
        title=QCoreApplication.translate(
            "Messages", "The check was started at another terminal"
        ),
        body=QCoreApplication.translate(
            "Messages", "Please take your card and insert it again at this terminal."
        ),
    )


def _challenge_other_card(_: BaseException) -> ResidentMessage:
    return ResidentMessage(
        title=QCoreApplication.translate(
            "Messages", "The card changed during the check"
        ),
        body=QCoreApplication.translate(
            "Messages",
            "Please take the card out and insert only your own card again.",
        ),
    )


def _signature(_: BaseException) -> ResidentMessage:
    return ResidentMessage(
        title=QCoreApplication.translate(
            "Messages", "Your card's confirmation was not accepted"
        ),
        body=QCoreApplication.translate(
            "Messages",
            "The office could not confirm this card. Please ask at the staff counter.",
        ),
    )


def _too_large(_: BaseException) -> ResidentMessage:
    return ResidentMessage(
        title=QCoreApplication.translate("Messages", "This request is too large"),
        body=QCoreApplication.translate(
            "Messages",
            "The office could not take a request this large. Nothing was "
            "submitted. Please ask the staff.",
        ),
        to_welcome=False,
    )


def _challenge_other_step(_: BaseException) -> ResidentMessage:
    return ResidentMessage(
        title=QCoreApplication.translate("Messages", "Please try that again"),
        body=QCoreApplication.translate(
            "Messages",
            "The card check was made for another step. Please take out your "
            "card and insert it again.",
        ),
    )


def _key_taken(_: BaseException) -> ResidentMessage:
    return ResidentMessage(
        title=QCoreApplication.translate("Messages", "This request could not be sent"),
        body=QCoreApplication.translate(
            "Messages",
            "It was made on another card or terminal. Nothing was submitted "
            "for you. Please start the request again.",
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


def _not_found(_: BaseException) -> ResidentMessage:
    return ResidentMessage(
        title=QCoreApplication.translate("Messages", "We could not find this"),
        body=QCoreApplication.translate(
            "Messages", "Please check the numbers and try again, or ask the staff."
        ),
        to_welcome=False,
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


def _rate_limited(exc: BaseException) -> ResidentMessage:
    wait = getattr(exc, "retry_after", None)
    minutes = max(1, round(wait / 60)) if wait else 0
    body = (
        QCoreApplication.translate(
            "Messages",
            "There were several tries in a short time. For your safety, "
            "please wait %1 minutes and try again, or ask the staff.",
        ).replace("%1", str(minutes))
        if minutes
        else QCoreApplication.translate(
            "Messages",
            "There were several tries in a short time. For your safety, "
            "please wait a few minutes and try again, or ask the staff.",
        )
    )
    return ResidentMessage(
        title=QCoreApplication.translate("Messages", "Please wait a little"),
        body=body,
        to_welcome=False,
    )


def rule_message(rule: str | None) -> ResidentMessage:
    """Why a rule refuses a request, and what to do (``detail.rule``, docs/api.md).

    The unemployment screen uses it too, to explain a choice before it is sent.
    """
    texts = {
        "too_few_months": (
            QCoreApplication.translate("Messages", "Not enough contributions yet"),
            QCoreApplication.translate(
                "Messages",
                "Unemployment benefit needs at least 1 year of contributions "
                "since your last claim.",
            ),
        ),
        "resigned": (
            QCoreApplication.translate(
                "Messages", "No unemployment benefit after resigning"
            ),
            QCoreApplication.translate(
                "Messages",
                "The benefit is for people who lost their job against their "
                "will. The staff can tell you about other help.",
            ),
        ),
        "not_registered": (
            QCoreApplication.translate(
                "Messages", "Please register as unemployed first"
            ),
            QCoreApplication.translate(
                "Messages",
                "Register as unemployed and looking for work at the "
                "employment service counter, then apply here.",
            ),
        ),
        "same_region": (
            QCoreApplication.translate(
                "Messages", "Your insurance is already in this region"
            ),
            QCoreApplication.translate(
                "Messages", "Please choose the region you are moving to."
            ),
        ),
        "no_relationship": (
            QCoreApplication.translate("Messages", "There is nothing to transfer"),
            QCoreApplication.translate(
                "Messages",
                "You have no contributions of this insurance yet. The staff "
                "can explain.",
            ),
        ),
        "busy": (
            QCoreApplication.translate("Messages", "Your request is being sent"),
            QCoreApplication.translate(
                "Messages",
                "Please wait a moment, then look under “My requests”.",
            ),
        ),
    }
    title, body = texts.get(rule or "", (None, None))
    if title is None or body is None:
        title = QCoreApplication.translate("Messages", "This request is not possible")
        body = QCoreApplication.translate(
            "Messages",
            "The rules do not allow this request at the moment. The staff "
            "at the counter can explain why.",
        )
    return ResidentMessage(title=title, body=body, to_welcome=False)


def _rule(exc: BaseException) -> ResidentMessage:
    detail = getattr(exc, "detail", None) or {}
    rule = detail.get("rule")
    if rule == "in_progress":
        return ResidentMessage(
            title=QCoreApplication.translate(
                "Messages", "A request of this kind is already under way"
            ),
            body=QCoreApplication.translate(
                "Messages",
                "Reference %1. You can follow it under “My requests”.",
            ).replace("%1", reference_for_reading(str(detail.get("reference", "")))),
            to_welcome=False,
        )
    if rule is None and isinstance(exc, be.ConflictError):
        return ResidentMessage(
            title=QCoreApplication.translate("Messages", "This cannot be done now"),
            body=QCoreApplication.translate(
                "Messages",
                "Your account does not allow it at the moment. The staff can "
                "explain why.",
            ),
            to_welcome=False,
        )
    return rule_message(rule if isinstance(rule, str) else None)


def _changed_in_flight(_: BaseException) -> ResidentMessage:
    return ResidentMessage(
        title=QCoreApplication.translate(
            "Messages", "This request changed while it was sent"
        ),
        body=QCoreApplication.translate(
            "Messages",
            "Nothing was submitted twice. Please start the request again.",
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


def _server(_: BaseException) -> ResidentMessage:
    return ResidentMessage(
        title=QCoreApplication.translate("Messages", "The office has a problem"),
        body=QCoreApplication.translate(
            "Messages",
            "Nothing was changed. Please try again later; the staff have been told.",
        ),
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
    (be.BackendTimeoutError, _slow),
    (be.TlsError, _tls),
    (be.TransportError, _offline),
    (be.MalformedResponseError, _garbled),
    (be.OutboxError, _not_saved),
    (be.PayloadTooLargeError, _too_large),
    (be.InvalidRequestError, _invalid),
    (be.KioskUnauthorizedError, _kiosk_refused),
    (be.SessionWrongKioskError, _other_terminal),
    (be.SessionInvalidError, _session),
    (be.StaffUnauthorizedError, _staff_sign_in),
    (be.ForbiddenRoleError, _staff_only),
    (be.UnauthorizedError, _session),
    (be.CardNotActiveError, _card_not_active),
    (be.PinChangeRequiredError, _pin_change_required),
    ((be.SubmissionExpiredError, be.SubmissionClockSkewError), _too_late),
    (be.ChallengeExpiredError, _challenge_expired),
    (be.ChallengeReplayedError, _challenge_used),
    (be.ChallengeWrongKioskError, _challenge_elsewhere),
    (be.ChallengeWrongCardError, _challenge_other_card),
    (be.ChallengeWrongPurposeError, _challenge_other_step),
    (be.SignatureInvalidError, _signature),
    ((be.ChallengeError, be.CertificateInvalidError), _refused),
    (be.ForbiddenError, _forbidden),
    (be.RateLimitedError, _rate_limited),
    (be.NotFoundError, _not_found),
    (be.IdempotencyMismatchError, _changed_in_flight),
    (be.IdempotencyKeyForeignError, _key_taken),
    ((be.NotEligibleError, be.ConflictError), _rule),
    (be.ServerError, _server),
    (be.BackendError, _offline),
)
