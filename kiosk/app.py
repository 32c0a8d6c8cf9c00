# SPDX-License-Identifier: Apache-2.0
"""``ss-kiosk``: the composition root of the resident kiosk.

``ss-kiosk --demo`` runs the embedded default (in-process backend on a seeded
SQLite file, in-process virtual reader with the demo cards, a demo panel);
``ss-kiosk --config config/kiosk.toml`` runs a real terminal (PC/SC reader,
backend URL, kiosk credentials, trusted issuer CA). :class:`Kiosk` wires the
services to the screens; nothing else constructs workers or controllers.
"""

from __future__ import annotations

import argparse
import logging
import sys
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from PySide6.QtCore import QObject
from PySide6.QtWidgets import QApplication

from backend_client.client import BackendClient, KioskCredentials
from backend_client.outbox import Outbox
from card.readers import MonitorHandle, ReaderProvider
from kiosk.config import ConfigError, KioskConfig, load_config
from kiosk.controller import Controller, Services
from kiosk.i18n import Language, TranslationError, Translations
from kiosk.services import ServiceHandlers
from kiosk.theme import Theme, ThemeError, apply_theme, choose_font
from kiosk.window import MainWindow, Screens
from kiosk.workers import BackendWorker, CardWorker, Jobs, ReaderBridge, events_for

log = logging.getLogger(__name__)


@dataclass(frozen=True, kw_only=True)
class Runtime:
    """Where cards and the backend come from, whichever way the kiosk started."""

    provider: ReaderProvider
    reader: str  # a reader name or a pattern contained in it
    services: Services
    shuffle_pin_pad: bool
    language: Language
    large_text: bool


class Kiosk(QObject):
    """Screens, window, workers, controller and service handlers, wired once."""

    def __init__(self, app: QApplication, runtime: Runtime) -> None:
        super().__init__()
        self.app = app
        self.runtime = runtime
        self.translations = Translations(app)
        self.translations.switch(runtime.language)
        self.theme = Theme.LARGE if runtime.large_text else Theme.NORMAL
        apply_theme(app, self.theme)
        self.screens = Screens(shuffle=runtime.shuffle_pin_pad)
        self.window = MainWindow(self.screens)
        self.card_worker = CardWorker(runtime.provider, runtime.reader)
        self.jobs = Jobs(self.card_worker, BackendWorker())
        self.controller = Controller(runtime.services, self.jobs, self.screens,
                                     self.window)
        self.handlers = ServiceHandlers(self.controller)
        self.bridge = ReaderBridge(self.card_worker, runtime.reader)
        self.bridge.card_inserted.connect(self.controller.card_inserted)
        self.bridge.card_removed.connect(self.controller.card_removed)
        self.bridge.reader_removed.connect(self.controller.reader_lost)
        self.bridge.reader_added.connect(self.controller.reader_back)
        welcome = self.screens.welcome
        welcome.language_toggled.connect(self.toggle_language)
        welcome.large_text_toggled.connect(self.toggle_large_text)
        app.installEventFilter(self.controller)
        self.monitor: MonitorHandle = runtime.provider.start_monitor(
            events_for(self.bridge))

    def toggle_language(self) -> None:
        """中文 ⇄ English; every screen retranslates on LanguageChange."""
        other = Language.EN if self.translations.language is Language.ZH_CN \
            else Language.ZH_CN
        self.translations.switch(other)

    def toggle_large_text(self) -> None:
        """Normal ⇄ large text with high contrast."""
        self.theme = Theme.NORMAL if self.theme is Theme.LARGE else Theme.LARGE
        apply_theme(self.app, self.theme)

    def close(self) -> None:
        """Stop the monitor and the workers (services are closed by their owner)."""
        self.app.removeEventFilter(self.controller)
        self.controller.stop()
        self.monitor.stop()
        self.jobs.stop()
        self.window.close()
        self.translations.close()


