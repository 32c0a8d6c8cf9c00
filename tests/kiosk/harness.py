# SPDX-License-Identifier: Apache-2.0
"""Drive the whole kiosk like a resident: virtual card in, touches on screen."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton

from kiosk.app import Kiosk, Runtime
from kiosk.demo import DemoCardSlot, DemoRuntime
from kiosk.flow import State

WAIT_MS = 15_000


class Resident:
    """Touches the screens of ``kiosk`` and moves demo cards in the reader."""

    def __init__(self, qtbot, kiosk: Kiosk, demo: DemoRuntime) -> None:
        self.qtbot = qtbot
        self.kiosk = kiosk
        self.demo = demo
        self.screens = kiosk.screens

    @property
    def state(self) -> State:
        return self.kiosk.controller.flow.state

    def wait_state(self, *states: State, timeout: int = WAIT_MS) -> None:
        self.qtbot.waitUntil(lambda: self.state in states, timeout=timeout)

    def wait_until(self, predicate, timeout: int = WAIT_MS) -> None:
        self.qtbot.waitUntil(predicate, timeout=timeout)

    def click(self, button: QAbstractButton) -> None:
        assert button.isVisible() and button.isEnabled(), button.text()
        self.qtbot.mouseClick(button, Qt.MouseButton.LeftButton)

    def insert(self, slot: DemoCardSlot) -> None:
        self.demo.insert(slot.path)

    def remove(self) -> None:
        self.demo.remove()
        self.wait_until(lambda: not self.kiosk.controller.card_present)

    def pick_region(self, screen, index: int) -> None:
        """Touch the province, then the city, of the ``index``-th destination
        offered on a transfer ``screen``; wait for the preview."""
        self.wait_until(lambda: screen.regions != ())
        region = screen.regions[index]
        self.click_when_shown(lambda: screen.provinces.buttons[region.province])
        self.wait_until(lambda: screen.page != 0)
        if screen.page == 1:
            self.click_when_shown(lambda: screen.cities.buttons[region.code])
        self.wait_until(lambda: screen.preview is not None)

    def click_when_shown(self, find) -> None:
        """Click the button ``find()`` returns once it is on the screen (buttons
        made while their page shows appear at the next event-loop turn)."""
        self.wait_until(lambda: find().isVisible())
        self.click(find())

    def touch_row(self, table, row: int) -> None:
        """Touch the first cell of ``row`` in a table, scrolled into view."""
        item = table.item(row, 0)
        table.scrollToItem(item)
        centre = table.visualItemRect(item).center()
        self.qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=centre)

    def take_card(self) -> None:
        """At the take-card screen, take the card: welcome comes back."""
        self.wait_state(State.TAKE_CARD)
        assert self.kiosk.window.stack.currentWidget() is self.screens.take_card
        self.remove()
        self.wait_state(State.WELCOME)

    def type_pin(self, pad, pin: str) -> None:
        for digit in pin:
            self.click(pad.button_for(digit))
        self.click(pad.ok_button)

    def sign_in(self, slot: DemoCardSlot) -> None:
        """Insert the card, type its PIN, wait for the filled overview."""
        self.insert(slot)
        self.wait_state(State.PIN)
        self.type_pin(self.screens.pin.pad, slot.pin)
        self.wait_state(State.OVERVIEW)
        self.wait_until(lambda: self.screens.overview.accounts is not None)


def slot_of(card_number: str, pin: str, path: Path) -> DemoCardSlot:
    """A reader slot's view of a live backend's card (tests/live_backend.py)."""
    return DemoCardSlot(
        path=path,
        title="",
        name="",
        pin=pin,
        card_number=card_number,
        kind="active",
        ssn="",
        mobile="",
    )


def make_kiosk(
    qapp,
    demo: DemoRuntime,
    state_dir: Path,
    *,
    look: dict[str, object] | None = None,
    **service_changes,
) -> Kiosk:
    """A kiosk on the demo runtime, with its own outbox and overrides
    (``look``: language and large_text of the runtime)."""
    from backend_client.outbox import Outbox

    changes = {
        "outbox": Outbox(state_dir / "outbox.sqlite3", retry_base_s=0.05),
        "certificate_dir": state_dir / "certificates",
        "audio_player": "",  # tests that hear the prompts configure a player
        **service_changes,
    }
    services = dataclasses.replace(demo.services, **changes)
    runtime: Runtime = dataclasses.replace(
        demo.runtime, services=services, **(look or {})
    )
    kiosk = Kiosk(qapp, runtime)
    kiosk.window.show()
    return kiosk


@contextmanager
def resident_at(
    qtbot,
    qapp,
    demo: DemoRuntime,
    state_dir: Path,
    *,
    look: dict[str, object] | None = None,
    **service_changes,
) -> Iterator[Resident]:
    """A resident at a fresh kiosk (see :func:`make_kiosk`), cleaned up after."""
    kiosk = make_kiosk(qapp, demo, state_dir, look=look, **service_changes)
    try:
        yield Resident(qtbot, kiosk, demo)
    finally:
        demo.remove()
        kiosk.close()
        kiosk.runtime.services.outbox.close()
