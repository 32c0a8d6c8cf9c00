#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Render every kiosk screen with real data into docs/screenshots/.

Runs the embedded demo (backend + virtual cards, in a temporary state
directory), walks a resident through every screen, and saves a PNG per screen
for zh_CN and en, normal and large-text themes, at 1280 x 800 and
1920 x 1080 (``NN-<screen>-<language>-<theme>-<size>.png``). Run under a
virtual X server, one look per run (the backend refuses a second open
transfer of one person):

    xvfb-run -a -s "-screen 0 1920x1080x24" python3 scripts/screenshots.py \
        --language zh_CN --theme normal --size 1280x800
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QEventLoop  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from backend_client.errors import BackendUnavailableError  # noqa: E402
from card.profile import INITIAL_PIN  # noqa: E402
from kiosk.app import Kiosk  # noqa: E402
from kiosk.demo import DemoRuntime  # noqa: E402
from kiosk.flow import State  # noqa: E402
from kiosk.i18n import Language  # noqa: E402
from qtcommon.fonts import choose_font  # noqa: E402


class Shooter:
    """Drives one kiosk and saves what it shows."""

    def __init__(
        self, app: QApplication, kiosk: Kiosk, demo: DemoRuntime, out: Path, suffix: str
    ) -> None:
        self.app, self.kiosk, self.demo = app, kiosk, demo
        self.s = kiosk.screens
        self.out, self.suffix = out, suffix
        self.saved: list[Path] = []

    def wait(self, predicate: Callable[[], bool], timeout: float = 20.0) -> None:
        deadline = time.monotonic() + timeout
        while not predicate():
            if time.monotonic() > deadline:
                raise TimeoutError(f"screen did not get ready ({self.suffix})")
            self.app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)

    def state(self, *states: State) -> None:
        self.wait(lambda: self.kiosk.controller.flow.state in states)

    def shot(self, name: str) -> None:
        for _ in range(5):
            self.app.processEvents()
        path = self.out / f"{name}-{self.suffix}.png"
        self.kiosk.window.grab().save(str(path))
        self.saved.append(path)

    def pin(self, pad, pin: str) -> None:
        for digit in pin:
            pad.button_for(digit).click()
        pad.ok_button.click()

    def run(self) -> None:
        s, c = self.s, self.kiosk.controller
        self.shot("01-welcome")
        active = self.demo.slot("active")
        self.demo.insert(active.path)
        self.state(State.READING, State.PIN)
        s.reading.set_step(1)
        self.kiosk.window.show_state(State.READING)
        self.shot("02-reading")
        self.state(State.PIN)
        self.kiosk.window.show_state(State.PIN)
        self.pin(s.pin.pad, "000000" if active.pin != "000000" else "111111")
        self.wait(lambda: s.pin.tries_left is not None)
        self.shot("03-pin-wrong")
        self.pin(s.pin.pad, active.pin)
        self.state(State.OVERVIEW)
        self.wait(lambda: s.overview.accounts is not None)
        self.shot("04-overview")
        self.service(
            State.CONTRIBUTIONS,
            lambda: s.contributions.page is not None,
            "05-contributions",
        )
        s.overview.buttons[State.TRANSFER].click()
        self.wait(lambda: s.transfer.regions != ())
        self.shot("06-transfer-region")
        self.pick(s.transfer, "310000")  # moving to Shanghai (demo README)
        self.shot("07-transfer-preview")
        s.transfer.confirm_button.click()
        self.state(State.RECEIPT)
        self.wait(lambda: s.receipt.receipt is not None)
        self.shot("08-receipt")
        s.receipt.back_button.click()
        self.state(State.OVERVIEW)
        # a second pension transfer while the first is under way: the panel
        s.overview.buttons[State.TRANSFER].click()
        self.wait(lambda: s.transfer.regions != ())
        self.pick(s.transfer, "110000")
        s.transfer.confirm_button.click()
        self.wait(lambda: self.kiosk.window.problem.isVisible())
        self.shot("20-problem-under-way")
        while self.kiosk.controller.flow.state is State.TRANSFER:
            s.transfer.back_button.click()  # preview, province, account
        self.state(State.OVERVIEW)
        s.overview.buttons[State.MEDICAL_TRANSFER].click()
        self.wait(lambda: s.medical.regions != ())
        self.pick(s.medical, "440100")
        self.shot("09-medical-preview")
        while self.kiosk.controller.flow.state is State.MEDICAL_TRANSFER:
            s.medical.back_button.click()
        self.service(
            State.UNEMPLOYMENT,
            lambda: s.unemployment.eligibility is not None,
            "10-unemployment",
        )
        s.overview.buttons[State.MY_REQUESTS].click()
        self.wait(lambda: s.requests.items != ())
        s.requests.list.itemClicked.emit(s.requests.list.item(0))
        self.wait(lambda: s.requests.detail is not None)
        self.shot("11-my-requests")
        s.requests.back_button.click()
        self.service(
            State.CERTIFICATE, lambda: s.certificate.data is not None, "12-certificate"
        )
        s.overview.buttons[State.PIN_CHANGE].click()
        self.state(State.PIN_CHANGE)
        self.shot("13-pin-change")
        s.pin_change.cancel_button.click()
        self.state(State.OVERVIEW)
        self.kiosk.window.show_countdown(12)
        self.shot("14-idle-countdown")
        self.kiosk.window.show_countdown(None)
        self.kiosk.window.open_help()
        self.shot("21-help")
        self.kiosk.window.help.close_help()
        self.kiosk.window.finish_button.click()
        self.state(State.TAKE_CARD)
        self.wait(lambda: s.take_card.animation.frame >= 30)  # the card well out
        self.shot("22-take-card")
        self.demo.remove()
        self.state(State.WELCOME)
        self.refused_and_more(c)

    def pick(self, screen, code: str) -> None:
        """Province, then city, of destination ``code``; wait for the preview."""
        region = next(r for r in screen.regions if r.code == code)
        self.wait(lambda: screen.provinces.buttons[region.province].isVisible())
        screen.provinces.buttons[region.province].click()
        if screen.page == 1:
            self.wait(lambda: screen.cities.buttons[code].isVisible())
            self.shot(f"06b-{screen.kind}-city")
            screen.cities.buttons[code].click()
        self.wait(lambda: screen.preview is not None)

    def service(self, state: State, ready: Callable[[], bool], name: str) -> None:
        self.s.overview.buttons[state].click()
        self.wait(ready)
        self.shot(name)
        self.kiosk.window.stack.currentWidget().back_button.click()
        self.state(State.OVERVIEW)

    def refused_and_more(self, c) -> None:
        s = self.s
        for kind, name in (
            ("expired", "15-refused-expired"),
            ("temporarily_lost", "16-refused-temporarily-lost"),
        ):
            self.demo.insert(self.demo.slot(kind).path)
            self.state(State.CARD_REFUSED)
            self.shot(name)
            self.demo.remove()
            self.state(State.WELCOME, State.TAKE_CARD)
            self.state(State.WELCOME)
        initial = self.demo.slot("initial")
        self.demo.insert(initial.path)
        self.state(State.PIN)
        self.pin(s.pin.pad, INITIAL_PIN)
        self.state(State.CHANGE_INITIAL_PIN)
        self.shot("17-initial-pin-change")
        self.demo.remove()
        self.state(State.WELCOME)
        s.welcome.loss_button.click()
        self.state(State.LOSS_REPORT)
        for ch in "11010519491231002X" + "12":
            s.loss_report.keypad.buttons[ch].click()
        self.shot("18-loss-report")
        s.loss_report.close_button.click()
        self.state(State.WELCOME)
        c.flow.card_inserted()
        c.fail(BackendUnavailableError("connection refused"))
        self.state(State.FAILURE)
        self.shot("19-message-offline")
        c.card_present = False  # no real card in this staged failure
        s.message.ok_button.click()
        self.state(State.WELCOME)


