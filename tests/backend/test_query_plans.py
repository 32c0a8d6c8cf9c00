# SPDX-License-Identifier: Apache-2.0
"""Every statement of a resident's visit is an index look-up on PostgreSQL.

A fresh database is migrated and seeded with the demo residents, then filled
with generated residents (``python -m bench.generate``, loaded by the real
``ss-backend import``) and with the rows a province's other residents leave
behind (cards, sessions, challenges, idempotency records, requests,
certificates, rate-limit events, kiosks), and ANALYZEd. A demo resident then
goes through a visit by the real API (session, accounts, contributions,
transfer previews, a signed transfer and its replay, request listings, a
certificate); every SELECT, UPDATE and DELETE the backend sent is captured as
it was sent and EXPLAINed with its parameters, and the statements the backend
prepares (backend/pg.py) also with the generic plan PostgreSQL may switch to.
No plan may scan a table sequentially, and a plan that reads contributions
reads exactly one of its partitions (docs/scale.md, "Contributions,
partitioned").
"""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy import event

# _positional: the PREPARE text and EXECUTE arguments the backend itself sends
from backend.pg import PREPARE, _positional
from card.auth import canonical_json
from tests.backend.conftest import Env, seeded_env
from tests.conftest import ROOT, new_postgres_database

pytestmark = pytest.mark.postgres

PERSONS = 1_000  # two years of pension and medical: about 45,000 contributions
CARD = "D00000099"  # a demo resident with a pension account to transfer
# every table the visit reads is filled well past this; a plan may not scan
# any table sequentially, whatever its size
LARGE = 1_000

# the rows other residents leave behind, so that no table the visit reads is
# small enough for the planner to read whole (one card per generated person,
# ended sessions, used challenges, past submissions and their requests)
FILLERS = (
    "INSERT INTO kiosks (id, secret_hash, revoked, created_at)"
    " SELECT 'kiosk-' || g, md5(g::text), false, now()"
    " FROM generate_series(1, 2000) g",
    "INSERT INTO cards (card_number, person_id, recognition_code, card_type,"
    " spec_version, status, issue_date, expiry_date, pin_initial, created_at)"
    " SELECT 'F' || lpad(p.id::text, 8, '0'), p.id, md5(p.ssn), '3', '3.00',"
    " 'active', date '2024-01-01', date '2034-01-01', false, now()"
    " FROM persons p WHERE NOT EXISTS"
    " (SELECT 1 FROM cards c WHERE c.person_id = p.id)",
    "INSERT INTO sessions (token_hash, kiosk_id, card_id, purpose, created_at,"
    " expires_at, ended_at)"
    " SELECT md5(c.id || '/' || g) || md5(g || '/' || c.id), 'kiosk-' || g,"
    " c.id, 'session', now() - interval '2 days', now() - interval '1 day',"
    " now() - interval '1 day'"
    " FROM cards c, generate_series(1, 3) g",
    "INSERT INTO challenges (id, nonce, kiosk_id, card_number, purpose,"
    " created_at, expires_at, used_at)"
    " SELECT md5(c.id || ':' || g)::uuid::text, decode(md5(c.card_number), 'hex'),"
    " 'kiosk-' || g, c.card_number, 'session', now() - interval '2 days',"
    " now() - interval '2 days', now() - interval '2 days'"
    " FROM cards c, generate_series(1, 3) g",
    "INSERT INTO service_requests (reference, kind, category, person_id,"
    " card_number, kiosk_id, status, status_token, from_region, to_region,"
    " total_cents, details, created_at, updated_at, organisational_transfer)"
    " SELECT 'PF' || lpad(c.id::text, 8, '0') || k.kind, k.kind, k.category,"
    " c.person_id, c.card_number, 'kiosk-1', 'completed', md5(c.card_number),"
    " '430100', '440300', 0, '{}', now() - interval '30 days',"
    " now() - interval '20 days', 'none'"
    " FROM cards c, (VALUES ('pension', 'transfer'), ('medical', 'transfer'),"
    " ('unemployment', 'claim')) k (kind, category)",
    "INSERT INTO request_events (request_id, status, at, actor, reason)"
    " SELECT r.id, s, r.created_at, 'system', ''"
    " FROM service_requests r, unnest(ARRAY['submitted', 'completed']) s",
    "INSERT INTO idempotency_records (kiosk_id, card_number, key, body_hash,"
    " signed_at, status, reference, error, created_at)"
    " SELECT r.kiosk_id, r.card_number, md5(r.reference) || md5(r.status_token),"
    " md5(r.reference), 0, 201, r.reference, NULL, r.created_at"
    " FROM service_requests r",
    "INSERT INTO insurance_certificates (verification_code, person_id,"
    " issued_at, data) SELECT md5(p.ssn || 'c'), p.id, now(), '{}'"
    " FROM persons p",
    "INSERT INTO benefit_history (person_id, separation_date, entitled_months,"
    " received_months) SELECT p.id, date '2020-06-30', 12, 12"
    " FROM persons p",
    "INSERT INTO rate_events (bucket, at)"
    " SELECT 'kiosk-' || mod(g, 2000), now() - mod(g, 3600) * interval '1 second'"
    " FROM generate_series(1, 20000) g",
)


