# SPDX-License-Identifier: Apache-2.0
"""One function turns any exception into calm words; nothing technical leaks."""

from __future__ import annotations

import pytest

from backend_client import errors as be
from card import errors as ce
from kiosk.messages import resident_message

CASES = [
    (ce.CardRemovedError("gone"), True),
    (ce.PcscUnavailableError("SCARD_E_NO_SERVICE 0x8010001D"), True),
    (ce.WrongPinError(2), False),
    (ce.PinBlockedError(), True),
    (ce.InvalidPinFormatError("initial"), False),
    (ce.CertificateExpiredError("x"), True),
    (ce.NotGenuineError("bad signature"), True),
    (ce.UntrustedIssuerError("x"), True),
    (ce.StatusWordError(0x6F00, "READ RECORD"), True),
    (be.BackendUnavailableError("connection refused"), True),
    (be.ServerError("boom", status=500, request_id="req-123"), True),
    (be.SessionInvalidError("expired"), True),
    (be.CardNotActiveError("x", detail={"status": "temporarily_lost"}), True),
    (be.CardNotActiveError("x", detail={"status": "lost"}), True),
    (be.RateLimitedError("slow down", detail={"retry_after": 60}), False),
    (be.NotFoundError("no such"), False),
    (be.NotEligibleError("x", detail={"reason": "under_one_year"}), False),
    (be.IdempotencyMismatchError("x"), False),
    (be.IdempotencyKeyForeignError("x"), False),
    (be.PinChangeRequiredError("x"), False),
    (be.SubmissionExpiredError("x"), False),
    (be.SubmissionClockSkewError("x"), False),
    (be.ChallengeWrongPurposeError("x"), True),
    (be.ChallengeReplayedError("x"), True),
    (RuntimeError("unexpected"), True),
]


@pytest.mark.parametrize(
    "exc, to_welcome", CASES, ids=[type(e).__name__ for e, _ in CASES]
)
def test_every_error_has_plain_words(exc: BaseException, to_welcome: bool) -> None:
    message = resident_message(exc)
    assert message.title and message.body
    assert message.to_welcome is to_welcome
    text = message.title + message.body
    for technical in ("6F00", "0x80", "req-123", "status=", "HTTP", "Error"):
        assert technical not in text


def test_wrong_pin_says_tries_left() -> None:
    assert "2" in resident_message(ce.WrongPinError(2)).body


def test_temporarily_lost_differs_from_lost() -> None:
    temp = resident_message(
        be.CardNotActiveError("x", detail={"status": "temporarily_lost"})
    )
    lost = resident_message(be.CardNotActiveError("x", detail={"status": "lost"}))
    assert temp.body != lost.body


def test_every_backend_code_has_its_own_words() -> None:
    seen: dict[tuple[str, str], str] = {}
    for code, cls in be.ERRORS_BY_CODE.items():
        message = resident_message(cls("technical words", code=code))
        assert message.title != "Something went wrong", code
        assert (message.title, message.body) not in seen, (code, seen)
        seen[(message.title, message.body)] = code


RULES = {
    be.NotEligibleError: ("too_few_months", "resigned", "not_registered"),
    be.ConflictError: ("same_region", "no_relationship", "busy", "in_progress"),
}


def test_every_rule_refusal_has_its_own_words() -> None:
    seen = set()
    for cls, rules in RULES.items():
        for rule in rules:
            detail = {"rule": rule, "reference": "PT20340301K7Q2XM"}
            message = resident_message(cls("x", detail=detail))
            assert not message.to_welcome
            assert (message.title, message.body) not in seen, rule
            seen.add((message.title, message.body))
    under_way = resident_message(
        be.ConflictError(
            "x", detail={"rule": "in_progress", "reference": "PT20340301K7Q2XM"}
        )
    )
    assert "PT 2034 0301 K7Q 2XM" in under_way.body


def test_initial_pin_refusal_says_what_to_do() -> None:
    """The backend's refusal of a card on its initial PIN points to the change."""
    words = resident_message(be.PinChangeRequiredError("x"))
    other = resident_message(be.CardNotActiveError("x", detail={"status": "lost"}))
    assert words.title != other.title and words.body != other.body


def test_late_and_clock_refusals_differ() -> None:
    late = resident_message(be.SubmissionExpiredError("x"))
    clock = resident_message(be.SubmissionClockSkewError("x"))
    assert late.title == clock.title and late.body != clock.body
