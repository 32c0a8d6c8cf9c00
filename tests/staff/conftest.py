# SPDX-License-Identifier: Apache-2.0
"""Fixtures for the staff station's tests: a real backend on loopback."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import pytest

from card.ssn import complete
from card.virtual.bundled import DEMO_CA_DIR
from staff.api import StaffApi
from staff.models import Resident
from tests.live_backend import LiveBackend, live_backend

_serial = itertools.count(1)
_NO_PIN = SimpleNamespace(tries_left=0)


@pytest.fixture(scope="module")
def backend(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveBackend]:
    """A seeded backend subprocess on 127.0.0.1 for this test module."""
    with live_backend(tmp_path_factory.mktemp("staff-backend")) as live:
        yield live


def staff_api(backend: LiveBackend, role: str) -> StaffApi:
    """A logged-in staff client for the demo operator with ``role``."""
    username, password = backend.staff[role]
    api = StaffApi(backend.url)
    api.login(username, password)
    return api


@pytest.fixture
def issuer_api(backend: LiveBackend) -> StaffApi:
    return staff_api(backend, "issuer")


def new_resident(name: str = "赵新卡") -> Resident:
    """A resident nobody registered yet (unique SSN per call)."""
    n = next(_serial)
    first17 = f"3201061985{n % 12 + 1:02d}{n % 28 + 1:02d}{n % 1000:03d}"
    return Resident.from_fields(
        {"ssn": complete(first17), "name": name, "mobile": f"139{n:08d}"}
    )


@pytest.fixture
def window(qtbot, backend: LiveBackend, tmp_path: Path):
    """The staff window (zh_CN) on the live backend with virtual readers."""
    from staff.window import StaffWindow
    from tests.staff.ui_support import Factory, virtual_services

    factory = Factory()
    services = virtual_services(backend.url, tmp_path, factory)
    win = StaffWindow(services)
    win.factory = factory  # type: ignore[attr-defined]
    qtbot.addWidget(win)
    win.show()
    yield win
    services.stop()


@pytest.fixture
def master_key() -> bytes:
    return bytes.fromhex((DEMO_CA_DIR / "issuer-master.key").read_text().strip())


def submit_transfer(backend: LiveBackend, workdir: Path, index: int = 0) -> str:
    """A resident files a pension transfer at a kiosk (card-signed); its reference."""
    from backend_client.outbox import prepare_submission
    from card.virtual import VirtualCard
    from tests.live_backend import CardHolder

    plain = [
        c
        for c in backend.cards.values()
        if c.status == "active" and not (c.in_progress or c.benefit)
    ]
    usable = [
        c
        for c in plain  # another run may have blocked a shared image
        if (VirtualCard.load(c.path).image.pin or _NO_PIN).tries_left > 0
    ]
    holder = CardHolder(backend.copy_card(usable[index], workdir))
    with backend.client() as client:
        session = holder.sign_in(client)
        own = session.me().person.hukou_region
        target = next(r.code for r in session.regions() if r.code != own)
        assert client.kiosk is not None
        prepared = prepare_submission(
            "transfer",
            {"kind": "pension", "to_region": target},
            client.kiosk.kiosk_id,
            holder.card_number,
        )
        answer = client.submit(
            path=prepared.path,
            body=prepared.body_bytes,
            idempotency_key=prepared.idempotency_key,
            card_number=holder.card_number,
            signed_at=prepared.signed_at,
            signature=holder.sign(prepared.digest),
        )
        return answer.detail.reference


def claim_organisational_transfer(
    backend: LiveBackend, workdir: Path, card: str = "D00000246", to: str = "310000"
) -> str:
    """The holder of ``card`` applies for a pension transfer to ``to`` saying
    the organisation arranged the move, through the kiosk's outbox; the
    reference. By default 韩东 (53, Beijing -> Shanghai), whose claim decides
    between the temporary account and moving everything."""
    from backend_client.client import transfer_body
    from tests.live_backend import CardHolder

    holder = CardHolder(backend.copy_card(backend.cards[card], workdir))
    body = transfer_body("pension", to, organisational_transfer=True)
    with backend.client() as client:
        return holder.file_transfer(client, body, workdir / "outbox.db")
