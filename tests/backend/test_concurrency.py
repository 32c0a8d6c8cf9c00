# SPDX-License-Identifier: Apache-2.0
"""50 parallel deliveries of one signed submission store exactly one request."""

from __future__ import annotations

import threading
import uuid

import requests
from sqlalchemy import func, select

from backend.models import IdempotencyRecord, ServiceRequest
from card.auth import canonical_json
from tests.backend.conftest import Env

PARALLEL = 50


def test_fifty_parallel_requests_with_one_key_make_one_record(env: Env) -> None:
    url = env.live_url()
    path, body = "/api/v1/transfers", {"kind": "pension", "to_region": "440300"}
    key = str(uuid.uuid4())
    headers = env.signer("D00000099").submission_headers(
        env.kiosk, path, canonical_json(body), key=key
    )
    barrier = threading.Barrier(PARALLEL)
    results: list[tuple[int, str]] = []
    lock = threading.Lock()

    def deliver() -> None:
        with requests.Session() as http:
            barrier.wait(timeout=30)
            got = http.post(url + path, json=body, headers=headers, timeout=60)
        with lock:
            results.append((got.status_code, got.json().get("reference", got.text)))

    threads = [threading.Thread(target=deliver) for _ in range(PARALLEL)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    statuses = sorted(status for status, _ in results)
    assert len(results) == PARALLEL
    assert statuses.count(201) == 1 and statuses.count(200) == PARALLEL - 1, statuses
    references = {reference for _, reference in results}
    assert len(references) == 1
    with env.ctx.sessions() as db:
        stored = db.scalar(
            select(func.count(ServiceRequest.id)).where(
                ServiceRequest.reference.in_(references)
            )
        )
        records = db.scalar(
            select(func.count(IdempotencyRecord.id)).where(IdempotencyRecord.key == key)
        )
        mine = db.scalar(
            select(func.count(ServiceRequest.id)).where(
                ServiceRequest.card_number == "D00000099"
            )
        )
    assert (stored, records, mine) == (1, 1, 1)