@dataclass(frozen=True, kw_only=True)
class Sent:
    """One statement as the backend sent it."""

    sql: str
    params: dict[str, Any]
    prepared: bool  # marked prepared(): PREPAREd per connection (backend/pg.py)


@dataclass(frozen=True, kw_only=True)
class Province:
    """The demo backend among generated residents, its tables ANALYZEd."""

    env: Env
    url: str
    lost: tuple[str, str]  # a generated resident's SSN and mobile


@pytest.fixture(scope="module")
def province(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Province]:
    """The demo backend among generated residents, its tables ANALYZEd."""
    tmp = tmp_path_factory.mktemp("plans")
    with new_postgres_database("ssc_plans") as url:
        env = seeded_env(url, tmp)
        try:
            files = _import_generated(url, tmp)
            _fill(url)
            with (files / "persons.csv").open(encoding="utf-8") as f:
                first = next(csv.DictReader(f))
            yield Province(env=env, url=url, lost=(first["ssn"], first["mobile"]))
        finally:
            env.close()


def _import_generated(url: str, tmp: Path) -> Path:
    """Generate residents and load them with ``ss-backend import``: the folder
    of the files."""
    files = tmp / "generated"
    _run(
        "bench.generate",
        *("--persons", str(PERSONS), "--years", "2", "--seed", "3"),
        *("--insurances", "pension,medical", "--out", str(files)),
    )
    report = str(tmp / "rejects.csv")
    _run("backend.cli", "--database-url", url, "import", str(files), "--report", report)
    return files


def _fill(url: str) -> None:
    """Add the rows of :data:`FILLERS`, then ANALYZE every table."""
    engine = sa.create_engine(url)
    try:
        with engine.begin() as conn:
            for statement in FILLERS:
                conn.exec_driver_sql(statement)
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("ANALYZE")
    finally:
        engine.dispose()


