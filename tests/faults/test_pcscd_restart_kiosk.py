# SPDX-License-Identifier: Apache-2.0
"""pcscd restarted under a running kiosk (``--config`` mode, pcscd + vpcd).

The kiosk is built as ``ss-kiosk --config`` builds it, over a backend
subprocess and ``ss-card virtual serve`` in the vpcd reader (the set-up of
tests/kiosk/test_pcsc_kiosk.py). ``scripts/start-pcscd.sh --restart`` takes
the PC/SC service away and back while the resident is at the PIN pad, then
while the kiosk waits on the welcome screen; the same kiosk process must
end the session calmly and serve the next card, through the new pcscd.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.app import Kiosk
from kiosk.flow import State
from tests.card.pcsc_support import start_pcscd, vpcd_lock  # noqa: F401
from tests.faults.support import GENERIC_TITLE, MATRIX
from tests.kiosk.harness import Resident
from tests.kiosk.test_pcsc_kiosk import (
    READER,
    ServedCard,
    close_kiosk,
    pcsc_kiosk,
    slot_for,
)
from tests.live_backend import DemoCard, live_backend

pytestmark = [pytest.mark.pcsc, pytest.mark.slow, pytest.mark.usefixtures("vpcd_lock")]
WAIT_MS = 30_000


class Watch:
    """Every kiosk state seen while waiting (the flow moves on by itself)."""

    def __init__(self, resident: Resident) -> None:
        self.resident = resident
        self.seen: list[State] = []
        self.titles: list[str] = []  # failure messages shown
        self.notices: list[str] = []  # welcome-screen notices shown

    def until(self, predicate, timeout: int = WAIT_MS) -> None:
        def look() -> bool:
            state = self.resident.state
            if not self.seen or self.seen[-1] is not state:
                self.seen.append(state)
            screens = self.resident.kiosk.screens
            shown = screens.message.message
            if state is State.FAILURE and shown is not None:
                self.titles.append(shown.title)
            if screens.welcome.notice.text():
                self.notices.append(screens.welcome.notice.text())
            return bool(predicate())

        self.resident.wait_until(look, timeout=timeout)


def restart_pcscd_while(watch: Watch, predicate) -> list[State]:
    """Restart pcscd in a thread (the GUI keeps its event loop), then wait."""
    failure: list[BaseException] = []

    def run() -> None:
        try:
            start_pcscd("--restart")
        except BaseException as exc:  # reported below
            failure.append(exc)

    thread = threading.Thread(target=run)
    watch.seen.clear()
    watch.titles.clear()
    watch.notices.clear()
    thread.start()
    watch.until(lambda: not thread.is_alive())
    thread.join()
    assert not failure, failure
    watch.until(predicate)
    return list(watch.seen)


@pytest.fixture
def pcscd_kept_running(vpcd_readers: list[str]) -> Iterator[None]:
    if READER not in vpcd_readers:
        pytest.fail(f"{READER} missing from {vpcd_readers}")
    try:
        yield
    finally:
        start_pcscd()  # idempotent: whatever happened, leave pcscd serving vpcd


@pytest.mark.usefixtures("pcscd_kept_running")
def test_kiosk_survives_pcscd_restart(qtbot, qapp, tmp_path: Path) -> None:
    with live_backend(tmp_path / "backend") as backend:
        card = backend.copy_card(backend.card("active", 10), tmp_path / "cards")
        kiosk = pcsc_kiosk(qapp, backend, tmp_path)
        served = ServedCard(card.path)
        try:
            _run_scenarios(Resident(qtbot, kiosk, served), kiosk, served, card)
        finally:
            served.remove()
            close_kiosk(kiosk)


def _run_scenarios(
    resident: Resident, kiosk: Kiosk, served: ServedCard, card: DemoCard
) -> None:
    watch = Watch(resident)
    welcome = kiosk.screens.welcome
    # 1. the resident is at the PIN pad, card in the reader
    resident.insert(slot_for(card))
    resident.wait_state(State.PIN, timeout=WAIT_MS)
    seen = restart_pcscd_while(watch, lambda: resident.state is State.PIN)
    ended = next(
        (i for i, s in enumerate(seen) if s in (State.FAILURE, State.WELCOME)), -1
    )
    said = sorted(set(watch.titles)) + sorted(set(watch.notices))
    MATRIX.add(
        "pcscd restarted",
        "PIN pad up, card in",
        " -> ".join(s.value for s in seen),
        "-",
        "; ".join(said) or "silent",
    )
    assert ended >= 0, f"the session did not end on the reader loss: {seen}"
    assert State.READING in seen[ended:], "the card served again was not read"
    assert GENERIC_TITLE not in said, said
    # the card taken out and put back: the PIN pad, then a real session
    served.remove()
    watch.until(lambda: resident.state is State.WELCOME)
    resident.insert(slot_for(card))
    resident.wait_state(State.PIN, timeout=WAIT_MS)
    resident.type_pin(kiosk.screens.pin.pad, card.pin)
    resident.wait_state(State.OVERVIEW, timeout=WAIT_MS)
    served.remove()
    resident.wait_state(State.WELCOME, timeout=WAIT_MS)
    # 2. nobody at the kiosk: welcome screen, reader empty
    seen = restart_pcscd_while(watch, lambda: not welcome.notice.text())
    MATRIX.add(
        "pcscd restarted",
        "welcome, no card",
        " -> ".join(s.value for s in seen),
        "-",
        "notice: " + (watch.notices[0] if watch.notices else "none"),
    )
    assert set(seen) == {State.WELCOME}
    resident.insert(slot_for(card))
    resident.wait_state(State.PIN, timeout=WAIT_MS)
    MATRIX.add("pcscd restarted", "card inserted after restart", "pin", "-")
