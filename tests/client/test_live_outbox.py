# SPDX-License-Identifier: Apache-2.0
"""The outbox against the real backend: exactly once across crashes and restarts.

Every submission is signed by a virtual card (key 82 over the bound digest,
PIN verified) and stored before it is sent; the backend is killed and
restarted on the same database; kiosk processes are replaced or duplicated.
"""

from __future__ import annotations

import multiprocessing
import time
from pathlib import Path

import pytest

from backend_client import (
    BackendClient,
    EntryState,
    KioskCredentials,
    Outbox,
    prepare_submission,
)
from tests.client.conftest import FAST_RETRY
from tests.live_backend import CardHolder, LiveBackend

pytestmark = pytest.mark.slow
DAY_S = 24 * 3600


def other_region(client: BackendClient, holder: CardHolder) -> str:
    session = holder.sign_in(client)
    me = session.me()
    codes = [r.code for r in session.regions()]
    session.logout()
    return next(c for c in codes if c != me.person.hukou_region)


def transfers_of(client: BackendClient, holder: CardHolder) -> list[str]:
    session = holder.sign_in(client)
    try:
        return [t.reference for t in session.transfers()]
    finally:
        session.logout()


def enqueue_transfer(
    box: Outbox,
    client: BackendClient,
    holder: CardHolder,
    kind: str = "medical",
    signed_at: int | None = None,
) -> int:
    assert client.kiosk is not None
    prepared = prepare_submission(
        "transfer",
        {"kind": kind, "to_region": other_region(client, holder)},
        client.kiosk.kiosk_id,
        holder.card_number,
        signed_at=signed_at,
    )
    return box.enqueue(prepared, holder.sign(prepared.digest))


def test_deliver_once_and_look_up(
    client: BackendClient, holder: CardHolder, tmp_path: Path
) -> None:
    box = Outbox(tmp_path / "outbox.db")
    before = transfers_of(client, holder)
    entry_id = enqueue_transfer(box, client, holder)
    assert box.get(entry_id).state is EntryState.PENDING
    entry = box.deliver(client, entry_id)
    assert entry.state is EntryState.DELIVERED, entry.error_message
    assert entry.result_status == 201 and entry.attempts == 1
    assert entry.result is not None and entry.reference
    assert box.pending() == []
    again = box.deliver(client, entry_id)  # delivered entries are not sent again
    assert again.attempts == 1
    after = transfers_of(client, holder)
    assert sorted(set(after) - set(before)) == [entry.reference]
    detail = holder.sign_in(client).transfer(entry.reference)
    assert detail.status == entry.result.status and detail.timeline
    assert detail.status_token
    public = client.public_request_status(entry.reference, detail.status_token)
    assert public.reference == entry.reference


def test_backend_down_then_back_delivers_exactly_once(
    live: LiveBackend, client: BackendClient, holder: CardHolder, tmp_path: Path
) -> None:
    box = Outbox(tmp_path / "outbox.db", retry_base_s=60)  # no wait once it is back
    before = transfers_of(client, holder)
    entry_id = enqueue_transfer(box, client, holder)
    live.stop()
    try:
        down = box.deliver(client, entry_id)
        assert down.state is EntryState.PENDING
        assert down.error_code == "unavailable"
        assert box.deliver_pending(client)[0].state is EntryState.PENDING
    finally:
        live.start()
    outcomes = box.deliver_pending(client)
    assert [o.state for o in outcomes] == [EntryState.DELIVERED]
    assert outcomes[0].attempts == 3
    after = transfers_of(client, holder)
    assert sorted(set(after) - set(before)) == [outcomes[0].reference]


def test_crash_between_send_and_mark_is_deduplicated(
    client: BackendClient, holder: CardHolder, tmp_path: Path
) -> None:
    box = Outbox(tmp_path / "outbox.db")
    before = transfers_of(client, holder)
    entry_id = enqueue_transfer(box, client, holder)
    stored = box.get(entry_id)
    claimed = box._claim(entry_id)  # the kiosk took the row and sent it...
    assert claimed is not None
    first = client.submit(
        path=stored.path,
        body=stored.body_bytes,
        idempotency_key=stored.idempotency_key,
        card_number=stored.card_number,
        signed_at=stored.signed_at,
        signature=claimed["signature"],
    )
    assert first.status == 201
    box.close()  # ...and died before marking it delivered (its lease expires)
    restarted = Outbox(tmp_path / "outbox.db", lease_s=1)
    restarted.engine.dispose()
    with restarted.engine.begin() as conn:  # fast-forward the crashed lease
        conn.exec_driver_sql("UPDATE outbox_entry SET lease_until = '2000-01-01'")
    entry = restarted.deliver(client, entry_id)
    assert entry.state is EntryState.DELIVERED
    assert entry.result_status == 200  # the server answered the stored request
    assert entry.reference == first.detail.reference
    after = transfers_of(client, holder)
    assert sorted(set(after) - set(before)) == [first.detail.reference]


