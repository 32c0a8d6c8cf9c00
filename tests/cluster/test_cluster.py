# SPDX-License-Identifier: Apache-2.0
"""The province layout end to end: kiosk calls through HAProxy's TLS front,
two backend replicas, PgBouncer in transaction pooling, and a failover of the
PostgreSQL primary under Patroni with submissions made during the outage
delivered exactly once (docs/scale.md)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
import sqlalchemy as sa

from backend_client import BackendClient
from backend_client.outbox import EntryState, Outbox, prepare_submission
from tests.cluster.conftest import Cluster
from tests.live_backend import CardHolder, DemoCard

pytestmark = [pytest.mark.cluster, pytest.mark.slow]

# demo residents with no request under way, and a region their medical
# insurance may move to (the same pairs as bench/backend_load.py)
BEFORE = ("D00000011", "310000")
DURING = (("D00000033", "420100"), ("D00000044", "110000"), ("D00000055", "310000"))
PIN = "246810"
RECOVERY_S = 90.0


def holder(cluster: Cluster, card_number: str) -> CardHolder:
    """The demo card ``card_number`` (the cluster's copy), PIN verified."""
    path = cluster.cards / f"{card_number}.json"
    return CardHolder(
        DemoCard(card_number=card_number, pin=PIN, status="active", path=path)
    )


def rows(cluster: Cluster, card_numbers: list[str]) -> dict[str, int]:
    """Requests and idempotency records per card, counted on the primary."""
    engine = sa.create_engine(cluster.state["primary_url"])
    try:
        with engine.connect() as conn:
            found = conn.execute(
                sa.text(
                    "SELECT card_number, count(*) FROM service_requests"
                    " WHERE card_number = ANY(:cards) GROUP BY card_number"
                ),
                {"cards": card_numbers},
            ).all()
    finally:
        engine.dispose()
    return {str(card): int(n) for card, n in found}


def submit(
    outbox: Outbox, client: BackendClient, card: CardHolder, to_region: str
) -> int:
    """A signed medical-insurance transfer stored in the outbox; its entry id."""
    assert client.kiosk is not None
    prepared = prepare_submission(
        "transfer",
        {"kind": "medical", "to_region": to_region},
        client.kiosk.kiosk_id,
        card.card_number,
    )
    return outbox.enqueue(prepared, card.sign(prepared.digest))


def test_a_session_and_a_submission_through_the_tls_front(
    cluster: Cluster, tmp_path: Path
) -> None:
    state = cluster.state
    assert cluster.tool.leader_of(state) and cluster.tool.standby_streaming(state)
    backend = Path(state["dir"]) / "backend.toml"
    assert "prepared_statements = false" in backend.read_text()
    pool = Path(state["dir"]) / "pgbouncer" / "pgbouncer.ini"
    assert "pool_mode = transaction" in pool.read_text()
    assert state["pooled_url"].split("@")[1].startswith("127.0.0.31:")
    with cluster.client() as client:
        assert client.health().database == "ok"
        card = holder(cluster, BEFORE[0])
        session = card.sign_in(client)
        assert session.accounts()
        outbox = Outbox(tmp_path / "outbox.sqlite3")
        entry = outbox.deliver(client, submit(outbox, client, card, BEFORE[1]))
        session.logout()
        outbox.close()
    assert entry.state is EntryState.DELIVERED, entry.error_message
    assert rows(cluster, [BEFORE[0]]) == {BEFORE[0]: 1}
    served = {
        server: int(line.split(",")[7])
        for line in cluster.tool.haproxy_command(state, "show stat").splitlines()
        if line.startswith("kiosk_api,backend")
        for server in [line.split(",")[1]]
    }
    assert len(served) == 2 and all(n > 0 for n in served.values()), served
    assert pooled_transactions(cluster) > 0


def pooled_transactions(cluster: Cluster) -> int:
    """Transactions PgBouncer pooled for the application's database (its admin
    console's SHOW STATS): the backends' traffic went through it."""
    import psycopg2

    state = cluster.state
    address = state["pooled_url"].split("@")[1].split("/")[0]
    host, port = address.split(":")
    conn = psycopg2.connect(
        host=host,
        port=int(port),
        user="ssc",
        password=state["passwords"]["ssc"],
        dbname="pgbouncer",
    )
    conn.autocommit = True  # the admin console has no transactions
    try:
        with conn.cursor() as cursor:
            cursor.execute("SHOW STATS")
            names = [c[0] for c in cursor.description]
            stats = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    finally:
        conn.close()
    return sum(int(s["total_xact_count"]) for s in stats if s["database"] == "ssc")


def test_primary_lost_standby_promoted_outbox_delivered_exactly_once(
    cluster: Cluster, tmp_path: Path
) -> None:
    tool, state = cluster.tool, cluster.state
    old = tool.leader_of(state)
    standby = tool.standby_streaming(state)
    assert old and standby and old != standby
    outbox = Outbox(tmp_path / "outbox.sqlite3", retry_base_s=0.5, retry_max_s=2.0)
    cards = [(holder(cluster, number), to) for number, to in DURING]
    with cluster.client() as client:
        tool.kill_node(state, old)
        lost_at = time.monotonic()
        ids = [submit(outbox, client, card, to) for card, to in cards]
        outbox.deliver_pending(client)
        deadline = lost_at + RECOVERY_S
        while outbox.pending() and time.monotonic() < deadline:
            time.sleep(0.5)
            outbox.deliver_pending(client)
        recovered = time.monotonic() - lost_at
        entries = [outbox.get(i) for i in ids]
        assert all(e.state is EntryState.DELIVERED for e in entries), (
            [(e.state, e.error_code) for e in entries],
            cluster.tool.status(cluster.folder),
        )
    outbox.close()
    assert tool.leader_of(state) == standby, tool.status(cluster.folder)
    assert recovered < RECOVERY_S
    numbers = [number for number, _ in DURING]
    assert rows(cluster, numbers) == dict.fromkeys(numbers, 1)
    # the lost node comes back as a standby of the new primary
    cluster.run("up", "--replicas", "2")
    members = {m["name"]: m["role"] for m in tool.cluster_members(cluster.state)}
    assert members[standby] == "leader" and members[old] in ("replica", "sync_standby")
