# SPDX-License-Identifier: Apache-2.0
"""``ss-kiosk --demo`` through ``main()``: the composition root, demo panel and all."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from kiosk.app import main


def test_demo_main_starts_to_welcome_and_quits(qapp, tmp_path) -> None:
    seen: dict[str, object] = {}

    def look() -> None:
        windows = {w.objectName(): w for w in QApplication.topLevelWidgets()
                   if w.isVisible()}
        seen["kiosk"] = "kioskWindow" in windows
        seen["panel"] = any(w.windowTitle() == "Demo cards"
                            for w in QApplication.topLevelWidgets() if w.isVisible())
        qapp.quit()

    QTimer.singleShot(1500, look)
    status = main(["--demo", "--windowed", "--language", "en",
                   "--state-dir", str(tmp_path / "state")])
    assert status == 0
    assert seen == {"kiosk": True, "panel": True}
    assert (tmp_path / "state" / "cards").is_dir()
    assert list((tmp_path / "state" / "cards").glob("*.json"))
