# SPDX-License-Identifier: Apache-2.0
"""uvicorn's HTTP/1.1 protocol with Nagle's algorithm off on every connection.

asyncio turns TCP_NODELAY on only for sockets whose ``proto`` is
``IPPROTO_TCP``. ``ss-backend serve`` with one process lets asyncio open the
listening socket (``proto`` 6, so every accepted connection gets it), but
``--workers N`` serves a socket uvicorn opened as ``socket.socket(family)``,
``proto`` 0, and its connections were left with Nagle on. A response is
written as headers, then body: the body then waited for the client's ACK of
the headers, which Linux delays by 40 ms, so every request with a response
body took 40-45 ms longer (one kiosk, no load: 47 ms per step against 3 ms
with one process). Newer uvicorn releases open that socket with ``proto``
6; the protocol keeps Nagle off whichever release is installed, and
``tests/backend/test_serving.py`` checks the accepted connections themselves.
"""

from __future__ import annotations

import asyncio
import socket

from uvicorn.protocols.http.h11_impl import H11Protocol


def no_delay(transport: asyncio.BaseTransport) -> None:
    """Nagle off on a TCP transport's socket (a Unix socket has none)."""
    sock = transport.get_extra_info("socket")
    if sock is not None and sock.family in (socket.AF_INET, socket.AF_INET6):
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


class NoDelayH11Protocol(H11Protocol):
    """:class:`H11Protocol` that sets TCP_NODELAY on its connection first."""

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        no_delay(transport)
        super().connection_made(transport)
