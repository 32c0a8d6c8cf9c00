# SPDX-License-Identifier: Apache-2.0
"""Characters no request may carry, refused once for every route.

PostgreSQL cannot store a NUL in text (psycopg2 refuses the statement and the
request ended in a 500 with its connection closed) where SQLite stores it, and
neither can encode a lone UTF-16 surrogate (``"\\ud800"`` in JSON) as UTF-8.
Other C0 controls and DEL have no business in an identifier, a code or a name.
So before any endpoint or database sees a request, :func:`refuse_forbidden`
answers ``400 invalid_request`` for:

- the path (path parameters are parts of it) and every query key and value:
  any C0 control (tab and line breaks too), DEL or surrogate;
- the headers that carry identifiers (kiosk id and key, bearer token,
  idempotency key, card number and signature): the same;
- every string (keys too) of a JSON body: the same, except tab, line feed and
  carriage return, which free text (a reason) may hold.

The same answer on both engines, whatever the endpoint; the field named in
``detail.fields`` (``path``, ``query.t``, ``header.x-kiosk-id``,
``body.username``), never its value.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from starlette.requests import Request

from backend.errors import InvalidRequestError

# C0 controls, DEL, UTF-16 surrogates (cannot be encoded as UTF-8)
IN_IDENTIFIER = re.compile("[\x00-\x1f\x7f\ud800-\udfff]")
# the same, except tab, line feed and carriage return (free text)
IN_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
IDENTIFIER_HEADERS = (
    "authorization",
    "x-kiosk-id",
    "x-kiosk-key",
    "idempotency-key",
    "x-card-number",
    "x-card-signature",
)
# a JSON text can carry a forbidden character only as a \u escape (json.loads
# refuses raw control characters in strings) or as a raw DEL byte
JSON_ESCAPE, RAW_DEL = b"\\u", b"\x7f"


def forbidden_fields(request: Request, body: Any) -> list[str]:
    """Where ``request`` (and its parsed JSON ``body``, if any) carries a
    forbidden character: field names in the style of validation errors."""
    # the decoded path as routed (``request.url`` drops tabs and line breaks)
    fields = ["path"] if IN_IDENTIFIER.search(request.scope["path"]) else []
    for key, value in request.query_params.multi_items():
        if IN_IDENTIFIER.search(key) or IN_IDENTIFIER.search(value):
            fields.append(f"query.{_printable(key)}")
    headers = request.headers
    fields += [
        f"header.{name}"
        for name in IDENTIFIER_HEADERS
        if IN_IDENTIFIER.search(headers.get(name, ""))
    ]
    fields += [f"body{where}" for where in _in_json(body, "")]
    return fields


async def refuse_forbidden(request: Request) -> None:
    """400 invalid_request when the request carries a forbidden character."""
    body = await _json_body(request)
    fields = forbidden_fields(request, body)
    if fields:
        raise InvalidRequestError(
            "request contains a control character", detail={"fields": fields}
        )


async def _json_body(request: Request) -> Any:
    """The body as JSON when it may hold a forbidden character, else None.

    ``Request.json`` keeps what it parsed: the endpoint does not parse again.
    A body that is not JSON is left to the endpoint's own validation."""
    raw = await request.body()
    if JSON_ESCAPE not in raw and RAW_DEL not in raw:
        return None
    try:
        return await request.json()
    except ValueError:  # not JSON, or not UTF-8
        return None


def _in_json(value: Any, where: str) -> Iterator[str]:
    """Paths (``.key``, ``.0``) of the strings of ``value`` holding a forbidden
    character (keys are strings too)."""
    if isinstance(value, str):
        if IN_TEXT.search(value):
            yield where
    elif isinstance(value, dict):
        for key, item in value.items():
            name = f"{where}.{_printable(key)}"
            if IN_TEXT.search(key):
                yield name
            yield from _in_json(item, name)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _in_json(item, f"{where}.{index}")


def _printable(name: str) -> str:
    """A field name fit for an answer: forbidden characters as ``?``."""
    return IN_IDENTIFIER.sub("?", name)[:64]
