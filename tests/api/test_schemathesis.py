# SPDX-License-Identifier: Apache-2.0
"""Schemathesis against the backend's own OpenAPI document (backend.app.create_app).

The app runs in process (ASGI) on a migrated, demo-seeded database: SQLite,
and PostgreSQL (marker ``postgres``, run in CI) where a string the other
engine stores may be refused by the driver (a NUL) and must still answer 4xx.
Requests carry the demo kiosk's credentials and a real resident session
(signed in by a virtual card) or a staff token, unless the generated case
brings its own (possibly garbage) auth headers. Checked: no 5xx, and every
response conforms to the schema (status code documented, body schema, content
type). ``max_examples`` is bounded so the run stays well under two minutes.
"""

from __future__ import annotations

import dataclasses
import os
import shutil
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import schemathesis
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from backend.app import create_app
from backend.context import AppContext
from backend.db import migrate
from backend.demo import DEMO_CARDS, DEMO_KIOSK, DEMO_OPERATORS, seed
from backend.demo_data import RESIDENTS
from backend.settings import RateLimits, load_settings
from card.auth import AuthSession, KeyRef, bind_challenge
from card.connection import GetResponseConnection
from card.ssse import SsseSession
from card.virtual import VirtualCard, VirtualConnection
from tests.conftest import new_postgres_database

CHECKS = [
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
    content_type_conformance,
]
MAX_EXAMPLES = int(os.environ.get("SSC_API_EXAMPLES", "12"))  # more: a deeper run


@dataclass
class Api:
    """The app, its kiosk credentials, and tokens refreshed when spent."""

    app: FastAPI
    http: TestClient
    kiosk: dict[str, str]
    card: Path
    pin: str
    staff_tokens: dict[str, str] = field(default_factory=dict)
    resident_token: str = ""
    uses: int = 0
    spent: set[str] = field(default_factory=set)

    def staff_login(self, role: str) -> str:
        """A new staff token of the demo operator with ``role``."""
        username, password = next((u, p) for u, p, r in DEMO_OPERATORS if r == role)
        login = self.http.post(
            "/api/v1/staff/login", json={"username": username, "password": password}
        )
        assert login.status_code == 200, login.text
        return str(login.json()["token"])

    def resident(self) -> str:
        """A bearer token of a fresh resident session (card signs the challenge)."""
        if self.resident_token and self.uses < 20:
            self.uses += 1
            return self.resident_token
        card = VirtualCard.load(self.card)
        conn = GetResponseConnection(VirtualConnection(card))
        ssse = SsseSession(conn)
        number = ssse.read_issuer().card_number
        ssse.verify_pin(self.pin)
        got = self.http.post(
            "/api/v1/auth/challenge", headers=self.kiosk, json={"card_number": number}
        ).json()
        digest = bind_challenge(
            bytes.fromhex(got["nonce"]), self.kiosk["X-Kiosk-Id"], number
        )
        signature = AuthSession(conn).authenticate(KeyRef.HOLDER, digest).hex()
        answer = self.http.post(
            "/api/v1/auth/session",
            headers=self.kiosk,
            json={
                "challenge_id": got["challenge_id"],
                "card_number": number,
                "signature": signature,
            },
        )
        assert answer.status_code == 200, answer.text
        self.resident_token, self.uses = answer.json()["token"], 0
        return self.resident_token


@pytest.fixture(
    scope="module",
    params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)],
)
def api(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Api]:
    tmp = tmp_path_factory.mktemp(f"api-{request.param}")
    with ExitStack() as stack:
        if request.param == "postgres":
            url = stack.enter_context(new_postgres_database("ssc_api"))
        else:
            url = f"sqlite:///{tmp / 'backend.sqlite3'}"
        yield from _serve(url, tmp)


