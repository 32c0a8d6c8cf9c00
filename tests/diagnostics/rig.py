# SPDX-License-Identifier: Apache-2.0
"""Drive the kiosk and its diagnostics like a technician (taps, keypad, cards)."""

from __future__ import annotations

from pathlib import Path

from cryptography import x509
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QGroupBox,
    QLabel,
    QListWidget,
    QTableWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QWidget,
)

from backend_client.outbox import Outbox
from card.connection import GetResponseConnection
from card.ssse import SsseSession
from card.virtual import VirtualCard, VirtualConnection, VirtualReaderProvider
from card.virtual.bundled import DEMO_CA_CERTIFICATE
from kiosk.app import Kiosk, Runtime
from kiosk.config import KioskConfig
from kiosk.controller import Services
from kiosk.diagnostics import ApduTap, Diagnostics, attach_diagnostics
from kiosk.i18n import Language
from tests.live_backend import DemoCard, LiveBackend

ROOT = Path(__file__).resolve().parents[2]
DEMO_CA = DEMO_CA_CERTIFICATE
READER = "Diag Reader 0"
TECHNICIAN_CODE = "60417283"
WAIT_MS = 15_000


class Rig:
    """A kiosk (virtual reader, live backend) with diagnostics attached."""

    def __init__(
        self,
        qtbot,
        kiosk: Kiosk,
        provider: VirtualReaderProvider,
        tap: ApduTap,
        diagnostics: Diagnostics,
        config: KioskConfig,
        live: LiveBackend,
        workdir: Path,
    ) -> None:
        self.qtbot = qtbot
        self.kiosk = kiosk
        self.provider = provider
        self.tap = tap
        self.diagnostics = diagnostics
        self.config = config
        self.live = live
        self.workdir = workdir

    # --- technician -------------------------------------------------------------

    def click(self, button: QAbstractButton) -> None:
        assert button.isVisible() and button.isEnabled(), button.text()
        self.qtbot.mouseClick(button, Qt.MouseButton.LeftButton)

    def corner_taps(self, count: int = 5) -> None:
        """Tap the top-right corner of the kiosk window ``count`` times."""
        window = self.kiosk.window
        for _ in range(count):
            self.qtbot.mouseClick(
                window, Qt.MouseButton.LeftButton, pos=QPoint(window.width() - 20, 20)
            )

    def type_code(self, code: str) -> None:
        dialog = self.diagnostics.dialog
        for digit in code:
            self.click(dialog.keypad.buttons[digit])
        self.click(dialog.ok_button)

    def open(self, code: str = TECHNICIAN_CODE) -> None:
        """Gesture, code, and wait for the window with its first answers."""
        self.corner_taps()
        self.qtbot.waitUntil(self.diagnostics.dialog.isVisible, timeout=WAIT_MS)
        self.type_code(code)
        self.qtbot.waitUntil(self.diagnostics.window.isVisible, timeout=WAIT_MS)
        d = self.diagnostics
        self.qtbot.waitUntil(
            lambda: None not in (d.readers, d.health, d.versions), timeout=WAIT_MS
        )

    # --- cards -------------------------------------------------------------------

    def insert(self, card: DemoCard) -> VirtualCard:
        copy = self.live.copy_card(card, self.workdir / "cards")
        virtual = VirtualCard.load(copy.path)
        self.provider.insert(READER, virtual)
        return virtual

    def usable_card(self) -> DemoCard:
        """A plain active demo card whose PIN still has all its tries.

        Other suites share the demo images in card/virtual/demo/cards; one whose
        PIN was spent there would be refused here, so ask each card (real
        APDUs, not through the kiosk's tap) and take the first usable one.
        """
        for index in range(10):
            demo = self.live.card("active", index)
            card = VirtualCard.load(demo.path)
            ssse = SsseSession(GetResponseConnection(VirtualConnection(card)))
            if ssse.pin_tries_left() == 3:
                return demo
        raise LookupError("no active demo card with its PIN tries intact")

    def close(self) -> None:
        self.diagnostics.close()
        self.provider.remove(READER)
        self.kiosk.close()
        self.kiosk.runtime.services.outbox.close()
        self.kiosk.runtime.services.client.close()


def make_rig(
    qtbot,
    qapp,
    live: LiveBackend,
    workdir: Path,
    *,
    code: str = TECHNICIAN_CODE,
    language: Language = Language.EN,
) -> Rig:
    """Wire a kiosk the way kiosk/app.py main() is told to, on a virtual reader."""
    provider = VirtualReaderProvider([READER, "Spare Reader 1"])
    tap = ApduTap(provider)
    services = Services(
        client=live.client(),
        kiosk_id=live.kiosk.kiosk_id,
        ca_cert=x509.load_pem_x509_certificate(DEMO_CA.read_bytes()),
        outbox=Outbox(workdir / "outbox.sqlite3"),
        status_base_url=live.url,
        printer="",
        certificate_dir=workdir / "certificates",
        idle_timeout_s=90,
        idle_warning_s=15,
        outbox_flush_s=10,
    )
    runtime = Runtime(
        provider=tap,
        reader=READER,
        services=services,
        shuffle_pin_pad=False,
        language=language,
        large_text=False,
    )
    config = KioskConfig(
        reader_pattern=READER,
        backend_url=live.url,
        kiosk_id=live.kiosk.kiosk_id,
        kiosk_secret=live.kiosk.key,
        issuer_ca=DEMO_CA,
        technician_code=code,
        language=language,
    )
    kiosk = Kiosk(qapp, runtime)
    diagnostics = attach_diagnostics(kiosk, trace=tap.trace, config=config)
    kiosk.window.show()
    qtbot.waitExposed(kiosk.window)
    return Rig(qtbot, kiosk, provider, tap, diagnostics, config, live, workdir)


def _tree_texts(item: QTreeWidgetItem) -> list[str]:
    texts = [item.text(c) for c in range(item.columnCount())]
    for index in range(item.childCount()):
        texts += _tree_texts(item.child(index))
    return texts


def widget_texts(root: QWidget) -> list[str]:
    """Every string a widget tree shows: labels, buttons, lists, trees, tables."""
    texts = [root.windowTitle()]
    for w in [root, *root.findChildren(QWidget)]:
        if isinstance(w, QLabel | QAbstractButton):
            texts.append(w.text())
        elif isinstance(w, QGroupBox):
            texts.append(w.title())
        elif isinstance(w, QListWidget):
            texts += [w.item(i).text() for i in range(w.count())]
        elif isinstance(w, QTreeWidget):
            for i in range(w.topLevelItemCount()):
                texts += _tree_texts(w.topLevelItem(i))
        elif isinstance(w, QTableWidget):
            texts += [
                w.item(r, c).text()
                for r in range(w.rowCount())
                for c in range(w.columnCount())
                if w.item(r, c)
            ]
    return texts
