# SPDX-License-Identifier: Apache-2.0
"""Backend down during a submission: kept in the outbox, delivered once later.

The backend is a real subprocess (tests/live_backend.py) killed with SIGKILL
while the resident confirms, then started again on the same database.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from cryptography import x509

from backend_client.outbox import EntryState, Outbox
from card.virtual import VirtualReaderProvider
from kiosk.app import Kiosk, Runtime
from kiosk.controller import Services
from kiosk.demo import DEMO_CA, DemoCardSlot
from kiosk.flow import State
from kiosk.i18n import Language
from tests.kiosk.harness import Resident
from tests.live_backend import CardHolder, live_backend

READER = "Test Reader"


class CardSlot:
    """A reader slot for the live backend's demo cards (same API as DemoRuntime)."""

    def __init__(self, provider: VirtualReaderProvider) -> None:
        self.provider = provider

    def insert(self, path: Path) -> None:
        from card.virtual import VirtualCard

        self.remove()
        self.provider.insert(READER, VirtualCard.load(path))

    def remove(self) -> None:
        card = self.provider.remove(READER)
        if card is not None:
            card.save()


@pytest.mark.slow
def test_backend_down_during_submission_then_delivered_once(
    qtbot, qapp, tmp_path
) -> None:
    with live_backend(tmp_path / "backend") as backend:
        card = backend.copy_card(backend.card("active", 6), tmp_path / "cards")
        provider = VirtualReaderProvider([READER])
        outbox = Outbox(tmp_path / "outbox.sqlite3", retry_base_s=0.05)
        services = Services(
            client=backend.client(read_timeout=5.0),
            kiosk_id=backend.kiosk.kiosk_id,
            ca_cert=x509.load_pem_x509_certificate(DEMO_CA.read_bytes()),
            outbox=outbox,
            status_base_url=backend.url,
            printer="",
            certificate_dir=tmp_path / "certs",
            idle_timeout_s=600,
            idle_warning_s=15,
            outbox_flush_s=1,
        )
        kiosk = Kiosk(
            qapp,
            Runtime(
                provider=provider,
                reader=READER,
                services=services,
                shuffle_pin_pad=True,
                language=Language.EN,
                large_text=False,
            ),
        )
        kiosk.window.show()
        slots = CardSlot(provider)
        try:
            resident = Resident(qtbot, kiosk, slots)
            slot = DemoCardSlot(
                path=card.path,
                title="",
                name="",
                pin=card.pin,
                card_number=card.card_number,
                kind="active",
                ssn="",
                mobile="",
            )
            resident.sign_in(slot)
            s = kiosk.screens
            resident.click(s.overview.buttons[State.TRANSFER])
            resident.pick_region(s.transfer, 3)
            backend.stop()  # the office goes away just before the resident confirms
            resident.click(s.transfer.confirm_button)
            resident.wait_state(State.RECEIPT)
            assert s.receipt.receipt.queued
            assert "saved" in s.receipt.note.text()
            [entry] = outbox.pending()
            resident.click(s.receipt.finish_button)
            resident.take_card()
            resident.remove()
            backend.start()  # the background flush delivers it, once
            resident.wait_until(
                lambda: outbox.get(entry.entry_id).state is EntryState.DELIVERED,
                timeout=20_000,
            )
            delivered = outbox.get(entry.entry_id)
            assert delivered.attempts >= 2 and delivered.reference
            holder = CardHolder(card)
            session = holder.sign_in(backend.client())
            references = [t.reference for t in session.transfers()]
            assert references.count(delivered.reference) == 1
            # delivering again (e.g. a second flush) sends nothing new
            outbox.deliver(backend.client(), entry.entry_id)
            assert [t.reference for t in session.transfers()].count(
                delivered.reference
            ) == 1
        finally:
            slots.remove()
            kiosk.close()
            outbox.close()
            services.client.close()