def _serve(url: str, tmp: Path) -> Iterator[Api]:
    """The seeded app on ``url`` with its kiosk, resident card and staff."""
    settings_ = dataclasses.replace(
        load_settings(database_url=url),
        rate_limits=RateLimits(
            challenges_per_kiosk=100_000,
            loss_reports_per_kiosk=100_000,
            loss_reports_per_ssn=100_000,
            staff_login_failures_per_address=100_000,
            staff_login_failures_per_user=100_000,
        ),
    )
    migrate(url)
    ctx = AppContext.create(settings_)
    cards = tmp / "cards"
    shutil.copytree(DEMO_CARDS, cards)
    secret = seed(ctx, cards_dir=cards)
    app = create_app(settings_, ctx=ctx)
    resident = next(r for r in RESIDENTS if r.card == "active" and r.request)
    with TestClient(app) as http:
        api = Api(
            app=app,
            http=http,
            kiosk={"X-Kiosk-Id": DEMO_KIOSK, "X-Kiosk-Key": secret},
            card=cards / f"{resident.card_number}.json",
            pin=resident.pin,
        )
        for _username, _password, role in DEMO_OPERATORS:
            api.staff_tokens[role] = api.staff_login(role)
        yield api
    ctx.engine.dispose()


@pytest.fixture(scope="module")
def api_schema(api: Api) -> schemathesis.BaseSchema:
    return schemathesis.openapi.from_asgi("/openapi.json", api.app)


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck)
)
def test_api_conforms_and_never_fails_5xx(case: schemathesis.Case, api: Api) -> None:
    path = case.operation.path
    own = {k.lower() for k in (case.headers or {})}
    headers: dict[str, str] = {}
    if "x-kiosk-id" not in own and "x-kiosk-key" not in own:
        headers.update(api.kiosk)
    if "authorization" not in own:
        if path == "/api/v1/staff/logout":  # ends a token of its own
            token = api.staff_login("reviewer")
        elif path.startswith("/api/v1/staff"):
            token = _staff_token(api, path)
        else:
            token = api.resident()
        headers["Authorization"] = f"Bearer {token}"
    if case.method.upper() == "DELETE" and path == "/api/v1/auth/session":
        api.resident_token = ""  # that case logs the session out
    response = case.call(headers=headers)
    case.validate_response(response, checks=CHECKS)


PAGED = {"/api/v1/contributions": "resident", "/api/v1/staff/audit": "admin"}


@pytest.mark.parametrize("path", sorted(PAGED))
def test_huge_page_is_not_a_server_error(api: Api, path: str) -> None:
    token = api.resident() if PAGED[path] == "resident" else api.staff_tokens["admin"]
    answer = api.http.get(
        path,
        params={"page": 461168601842738792},
        headers={**api.kiosk, "Authorization": f"Bearer {token}"},
    )
    assert answer.status_code == 400, answer.text


def test_openapi_documents_the_error_answers(api: Api) -> None:
    doc = api.http.get("/openapi.json").json()
    problems = []
    for path, operations in doc["paths"].items():
        for method, operation in operations.items():
            codes = set(operation.get("responses", {}))
            if path.startswith("/api/v1") and not {"400", "413"} <= codes:
                problems.append(f"{method.upper()} {path}: {sorted(codes)}")
    transfers = doc["paths"]["/api/v1/transfers"]["post"]["responses"]
    if "200" not in transfers:
        problems.append("POST /api/v1/transfers: no 200 for a replay")
    assert problems == []


def _staff_token(api: Api, path: str) -> str:
    """The operator whose role the endpoint needs (issuer, reviewer or admin)."""
    if "/reviews" in path or "/requests/" in path:
        return api.staff_tokens["reviewer"]
    if "/audit" in path or "/operators" in path:
        return api.staff_tokens["admin"]
    return api.staff_tokens["issuer"]


def test_schema_lists_the_documented_operations(api: Api) -> None:
    """Guard: the schema really covers the API (resident, kiosk, staff, public)."""
    doc = api.http.get("/openapi.json").json()
    paths = set(doc["paths"])
    for expected in (
        "/api/v1/auth/challenge",
        "/api/v1/me",
        "/api/v1/transfers",
        "/api/v1/staff/login",
        "/api/v1/loss-reports/temporary",
    ):
        assert expected in paths