def test_kiosk_restart_delivers_pending_once(
    live: LiveBackend, client: BackendClient, holder: CardHolder, tmp_path: Path
) -> None:
    before = transfers_of(client, holder)
    first_run = Outbox(tmp_path / "outbox.db")
    entry_id = enqueue_transfer(first_run, client, holder)
    first_run.close()  # kiosk stops before sending
    second_run = Outbox(tmp_path / "outbox.db")
    assert [p.entry_id for p in second_run.pending()] == [entry_id]
    delivered = second_run.deliver_pending(client)
    assert [d.state for d in delivered] == [EntryState.DELIVERED]
    assert second_run.deliver_pending(client) == []
    third_run = Outbox(tmp_path / "outbox.db")
    assert third_run.deliver_pending(client) == []
    after = transfers_of(client, holder)
    assert len(set(after) - set(before)) == 1


def _deliver_in_process(args: tuple[str, str, str, str, int]) -> tuple[int, str, int]:
    db, url, kiosk_id, key, entry_id = args
    box = Outbox(db)
    with BackendClient(
        url, kiosk=KioskCredentials(kiosk_id=kiosk_id, key=key), retries=FAST_RETRY
    ) as c:
        entry = box.deliver(c, entry_id)
    return entry.attempts, entry.state.value, entry.result_status or 0


def test_concurrent_kiosk_processes_do_not_double_send(
    live: LiveBackend, client: BackendClient, holder: CardHolder, tmp_path: Path
) -> None:
    before = transfers_of(client, holder)
    db = tmp_path / "outbox.db"
    entry_id = enqueue_transfer(Outbox(db), client, holder)
    args = (str(db), live.url, live.kiosk.kiosk_id, live.kiosk.key, entry_id)
    with multiprocessing.get_context("spawn").Pool(4) as pool:
        results = pool.map(_deliver_in_process, [args] * 8)
    final = Outbox(db).get(entry_id)
    assert final.state is EntryState.DELIVERED
    assert final.attempts == 1  # one process claimed and sent it; none re-sent
    assert final.result_status == 201
    assert all(r[0] <= 1 for r in results)
    after = transfers_of(client, holder)
    assert len(set(after) - set(before)) == 1


def test_a_long_outage_within_the_window_still_delivers(
    client: BackendClient, holder: CardHolder, tmp_path: Path
) -> None:
    """Signed six days ago (the backend down since): delivered; signed past
    the seven-day window: refused for good, not retried."""
    box = Outbox(tmp_path / "outbox.db")
    six_days = int(time.time()) - 6 * DAY_S
    late = box.deliver(
        client, enqueue_transfer(box, client, holder, signed_at=six_days)
    )
    assert (late.state, late.result_status) == (EntryState.DELIVERED, 201)
    eight_days = int(time.time()) - 8 * DAY_S
    entry_id = enqueue_transfer(box, client, holder, "pension", signed_at=eight_days)
    expired = box.deliver(client, entry_id)
    assert (expired.state, expired.error_code) == (
        EntryState.FAILED,
        "submission_expired",
    )
    assert box.pending() == []


def test_refusal_marks_the_entry_failed_with_the_code(
    client: BackendClient, holder: CardHolder, tmp_path: Path
) -> None:
    assert client.kiosk is not None
    box = Outbox(tmp_path / "outbox.db")
    session = holder.sign_in(client)
    own = session.me().person.hukou_region
    accounts = {a.insurance: a for a in session.accounts().accounts}
    current = accounts["medical"].region or own
    prepared = prepare_submission(
        "transfer",
        {"kind": "medical", "to_region": current},
        client.kiosk.kiosk_id,
        holder.card_number,
    )
    entry_id = box.enqueue(prepared, holder.sign(prepared.digest))
    entry = box.deliver(client, entry_id)
    assert entry.state is EntryState.FAILED
    assert entry.error_code in {"conflict", "invalid_request"}
    assert entry.result_status in {409, 400}
    assert box.pending() == []


def test_forged_signature_is_refused_not_retried(
    client: BackendClient, holder: CardHolder, tmp_path: Path
) -> None:
    assert client.kiosk is not None
    box = Outbox(tmp_path / "outbox.db")
    prepared = prepare_submission(
        "transfer",
        {"kind": "medical", "to_region": "000000"},
        client.kiosk.kiosk_id,
        holder.card_number,
    )
    entry_id = box.enqueue(prepared, holder.sign(bytes(32)))
    entry = box.deliver(client, entry_id)
    assert (entry.state, entry.error_code) == (EntryState.FAILED, "signature_invalid")


