# SPDX-License-Identifier: Apache-2.0
"""The OpenAPI document, completed with the error answers of docs/api.md.

FastAPI documents each operation's success answer and its own 422. This app
turns validation failures into ``400 invalid_request`` and answers errors with
one envelope (``{"error": {"code", "message", "request_id", "detail"}}``), so
the document says exactly that: every ``/api/v1`` operation lists 400, 401,
403, 404, 409, 413, 422, 429, 500 and 503 with the envelope's schema, and the signed
submissions list ``200`` for an idempotent replay beside ``201``.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

ERROR_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["code", "message"],
            "properties": {
                "code": {"type": "string"},
                "message": {"type": "string"},
                "request_id": {"type": "string"},
                "detail": {"type": "object"},
            },
        }
    },
}

ERRORS = {
    "400": "invalid_request: the body or query fails validation",
    "401": "kiosk_unauthorized, session_invalid, session_wrong_kiosk, "
    "staff_unauthorized",
    "403": "forbidden_role, card_not_active, challenge_*, signature_invalid, "
    "certificate_invalid",
    "404": "not_found",
    "409": "conflict, idempotency_mismatch",
    "413": "payload_too_large: the request body is over the configured limit",
    "422": "not_eligible: the rules refuse the request",
    "429": "rate_limited (Retry-After)",
    "500": "internal",
    "503": "service_unavailable: the database is down or locked (Retry-After)",
}
REPLAYABLE = ("/api/v1/transfers", "/api/v1/claims/unemployment")


def _error_response(description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {
            "application/json": {"schema": {"$ref": "#/components/schemas/Error"}}
        },
    }


def complete_schema(schema: dict[str, Any]) -> dict[str, Any]:
    """Add the error envelope and answers to a FastAPI-generated document."""
    schema.setdefault("components", {}).setdefault("schemas", {})["Error"] = (
        ERROR_SCHEMA
    )
    for path, operations in schema.get("paths", {}).items():
        if not path.startswith("/api/v1"):
            continue
        for method, operation in operations.items():
            responses = operation.setdefault("responses", {})
            for status, description in ERRORS.items():
                responses[status] = _error_response(description)
            if method == "post" and path in REPLAYABLE and "201" in responses:
                responses.setdefault(
                    "200",
                    {
                        **responses["201"],
                        "description": "idempotent replay: the "
                        "answer stored for this Idempotency-Key",
                    },
                )
    return schema


def install_openapi(app: FastAPI) -> None:
    """Serve the completed document at ``app.openapi_url`` (built once)."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = complete_schema(
                get_openapi(title=app.title, version=app.version, routes=app.routes)
            )
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
