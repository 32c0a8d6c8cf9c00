# SPDX-License-Identifier: Apache-2.0
"""A cap on the size of every request body, enforced while it arrives.

Without it a client could send any amount: a 100 MB body took the server from
388 to 684 MB, as the endpoint read it whole. :class:`BodyLimit` (a pure ASGI
middleware, like the access log) answers ``413 payload_too_large`` in the
error envelope of docs/api.md:

- at once, without calling the app, when ``Content-Length`` announces more
  than ``max_bytes`` (nothing of the body is read; the server closes the
  connection rather than drain it);
- as soon as the bytes received exceed ``max_bytes`` when the length is not
  announced (chunked): the app is told the client went away and whatever it
  answers instead is dropped. At most ``max_bytes`` plus one chunk is held.

The limit is ``[http] max_body_bytes`` of the backend settings.
"""

from __future__ import annotations

import json
import logging

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from backend.errors import PayloadTooLargeError

log = logging.getLogger(__name__)


class BodyLimit:
    """Refuse request bodies over ``max_bytes`` with 413 (see module docstring)."""

    def __init__(self, app: ASGIApp, *, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        announced = _content_length(scope)
        if announced is not None and announced > self.max_bytes:
            await refuse(scope, send, self.max_bytes)
            return
        guard = _Guard(scope, receive, send, self.max_bytes)
        await self.app(scope, guard.receive, guard.send)


async def refuse(scope: Scope, send: Send, max_bytes: int) -> None:
    """Send the 413 envelope and ask the server to close the connection (the
    rest of the body is never read)."""
    log.info("request body over %d bytes refused", max_bytes)
    error = PayloadTooLargeError(
        f"request body larger than {max_bytes} bytes", detail={"max_bytes": max_bytes}
    )
    request_id = scope.get("state", {}).get("request_id", "")
    body = json.dumps(
        {
            "error": {
                "code": error.code,
                "message": error.message,
                "request_id": request_id,
                "detail": error.detail,
            }
        }
    ).encode("utf-8")
    headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(body)).encode("ascii")),
        (b"connection", b"close"),
    ]
    await send(
        {"type": "http.response.start", "status": error.status, "headers": headers}
    )
    await send({"type": "http.response.body", "body": body})


class _Guard:
    """One request whose length was not announced (or announced within the
    limit): counts what arrives and refuses past the limit."""

    def __init__(self, scope: Scope, receive: Receive, send: Send, max_bytes: int):
        self.scope, self.max_bytes = scope, max_bytes
        self._receive, self._send = receive, send
        self.received = 0
        self.started = self.refused = False

    async def receive(self) -> Message:
        if self.refused:
            return {"type": "http.disconnect"}
        message = await self._receive()
        if message["type"] != "http.request":
            return message
        self.received += len(message.get("body", b""))
        if self.received <= self.max_bytes or self.started:
            return message
        self.refused = True
        await refuse(self.scope, self._send, self.max_bytes)
        # the app stops reading (ClientDisconnect) and its answer is dropped
        return {"type": "http.disconnect"}

    async def send(self, message: Message) -> None:
        if self.refused:
            return
        if message["type"] == "http.response.start":
            self.started = True
        await self._send(message)


def _content_length(scope: Scope) -> int | None:
    """The announced body length, or None (absent or not a number)."""
    value = Headers(scope=scope).get("content-length")
    if value is None or not value.strip().isdigit():
        return None
    return int(value)
