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
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QApplication

import card
import ssclog.cli
from kiosk.config import ConfigError, KioskConfig, kiosk_config_path, load_config
from kiosk.flow import State
from kiosk.formats import set_zone
from kiosk.i18n import KIOSK, Language, TranslationError, Translations
from kiosk.theme import Theme, ThemeError, apply_theme
from kiosk.window import MainWindow, Screens
from qtcommon.fonts import choose_font
from qtcommon.qtlog import route_qt_messages
from ssclog.cli import EXIT_FAILED, EXIT_USAGE

if TYPE_CHECKING:
    from card.readers import MonitorHandle, ReaderProvider
    from kiosk.controller import Controller, Services
    from kiosk.selfcheck import SelfCheck
    from kiosk.services import ServiceHandlers
    from kiosk.startup import Plan
    from kiosk.workers import CardWorker, Jobs, ReaderBridge

log = logging.getLogger(__name__)


@dataclass(frozen=True, kw_only=True)
class Look:
    """What the welcome screen needs before anything else: language and theme."""

    language: Language
    large_text: bool
    shuffle_pin_pad: bool


@dataclass(frozen=True, kw_only=True)
class Runtime:
    """Where cards and the backend come from, whichever way the kiosk started."""

    provider: ReaderProvider
    reader: str  # a reader name or a pattern contained in it
    services: Services
    shuffle_pin_pad: bool
    language: Language
    large_text: bool

    @property
    def look(self) -> Look:
        """Language, theme and PIN-pad shuffling of this runtime."""
        return Look(
            language=self.language,
            large_text=self.large_text,
            shuffle_pin_pad=self.shuffle_pin_pad,
        )


