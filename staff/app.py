# SPDX-License-Identifier: Apache-2.0
"""``ss-issue`` (also ``ss-kiosk --staff``): the staff issuing station.

The composition root: parses the command line, builds the services (backend
client, reader provider, workers) and the main window.

Readers: ``--readers pcsc`` (default) uses pcscd; ``--readers virtual`` gives
in-process virtual readers. With ``--virtual-factory-key FILE`` (TEST ONLY) a
simulated card factory puts a blank card made for the allocation into an
empty virtual reader when personalization reaches the card.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Callable
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from PySide6.QtWidgets import QApplication

import card
import ssclog.cli
from card.virtual.card import Knobs, VirtualCard
from card.virtual.factory import new_blank
from card.virtual.readers import VirtualReaderProvider
from qtcommon.i18n import Language
from qtcommon.link import BackendLink, ConfigError
from qtcommon.qtlog import route_qt_messages
from staff.api import StaffApi
from staff.config import DEFAULT_URL, staff_link
from staff.models import Allocation
from staff.services import DEFAULT_ZONE, StaffServices
from staff.sources import ReaderBatchSource, VirtualBatchSource
from staff.window import StaffWindow

log = logging.getLogger(__name__)

VIRTUAL_READERS = ["Virtual Counter Reader 0", "Virtual Counter Reader 1"]


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """The command line of ``ss-issue``."""
    return build_parser().parse_args(argv)


def build_parser() -> argparse.ArgumentParser:
    """Every option of ``ss-issue``."""
    parser = argparse.ArgumentParser(
        prog="ss-issue",
        description="The staff issuing station: registration, card issuing, "
        "reviews and audit (docs/staff-guide.md).",
    )
    parser.add_argument("--staff", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument(
        "--config",
        type=Path,
        help="staff.toml: [backend] url, ca_bundle, insecure_http",
    )
    parser.add_argument(
        "--backend",
        default=None,
        help="backend base URL (default: the config's, else $SSC_BACKEND_URL, "
        f"else {DEFAULT_URL})",
    )
    parser.add_argument(
        "--ca-bundle",
        type=Path,
        help="PEM file of the CA(s) that signed the backend's TLS certificate",
    )
    parser.add_argument(
        "--insecure-http",
        action="store_true",
        help="allow http:// to another machine (closed test networks only)",
    )
    parser.add_argument(
        "--readers",
        choices=("pcsc", "virtual"),
        default="pcsc",
        help="card readers: pcscd's, or in-process virtual ones (default pcsc)",
    )
    parser.add_argument(
        "--virtual-factory-key",
        type=Path,
        help="TEST ONLY: master key file (32 hex digits) with which the simulated "
        "card factory makes blank virtual cards for each allocation",
    )
    parser.add_argument(
        "--output",
        type=Path,
        default=Path(os.environ.get("SSC_STAFF_OUTPUT", Path.home() / "ssc-staff")),
        help="folder for receipts, batch journals and card images",
    )
    parser.add_argument("--user", default="", help="operator name to prefill")
    parser.add_argument(
        "--language",
        choices=[x.value for x in Language],
        default=Language.ZH_CN.value,
        help="language at start (default %(default)s; switchable on screen)",
    )
    parser.add_argument(
        "--timezone",
        type=zone,
        default=os.environ.get("SSC_TIMEZONE", DEFAULT_ZONE),
        help="IANA zone that times are shown in (default $SSC_TIMEZONE or %(default)s)",
    )
    ssclog.cli.add_standard_options(parser, version=card.__version__)
    return parser


def zone(name: str) -> ZoneInfo:
    """An IANA time zone by name (an argparse type: a bad name is a usage error)."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise argparse.ArgumentTypeError(f"unknown time zone {name!r}") from None


def blank_maker(master_key_file: Path) -> Callable[[Allocation], VirtualCard]:
    """The simulated card factory: a blank carrying the allocation's recognition code.

    A real blank arrives from the card manufacturer with its recognition code
    and diversified key; the virtual one is made on demand (TEST ONLY key).
    """
    master_key = bytes.fromhex(master_key_file.read_text(encoding="ascii").strip())

    def make(allocation: Allocation) -> VirtualCard:
        return new_blank(
            master_key=master_key, recognition_code=allocation.recognition_code
        )

    return make


def reinsert_virtual(provider: VirtualReaderProvider, name: str) -> None:
    """Push a pulled virtual card back in properly (faults cleared)."""
    card = provider.remove(name)
    if card is not None:
        card.knobs = Knobs()
        provider.insert(name, card)


def _virtual_services(args: argparse.Namespace, api: StaffApi) -> StaffServices:
    virtual = VirtualReaderProvider(list(VIRTUAL_READERS))
    if args.virtual_factory_key is None:
        return StaffServices(
            api=api,
            provider=virtual,
            output_dir=args.output,
            batch_source=lambda reader, _out: ReaderBatchSource(virtual, reader),
            eject=virtual.remove,
            reinsert=lambda name: reinsert_virtual(virtual, name),
        )
    make = blank_maker(args.virtual_factory_key)
    return StaffServices(
        api=api,
        provider=virtual,
        output_dir=args.output,
        batch_source=lambda _reader, out: VirtualBatchSource(make, out),
        insert_blank=lambda name, alloc: virtual.insert(name, make(alloc)),
        eject=virtual.remove,
        reinsert=lambda name: reinsert_virtual(virtual, name),
    )


def build_services(
    args: argparse.Namespace, link: BackendLink | None = None
) -> StaffServices:
    """Backend client (every call through the link's CA bundle) and reader
    provider and time zone from the command line (ConfigError for a
    refused link)."""
    link = link or staff_link(args)
    api = StaffApi(link.url, ca_bundle=link.ca_bundle)
    if args.readers == "virtual":
        services = _virtual_services(args, api)
    else:
        from card.pcsc import PcscProvider

        pcsc = PcscProvider()
        services = StaffServices(
            api=api,
            provider=pcsc,
            output_dir=args.output,
            batch_source=lambda reader, _out: ReaderBatchSource(pcsc, reader),
        )
    services.zone = args.timezone  # argparse applied zone() to the default too
    return services


def main(argv: list[str] | None = None) -> int:
    """Run the staff station until its window closes."""
    args = parse_args(sys.argv[1:] if argv is None else argv)
    ssclog.cli.setup_logging(args)
    route_qt_messages()
    try:
        link = staff_link(args)
    except ConfigError as exc:
        print(f"ss-issue: configuration error: {exc}", file=sys.stderr)
        return ssclog.cli.EXIT_USAGE
    app = QApplication.instance() or QApplication(sys.argv[:1])
    from qtcommon.fonts import choose_font

    choose_font(app)  # type: ignore[arg-type]
    services = build_services(args, link)
    window = StaffWindow(services, Language(args.language))
    window.login.username.setText(args.user)
    window.show()
    return int(app.exec())


if __name__ == "__main__":
    raise SystemExit(main())