def services_from_config(config: KioskConfig) -> Services:
    """Backend client, trust anchor and outbox of a real terminal."""
    try:
        ca = x509.load_pem_x509_certificate(config.issuer_ca.read_bytes())
    except (OSError, ValueError) as exc:
        raise ConfigError(f"issuer CA {config.issuer_ca}: {exc}") from None
    client = BackendClient(config.backend_url,
                           kiosk=KioskCredentials(kiosk_id=config.kiosk_id,
                                                  key=config.kiosk_secret),
                           ca_bundle=config.backend_ca_bundle)
    return Services(client=client, kiosk_id=config.kiosk_id, ca_cert=ca,
                    outbox=Outbox(config.outbox_path),
                    status_base_url=config.backend_url, printer=config.printer,
                    certificate_dir=config.certificate_dir,
                    idle_timeout_s=config.idle_timeout_s,
                    idle_warning_s=config.idle_warning_s,
                    outbox_flush_s=config.outbox_flush_s)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="ss-kiosk",
                                     description=__doc__.split("\n")[0])
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--demo", action="store_true",
                      help="embedded backend and virtual demo cards (default setup)")
    mode.add_argument("--config", type=Path, help="a kiosk.toml of a real terminal")
    mode.add_argument("--staff", action="store_true",
                      help="the staff issuing station (ss-issue); its options: "
                           "ss-kiosk --staff --help")
    parser.add_argument("--state-dir", type=Path, default=Path("var/demo"),
                        help="--demo: where the database and card copies live")
    parser.add_argument("--language", choices=[x.value for x in Language])
    parser.add_argument("--large-text", action="store_true")
    parser.add_argument("--windowed", action="store_true", help="not full screen")
    parser.add_argument("--exit-after", type=float, metavar="S",
                        help="quit after S seconds (smoke tests, benches)")
    parser.add_argument("-v", "--verbose", action="store_true")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the kiosk (or, with ``--staff``, the staff station); exit status 2 on
    a configuration error."""
    argv = sys.argv[1:] if argv is None else list(argv)
    if "--staff" in argv:  # the staff station parses its own options and --help
        _parser().parse_known_args([a for a in argv if a not in ("-h", "--help")])
        from kiosk.staff.app import main as staff_main

        return staff_main(argv)
    args = _parser().parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.INFO,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    app = QApplication.instance() or QApplication(sys.argv[:1])
    choose_font(app)
    demo = None
    try:
        if args.demo:
            from kiosk.demo import start_demo

            demo = start_demo(args.state_dir)
            runtime = demo.runtime
            full_screen = False
        else:
            config = load_config(args.config)
            from card.pcsc import PcscProvider

            runtime = Runtime(provider=PcscProvider(), reader=config.reader_pattern,
                              services=services_from_config(config),
                              shuffle_pin_pad=config.shuffle_pin_pad,
                              language=config.language, large_text=config.large_text)
            full_screen = config.full_screen
        if args.language:
            runtime = _with(runtime, language=Language(args.language))
        if args.large_text:
            runtime = _with(runtime, large_text=True)
        from kiosk.diagnostics import ApduTap, attach_diagnostics

        tap = ApduTap(runtime.provider)
        kiosk = Kiosk(app, _with(runtime, provider=tap))
        diagnostics = attach_diagnostics(kiosk, trace=tap.trace,
                                         config=None if args.demo else config)
    except ConfigError as exc:
        print(f"ss-kiosk: configuration error: {exc}", file=sys.stderr)
        return 2
    except (TranslationError, ThemeError) as exc:
        print(f"ss-kiosk: installation problem: {exc}", file=sys.stderr)
        return 1
    if demo is not None:
        demo.show_panel(kiosk)
    if full_screen and not args.windowed:
        kiosk.window.showFullScreen()
    else:
        kiosk.window.show()
    _quit_on_signals(app)
    if args.exit_after is not None:
        from PySide6.QtCore import QTimer

        QTimer.singleShot(int(args.exit_after * 1000), app.quit)
    log.info("kiosk ready (%s mode)", "demo" if args.demo else "config")
    try:
        return app.exec()
    finally:
        diagnostics.close()
        kiosk.close()
        if demo is not None:
            demo.stop()
        else:
            runtime.services.outbox.close()
            runtime.services.client.close()


def _quit_on_signals(app: QApplication) -> None:
    """Ctrl+C and SIGTERM end the event loop cleanly (cards saved, backend stopped)."""
    import signal

    from PySide6.QtCore import QTimer

    for number in (signal.SIGINT, signal.SIGTERM):
        signal.signal(number, lambda *_: app.quit())
    # Python runs signal handlers only between bytecodes: wake it now and then.
    ticker = QTimer(app)
    ticker.timeout.connect(lambda: None)
    ticker.start(250)


def _with(runtime: Runtime, **changes: object) -> Runtime:
    from dataclasses import replace

    return replace(runtime, **changes)  # type: ignore[arg-type]


if __name__ == "__main__":
    raise SystemExit(main())
