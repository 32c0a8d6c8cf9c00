# SPDX-License-Identifier: Apache-2.0
"""The backend unreachable, silent (read timeout) and answering 500 at every
client call; the backend killed mid-submission; the kiosk restarted with
submissions in its outbox.

Unreachable is the real backend (tests/live_backend.py) stopped; 500 and
silence come from small loopback servers (tests/client/local_servers.py),
which the real backend cannot be made to be. Submissions are signed by a
virtual card and go through the durable outbox; records are counted in the
backend's own database.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from backend_client import (
    BackendClient,
    EntryState,
    Outbox,
    ResidentSession,
    RetryPolicy,
    prepare_submission,
)
from backend_client import errors as be
from backend_client.staff import StaffClient
from tests.client.local_servers import Answer, ScriptedServer, silent_server
from tests.faults.support import MATRIX, CrashingProxy, calm, request_count
from tests.live_backend import CardHolder, LiveBackend

ONE_TRY = RetryPolicy(attempts=1)
FAST = RetryPolicy(attempts=2, backoff_base=0.05, backoff_max=0.1)
READ_TIMEOUT_S = 0.25
INTERNAL = Answer(
    status=500,
    body={
        "error": {
            "code": "internal",
            "message": "internal server error",
            "request_id": "r-500",
        }
    },
)


@dataclass
class Ctx:
    """What the calls need: a real session's data, a reference, a status token."""

    live: LiveBackend
    holder: CardHolder
    session: ResidentSession
    reference: str
    status_token: str
    to_region: str


Call = Callable[[BackendClient, ResidentSession, Ctx], object]

CALLS: dict[str, Call] = {
    "health": lambda c, s, x: c.health(),
    "challenge": lambda c, s, x: c.challenge(x.holder.card_number),
    "open_session": lambda c, s, x: c.open_session(
        "ch", x.holder.card_number, bytes(64)
    ),
    "report_temporary_loss": lambda c, s, x: c.report_temporary_loss(
        x.holder.demo.ssn, x.holder.demo.mobile[-4:]
    ),
    "public_certificate": lambda c, s, x: c.public_certificate("ABCD1234"),
    "public_request_status": lambda c, s, x: c.public_request_status(
        x.reference, x.status_token
    ),
    "me": lambda c, s, x: s.me(),
    "accounts": lambda c, s, x: s.accounts(),
    "contributions": lambda c, s, x: s.contributions(),
    "regions": lambda c, s, x: s.regions(),
    "transfer_preview": lambda c, s, x: s.transfer_preview("medical", x.to_region),
    "transfers": lambda c, s, x: s.transfers(),
    "transfer": lambda c, s, x: s.transfer(x.reference),
    "eligibility": lambda c, s, x: s.unemployment_eligibility(),
    "claims": lambda c, s, x: s.claims(),
    "certificate": lambda c, s, x: s.certificate(),
    "cancel_temporary_loss": lambda c, s, x: s.cancel_temporary_loss(),
    "register_pin_change": lambda c, s, x: c.register_pin_change(
        "ch", x.holder.card_number, bytes(64)
    ),
    "logout": lambda c, s, x: s.logout(),
}

EXPECTED: dict[str, type[be.BackendError]] = {
    "unreachable": be.BackendUnavailableError,
    "silent": be.BackendTimeoutError,
    "500": be.ServerError,
}


@pytest.fixture(scope="module")
def ctx(live: LiveBackend, tmp_path_factory: pytest.TempPathFactory) -> Ctx:
    live.start()
    workdir = tmp_path_factory.mktemp("faults")
    holder = CardHolder(live.copy_card(live.card("active", 2), workdir))
    with live.client() as client:
        session = holder.sign_in(client)
        own = session.me().person.hukou_region
        to_region = next(r.code for r in session.regions() if r.code != own)
        outbox = Outbox(workdir / "seed-outbox.sqlite3")
        prepared = prepare_submission(
            "transfer",
            {"kind": "medical", "to_region": to_region},
            client.kiosk.kiosk_id,  # type: ignore[union-attr]
            holder.card_number,
        )
        entry = outbox.deliver(
            client, outbox.enqueue(prepared, holder.sign(prepared.digest))
        )
        outbox.close()
        assert entry.result is not None
        live.reject_open_requests(holder.demo.ssn)  # one open request of a kind
        return Ctx(
            live=live,
            holder=holder,
            session=session,
            reference=entry.result.reference,
            status_token=entry.result.status_token or "",
            to_region=to_region,
        )


