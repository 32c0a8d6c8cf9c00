# SPDX-License-Identifier: Apache-2.0
"""Forbidden characters (NUL, other controls, lone surrogates) in any input
answer the same 400 on SQLite and PostgreSQL, and the connection stays usable.

PostgreSQL cannot store a NUL in text: before the boundary check these
requests reached the database there and ended in a 500 (SQLite answered 4xx).
Each request is made with valid credentials so that without the check it
would reach the database."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

from tests.backend.conftest import Env, error_code
from tests.backend.test_staff import STAFF, staff

Probe = Callable[[Env], Any]


def _json(env: Env, path: str, raw: str, headers: dict[str, str]) -> Any:
    """POST a JSON text as written (escapes such as \\u0000 kept as sent)."""
    return env.client.post(
        path,
        content=raw.encode("utf-8"),
        headers={**headers, "Content-Type": "application/json"},
    )


PROBES: dict[str, tuple[Probe, str]] = {
    "certificate code in the path": (
        lambda env: env.client.get("/api/v1/public/certificates/ABCD-%00EFG"),
        "path",
    ),
    "request reference in the path": (
        lambda env: env.client.get(
            "/api/v1/public/requests/PT2026%00", params={"t": "x"}
        ),
        "path",
    ),
    "status token in the query": (
        lambda env: env.client.get(
            "/api/v1/public/requests/PT20261127K7Q2XM", params={"t": "a\x00b"}
        ),
        "query.t",
    ),
    "staff username in the body": (
        lambda env: _json(
            env,
            f"{STAFF}/login",
            '{"username": "issuer\\u0000", "password": "issuer-demo"}',
            {},
        ),
        "body.username",
    ),
    "lone surrogate in the body": (
        lambda env: _json(
            env,
            f"{STAFF}/login",
            '{"username": "issuer\\ud800", "password": "issuer-demo"}',
            {},
        ),
        "body.username",
    ),
    "escape in a key of the body": (
        lambda env: _json(
            env, f"{STAFF}/login", '{"user\\u0001": "x", "password": "y"}', {}
        ),
        "body.user?",
    ),
    "reason (free text) in the body": (
        lambda env: _json(
            env,
            f"{STAFF}/requests/PT20261127K7Q2XM/advance",
            '{"reason": "ok\\u001b[2J"}',
            staff(env, "reviewer"),
        ),
        "body.reason",
    ),
    "audit filter in the query": (
        lambda env: env.client.get(
            f"{STAFF}/audit",
            params={"entity": "card\x00"},
            headers=staff(env, "admin"),
        ),
        "query.entity",
    ),
    "card number in a staff path": (
        lambda env: env.client.post(
            f"{STAFF}/cards/D0000%7F123/activate", headers=staff(env, "issuer")
        ),
        "path",
    ),
    "request reference in a staff path": (
        lambda env: env.client.get(
            f"{STAFF}/requests/PT%00", headers=staff(env, "reviewer")
        ),
        "path",
    ),
    "kiosk id header": (
        lambda env: env.client.post(
            "/api/v1/auth/challenge",
            json={"card_number": "D00000123"},
            headers={"X-Kiosk-Id": f"{env.kiosk_id}\x00", "X-Kiosk-Key": "k"},
        ),
        "header.x-kiosk-id",
    ),
    "idempotency key header": (
        lambda env: env.client.post(
            "/api/v1/transfers",
            json={"kind": "pension", "to_region": "310000"},
            headers={
                **env.kiosk,
                "Idempotency-Key": "key\x01",
                "X-Card-Number": "D00000123",
                "X-Card-Signature": "00" * 64,
            },
        ),
        "header.idempotency-key",
    ),
    "bearer token header": (
        lambda env: env.client.get(
            "/api/v1/me", headers={**env.kiosk, "Authorization": "Bearer t\x00k"}
        ),
        "header.authorization",
    ),
}


@pytest.mark.parametrize("name", sorted(PROBES))
def test_forbidden_character_answers_400_on_every_engine(env: Env, name: str) -> None:
    probe, field = PROBES[name]
    got = probe(env)
    assert got.status_code == 400, got.text
    assert error_code(got) == "invalid_request"
    assert got.json()["error"]["detail"]["fields"] == [field]
    assert "\\u0000" not in got.text  # the value is never echoed
    healthy = env.client.get("/healthz")  # the server and its pool are fine
    assert healthy.status_code == 200 and healthy.json()["database"] == "ok"


def test_line_breaks_in_free_text_pass_the_boundary(env: Env) -> None:
    """Tab and line breaks are refused in identifiers but not in free text: the
    reason reaches the endpoint, which answers for the unknown card."""
    body = json.dumps({"reason": "documents\nmissing\tsee notes"})
    issuer = staff(env, "issuer")
    answer = _json(env, f"{STAFF}/cards/Z99999999/revoke", body, issuer)
    assert (answer.status_code, error_code(answer)) == (404, "not_found")
    in_path = env.client.post(
        f"{STAFF}/cards/Z9999%0A999/revoke", content=body.encode(), headers=issuer
    )
    assert in_path.json()["error"]["detail"]["fields"] == ["path"]
