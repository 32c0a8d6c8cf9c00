# SPDX-License-Identifier: Apache-2.0
"""``ss-kiosk --demo`` wired as the package docstring tells kiosk/app.py to do it."""

from __future__ import annotations

import dataclasses

from kiosk.app import Kiosk
from kiosk.demo import DemoRuntime
from kiosk.diagnostics import DEMO_TECHNICIAN_CODE, ApduTap, attach_diagnostics
from kiosk.diagnostics.model import MASK, Reachability
from tests.diagnostics.rig import Rig, widget_texts


def test_demo_kiosk_with_diagnostics(qtbot, qapp, tmp_path) -> None:
    demo = DemoRuntime(tmp_path / "demo")
    tap = ApduTap(demo.runtime.provider)
    kiosk = Kiosk(qapp, dataclasses.replace(demo.runtime, provider=tap))
    diagnostics = attach_diagnostics(kiosk, trace=tap.trace, config=None)
    kiosk.window.show()
    qtbot.waitExposed(kiosk.window)
    rig = Rig(qtbot, kiosk, demo.provider, tap, diagnostics, None, None, tmp_path)
    threads = [r.worker_thread for r in (diagnostics.local, diagnostics.network)]
    assert all(t.isRunning() for t in threads)
    try:
        rig.open(DEMO_TECHNICIAN_CODE)
        shown = {i.key: i.value for i in diagnostics.setup.config}
        assert shown["mode"] == "demo"
        assert shown["kiosk_secret"] == MASK and shown["technician_code"] == MASK
        assert diagnostics.health.reachability is Reachability.REACHABLE
        assert diagnostics.health.url == demo.backend.url
        assert [r.name for r in diagnostics.readers.readers] == ["Demo Reader 0"]
        texts = "\n".join(widget_texts(diagnostics.window))
        assert demo.backend.kiosk_secret not in texts
        assert DEMO_TECHNICIAN_CODE not in texts
    finally:
        diagnostics.close()
        kiosk.close()
        demo.stop()
    assert not any(t.isRunning() for t in threads)


def test_a_card_left_behind_shows_on_the_diagnostics(qtbot, qapp, tmp_path) -> None:
    from kiosk.flow import State
    from tests.kiosk.harness import Resident

    demo = DemoRuntime(tmp_path / "demo")
    tap = ApduTap(demo.runtime.provider)
    services = dataclasses.replace(demo.services, card_left_s=1, audio_player="")
    runtime = dataclasses.replace(demo.runtime, provider=tap, services=services)
    kiosk = Kiosk(qapp, runtime)
    diagnostics = attach_diagnostics(kiosk, trace=tap.trace, config=None)
    kiosk.window.show()
    qtbot.waitExposed(kiosk.window)
    rig = Rig(qtbot, kiosk, demo.provider, tap, diagnostics, None, None, tmp_path)
    resident = Resident(qtbot, kiosk, demo)
    try:
        resident.sign_in(demo.slot("active", 2))
        resident.click(kiosk.window.finish_button)
        resident.wait_state(State.TAKE_CARD)
        resident.wait_until(lambda: kiosk.controller.cards_left != [], timeout=4000)
        rig.open(DEMO_TECHNICIAN_CODE)  # no session: the technician may open it
        left = diagnostics.window.left_cards
        qtbot.waitUntil(left.isVisible, timeout=3000)
        assert "卡：1张" in left.text()  # the kiosk speaks Chinese by default
    finally:
        demo.remove()
        diagnostics.close()
        kiosk.close()
        demo.stop()
