# SPDX-License-Identifier: Apache-2.0
"""The embedded default (``ss-kiosk --demo``): backend, reader and cards in process.

The one kiosk module allowed to import ``backend`` (tests/test_layers.py). It
copies the demo card images into a runtime state directory first, so a demo
never changes the repository, starts the reference backend in-process on
127.0.0.1 over a seeded SQLite file, plugs an in-process virtual reader, and
shows a small panel (plus Ctrl+1…9 / Ctrl+0) to insert and remove cards.
"""

from __future__ import annotations

import logging
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from cryptography import x509
from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtGui import QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from backend_client.client import BackendClient, KioskCredentials
from backend_client.outbox import Outbox
from card.virtual import VirtualCard, VirtualReaderProvider
from card.virtual.bundled import DEMO_CA_CERTIFICATE, DEMO_CARDS_DIR
from card.virtual.factory import describe
from kiosk.controller import Services
from kiosk.i18n import Language

if TYPE_CHECKING:
    from kiosk.app import Kiosk, Runtime

log = logging.getLogger(__name__)

DEMO_CARDS = DEMO_CARDS_DIR
DEMO_CA = DEMO_CA_CERTIFICATE
READER = "Demo Reader 0"
PANEL_GAP = 8


@dataclass(frozen=True, kw_only=True)
class DemoCardSlot:
    """One demo card image (a private copy), its demo PIN and what it shows."""

    path: Path
    title: str
    card_number: str
    name: str
    pin: str
    kind: str  # active | blocked_pin | expired | temporarily_lost | initial
    ssn: str
    mobile: str


def copy_demo_cards(source: Path, target: Path) -> list[Path]:
    """Copy ``source/*.json`` into ``target`` (existing copies are kept)."""
    target.mkdir(parents=True, exist_ok=True)
    copied = []
    for image in sorted(source.glob("*.json")):
        dest = target / image.name
        if not dest.exists():
            shutil.copyfile(image, dest)
        copied.append(dest)
    return copied


def demo_slot(path: Path) -> DemoCardSlot:
    """Describe the card image at ``path`` with the demo resident it belongs to."""
    from backend.demo_data import RESIDENTS

    info = describe(VirtualCard.load(path))
    holder = info.get("holder") or {}
    number = (info.get("issuer") or {}).get("card_number", path.stem)
    resident = next((r for r in RESIDENTS if r.card_number == number), None)
    pin = resident.pin if resident else "?"
    kind = resident.card if resident else "unknown"
    name = holder.get("name", path.stem)
    return DemoCardSlot(
        path=path,
        card_number=number,
        name=name,
        pin=pin,
        kind=kind,
        ssn=holder.get("ssn", ""),
        mobile=resident.mobile if resident else "",
        title=f"{name} · {number} · PIN {pin} · {kind}",
    )