class Kiosk(QObject):
    """Screens, window, workers, controller and service handlers, wired once.

    Built in two steps so the welcome screen can be painted first: the
    constructor makes the window with only the welcome screen (translator,
    theme; its language and large-text buttons work at once), and
    :meth:`attach` adds workers, controller, service handlers and the reader
    monitor. ``Kiosk(app, runtime)`` does both at once.
    """

    runtime: Runtime
    card_worker: CardWorker
    jobs: Jobs
    controller: Controller
    handlers: ServiceHandlers
    bridge: ReaderBridge
    monitor: MonitorHandle
    selfcheck: SelfCheck

    def __init__(
        self,
        app: QApplication,
        runtime: Runtime | None = None,
        *,
        look: Look | None = None,
    ) -> None:
        super().__init__()
        look = runtime.look if runtime is not None else look
        if look is None:
            raise ValueError("Kiosk needs a runtime or a look")
        self.app = app
        self.look = look  # the configured defaults, restored after every session
        self.attached = False
        self._loss_report_waiting = False
        self._held_reader: str | None = None  # a card not read while out of service
        self.translations = Translations(app, KIOSK)
        self.translations.switch(look.language)
        self.theme = Theme.LARGE if look.large_text else Theme.NORMAL
        apply_theme(app, self.theme)
        self.screens = Screens(shuffle=look.shuffle_pin_pad)
        self.window = MainWindow(self.screens)
        self.window.setLocale(self.translations.locale)
        self.window.show_state(State.WELCOME)
        welcome = self.screens.welcome
        welcome.show_large_text(self.theme is Theme.LARGE)
        welcome.language_toggled.connect(self.toggle_language)
        welcome.large_text_toggled.connect(self.toggle_large_text)
        welcome.loss_report_requested.connect(self._loss_report_early)
        if runtime is not None:
            self.attach(runtime)

    def attach(self, runtime: Runtime) -> None:
        """Workers, controller, service handlers; then start the reader monitor
        (it reports a card already in the reader as inserted)."""
        from kiosk.controller import Controller
        from kiosk.selfcheck import SelfCheck
        from kiosk.services import ServiceHandlers
        from kiosk.workers import CardWorker, Jobs, ReaderBridge, events_for
        from qtcommon.jobs import JobRunner

        self.runtime = runtime
        self.card_worker = CardWorker(runtime.provider, runtime.reader)
        self.jobs = Jobs(self.card_worker, JobRunner("kiosk-backend-worker"))
        self.controller = Controller(
            runtime.services, self.jobs, self.screens, self.window
        )
        self.handlers = ServiceHandlers(self.controller)
        self.bridge = ReaderBridge(self.card_worker, runtime.reader)
        self.bridge.card_inserted.connect(self._card_inserted)
        self.bridge.card_removed.connect(self.controller.card_removed)
        self.bridge.reader_removed.connect(self.controller.reader_lost)
        self.bridge.reader_added.connect(self.controller.reader_back)
        self.controller.back_at_welcome.connect(self.reset_look)
        self.selfcheck = SelfCheck(
            runtime.provider, runtime.reader, runtime.services.client.twin()
        )
        self.selfcheck.fault_changed.connect(self.screens.welcome.show_out_of_service)
        self.selfcheck.fault_changed.connect(self._read_held_card)
        self.bridge.card_removed.connect(self._forget_held_card)
        self.bridge.reader_added.connect(self.selfcheck.run_now)
        self.bridge.reader_removed.connect(self.selfcheck.run_now)
        self.app.installEventFilter(self.controller)
        self.attached = True
        if self._loss_report_waiting:  # touched while the kiosk was loading
            self._loss_report_waiting = False
            self.handlers.open_loss_report()
        self.monitor = runtime.provider.start_monitor(events_for(self.bridge))

    def _card_inserted(self, reader: str) -> None:
        """A card is read unless the welcome screen says out of service (a
        session under way is never interrupted: the controller decides)."""
        if self.selfcheck.fault is not None and self.controller.flow.state in (
            State.WELCOME,
            State.FAILURE,
        ):
            log.info(
                "card inserted while out of service (%s); not read",
                self.selfcheck.fault,
            )
            self.controller.card_present = True
            self._held_reader = reader
            # a card event means the reader answers again (pcscd back after a
            # restart announces the card, not always the reader): check now
            self.selfcheck.run_now()
            return
        self.controller.card_inserted(reader)

    def _read_held_card(self, fault: object) -> None:
        """The terminal is back in service: a card left in the reader while it
        was out of service (a pcscd restart with a card in) is read now."""
        if fault is not None or self._held_reader is None:
            return
        reader, self._held_reader = self._held_reader, None
        if self.controller.flow.state in (State.WELCOME, State.FAILURE):
            log.info("back in service with a card in the reader: reading it")
            self.controller.card_inserted(reader)

    def _forget_held_card(self, *_: object) -> None:
        self._held_reader = None

    def _loss_report_early(self) -> None:
        """ "Report a lost card" before :meth:`attach`: opened once attached."""
        if not self.attached:
            log.info("loss report requested while loading; opens when ready")
            self._loss_report_waiting = True

    def toggle_language(self) -> None:
        """中文 ⇄ English; every screen retranslates on LanguageChange."""
        other = (
            Language.EN
            if self.translations.language is Language.ZH_CN
            else Language.ZH_CN
        )
        self.switch_language(other)

    def switch_language(self, language: Language) -> None:
        """Translator and Qt locale (calendar, numbers) of ``language``."""
        if language is self.translations.language:
            return
        self.translations.switch(language)
        self.window.setLocale(self.translations.locale)

    def toggle_large_text(self) -> None:
        """Normal ⇄ large text with high contrast."""
        self.set_theme(Theme.NORMAL if self.theme is Theme.LARGE else Theme.LARGE)

    def set_theme(self, theme: Theme) -> None:
        """Switch the stylesheet (and the welcome button's on/off state)."""
        if theme is not self.theme:
            self.theme = theme
            apply_theme(self.app, theme)
        self.screens.welcome.show_large_text(theme is Theme.LARGE)

    def reset_look(self) -> None:
        """Back at welcome: the configured language and theme for the next
        resident, whatever the last one chose."""
        self.switch_language(self.look.language)
        self.set_theme(Theme.LARGE if self.look.large_text else Theme.NORMAL)

    def close(self) -> None:
        """Stop the monitor and the workers (services are closed by their owner).

        The Qt objects are then deleted on the GUI thread (``deleteLater``):
        left to Python's cycle collector they could be destroyed on whichever
        thread it happens to run on. Reader events already queued reach the
        controller no more: a card taken out while closing must not bring the
        welcome screen back and install the configured language's translator
        again after this kiosk's was removed (it would stay in the application).
        """
        doomed: list[QObject] = [self.window]
        if self.attached:
            self.bridge.disconnect(self.controller)
            self.controller.back_at_welcome.disconnect(self.reset_look)
            self.app.removeEventFilter(self.controller)
            self.controller.stop()
            self.handlers.stop()
            self.selfcheck.stop()
            self.monitor.stop()
            self.jobs.stop()
            doomed += [self.controller, self.handlers, self.bridge, self.jobs]
            doomed.append(self.selfcheck)
        self.window.close()
        self.screens.release()
        self.translations.close()
        for obj in doomed:
            obj.deleteLater()


def services_from_config(config: KioskConfig) -> Services:
    """Backend client, trust anchor and outbox of a real terminal."""
    from cryptography import x509

    from backend_client.client import BackendClient, KioskCredentials
    from backend_client.outbox import Outbox
    from kiosk.controller import Services

    try:
        ca = x509.load_pem_x509_certificate(config.issuer_ca.read_bytes())
    except (OSError, ValueError) as exc:
        raise ConfigError(f"issuer CA {config.issuer_ca}: {exc}") from None
    client = BackendClient(
        config.backend_url,
        kiosk=KioskCredentials(kiosk_id=config.kiosk_id, key=config.kiosk_secret),
        ca_bundle=config.backend_ca_bundle,
    )
    return Services(
        client=client,
        kiosk_id=config.kiosk_id,
        ca_cert=ca,
        outbox=Outbox(config.outbox_path),
        status_base_url=config.backend_url,
        printer=config.printer,
        certificate_dir=config.certificate_dir,
        idle_timeout_s=config.idle_timeout_s,
        idle_warning_s=config.idle_warning_s,
        outbox_flush_s=config.outbox_flush_s,
        audio_player=config.audio_player,
        card_left_s=config.card_left_s,
    )