@contextmanager
def faulty(kind: str, live: LiveBackend) -> Iterator[BackendClient]:
    """A client whose backend is unreachable, silent, or answers 500."""
    if kind == "unreachable":
        live.stop()
        try:
            with BackendClient(live.url, kiosk=live.kiosk, retries=FAST) as client:
                yield client
        finally:
            live.start()
    elif kind == "silent":
        with (
            silent_server() as silent,
            BackendClient(
                silent.url,
                kiosk=live.kiosk,
                read_timeout=READ_TIMEOUT_S,
                retries=ONE_TRY,
            ) as client,
        ):
            yield client
    else:
        with (
            ScriptedServer([INTERNAL]) as server,
            BackendClient(server.url, kiosk=live.kiosk, retries=FAST) as client,
        ):
            yield client


def _session_on(client: BackendClient, real: ResidentSession) -> ResidentSession:
    """The same session's token and card, talking to ``client``'s backend."""
    session = ResidentSession.__new__(ResidentSession)
    session.__dict__.update(real.__dict__)
    session.client = client
    return session


def _outcome(run: Callable[[], Any]) -> str:
    """The typed error ``run`` raised (marked when the kiosk has no words for it)."""
    try:
        run()
    except be.BackendError as exc:
        return type(exc).__name__ + ("" if calm(exc) else " (no words)")
    return "answered"


@pytest.mark.parametrize("kind", sorted(EXPECTED))
def test_every_client_call_fails_typed(kind: str, ctx: Ctx, tmp_path: Path) -> None:
    """Each call raises the typed transport/server error; a submission stays
    pending in the outbox, and is delivered exactly once when the backend is
    back, even through a kiosk restart (a new Outbox on the same file)."""
    live, holder = ctx.live, ctx.holder
    outbox_path = tmp_path / "outbox.sqlite3"
    before = request_count(live.db_path, holder.card_number)
    outcomes: dict[str, str] = {}
    with faulty(kind, live) as client:
        session = _session_on(client, ctx.session)
        for name, call in CALLS.items():
            outcomes[name] = _outcome(lambda: call(client, session, ctx))  # noqa: B023
            MATRIX.add(f"backend {kind}", name, outcomes[name], "-")
        outbox = Outbox(outbox_path, retry_base_s=0.01, retry_max_s=0.02)
        prepared = prepare_submission(
            "transfer",
            {"kind": "medical", "to_region": ctx.to_region},
            live.kiosk.kiosk_id,
            holder.card_number,
        )
        entry = outbox.deliver(
            client, outbox.enqueue(prepared, holder.sign(prepared.digest))
        )
        outbox.close()  # the kiosk is switched off with the entry pending
    stored = request_count(live.db_path, holder.card_number) - before
    MATRIX.add(
        f"backend {kind}",
        "submit (outbox)",
        f"{entry.state.value}: {entry.error_code}",
        stored,
    )
    assert {n: o for n, o in outcomes.items() if o != EXPECTED[kind].__name__} == {}
    assert entry.state is EntryState.PENDING and stored == 0
    restarted = Outbox(outbox_path)  # the kiosk comes back
    with live.client(retries=FAST) as client:
        delivered = restarted.deliver_pending(client)
        again = restarted.deliver_pending(client)
    restarted.close()
    stored = request_count(live.db_path, holder.card_number) - before
    MATRIX.add(
        f"backend {kind}",
        "kiosk restart, outbox flush",
        delivered[0].state.value if delivered else "nothing sent",
        stored,
    )
    assert [e.state for e in delivered] == [EntryState.DELIVERED]
    assert again == [] and stored == 1
    assert live.reject_open_requests(holder.demo.ssn) == 1


def test_staff_login_fails_typed(live: LiveBackend) -> None:
    username, password = live.staff["issuer"]
    for kind in sorted(EXPECTED):
        with faulty(kind, live) as client:
            staff = StaffClient(
                client.transport.base_url, read_timeout=READ_TIMEOUT_S, retries=ONE_TRY
            )
            outcome = _outcome(lambda: staff.login(username, password))  # noqa: B023
            staff.close()
        MATRIX.add(f"backend {kind}", "staff login", outcome, "-")
        assert outcome == EXPECTED[kind].__name__