def test_same_key_other_body_is_idempotency_mismatch(
    client: BackendClient, holder: CardHolder, tmp_path: Path
) -> None:
    from backend_client.errors import IdempotencyMismatchError
    from card.auth import bind_submission

    box = Outbox(tmp_path / "outbox.db")
    entry = box.deliver(client, enqueue_transfer(box, client, holder))
    assert entry.state is EntryState.DELIVERED
    assert client.kiosk is not None
    other = b'{"kind":"pension","to_region":"' + b"110101" + b'"}'
    digest = bind_submission(
        client.kiosk.kiosk_id,
        holder.card_number,
        entry.idempotency_key,
        "POST",
        entry.path,
        other,
        signed_at=entry.signed_at,
    )
    with pytest.raises(IdempotencyMismatchError):
        client.submit(
            path=entry.path,
            body=other,
            idempotency_key=entry.idempotency_key,
            card_number=holder.card_number,
            signed_at=entry.signed_at,
            signature=holder.sign(digest),
        )


def claim_body(separation: str) -> dict[str, object]:
    return {
        "separation_date": separation,
        "reason": "contract_ended",
        "registered_unemployed": True,
    }


def test_unemployment_claim_delivered(
    live: LiveBackend, client: BackendClient, holder_for, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    holder: CardHolder = holder_for(live.cards["D00000167"])  # eligible, 7 years
    assert client.kiosk is not None
    eligibility = holder.sign_in(client).unemployment_eligibility()
    assert eligibility.eligible and eligibility.max_months == 18
    box = Outbox(tmp_path / "outbox.db")
    prepared = prepare_submission(
        "unemployment_claim",
        claim_body("2022-08-31"),
        client.kiosk.kiosk_id,
        holder.card_number,
    )
    entry = box.deliver(client, box.enqueue(prepared, holder.sign(prepared.digest)))
    assert entry.state is EntryState.DELIVERED, entry.error_message
    assert entry.result is not None
    assert entry.result.kind == "unemployment" and entry.result.max_months == 18
    claims = holder.sign_in(client).claims()
    assert [c.reference for c in claims].count(entry.reference) == 1
    assert holder.sign_in(client).claim(entry.reference or "").monthly_amount


def test_ineligible_claim_fails_with_not_eligible(
    live: LiveBackend, client: BackendClient, holder_for, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    holder: CardHolder = holder_for(live.cards["D00000077"])  # under one year
    assert client.kiosk is not None
    assert not holder.sign_in(client).unemployment_eligibility().eligible
    box = Outbox(tmp_path / "outbox.db")
    prepared = prepare_submission(
        "unemployment_claim",
        claim_body("2026-10-31"),
        client.kiosk.kiosk_id,
        holder.card_number,
    )
    entry = box.deliver(client, box.enqueue(prepared, holder.sign(prepared.digest)))
    assert (entry.state, entry.error_code, entry.result_status) == (
        EntryState.FAILED,
        "not_eligible",
        422,
    )
    assert box.deliver_pending(client) == []


def test_refused_kiosk_key_leaves_the_entry_pending(
    live: LiveBackend, client: BackendClient, holder: CardHolder, tmp_path: Path
) -> None:
    box = Outbox(tmp_path / "outbox.db", retry_base_s=0)
    entry_id = enqueue_transfer(box, client, holder)
    rekeyed = KioskCredentials(kiosk_id=live.kiosk.kiosk_id, key="stale-key")
    with live.client(kiosk=rekeyed, retries=FAST_RETRY) as stale:
        entry = box.deliver(stale, entry_id)
    assert (entry.state, entry.error_code) == (EntryState.PENDING, "kiosk_unauthorized")
    assert box.deliver_pending(client)[0].state is EntryState.DELIVERED


def test_entries_are_delivered_only_by_the_kiosk_that_signed_them(
    live: LiveBackend, client: BackendClient, holder: CardHolder, tmp_path: Path
) -> None:
    from backend_client.errors import OutboxError

    box = Outbox(tmp_path / "outbox.db")
    entry_id = enqueue_transfer(box, client, holder)
    other = KioskCredentials(kiosk_id="another-kiosk", key="k")
    with live.client(kiosk=other) as c:
        with pytest.raises(OutboxError):
            box.deliver(c, entry_id)
        assert c.kiosk is not None
        assert box.deliver_pending(c) == []
    assert box.get(entry_id).attempts == 0
    assert box.deliver(client, entry_id).state is EntryState.DELIVERED
