# SPDX-License-Identifier: Apache-2.0
"""Start-up in stages: the welcome screen first, nothing lost while the rest loads.

The staged :class:`kiosk.startup.Boot` runs in a child process (it is about
what a fresh process imports); the two-step :class:`kiosk.app.Kiosk` runs
here on the demo runtime with real virtual cards.
"""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect, QSize, Qt

from card.virtual.bundled import DEMO_CA_CERTIFICATE
from kiosk.app import Kiosk, Look
from kiosk.demo import panel_position
from kiosk.flow import State
from kiosk.i18n import Language
from kiosk.theme import Theme

ROOT = Path(__file__).resolve().parents[2]
HEAVY = (
    "sqlalchemy",
    "requests",
    "cryptography.x509",
    "smartcard",
    "backend_client.client",
    "backend_client.outbox",
    "card.pcsc",
    "kiosk.controller",
    "kiosk.services",
    "kiosk.diagnostics",
    "kiosk.screens.overview",
)

CHILD = """
import json, sys
from PySide6.QtWidgets import QApplication
app = QApplication([])
from kiosk.app import Look, load_config
from kiosk.i18n import Language
from kiosk.startup import Boot, Plan
heavy = json.loads(sys.argv[2])
from pathlib import Path
config = load_config(Path(sys.argv[1]))
look = Look(language=Language.ZH_CN, large_text=False, shuffle_pin_pad=False)
seen = {}
boot = Boot(app, Plan(look=look, config=config))
def painted():
    seen["painted"] = sorted(m for m in heavy if m in sys.modules)
    seen["welcome_current"] = (boot.kiosk.window.stack.currentWidget()
                               is boot.kiosk.screens.welcome)
def ready():
    seen["ready"] = sorted(m for m in heavy if m in sys.modules)
    seen["built"] = sorted(n for n in ("welcome", "reading", "pin", "overview")
                           if boot.kiosk.screens.built(n))
    seen["state"] = boot.kiosk.controller.flow.state.name
    seen["outbox"] = type(boot.runtime.services.outbox).__name__
    app.quit()
boot.painted.connect(painted)
boot.ready.connect(ready)
boot.failed.connect(lambda status: (seen.update(failed=status), app.quit()))
app.exec()
boot.close()
print(json.dumps(seen))
"""


def _child_env() -> dict[str, str]:
    return dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""),
    )


def _kiosk_toml(folder: Path, issuer_ca: Path) -> Path:
    """A terminal with no reader of its name and no backend listening."""
    toml = folder / "kiosk.toml"
    toml.write_text(
        '[reader]\nname_pattern = "no such reader"\n\n'
        '[backend]\nurl = "http://127.0.0.1:9"\nkiosk_id = "K-TEST"\n'
        'kiosk_secret = "not-a-real-secret"\n\n'
        f'[kiosk]\nissuer_ca = "{issuer_ca}"\n'
        f'outbox = "{folder / "outbox.sqlite3"}"\n',
        encoding="utf-8",
    )
    return toml


def test_welcome_is_painted_before_the_heavy_modules_load(tmp_path: Path) -> None:
    toml = _kiosk_toml(tmp_path, DEMO_CA_CERTIFICATE)
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(toml), json.dumps(HEAVY)],
        capture_output=True,
        text=True,
        env=_child_env(),
        cwd=tmp_path,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert "failed" not in seen, done.stderr[-3000:]
    assert seen["painted"] == [] and seen["welcome_current"]
    assert set(seen["ready"]) == set(HEAVY) - {"kiosk.screens.overview"}
    assert seen["built"] == ["welcome"]  # the others on first use
    assert seen["state"] == "WELCOME" and seen["outbox"] == "Outbox"
    assert (tmp_path / "outbox.sqlite3").exists()


def test_a_bad_issuer_ca_found_while_loading_exits_2(tmp_path: Path) -> None:
    bad = tmp_path / "ca.pem"
    bad.write_text("not a certificate", encoding="utf-8")
    toml = _kiosk_toml(tmp_path, bad)
    done = subprocess.run(
        [sys.executable, "-m", "kiosk.app", "--config", str(toml), "--windowed"],
        capture_output=True,
        text=True,
        env=_child_env(),
        cwd=tmp_path,
        timeout=120,
        check=False,
    )
    assert done.returncode == 2, done.stderr[-3000:]
    assert "configuration error" in done.stderr and str(bad) in done.stderr


@pytest.fixture
def shell(qapp, demo, tmp_path) -> Iterator[tuple[Kiosk, object]]:
    """A kiosk showing only its welcome screen; the test attaches the rest."""
    from backend_client.outbox import Outbox

    kiosk = Kiosk(
        qapp,
        look=Look(language=Language.ZH_CN, large_text=False, shuffle_pin_pad=False),
    )
    kiosk.window.show()
    services = dataclasses.replace(
        demo.services, outbox=Outbox(tmp_path / "outbox.sqlite3")
    )
    yield kiosk, dataclasses.replace(demo.runtime, services=services)
    demo.remove()
    kiosk.close()
    services.outbox.close()


def test_a_card_inserted_while_loading_is_read_once_ready(qtbot, shell, demo) -> None:
    kiosk, runtime = shell
    slot = demo.slot("active")
    demo.insert(slot.path)  # before the reader monitor exists
    qtbot.wait(50)
    assert kiosk.window.stack.currentWidget() is kiosk.screens.welcome
    kiosk.attach(runtime)
    qtbot.waitUntil(lambda: kiosk.controller.flow.state is State.PIN, timeout=15_000)
    assert kiosk.window.stack.currentWidget() is kiosk.screens.pin


def test_welcome_buttons_work_while_loading(qtbot, shell) -> None:
    kiosk, runtime = shell
    welcome = kiosk.screens.welcome
    qtbot.mouseClick(welcome.language_button, Qt.MouseButton.LeftButton)
    assert kiosk.translations.language is Language.EN
    qtbot.waitUntil(
        lambda: welcome.prompt.text() == "Please insert your social security card"
    )
    qtbot.mouseClick(welcome.large_button, Qt.MouseButton.LeftButton)
    assert kiosk.theme is Theme.LARGE
    qtbot.mouseClick(welcome.loss_button, Qt.MouseButton.LeftButton)
    assert kiosk.window.stack.currentWidget() is welcome  # waits for the rest
    kiosk.attach(runtime)
    assert kiosk.controller.flow.state is State.LOSS_REPORT
    assert kiosk.window.stack.currentWidget() is kiosk.screens.loss_report


def test_demo_panel_never_covers_the_kiosk_window() -> None:
    window, panel = QRect(0, 0, 1280, 800), QSize(330, 820)
    spot = panel_position(window, panel, QRect(0, 0, 1920, 1080))
    assert spot == QPoint(1288, 0)
    assert not QRect(spot, panel).intersects(window)
    centred = QRect(500, 100, 1280, 800)
    spot = panel_position(centred, panel, QRect(0, 0, 1920, 1080))
    assert not QRect(spot, panel).intersects(centred) and spot.x() >= 0
    wide = QRect(0, 0, 1280, 200)
    spot = panel_position(wide, QSize(330, 400), QRect(0, 0, 1400, 1080))
    assert spot == QPoint(0, 208)
