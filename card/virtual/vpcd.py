# SPDX-License-Identifier: Apache-2.0
"""Bridge a virtual card into pcscd through the vsmartcard ``vpcd`` driver.

pcscd's vpcd driver listens on TCP (35963 for "Virtual PCD 00 00", 35964 for
"Virtual PCD 00 01"); the card side connects to it as a client. Each frame is
a 2-byte big-endian length and a payload. A 1-byte payload is a control
(00 power off, 01 power on, 02 reset, 04 "send the ATR"); any longer payload
is a command APDU to answer with data || SW1 SW2 (ISO 7816-4 §5.1). Closing
the socket is "card removed". While the bridge runs, every PC/SC client sees
a real card.
"""

from __future__ import annotations

import ipaddress
import logging
import signal
import socket
import threading
import time
from dataclasses import dataclass
from enum import IntEnum
from typing import Protocol

from card.errors import CardError, ReaderError

log = logging.getLogger(__name__)

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 35963
READER_PORTS = {"Virtual PCD 00 00": 35963, "Virtual PCD 00 01": 35964}
RECONNECT_FIRST_S = 0.1
RECONNECT_MAX_S = 1.0


class Control(IntEnum):
    """vpcd control bytes (vsmartcard ``vpcd.h``)."""

    POWER_OFF = 0x00
    POWER_ON = 0x01
    RESET = 0x02
    ATR = 0x04


class Icc(Protocol):
    """What the bridge needs from a card: the virtual card OS implements it."""

    @property
    def atr(self) -> bytes: ...

    def power_on(self) -> bytes: ...

    def power_off(self) -> None: ...

    def reset(self) -> bytes: ...

    def process(self, apdu: bytes) -> bytes: ...


class CardTornError(CardError):
    """The card went mute (torn, ``Knobs.tear_after``): the bridge pulls it out."""


@dataclass(frozen=True, kw_only=True)
class BridgeStats:
    """Counters of one bridge: sessions with pcscd, APDUs answered."""

    sessions: int
    apdus: int
    connected: bool


def reader_for_port(port: int) -> str:
    """The PC/SC reader name pcscd gives the vpcd slot on ``port``."""
    for name, known in READER_PORTS.items():
        if known == port:
            return name
    return f"Virtual PCD (port {port})"


def _require_loopback(host: str) -> None:
    """The project talks to 127.0.0.1 only; refuse any other address."""
    if host == "localhost":
        return
    try:
        if ipaddress.ip_address(host).is_loopback:
            return
    except ValueError:
        pass
    raise ReaderError(f"vpcd host {host!r} is not a loopback address")


