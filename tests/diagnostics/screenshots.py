# SPDX-License-Identifier: Apache-2.0
"""Screenshots of the diagnostics screen for the technician guide.

Run under a real X server (fonts are rendered as on a kiosk), once per screen
size; the kiosk and the diagnostics fill the screen::

    xvfb-run -a -s "-screen 0 1280x800x24" python3 -m tests.diagnostics.screenshots
    xvfb-run -a -s "-screen 0 1920x1080x24" python3 -m tests.diagnostics.screenshots

It starts the reference backend on loopback, a kiosk on a virtual reader in
zh_CN, signs a demo resident in (so the APDU list holds a redacted VERIFY),
opens the diagnostics with the gesture and the code, and saves
docs/screenshots/diagnostics-<screen>-<zh_CN|en>-<width>x<height>.png.
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from kiosk.flow import State
from kiosk.i18n import Language
from qtcommon.fonts import choose_font
from tests.diagnostics.rig import READER, TECHNICIAN_CODE, make_rig
from tests.live_backend import live_backend

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "docs" / "screenshots"


class Bot:
    """The few pytest-qt calls the rig uses, for a script."""

    def waitUntil(self, done: Callable[[], object], timeout: int = 15_000) -> None:  # noqa: N802
        deadline = time.monotonic() + timeout / 1000
        while not done():
            if time.monotonic() > deadline:
                raise TimeoutError("condition not reached")
            QTest.qWait(20)

    def waitExposed(self, widget: QWidget) -> None:  # noqa: N802
        QTest.qWaitForWindowExposed(widget)

    def mouseClick(
        self,
        widget: QWidget,
        button: Qt.MouseButton,  # noqa: N802
        pos: QPoint | None = None,
    ) -> None:
        QTest.mouseClick(
            widget,
            button,
            Qt.KeyboardModifier.NoModifier,
            pos if pos is not None else widget.rect().center(),
        )


def shoot(widget: QWidget, name: str, language: Language) -> None:
    QTest.qWait(300)
    size = QApplication.primaryScreen().size()
    path = (
        OUT / f"diagnostics-{name}-{language.value}-{size.width()}x{size.height()}.png"
    )
    widget.grab().save(str(path))
    print(path)


def both_states(bot: Bot, rig: object, live: object, language: Language) -> None:
    """The screen with the backend up, then down (refreshed each time)."""
    d = rig.diagnostics  # type: ignore[attr-defined]
    first = d.health
    rig.click(d.window.refresh_button)  # type: ignore[attr-defined]
    bot.waitUntil(lambda: d.health is not first)
    shoot(d.window, "main", language)
    live.stop()  # type: ignore[attr-defined]
    first = d.health
    rig.click(d.window.refresh_button)  # type: ignore[attr-defined]
    bot.waitUntil(lambda: d.health is not first)
    shoot(d.window, "backend-down", language)
    live.start()  # type: ignore[attr-defined]


def main() -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    choose_font(app)  # type: ignore[arg-type]
    OUT.mkdir(parents=True, exist_ok=True)
    bot = Bot()
    with tempfile.TemporaryDirectory() as tmp, live_backend(Path(tmp) / "b") as live:
        rig = make_rig(bot, app, live, Path(tmp), language=Language.ZH_CN)
        try:
            rig.kiosk.window.resize(QApplication.primaryScreen().size())
            demo = rig.usable_card()
            card = rig.insert(demo)
            bot.waitUntil(lambda: rig.kiosk.controller.flow.state is State.PIN)
            pad = rig.kiosk.screens.pin.pad
            for digit in demo.pin:
                rig.click(pad.button_for(digit))
            rig.click(pad.ok_button)
            bot.waitUntil(lambda: rig.kiosk.controller.flow.state is State.OVERVIEW)
            rig.kiosk.controller.finish()
            rig.provider.remove(READER)
            bot.waitUntil(lambda: rig.kiosk.controller.flow.state is State.WELCOME)
            rig.corner_taps()
            bot.waitUntil(rig.diagnostics.dialog.isVisible)
            rig.type_code("1234")
            shoot(rig.diagnostics.dialog, "code", Language.ZH_CN)
            rig.type_code(TECHNICIAN_CODE)
            d = rig.diagnostics
            bot.waitUntil(lambda: None not in (d.readers, d.health, d.versions))
            d.window.resize(QApplication.primaryScreen().size())
            rig.provider.insert("Spare Reader 1", card)  # the kiosk ignores it
            bot.waitUntil(lambda: any(r.card_present for r in d.readers.readers))
            for language in (Language.ZH_CN, Language.EN):
                rig.kiosk.translations.switch(language)
                both_states(bot, rig, live, language)
        finally:
            rig.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