def shoot(
    app: QApplication,
    demo: DemoRuntime,
    out: Path,
    look: tuple[Language, bool, tuple[int, int]],
) -> list[Path]:
    """One pass through every screen in one language, theme and panel size."""
    language, large, (width, height) = look
    runtime = dataclasses.replace(demo.runtime, language=language, large_text=large)
    kiosk = Kiosk(app, runtime)
    kiosk.window.resize(width, height)
    kiosk.window.show()
    theme = "large" if large else "normal"
    suffix = f"{language.value}-{theme}-{width}x{height}"
    shooter = Shooter(app, kiosk, demo, out, suffix)
    try:
        shooter.run()
    finally:
        demo.remove()
        kiosk.close()
    return shooter.saved


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--language", choices=[x.value for x in Language])
    parser.add_argument("--theme", choices=["normal", "large"])
    parser.add_argument("--size", choices=["1280x800", "1920x1080"])
    args = parser.parse_args(argv)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    if choose_font(app) is None:
        print("warning: no CJK font: install fonts-noto-cjk", file=sys.stderr)
    args.out.mkdir(parents=True, exist_ok=True)
    languages = [Language(args.language)] if args.language else list(Language)
    themes = [args.theme == "large"] if args.theme else [False, True]
    sizes = [args.size] if args.size else ["1280x800", "1920x1080"]
    looks = [
        (language, large, tuple(int(x) for x in size.split("x")))
        for language in languages
        for large in themes
        for size in sizes
    ]
    with tempfile.TemporaryDirectory(prefix="ssc-shots-") as state:
        demo = DemoRuntime(Path(state))
        try:
            for look in looks:
                for path in shoot(app, demo, args.out, look):  # type: ignore[arg-type]
                    print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
        finally:
            demo.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
