# SPDX-License-Identifier: Apache-2.0
"""Build the staff window on a live backend with in-process virtual readers
(used by the UI tests and by the screenshot script)."""

from __future__ import annotations

import threading
from pathlib import Path

from card.virtual import Knobs, VirtualCard
from card.virtual.bundled import DEMO_CA_DIR
from card.virtual.factory import new_blank
from card.virtual.readers import VirtualReaderProvider
from staff.api import StaffApi
from staff.app import reinsert_virtual
from staff.models import Allocation
from staff.services import StaffServices
from staff.sources import VirtualBatchSource

ROOT = Path(__file__).resolve().parents[2]
MASTER_KEY = bytes.fromhex((DEMO_CA_DIR / "issuer-master.key").read_text().strip())
READERS = ["Virtual Counter Reader 0", "Virtual Counter Reader 1"]


class Factory:
    """The simulated card factory; records whether the GUI thread asked."""

    def __init__(self) -> None:
        self.on_gui_thread: list[bool] = []
        self.cards: list[VirtualCard] = []
        self.next_knobs: Knobs | None = None  # fault for the next blank only

    def __call__(self, allocation: Allocation) -> VirtualCard:
        self.on_gui_thread.append(threading.current_thread() is threading.main_thread())
        card = new_blank(
            master_key=MASTER_KEY, recognition_code=allocation.recognition_code
        )
        if self.next_knobs is not None:
            card.knobs, self.next_knobs = self.next_knobs, None
        self.cards.append(card)
        return card


def virtual_services(
    url: str, output: Path, factory: Factory | None = None
) -> StaffServices:
    """Services for ``ss-issue --readers virtual --virtual-factory-key``."""
    make = factory or Factory()
    provider = VirtualReaderProvider(list(READERS))
    return StaffServices(
        api=StaffApi(url),
        provider=provider,
        output_dir=output,
        batch_source=lambda _reader, out: VirtualBatchSource(make, out),
        insert_blank=lambda name, alloc: provider.insert(name, make(alloc)),
        eject=provider.remove,
        reinsert=lambda name: reinsert_virtual(provider, name),
    )


def login(qtbot, win, backend, role: str) -> None:  # noqa: ANN001 - test helper
    """Log the demo operator with ``role`` in through the login page."""
    username, password = backend.staff[role]
    win.login.username.setText(username)
    win.login.password.setText(password)
    win.login.button.click()
    qtbot.waitUntil(lambda: win.stack.currentIndex() == 1, timeout=10000)
