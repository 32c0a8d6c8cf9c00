# SPDX-License-Identifier: Apache-2.0
"""The pyscard ``scard`` layer: PC/SC return codes mapped onto the card error tree.

Only this package imports pyscard (docs/architecture.md); everything above sees
``bytes`` and :mod:`card.errors` types. Codes are the PC/SC-lite values
(``pcsclite.h``), which Windows' WinSCard shares.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from enum import IntEnum
from typing import Any

from smartcard import scard

from card.errors import (
    CardError,
    CardRemovedError,
    CardUnresponsiveError,
    NoCardError,
    NoReaderError,
    PcscUnavailableError,
    ReaderBusyError,
    ReaderError,
)

log = logging.getLogger(__name__)

#: ``SCardTransmit``: pyscard's C binding itself when it is where pyscard 2.x
#: keeps it (``smartcard.scard._scard``), sparing a Python frame per APDU; the
#: public wrapper, which only forwards to it, otherwise.
transmit: Callable[[int, int, list[int]], tuple[int, list[int]]] = getattr(
    getattr(scard, "_scard", None), "SCardTransmit", scard.SCardTransmit
)

PNP_NOTIFICATION = "\\\\?PnP?\\Notification"
STATUS_PRESENT = 0x0004  # SCardStatus() state bit SCARD_PRESENT (pcsclite.h)


class Rc(IntEnum):
    """PC/SC return codes this adapter tells apart (pcsclite.h)."""

    SUCCESS = 0
    E_CANCELLED = 0x80100002
    E_INVALID_HANDLE = 0x80100003
    E_UNKNOWN_READER = 0x80100009
    E_TIMEOUT = 0x8010000A
    E_SHARING_VIOLATION = 0x8010000B
    E_NO_SMARTCARD = 0x8010000C
    E_PROTO_MISMATCH = 0x8010000F
    E_NOT_TRANSACTED = 0x80100016
    E_READER_UNAVAILABLE = 0x80100017
    E_NO_SERVICE = 0x8010001D
    E_SERVICE_STOPPED = 0x8010001E
    E_NO_READERS_AVAILABLE = 0x8010002E
    W_UNRESPONSIVE_CARD = 0x80100066
    W_UNPOWERED_CARD = 0x80100067
    W_RESET_CARD = 0x80100068
    W_REMOVED_CARD = 0x80100069


#: Codes meaning the context is dead (pcscd stopped or restarted).
CONTEXT_LOST = frozenset({Rc.E_NO_SERVICE, Rc.E_SERVICE_STOPPED, Rc.E_INVALID_HANDLE})

_ON_CONNECT: dict[int, type[CardError]] = {
    Rc.E_NO_SERVICE: PcscUnavailableError,
    Rc.E_SERVICE_STOPPED: PcscUnavailableError,
    Rc.E_NO_READERS_AVAILABLE: NoReaderError,
    Rc.E_UNKNOWN_READER: NoReaderError,
    Rc.E_READER_UNAVAILABLE: NoReaderError,
    Rc.E_NO_SMARTCARD: NoCardError,
    Rc.W_REMOVED_CARD: NoCardError,
    Rc.E_SHARING_VIOLATION: ReaderBusyError,
    Rc.W_UNRESPONSIVE_CARD: CardUnresponsiveError,
    Rc.W_UNPOWERED_CARD: CardUnresponsiveError,
}

_ON_TRANSMIT: dict[int, type[CardError]] = {
    **_ON_CONNECT,
    Rc.E_NO_SMARTCARD: CardRemovedError,
    Rc.W_REMOVED_CARD: CardRemovedError,
    Rc.W_RESET_CARD: CardRemovedError,
    Rc.E_INVALID_HANDLE: CardRemovedError,
    Rc.E_READER_UNAVAILABLE: CardRemovedError,
    Rc.E_NOT_TRANSACTED: CardRemovedError,
}


def message(rc: int) -> str:
    """PC/SC's own text for ``rc`` with the code in hex."""
    try:
        text = str(scard.SCardGetErrorMessage(rc)).strip().rstrip(".")
    except Exception:  # the message is only decoration
        text = "PC/SC error"
    return f"{text} (0x{rc & 0xFFFFFFFF:08X})"


def error_for(rc: int, what: str, *, transmitting: bool = False) -> CardError:
    """The :mod:`card.errors` exception for PC/SC code ``rc`` during ``what``."""
    table = _ON_TRANSMIT if transmitting else _ON_CONNECT
    kind = table.get(rc & 0xFFFFFFFF, ReaderError)
    if kind is PcscUnavailableError:
        return PcscUnavailableError(
            f"{what}: pcscd is not running or not reachable ({message(rc)})"
        )
    return kind(f"{what}: {message(rc)}")


def check(rc: int, what: str, *, transmitting: bool = False) -> None:
    """Raise :func:`error_for` unless ``rc`` is success."""
    if rc != Rc.SUCCESS:
        raise error_for(rc, what, transmitting=transmitting)


def establish_context() -> int:
    """A fresh PC/SC context (raises PcscUnavailableError when pcscd is down)."""
    try:
        rc, context = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
    except scard.error as exc:  # pyscard raises when libpcsclite is unusable
        raise PcscUnavailableError(f"PC/SC library unusable: {exc}") from None
    check(rc, "establishing a PC/SC context")
    return int(context)


def release_context(context: int) -> None:
    """Release ``context``, ignoring a daemon that is already gone."""
    rc = scard.SCardReleaseContext(context)
    if rc != Rc.SUCCESS:
        log.debug("SCardReleaseContext: %s", message(rc))


def list_readers(context: int) -> list[str]:
    """Reader names; empty when there is none (not an error here)."""
    rc, names = scard.SCardListReaders(context, [])
    if rc == Rc.E_NO_READERS_AVAILABLE:
        return []
    check(rc, "listing readers")
    return [str(name) for name in names]


def get_status_change(
    context: int, timeout_ms: int, states: list[tuple[str, int]]
) -> tuple[int, list[Any]]:
    """``SCardGetStatusChange``: return the code and ``(reader, state, atr)`` rows."""
    rc, rows = scard.SCardGetStatusChange(context, timeout_ms, states)
    return int(rc) & 0xFFFFFFFF, list(rows or [])


def cancel(context: int) -> None:
    """Wake a thread blocked in ``SCardGetStatusChange`` on ``context``."""
    scard.SCardCancel(context)


def retry_on_stale(call: Callable[[int], Any], holder: list[int]) -> Any:
    """Run ``call(context)``; if the context went stale, renew it once and retry."""
    try:
        return call(holder[0])
    except (PcscUnavailableError, ReaderError, CardError) as exc:
        # after a pcscd restart the old context still looks valid to the
        # client library but every call on it answers "no service"
        lost = isinstance(exc, PcscUnavailableError)
        if not lost and scard.SCardIsValidContext(holder[0]) == Rc.SUCCESS:
            raise
        log.info("PC/SC context stale (%s); establishing a new one", exc)
        release_context(holder.pop())
        holder.append(establish_context())  # raises while pcscd is still away
        return call(holder[0])
