# SPDX-License-Identifier: Apache-2.0
"""Request id, client address and the access log (one JSON line per request).

What a line keeps: method, the ROUTE TEMPLATE (``/api/v1/staff/persons/{ssn}``,
never the path with its SSN, verification code or reference), the NAMES of
the query parameters (never their values: a status token or an SSN may be
there), status, milliseconds, kiosk id and client address. Never headers,
bodies, tokens, signatures or passwords (SECURITY.md).

The client address is the TCP peer, or, when that peer is one of the
configured ``[server] trusted_proxies``, the address the proxy put into
``X-Forwarded-For`` (walked from the right while the hops are trusted). From
any other peer, ``X-Forwarded-For`` is ignored: a client cannot choose the
address it is logged under.
"""

from __future__ import annotations

import ipaddress
import logging
import re
import secrets
import time
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import parse_qsl

from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ssclog import REQUEST_ID

access_log = logging.getLogger("backend.access")

UNMATCHED = "(unmatched)"
# an incoming X-Request-ID is kept when it is 1-64 characters of this set
# (a UUID, 32 hex digits, a proxy's $request_id); anything else is replaced
_REQUEST_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{0,63}")

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@dataclass(frozen=True, kw_only=True)
class TrustedProxies:
    """Peers whose ``X-Forwarded-For`` is believed (``[server] trusted_proxies``)."""

    networks: tuple[Network, ...] = ()

    @classmethod
    def parse(cls, entries: Iterable[str]) -> TrustedProxies:
        """From addresses or CIDR blocks (``10.0.0.0/8``); ValueError if bad."""
        return cls(
            networks=tuple(ipaddress.ip_network(e, strict=False) for e in entries)
        )

    def trusts(self, address: str) -> bool:
        """Whether ``address`` is one of the trusted proxies."""
        if not self.networks:
            return False
        try:
            ip = ipaddress.ip_address(address)
        except ValueError:
            return False
        return any(ip in net for net in self.networks)

    def client(self, peer: str, forwarded_for: str | None) -> str:
        """The client's address: ``peer``, or the right-most ``X-Forwarded-For``
        hop that is not itself a trusted proxy when ``peer`` is one."""
        if not forwarded_for or not self.trusts(peer):
            return peer
        address = peer
        for hop in reversed([h.strip() for h in forwarded_for.split(",")]):
            if not self.trusts(address):
                break
            try:
                address = str(ipaddress.ip_address(hop))
            except ValueError:
                break  # garbage from further left: keep the last good hop
        return address


def request_id_of(headers: Headers) -> str:
    """The caller's ``X-Request-ID`` when well-formed, else a new one."""
    given = headers.get("x-request-id", "")
    if _REQUEST_ID.fullmatch(given):
        return given
    return secrets.token_hex(16)  # 32 hex digits, like uuid4().hex


def route_of(scope: Scope) -> str:
    """The route template that answered (``/api/v1/transfers/{reference}``),
    or ``(unmatched)``: a path no route knows is never logged as such."""
    path = getattr(scope.get("route"), "path", None)
    return path if isinstance(path, str) else UNMATCHED


def query_names(scope: Scope) -> list[str]:
    """The names of the query parameters, sorted, without their values."""
    raw = scope.get("query_string", b"")
    if not raw:
        return []
    pairs = parse_qsl(raw.decode("latin-1"), keep_blank_values=True)
    return sorted({name for name, _ in pairs})


class AccessLog:
    """Pure ASGI middleware: request id (``X-Request-ID`` in and out), client
    address behind trusted proxies, and one access-log line per request.

    Not ``@app.middleware("http")``: Starlette's BaseHTTPMiddleware runs each
    request through an extra task group and memory stream (about 8% of the
    server's CPU under load, see docs/backend.md "Performance").
    """

    def __init__(
        self, app: ASGIApp, *, trusted_proxies: TrustedProxies | None = None
    ) -> None:
        self.app = app
        self.trusted = trusted_proxies or TrustedProxies()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        request_id = request_id_of(headers)
        scope.setdefault("state", {})["request_id"] = request_id
        peer = scope.get("client")
        if peer:
            client = self.trusted.client(peer[0], headers.get("x-forwarded-for"))
            scope["client"] = (client, peer[1])
        token = REQUEST_ID.set(request_id)
        started = time.perf_counter()
        status = 500

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                MutableHeaders(scope=message).append("X-Request-ID", request_id)
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            _log_access(scope, headers, status, started)
            REQUEST_ID.reset(token)


def _log_access(scope: Scope, headers: Headers, status: int, started: float) -> None:
    """One line: method, route template, query names, status, ms, kiosk, client."""
    if not access_log.isEnabledFor(logging.INFO):
        return
    route = route_of(scope)
    client = scope.get("client")
    fields = {
        "method": scope["method"],
        "route": route,
        "query": query_names(scope),
        "status": status,
        "ms": round((time.perf_counter() - started) * 1000, 1),
        "kiosk": headers.get("x-kiosk-id", ""),
        "client": client[0] if client else "",
    }
    access_log.info(
        "%s %s %d", scope["method"], route, status, extra={"fields": fields}
    )