@pytest.mark.parametrize("when", ["crash_before", "crash_after"])
def test_backend_killed_mid_submission(
    when: str, live: LiveBackend, tmp_path: Path
) -> None:
    """The backend dies as the submission arrives (before it is processed, or
    after it committed but before the answer left): the entry stays pending,
    and after a restart it is delivered with exactly one record."""
    live.start()
    index = 3 if when == "crash_before" else 4
    holder = CardHolder(live.copy_card(live.card("active", index), tmp_path))
    with live.client() as direct:
        session = holder.sign_in(direct)
        own = session.me().person.hukou_region
        to_region = next(r.code for r in session.regions() if r.code != own)
        session.logout()
    before = request_count(live.db_path, holder.card_number)

    def decide(head: bytes) -> str:
        return when if head.startswith(b"POST /api/v1/transfers ") else "forward"

    outbox = Outbox(tmp_path / "outbox.sqlite3", retry_base_s=0.01, retry_max_s=0.02)
    with (
        CrashingProxy(live.port, live.stop, decide) as proxy,
        BackendClient(proxy.url, kiosk=live.kiosk, retries=FAST) as client,
    ):
        prepared = prepare_submission(
            "transfer",
            {"kind": "medical", "to_region": to_region},
            live.kiosk.kiosk_id,
            holder.card_number,
        )
        entry = outbox.deliver(
            client, outbox.enqueue(prepared, holder.sign(prepared.digest))
        )
    assert when in proxy.actions and not live.running
    during = request_count(live.db_path, holder.card_number) - before
    MATRIX.add(
        "backend killed mid-submission",
        when,
        f"{entry.state.value}: {entry.error_code}",
        during,
    )
    assert entry.state is EntryState.PENDING
    assert during == (1 if when == "crash_after" else 0)
    live.start()
    with live.client(retries=FAST) as client:
        (done,) = outbox.deliver_pending(client)
    outbox.close()
    after = request_count(live.db_path, holder.card_number) - before
    MATRIX.add(
        "backend killed mid-submission",
        f"{when}, restarted",
        f"{done.state.value} (HTTP {done.result_status})",
        after,
    )
    assert done.state is EntryState.DELIVERED and after == 1
    # a replayed answer (200) when the first attempt had committed, else 201
    assert done.result_status == (200 if when == "crash_after" else 201)


def test_kiosk_restarted_with_several_pending_submissions(
    live: LiveBackend, tmp_path: Path
) -> None:
    """Three residents submit while the office is down; the kiosk is switched
    off; when it comes back (a new Outbox on the same file) each submission
    is delivered exactly once, and a second flush sends nothing."""
    live.start()
    holders = [
        CardHolder(live.copy_card(live.card("active", i), tmp_path / str(i)))
        for i in (5, 6, 7)
    ]
    targets = {}
    with live.client() as client:
        for holder in holders:
            session = holder.sign_in(client)
            own = session.me().person.hukou_region
            targets[holder.card_number] = next(
                r.code for r in session.regions() if r.code != own
            )
            session.logout()
    before = {
        h.card_number: request_count(live.db_path, h.card_number) for h in holders
    }
    path = tmp_path / "outbox.sqlite3"
    outbox = Outbox(path, retry_base_s=0.01, retry_max_s=0.02)
    live.stop()
    with BackendClient(live.url, kiosk=live.kiosk, retries=FAST) as client:
        for holder in holders:
            body = {"kind": "medical", "to_region": targets[holder.card_number]}
            prepared = prepare_submission(
                "transfer", body, live.kiosk.kiosk_id, holder.card_number
            )
            entry = outbox.deliver(
                client, outbox.enqueue(prepared, holder.sign(prepared.digest))
            )
            assert entry.state is EntryState.PENDING
    outbox.close()
    live.start()
    restarted = Outbox(path)
    with live.client(retries=FAST) as client:
        first = restarted.deliver_pending(client)
        second = restarted.deliver_pending(client)
    restarted.close()
    counts = {
        h.card_number: request_count(live.db_path, h.card_number)
        - before[h.card_number]
        for h in holders
    }
    for holder in holders:
        MATRIX.add(
            "kiosk restart, 3 pending",
            holder.card_number,
            "delivered" if counts[holder.card_number] else "lost",
            counts[holder.card_number],
        )
    assert [e.state for e in first] == [EntryState.DELIVERED] * 3
    assert second == [] and set(counts.values()) == {1}
    assert Outbox(path).pending() == []