class DemoRuntime:
    """The embedded backend, the virtual reader and the demo cards."""

    def __init__(self, state_dir: Path) -> None:
        from backend.demo import start_embedded

        self.state_dir = state_dir.resolve()
        cards_dir = self.state_dir / "cards"
        copy_demo_cards(DEMO_CARDS, cards_dir)
        self.backend = start_embedded(self.state_dir / "backend.sqlite3", cards_dir)
        self.slots = [demo_slot(p) for p in sorted(cards_dir.glob("*.json"))]
        self.provider = VirtualReaderProvider([READER])
        self.cards: dict[Path, VirtualCard] = {}
        self.panel: DemoPanel | None = None
        client = BackendClient(
            self.backend.url,
            kiosk=KioskCredentials(
                kiosk_id=self.backend.kiosk_id, key=self.backend.kiosk_secret
            ),
        )
        self.services = Services(
            client=client,
            kiosk_id=self.backend.kiosk_id,
            ca_cert=x509.load_pem_x509_certificate(DEMO_CA.read_bytes()),
            outbox=Outbox(self.state_dir / "outbox.sqlite3"),
            status_base_url=self.backend.url,
            printer="",
            certificate_dir=self.state_dir / "certificates",
            idle_timeout_s=90,
            idle_warning_s=15,
            outbox_flush_s=10,
        )

    @property
    def runtime(self) -> Runtime:
        """What :class:`kiosk.app.Kiosk` needs."""
        from kiosk.app import Runtime

        return Runtime(
            provider=self.provider,
            reader=READER,
            services=self.services,
            shuffle_pin_pad=False,
            language=Language.ZH_CN,
            large_text=False,
        )

    def slot(self, kind: str = "active", index: int = 0) -> DemoCardSlot:
        """The ``index``-th demo card of this kind."""
        return [s for s in self.slots if s.kind == kind][index]

    def inserted(self) -> Path | None:
        """The image of the card in the reader, if any."""
        card = self.provider.card_in(READER)
        return next((p for p, c in self.cards.items() if c is card), None)

    def insert(self, path: Path) -> None:
        """Insert the card of ``path`` (taking out any other card first)."""
        if self.inserted() == path:
            return
        self.remove()
        card = VirtualCard.load(path)
        self.cards[path] = card
        self.provider.insert(READER, card)

    def remove(self) -> None:
        """Take the card out of the reader (its changes are saved to its copy)."""
        card = self.provider.remove(READER)
        if card is not None:
            card.save()

    def show_panel(self, kiosk: Kiosk) -> None:
        """The small demo window and the keyboard shortcuts."""
        self.panel = DemoPanel(self)
        for index, slot in enumerate(self.slots[:9]):
            shortcut = QShortcut(QKeySequence(f"Ctrl+{index + 1}"), kiosk.window)
            shortcut.setContext(Qt.ShortcutContext.ApplicationShortcut)
            shortcut.activated.connect(lambda p=slot.path: self._toggle(p))
        remove = QShortcut(QKeySequence("Ctrl+0"), kiosk.window)
        remove.setContext(Qt.ShortcutContext.ApplicationShortcut)
        remove.activated.connect(self.remove)
        self.panel.adjustSize()
        window = kiosk.window
        screen = window.screen() or QGuiApplication.primaryScreen()
        self.panel.move(
            panel_position(
                window.frameGeometry(), self.panel.size(), screen.availableGeometry()
            )
        )
        self.panel.show()

    def _toggle(self, path: Path) -> None:
        if self.inserted() == path:
            self.remove()
        else:
            self.insert(path)
        if self.panel is not None:
            self.panel.refresh()

    def stop(self) -> None:
        """Remove the card, stop the backend, release files."""
        self.remove()
        self.services.outbox.close()
        self.services.client.close()
        self.backend.stop()


class DemoPanel(QWidget):
    """A separate small window: one button per demo card (insert / take out)."""

    def __init__(self, demo: DemoRuntime) -> None:
        super().__init__(None, Qt.WindowType.Tool)
        self.demo = demo
        self.setWindowTitle("Demo cards")
        self.setStyleSheet(
            "QWidget { font-size: 14px; } QPushButton { min-height: "
            "28px; padding: 4px 10px; }"
        )
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Ctrl+1…9 insert a card, Ctrl+0 take it out"))
        self.buttons: list[tuple[QPushButton, DemoCardSlot]] = []
        for index, slot in enumerate(demo.slots):
            button = QPushButton()
            button.clicked.connect(lambda _=False, p=slot.path: self._clicked(p))
            layout.addWidget(button)
            self.buttons.append((button, slot))
            button.setToolTip(f"Ctrl+{index + 1}" if index < 9 else "")
        self.refresh()

    def _clicked(self, path: Path) -> None:
        self.demo._toggle(path)

    def refresh(self) -> None:
        """Label each button with what pressing it does now."""
        current = self.demo.inserted()
        for button, slot in self.buttons:
            verb = "Take out" if slot.path == current else "Insert"
            button.setText(f"{verb}: {slot.title}")


def panel_position(window: QRect, panel: QSize, screen: QRect) -> QPoint:
    """Where the demo panel goes so it never covers the kiosk window.

    Without a window manager (bare Xvfb) nobody places windows, so the panel
    goes right of the kiosk window, else left of it, else below it; only a
    screen with room nowhere gets it in its top-right corner."""
    right = window.right() + 1 + PANEL_GAP
    if right + panel.width() <= screen.right() + 1:
        return QPoint(right, window.top())
    left = window.left() - PANEL_GAP - panel.width()
    if left >= screen.left():
        return QPoint(left, window.top())
    below = window.bottom() + 1 + PANEL_GAP
    if below + panel.height() <= screen.bottom() + 1:
        return QPoint(window.left(), below)
    return QPoint(screen.right() + 1 - panel.width(), screen.top())


def start_demo(state_dir: Path) -> DemoRuntime:
    """Start the embedded default in ``state_dir`` (created if needed)."""
    return DemoRuntime(state_dir)