def _run(module: str, *args: str) -> None:
    """``python -m module args`` from the checkout; it must succeed."""
    done = subprocess.run(  # noqa: S603 - our own modules
        [sys.executable, "-m", module, *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-2000:]


def _visit(env: Env, lost: tuple[str, str]) -> None:
    """A resident's visit through the API, as the kiosk makes it, then a
    temporary loss report of another's card, by SSN and mobile (``lost``)."""
    headers = env.login(CARD)
    for path in (
        "/api/v1/me",
        "/api/v1/accounts",
        "/api/v1/contributions",
        "/api/v1/contributions?insurance=pension&year=2025&page=2&page_size=6",
        "/api/v1/claims/unemployment/eligibility",
        "/api/v1/regions",
    ):
        got = env.client.get(path, headers=headers)
        assert got.status_code == 200, (path, got.text)
    for kind in ("pension", "medical"):
        body = {"kind": kind, "to_region": "310000"}
        got = env.client.post("/api/v1/transfers/preview", headers=headers, json=body)
        assert got.status_code == 200, got.text
    reference = _transfer(env)
    for path in (
        "/api/v1/transfers",
        f"/api/v1/transfers/{reference}",
        "/api/v1/claims",
        "/api/v1/certificate",
    ):
        got = env.client.get(path, headers=headers)
        assert got.status_code == 200, (path, got.text)
    code = got.json()["verification_code"]
    got = env.client.get(f"/api/v1/public/certificates/{code}")
    assert got.status_code == 200, got.text
    ssn, mobile = lost
    got = env.client.post(
        "/api/v1/loss-reports/temporary",
        headers=env.kiosk,
        json={"ssn": ssn, "mobile_last4": mobile[-4:]},
    )
    assert got.status_code == 200, got.text


def _transfer(env: Env) -> str:
    """A card-signed pension transfer, delivered twice (the outbox's resend):
    the reference of the request it made."""
    path, body = "/api/v1/transfers", {"kind": "pension", "to_region": "440300"}
    headers = env.signer(CARD).submission_headers(env.kiosk, path, canonical_json(body))
    first = env.client.post(path, json=body, headers=headers)
    assert first.status_code == 201, first.text
    again = env.client.post(path, json=body, headers=headers)
    assert again.json()["reference"] == first.json()["reference"], again.text
    return str(first.json()["reference"])


def _record(env: Env) -> tuple[list[Sent], Any]:
    """Record every read, update and delete the backend's engine sends."""
    sent: list[Sent] = []

    def seen(
        conn: Any, cursor: Any, sql: str, params: Any, context: Any, many: bool
    ) -> None:
        verb = sql.lstrip().split(None, 1)[0].upper()
        if many or verb not in {"SELECT", "UPDATE", "DELETE", "WITH"}:
            return
        options = context.execution_options if context is not None else {}
        sent.append(
            Sent(
                sql=sql, params=dict(params or {}), prepared=bool(options.get(PREPARE))
            )
        )

    return sent, seen


def _plans(url: str, sent: list[Sent]) -> list[tuple[str, str, dict[str, Any]]]:
    """(kind of plan, statement, plan) for every statement: its custom plan
    (parameters as values) and, for a prepared one, its generic plan."""
    plans = []
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            cursor = conn.connection.dbapi_connection.cursor()
            for one in sent:
                cursor.execute("EXPLAIN (FORMAT JSON) " + one.sql, one.params)
                plans.append(("custom", one.sql, _top(cursor)))
                if one.prepared:
                    plans.append(("generic", one.sql, _generic(cursor, one)))
            conn.rollback()
    finally:
        engine.dispose()
    return plans


def _generic(cursor: Any, one: Sent) -> dict[str, Any]:
    """The generic plan of the statement as backend/pg.py prepares it."""
    text, arguments = _positional(one.sql)
    cursor.execute(b"PREPARE plan_check AS " + text)
    cursor.execute("SET plan_cache_mode = force_generic_plan")
    try:
        cursor.execute(
            b"EXPLAIN (FORMAT JSON) EXECUTE plan_check(" + arguments + b")", one.params
        )
        return _top(cursor)
    finally:
        cursor.execute("RESET plan_cache_mode")
        cursor.execute("DEALLOCATE plan_check")


def _top(cursor: Any) -> dict[str, Any]:
    (document,) = cursor.fetchone()
    found = json.loads(document) if isinstance(document, str) else document
    return dict(found[0]["Plan"])


def _nodes(plan: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield plan
    for child in plan.get("Plans", ()):
        yield from _nodes(child)


def _sizes(url: str) -> dict[str, float]:
    """Rows per table, as ANALYZE counted them (partitions included)."""
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            rows = conn.exec_driver_sql(
                "SELECT relname, reltuples FROM pg_class WHERE relkind = 'r'"
                " AND relnamespace = 'public'::regnamespace"
            )
            return {name: float(count) for name, count in rows}
    finally:
        engine.dispose()


def test_a_residents_visit_reads_by_index_and_one_partition(
    province: Province,
) -> None:
    env = province.env
    sent, seen = _record(env)
    event.listen(env.ctx.engine, "before_cursor_execute", seen)
    try:
        _visit(env, province.lost)
    finally:
        event.remove(env.ctx.engine, "before_cursor_execute", seen)
    sizes = _sizes(province.url)
    problems, read = [], set()
    for kind, sql, plan in _plans(province.url, sent):
        nodes = list(_nodes(plan))
        read |= {n["Relation Name"] for n in nodes if "Relation Name" in n}
        scanned = {n["Relation Name"] for n in nodes if n["Node Type"] == "Seq Scan"}
        if scanned:
            problems.append(f"{kind} plan scans {sorted(scanned)} whole:\n{sql}")
        parts = {
            n["Relation Name"]
            for n in nodes
            if n.get("Relation Name", "").startswith("contributions")
        }
        if parts and len(parts) != 1:
            problems.append(f"{kind} plan reads partitions {sorted(parts)}:\n{sql}")
    assert not problems, "\n\n".join(problems)
    # the visit read what it should, and every table it read was large enough
    # for the planner to have a choice
    wanted = {"persons", "cards", "sessions", "challenges", "accounts", "kiosks"}
    wanted |= {"service_requests", "idempotency_records", "insurance_certificates"}
    assert wanted <= read, sorted(wanted - read)
    assert any(name.startswith("contributions_p") for name in read), sorted(read)
    small = {name: sizes[name] for name in read if sizes[name] <= LARGE}
    assert not small, small
