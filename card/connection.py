# SPDX-License-Identifier: Apache-2.0
"""The narrow connection port and the wrappers stacked on it (STYLE §2, §3).

A :class:`Connection` moves raw APDU bytes; PC/SC, the virtual card and test
fakes implement it. Protocol mechanics are thin wrappers, each testable alone:
:class:`GetResponseConnection` (``61xx`` → GET RESPONSE, ``6Cxx`` → repeat with
the right Le, ISO 7816-4 §5.1.3 and §7.6.1) and :class:`TracingConnection`.
"""

from __future__ import annotations

import abc
from types import TracebackType

from card.apdu import CommandApdu, ResponseApdu
from card.errors import (
    CardUnresponsiveError,
    ConditionsNotSatisfiedError,
    FileNotFoundOnCardError,
    MalformedDataError,
    RecordNotFoundError,
    SecurityStatusError,
    StatusWordError,
)

MAX_CHAINED_RESPONSES = 256


class Connection(abc.ABC):
    """A connected card: ``transmit(apdu bytes) -> (data, sw)``."""

    @abc.abstractmethod
    def transmit(self, apdu: bytes) -> tuple[bytes, int]:
        """Send one command APDU; return response data and the status word."""

    @property
    @abc.abstractmethod
    def atr(self) -> bytes:
        """The answer-to-reset of the connected card."""

    def close(self) -> None:  # noqa: B027 - optional for connections with no resources
        """Release the card."""

    def __enter__(self) -> Connection:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


class ConnectionWrapper(Connection):
    """A connection that forwards to another one."""

    def __init__(self, inner: Connection) -> None:
        self.inner = inner

    def transmit(self, apdu: bytes) -> tuple[bytes, int]:
        return self.inner.transmit(apdu)

    @property
    def atr(self) -> bytes:
        return self.inner.atr

    def close(self) -> None:
        self.inner.close()


class GetResponseConnection(ConnectionWrapper):
    """Handle ``61xx`` with GET RESPONSE and ``6Cxx`` by repeating with Le = xx."""

    def transmit(self, apdu: bytes) -> tuple[bytes, int]:
        answer = self.inner.transmit(apdu)
        sw1 = answer[1] >> 8
        if sw1 != 0x61 and sw1 != 0x6C:
            return answer  # the usual case: nothing to repeat or fetch
        return self._complete(apdu, *answer)

    def _complete(self, apdu: bytes, data: bytes, sw: int) -> tuple[bytes, int]:
        """Repeat after ``6Cxx``, then fetch what ``61xx`` announces."""
        if sw >> 8 == 0x6C:
            command = CommandApdu.parse(apdu)
            data, sw = self.inner.transmit(command.with_le(sw & 0xFF or 256).to_bytes())
        chunks = [data]
        for _ in range(MAX_CHAINED_RESPONSES):
            if sw >> 8 != 0x61:
                return b"".join(chunks), sw
            get_response = CommandApdu(cla=apdu[0] & 0x03, ins=0xC0, p1=0, p2=0,
                                       le=(sw & 0xFF) or 256)
            data, sw = self.inner.transmit(get_response.to_bytes())
            chunks.append(data)
        raise CardUnresponsiveError("card keeps answering 61xx")


def send(conn: Connection, command: CommandApdu, *, what: str = "") -> bytes:
    """Transmit ``command``; return the data of a ``9000`` answer, else raise.

    Status words become :class:`StatusWordError` subclasses here; sessions turn
    them into domain errors (WrongPinError…) where the meaning is known.
    """
    return send_bytes(conn, command.to_bytes(), what or f"INS {command.ins:02X}")


def send_bytes(conn: Connection, apdu: bytes, what: str) -> bytes:
    """:func:`send` for an already encoded command (sessions encode their fixed
    commands once, at import)."""
    data, sw = conn.transmit(apdu)
    if sw != 0x9000:
        raise status_error(sw, what)
    return data


def transmit_apdu(conn: Connection, command: CommandApdu) -> ResponseApdu:
    """Transmit and wrap the answer as a :class:`ResponseApdu`."""
    data, sw = conn.transmit(command.to_bytes())
    return ResponseApdu(data=data, sw=sw)


def status_error(sw: int, what: str) -> StatusWordError:
    """The :class:`StatusWordError` subclass that fits ``sw``."""
    return _ERROR_BY_SW.get(sw, StatusWordError)(sw, what)


_ERROR_BY_SW: dict[int, type[StatusWordError]] = {
    0x6A82: FileNotFoundOnCardError,
    0x6A83: RecordNotFoundError,
    0x6982: SecurityStatusError,
    0x6985: ConditionsNotSatisfiedError,
}


def check_sw_bytes(raw: bytes) -> tuple[bytes, int]:
    """Split a raw response (data || SW1 SW2) as adapters receive it."""
    n = len(raw)
    if n < 2:
        raise MalformedDataError("response APDU", f"{n} bytes, need SW1 SW2")
    if type(raw) is not bytes:
        raw = bytes(raw)
    return raw[:-2], raw[-2] << 8 | raw[-1]
