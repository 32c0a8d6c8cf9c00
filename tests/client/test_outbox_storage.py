# SPDX-License-Identifier: Apache-2.0
"""Outbox storage on a real SQLite file: durability, leases, no secrets stored.

Delivery against the real backend is in test_live_outbox.py.
"""

from __future__ import annotations

import sqlite3
import uuid
from pathlib import Path

import pytest

from backend_client import EntryState, Outbox, PreparedSubmission
from backend_client.errors import OutboxError
from card.auth import canonical_json

SIGNATURE = bytes(range(64))


def prepared(kind: str = "transfer") -> PreparedSubmission:
    return PreparedSubmission(
        kind=kind,
        kiosk_id="K-1",
        card_number="A12345678",
        idempotency_key=str(uuid.uuid4()),
        signed_at=1_800_000_000,
        method="POST",
        path="/api/v1/transfers",
        body_bytes=canonical_json({"kind": "pension", "to_region": "310101"}),
        digest=b"\x00" * 32,
    )


def test_enqueue_commits_before_returning(tmp_path: Path) -> None:
    box = Outbox(tmp_path / "outbox.db")
    sub = prepared()
    entry_id = box.enqueue(sub, SIGNATURE)
    # Read with a different driver connection: the row is committed and durable.
    with sqlite3.connect(tmp_path / "outbox.db") as raw:
        row = raw.execute(
            "SELECT idempotency_key, state, signature FROM outbox_entry WHERE id = ?",
            (entry_id,),
        ).fetchone()
    assert row == (sub.idempotency_key, "pending", SIGNATURE)
    assert raw.execute  # connection closed by the context manager


def test_signing_time_is_stored_with_the_entry(tmp_path: Path) -> None:
    box = Outbox(tmp_path / "outbox.db")
    entry = box.get(box.enqueue(prepared(), SIGNATURE))
    assert entry.signed_at == 1_800_000_000


def test_an_outbox_file_from_before_signing_times_is_upgraded(tmp_path: Path) -> None:
    """A kiosk's existing file gains the column; its old entries read 0 (the
    backend refuses them: they were signed without a time)."""
    path = tmp_path / "old.db"
    Outbox(path).enqueue(prepared(), SIGNATURE)
    with sqlite3.connect(path) as raw:
        raw.execute("ALTER TABLE outbox_entry DROP COLUMN signed_at")
    box = Outbox(path)
    [old] = box.pending()
    assert old.signed_at == 0
    assert box.get(box.enqueue(prepared(), SIGNATURE)).signed_at == 1_800_000_000


def test_wal_mode(tmp_path: Path) -> None:
    Outbox(tmp_path / "o.db").enqueue(prepared(), SIGNATURE)
    with sqlite3.connect(tmp_path / "o.db") as raw:
        assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_a_new_outbox_on_the_same_file_sees_pending_entries(tmp_path: Path) -> None:
    first = Outbox(tmp_path / "o.db")
    ids = [first.enqueue(prepared(), SIGNATURE) for _ in range(3)]
    first.close()
    second = Outbox(tmp_path / "o.db")
    pending = second.pending()
    assert [p.entry_id for p in pending] == ids
    entry = second.get(ids[0])
    assert entry.state is EntryState.PENDING
    assert entry.body == {"kind": "pension", "to_region": "310101"}
    assert entry.result is None and entry.attempts == 0


def test_only_one_claim_wins(tmp_path: Path) -> None:
    a, b = Outbox(tmp_path / "o.db"), Outbox(tmp_path / "o.db")
    entry_id = a.enqueue(prepared(), SIGNATURE)
    assert a._claim(entry_id) is not None
    assert b._claim(entry_id) is None
    assert a._claim(entry_id) is None  # a lease is not re-entrant either


def test_an_expired_lease_can_be_taken_over(tmp_path: Path) -> None:
    crashed = Outbox(tmp_path / "o.db", lease_s=0)
    entry_id = crashed.enqueue(prepared(), SIGNATURE)
    assert crashed._claim(entry_id) is not None
    heir = Outbox(tmp_path / "o.db")
    claimed = heir._claim(entry_id)
    assert claimed is not None and claimed["attempts"] == 2


def test_bad_input_raises_outbox_error(tmp_path: Path) -> None:
    box = Outbox(tmp_path / "o.db")
    with pytest.raises(OutboxError):
        box.enqueue(prepared(), b"short")
    with pytest.raises(OutboxError):
        box.get(12345)


def test_duplicate_idempotency_key_is_refused(tmp_path: Path) -> None:
    box = Outbox(tmp_path / "o.db")
    sub = prepared()
    box.enqueue(sub, SIGNATURE)
    with pytest.raises(OutboxError):
        box.enqueue(sub, SIGNATURE)


def test_no_token_column(tmp_path: Path) -> None:
    Outbox(tmp_path / "o.db")
    with sqlite3.connect(tmp_path / "o.db") as raw:
        columns = {r[1] for r in raw.execute("PRAGMA table_info(outbox_entry)")}
    assert not any("token" in c or "authorization" in c for c in columns)


def test_threads_racing_for_one_entry_claim_it_once(tmp_path: Path) -> None:
    import threading

    box = Outbox(tmp_path / "o.db")
    entry_id = box.enqueue(prepared(), SIGNATURE)
    boxes = [Outbox(tmp_path / "o.db") for _ in range(8)]
    start = threading.Barrier(len(boxes))
    wins: list[bool] = []

    def race(b: Outbox) -> None:
        start.wait()
        wins.append(b._claim(entry_id) is not None)

    threads = [threading.Thread(target=race, args=(b,)) for b in boxes]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert sorted(wins) == [False] * 7 + [True]
