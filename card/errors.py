# SPDX-License-Identifier: Apache-2.0
"""One exception tree for the card layer; every error carries its data."""

from __future__ import annotations


class CardError(Exception):
    """Base of every error the card layer raises."""


class MalformedDataError(CardError):
    """Bytes from a card, a file or the wire do not parse.

    ``what`` names the structure (``"TLV"``, ``"ATR"``, ``"APDU"``…), ``offset``
    the byte where parsing stopped when known.
    """

    def __init__(self, what: str, reason: str, offset: int | None = None) -> None:
        where = f" at byte {offset}" if offset is not None else ""
        super().__init__(f"malformed {what}{where}: {reason}")
        self.what = what
        self.reason = reason
        self.offset = offset


class InvalidSsnError(MalformedDataError):
    """An SSN with a bad length or check character (Part A, EF06 tag 08)."""

    def __init__(self, reason: str) -> None:
        super().__init__("SSN", reason)


class StatusWordError(CardError):
    """The card answered a status word other than the one expected."""

    def __init__(self, sw: int, command: str = "") -> None:
        from card.sw import describe

        self.sw = sw
        self.command = command
        prefix = f"{command}: " if command else ""
        super().__init__(f"{prefix}card answered {sw:04X} ({describe(sw)})")


class FileNotFoundOnCardError(StatusWordError):
    """6A82: file or application not found."""


class RecordNotFoundError(StatusWordError):
    """6A83: record not found."""


class SecurityStatusError(StatusWordError):
    """6982: security status not satisfied (PIN or issuer authentication missing)."""


class ConditionsNotSatisfiedError(StatusWordError):
    """6985: conditions of use not satisfied (e.g. card already personalized)."""


class PinError(CardError):
    """Base of PIN failures."""


class WrongPinError(PinError):
    """63Cx: the PIN was wrong; ``tries_left`` tries remain."""

    def __init__(self, tries_left: int) -> None:
        super().__init__(f"wrong PIN, {tries_left} tries left")
        self.tries_left = tries_left


class PinBlockedError(PinError):
    """6983: the PIN (or the issuer key) is blocked."""

    def __init__(self) -> None:
        super().__init__("PIN blocked")


class InvalidPinFormatError(PinError):
    """A PIN that is not 6 decimal digits, or the initial PIN as a new PIN."""


class ReaderError(CardError):
    """The PC/SC stack or a reader failed (not the card)."""


class NoReaderError(ReaderError):
    """No reader present, or the named one was not found."""


class PcscUnavailableError(ReaderError):
    """pcscd is not running or cannot be reached."""


class ReaderBusyError(ReaderError):
    """The card is in use by another program (exclusive access)."""


class NoCardError(ReaderError):
    """No card in the reader."""


class CardRemovedError(CardError):
    """The card was removed (or reset) while a command was in flight."""


class CardUnresponsiveError(CardError):
    """The card does not answer (mute card, protocol error)."""


class CertificateError(CardError):
    """A card certificate fails a check; subclasses say which."""


class CertificateExpiredError(CertificateError):
    """The certificate is outside its validity period."""


class UntrustedIssuerError(CertificateError):
    """The certificate does not chain to the trusted issuer CA."""


class CertificateMismatchError(CertificateError):
    """The certificate names another card than the one read."""


class NotGenuineError(CardError):
    """The card's key-81 signature over our challenge does not verify."""


class IssuerAuthenticationError(CardError):
    """EXTERNAL AUTHENTICATE was refused (wrong issuer key)."""