def build_parser() -> argparse.ArgumentParser:
    """Every option of ``ss-kiosk`` (``--staff`` hands the rest to ``ss-issue``)."""
    parser = argparse.ArgumentParser(
        prog="ss-kiosk",
        description="The resident kiosk: a real terminal from its kiosk.toml, "
        "or the embedded demo (docs/kiosk.md).",
    )
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument(
        "--demo",
        action="store_true",
        help="embedded backend and virtual demo cards (default setup)",
    )
    mode.add_argument(
        "--config",
        type=Path,
        help="a kiosk.toml of a real terminal (default: $SSC_KIOSK_CONFIG, else "
        "/etc/ssc-kiosk/kiosk.toml; docs/configuration.md)",
    )
    mode.add_argument(
        "--staff",
        action="store_true",
        help="the staff issuing station (ss-issue); its options: "
        "ss-kiosk --staff --help",
    )
    parser.add_argument(
        "--state-dir",
        type=Path,
        default=Path("var/demo"),
        help="--demo: where the database and card copies live",
    )
    parser.add_argument(
        "--language",
        choices=[x.value for x in Language],
        help="language of the welcome screen (default: the config's; --demo zh_CN)",
    )
    parser.add_argument(
        "--large-text", action="store_true", help="start with the large-text theme"
    )
    parser.add_argument("--windowed", action="store_true", help="not full screen")
    parser.add_argument(
        "--exit-after",
        type=float,
        metavar="S",
        help="quit after S seconds (smoke tests, benches)",
    )
    ssclog.cli.add_standard_options(parser, version=card.__version__)
    return parser


def _run_staff_station(argv: list[str]) -> int:
    """``ss-kiosk --staff ARGS`` is ``ss-issue ARGS``: this process becomes the
    staff station's (the kiosk package never imports the staff package,
    docs/architecture.md)."""
    sys.stdout.flush()
    sys.stderr.flush()
    os.execv(sys.executable, [sys.executable, "-m", "staff.app", *argv])  # noqa: S606
    return 1  # not reached: execv replaces this process or raises OSError


def main(argv: list[str] | None = None) -> int:
    """Run the kiosk (or, with ``--staff``, the staff station); exit status 2 on
    a configuration error, 1 when it cannot start (CONTRIBUTING.md "Command
    lines")."""
    argv = sys.argv[1:] if argv is None else list(argv)
    if "--staff" in argv:  # the staff station parses its own options and --help
        build_parser().parse_known_args([a for a in argv if a not in ("-h", "--help")])
        return _run_staff_station(argv)
    args = build_parser().parse_args(argv)
    ssclog.cli.setup_logging(args)
    route_qt_messages()
    try:
        plan = _plan(args)
    except ConfigError as exc:
        print(f"ss-kiosk: configuration error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    running = QApplication.instance()
    app = running if isinstance(running, QApplication) else QApplication(sys.argv[:1])
    choose_font(app)
    from kiosk.startup import Boot

    try:
        boot = Boot(app, plan)  # the welcome screen now, the rest after its paint
    except (TranslationError, ThemeError) as exc:
        print(f"ss-kiosk: installation problem: {exc}", file=sys.stderr)
        return EXIT_FAILED
    boot.failed.connect(app.exit)
    _quit_on_signals(app)
    if args.exit_after is not None:
        from PySide6.QtCore import QTimer

        boot.ready.connect(
            lambda: QTimer.singleShot(int(args.exit_after * 1000), app.quit)
        )
    try:
        return app.exec()
    finally:
        boot.close()


def _plan(args: argparse.Namespace) -> Plan:
    """What to start, from the command line (and kiosk.toml): ConfigError."""
    from kiosk.startup import Plan

    if args.demo:
        language, large, shuffle, full_screen = Language.ZH_CN, False, False, False
        config = None
    else:
        config = load_config(kiosk_config_path(args.config))
        if not config.issuer_ca.is_file():  # parsed on the loader thread
            raise ConfigError(f"issuer CA {config.issuer_ca}: no such file")
        language, large = config.language, config.large_text
        set_zone(config.time_zone)  # every time on screen and paper, not the host's
        shuffle, full_screen = config.shuffle_pin_pad, config.full_screen
    look = Look(
        language=Language(args.language) if args.language else language,
        large_text=args.large_text or large,
        shuffle_pin_pad=shuffle,
    )
    return Plan(
        look=look,
        config=config,
        demo_state=args.state_dir if args.demo else None,
        full_screen=full_screen and not args.windowed,
    )


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


if __name__ == "__main__":
    raise SystemExit(main())