class VpcdBridge:
    """Plug ``card`` into pcscd's vpcd reader at ``host:port`` until stopped.

    A card that answers nothing (``b""``: torn or mute) is pulled out: the
    connection is closed before the command is answered, so PC/SC clients see
    the card removed mid-command, and the bridge does not plug it in again.
    """

    def __init__(
        self,
        card: Icc,
        *,
        host: str = DEFAULT_HOST,
        port: int = DEFAULT_PORT,
        reconnect: bool = True,
    ) -> None:
        _require_loopback(host)
        self.card = card
        self.host = host
        self.port = port
        self.reconnect = reconnect
        self.reader_name = reader_for_port(port)
        self.connected = threading.Event()
        self._stopping = threading.Event()
        self._sock: socket.socket | None = None
        self._sock_lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._sessions = 0
        self._apdus = 0
        self.torn = False
        self.failure: CardError | None = None

    @property
    def stats(self) -> BridgeStats:
        return BridgeStats(
            sessions=self._sessions,
            apdus=self._apdus,
            connected=self.connected.is_set(),
        )

    def start(self) -> VpcdBridge:
        """Serve on a background thread; returns self."""
        self._thread = threading.Thread(
            target=self._serve_in_thread, daemon=True, name=f"vpcd-{self.port}"
        )
        self._thread.start()
        return self

    @property
    def serving(self) -> bool:
        """True while the background thread runs."""
        return self._thread is not None and self._thread.is_alive()

    def stop(self) -> None:
        """Pull the card out (close the socket) and join the serving thread."""
        self._stopping.set()
        self._close_socket()
        thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join()

    def _serve_in_thread(self) -> None:
        try:
            self.serve_forever()
        except CardError as exc:
            self.failure = exc
            log.error("%s", exc)

    def serve_forever(self) -> None:
        """Connect, answer frames, reconnect after pcscd restarts, until stop()."""
        delay = RECONNECT_FIRST_S
        while not self._stopping.is_set():
            sock = self._connect()
            if sock is None:
                if not self.reconnect:
                    raise ReaderError(
                        f"vpcd at {self.host}:{self.port} refused the "
                        "connection: is pcscd running with vpcd?"
                    )
                self._stopping.wait(delay)
                delay = min(delay * 2, RECONNECT_MAX_S)
                continue
            delay = RECONNECT_FIRST_S
            try:
                self._serve(sock)
            except CardTornError:
                log.info(
                    "card torn out of %s after %d APDUs", self.reader_name, self._apdus
                )
                self.torn = True
                self._stopping.set()
            except OSError as exc:
                if not self._stopping.is_set():
                    log.info("vpcd connection lost: %s", exc)
            finally:
                self.connected.clear()
                self._close_socket()
                self.card.power_off()
            if not self.reconnect:
                break

    def _connect(self) -> socket.socket | None:
        try:
            sock = socket.create_connection((self.host, self.port), timeout=2)
        except OSError as exc:
            log.debug("vpcd connect to %s:%d: %s", self.host, self.port, exc)
            return None
        sock.settimeout(None)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        with self._sock_lock:
            if self._stopping.is_set():
                sock.close()
                return None
            self._sock = sock
        self._sessions += 1
        self.connected.set()
        log.info("card inserted in %s (%s:%d)", self.reader_name, self.host, self.port)
        return sock

    def _close_socket(self) -> None:
        with self._sock_lock:
            sock, self._sock = self._sock, None
        if sock is None:
            return
        try:
            sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        sock.close()

    def _serve(self, sock: socket.socket) -> None:
        """Answer frames until pcscd closes the connection (vpcd framing)."""
        while not self._stopping.is_set():
            payload = _read_frame(sock)
            if payload is None:
                log.info("pcscd closed the vpcd connection")
                return
            answer = self._answer(payload)
            if answer is not None:
                sock.sendall(len(answer).to_bytes(2, "big") + answer)

    def _answer(self, payload: bytes) -> bytes | None:
        if len(payload) == 1:
            return self._control(payload[0])
        if not payload:
            return None
        answer = self.card.process(payload)
        if not answer:
            raise CardTornError(f"card mute after {self._apdus} APDUs")
        self._apdus += 1
        return answer

    def _control(self, code: int) -> bytes | None:
        if code == Control.POWER_OFF:
            self.card.power_off()
        elif code == Control.POWER_ON:
            self.card.power_on()
        elif code == Control.RESET:
            self.card.reset()
        elif code == Control.ATR:
            return bytes(self.card.atr)
        else:
            log.warning("unknown vpcd control byte %02X", code)
        return None


def _quick_ack(sock: socket.socket) -> None:
    """Acknowledge at once: vpcd writes the length and the payload in two sends,
    so Nagle on its side waits for our ACK, which delayed-ACK holds back ~40 ms
    per APDU. TCP_QUICKACK is Linux-only and resets itself, hence every recv."""
    if _QUICKACK is not None:
        sock.setsockopt(socket.IPPROTO_TCP, _QUICKACK, 1)


_QUICKACK: int | None = getattr(socket, "TCP_QUICKACK", None)


def _read_exactly(sock: socket.socket, n: int) -> bytes | None:
    chunks = bytearray()
    while len(chunks) < n:
        _quick_ack(sock)
        chunk = sock.recv(n - len(chunks))
        if not chunk:
            return None
        chunks.extend(chunk)
    return bytes(chunks)


def _read_frame(sock: socket.socket) -> bytes | None:
    """One vpcd frame's payload; None at end of stream."""
    header = _read_exactly(sock, 2)
    if header is None:
        return None
    size = int.from_bytes(header, "big")
    if size == 0:
        return b""
    return _read_exactly(sock, size)


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def serve_until_interrupted(bridge: VpcdBridge, *, poll_s: float = 0.2) -> None:
    """Run ``bridge`` in the foreground; Ctrl-C or SIGTERM pulls the card out
    cleanly (call from the main thread)."""
    # A shell without job control starts background jobs with SIGINT ignored.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, _interrupt)
    bridge.start()
    try:
        while bridge.serving:
            time.sleep(poll_s)
    except KeyboardInterrupt:
        log.info("interrupted: removing the card")
    finally:
        bridge.stop()
