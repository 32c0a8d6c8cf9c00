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
    threads = list(diagnostics.threads.threads)
    assert len(threads) == 2 and all(t.isRunning() for t in threads)
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
