# SPDX-License-Identifier: Apache-2.0
"""The narrow connection port and the wrappers stacked on it.

docs/architecture.md, conventions 2 and 3.

A :class:`Connection` moves raw APDU bytes; PC/SC, the virtual card and test
fakes implement it. Protocol mechanics are thin wrappers, each testable alone:
:class:`GetResponseConnection` (``61xx`` → GET RESPONSE, ``6Cxx`` → repeat with
the right Le, ISO 7816-4 §5.1.3 and §7.6.1) and :class:`TracingConnection`.
"""

from __future__ import annotations

import abc
from collections.abc import Sequence
from types import TracebackType

from card.apdu import CommandApdu
from card.errors import (
    CardUnresponsiveError,
    ConditionsNotSatisfiedError,
    FileNotFoundOnCardError,
    MalformedDataError,
    RecordNotFoundError,
    SecurityStatusError,
    StatusWordError,
)
from card.sw import SW, SW1

MAX_CHAINED_RESPONSES = 256
# plain ints for the per-APDU checks (an enum member costs an attribute look-up)
OK = int(SW.OK)
_MORE_DATA, _WRONG_LE = int(SW1.MORE_DATA), int(SW1.WRONG_LE)

Answer = tuple[bytes, int]


class Connection(abc.ABC):
    """A connected card: ``transmit(apdu bytes) -> (data, sw)``."""

    @abc.abstractmethod
    def transmit(self, apdu: bytes) -> tuple[bytes, int]:
        """Send one command APDU; return response data and the status word."""

    def transmit_many(self, apdus: Sequence[bytes], answers: list[Answer]) -> None:
        """Send ``apdus`` in order, appending each answer to ``answers``, until
        one is answered with a status word other than ``9000``.

        ``answers`` may so end up shorter than ``apdus``: its last element then
        holds the status word that stopped the batch. Answers are appended as
        they arrive, so a caller still has them when a later command raises
        (CardRemovedError…). Connections override this to spend less work per
        APDU; the answers must be what :meth:`transmit` gives one by one.
        """
        transmit = self.transmit
        append = answers.append
        for apdu in apdus:
            answer = transmit(apdu)
            append(answer)
            if answer[1] != OK:
                return

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
    """A connection that forwards to another one.

    A subclass that overrides :meth:`transmit` but not :meth:`transmit_many`
    gets the one-by-one :meth:`Connection.transmit_many`, so a batch still
    passes through its ``transmit``; one that overrides neither forwards
    batches to ``inner``.
    """

    def __init__(self, inner: Connection) -> None:
        self.inner = inner

    def __init_subclass__(cls, **kwargs: object) -> None:
        super().__init_subclass__(**kwargs)
        if "transmit" in cls.__dict__ and "transmit_many" not in cls.__dict__:
            cls.transmit_many = Connection.transmit_many  # type: ignore[method-assign]

    def transmit(self, apdu: bytes) -> tuple[bytes, int]:
        return self.inner.transmit(apdu)

    def transmit_many(self, apdus: Sequence[bytes], answers: list[Answer]) -> None:
        self.inner.transmit_many(apdus, answers)

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
        if sw1 != _MORE_DATA and sw1 != _WRONG_LE:
            return answer  # the usual case: nothing to repeat or fetch
        return self._complete(apdu, *answer)

    def transmit_many(self, apdus: Sequence[bytes], answers: list[Answer]) -> None:
        """The inner batch; an answer ``61xx``/``6Cxx`` (it stops the batch) is
        completed at once, then the rest of the batch goes on."""
        base = len(answers)
        self.inner.transmit_many(apdus, answers)
        while len(answers) > base:
            sw1 = answers[-1][1] >> 8
            if sw1 != _MORE_DATA and sw1 != _WRONG_LE:
                return
            done = len(answers) - base
            # off the list while completing: if that raises, the command is
            # unanswered (as a tracing wrapper above must then record it)
            answer = self._complete(apdus[done - 1], *answers.pop())
            answers.append(answer)
            if answer[1] != OK or done == len(apdus):
                return
            self.inner.transmit_many(apdus[done:], answers)

    def _complete(self, apdu: bytes, data: bytes, sw: int) -> tuple[bytes, int]:
        """Repeat after ``6Cxx``, then fetch what ``61xx`` announces."""
        if sw >> 8 == _WRONG_LE:
            command = CommandApdu.parse(apdu)
            data, sw = self.inner.transmit(command.with_le(sw & 0xFF or 256).to_bytes())
        chunks = [data]
        for _ in range(MAX_CHAINED_RESPONSES):
            if sw >> 8 != _MORE_DATA:
                return b"".join(chunks), sw
            get_response = CommandApdu(
                cla=apdu[0] & 0x03, ins=0xC0, p1=0, p2=0, le=(sw & 0xFF) or 256
            )
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
    if sw != OK:
        raise status_error(sw, what)
    return data


class Batch:
    """Fixed commands sent with one :meth:`Connection.transmit_many`; their
    answers are then read in order with :meth:`answer`."""

    def __init__(self, conn: Connection, apdus: Sequence[bytes]) -> None:
        self.conn = conn
        self.apdus = apdus
        self.answers: list[Answer] = []
        conn.transmit_many(apdus, self.answers)

    def answer(self, i: int) -> Answer:
        """The answer to command ``i``. If the batch stopped at the command
        before (an answer other than 9000 that the caller accepted: 6A83 for an
        optional record, 6282…), the rest of the batch is sent now."""
        answers = self.answers
        if i == len(answers) and i < len(self.apdus):
            self.conn.transmit_many(self.apdus[i:], answers)
        if i >= len(answers):
            raise CardUnresponsiveError(f"no answer to command {i + 1} of a batch")
        return answers[i]

    def data(self, i: int, what: str) -> bytes:
        """The data of a ``9000`` answer to command ``i``, else its status error."""
        data, sw = self.answer(i)
        if sw != OK:
            raise status_error(sw, what)
        return data


def send_all(
    conn: Connection, apdus: Sequence[bytes], whats: Sequence[str]
) -> list[bytes]:
    """:func:`send_bytes` for several fixed commands sent as one :class:`Batch`:
    the data of each, or the error of the first answer that is not ``9000``."""
    batch = Batch(conn, apdus)
    return [batch.data(i, what) for i, what in enumerate(whats)]


def status_error(sw: int, what: str) -> StatusWordError:
    """The :class:`StatusWordError` subclass that fits ``sw``."""
    return _ERROR_BY_SW.get(sw, StatusWordError)(sw, what)


_ERROR_BY_SW: dict[int, type[StatusWordError]] = {
    SW.FILE_NOT_FOUND: FileNotFoundOnCardError,
    SW.RECORD_NOT_FOUND: RecordNotFoundError,
    SW.SECURITY_STATUS_NOT_SATISFIED: SecurityStatusError,
    SW.CONDITIONS_NOT_SATISFIED: ConditionsNotSatisfiedError,
}


def check_sw_bytes(raw: bytes) -> tuple[bytes, int]:
    """Split a raw response (data || SW1 SW2) as adapters receive it."""
    n = len(raw)
    if n < 2:
        raise MalformedDataError("response APDU", f"{n} bytes, need SW1 SW2")
    if type(raw) is not bytes:
        raw = bytes(raw)
    return raw[:-2], raw[-2] << 8 | raw[-1]
