# SPDX-License-Identifier: Apache-2.0
"""``ss-issue`` (also ``ss-kiosk --staff``): the staff issuing station.

The composition root: parses the command line, builds the services (backend
client, reader provider, workers) and the main window.

Readers: ``--readers pcsc`` (default) uses pcscd; ``--readers virtual`` gives
in-process virtual readers, into which ``--blank-image FILE`` (a blank card
image made by the technician's ``ss-card virtual`` tools) is copied each time
the operator presses "insert a blank virtual card".
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QApplication

from card.readers import ReaderProvider
from card.virtual.card import VirtualCard
from card.virtual.state import CardImage
from kiosk.staff.api import StaffApi
from kiosk.staff.batch import CardSource
from kiosk.staff.services import StaffServices
from kiosk.staff.sources import ReaderBatchSource, VirtualBatchSource
from kiosk.staff.window import StaffWindow

log = logging.getLogger(__name__)

VIRTUAL_READERS = ["Virtual Counter Reader 0", "Virtual Counter Reader 1"]


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="ss-issue", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--staff", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument(
        "--backend",
        default=os.environ.get("SSC_BACKEND_URL", "http://127.0.0.1:8000"),
        help="backend base URL (default $SSC_BACKEND_URL or %(default)s)",
    )
    parser.add_argument("--readers", choices=("pcsc", "virtual"), default="pcsc")
    parser.add_argument(
        "--blank-image",
        type=Path,
        help="blank card image to copy into a virtual reader",
    )
    parser.add_argument(
        "--output",
        type=Path,
        default=Path(os.environ.get("SSC_STAFF_OUTPUT", Path.home() / "ssc-staff")),
        help="folder for receipts, batch journals and card images",
    )
    parser.add_argument("--user", default="", help="operator name to prefill")
    parser.add_argument("-v", "--verbose", action="store_true")
    return parser.parse_args(argv)


def blank_factory(template: Path) -> Callable[[], VirtualCard]:
    """A fresh blank card from ``template`` on each call (never the template itself)."""

    def make() -> VirtualCard:
        return VirtualCard(CardImage.load(template))

    return make


def build_services(args: argparse.Namespace) -> StaffServices:
    """Backend client and reader provider from the command line."""
    provider: ReaderProvider
    batch_source: Callable[[str, Path], CardSource]
    if args.readers == "virtual":
        from card.virtual.readers import VirtualReaderProvider

        virtual = VirtualReaderProvider(list(VIRTUAL_READERS))
        provider = virtual
        if args.blank_image is not None:
            make = blank_factory(args.blank_image)

            def insert(name: str) -> None:
                virtual.remove(name)
                virtual.insert(name, make())

            batch_source = lambda _reader, out: VirtualBatchSource(make, out)  # noqa: E731
        else:
            batch_source = lambda reader, _out: ReaderBatchSource(virtual, reader)  # noqa: E731
    else:
        from card.pcsc import PcscProvider

        pcsc = PcscProvider()
        provider = pcsc
        batch_source = lambda reader, _out: ReaderBatchSource(pcsc, reader)  # noqa: E731
    return StaffServices(
        api=StaffApi(args.backend),
        provider=provider,
        output_dir=args.output,
        batch_source=batch_source,
        insert_blank=insert
        if args.readers == "virtual" and args.blank_image is not None
        else None,
    )


def main(argv: list[str] | None = None) -> int:
    """Run the staff station until its window closes."""
    args = parse_args(sys.argv[1:] if argv is None else argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    app = QApplication.instance() or QApplication(sys.argv[:1])
    from kiosk.theme import choose_font

    choose_font(app)  # type: ignore[arg-type]
    services = build_services(args)
    window = StaffWindow(services)
    window.login.username.setText(args.user)
    window.show()
    return int(app.exec())


if __name__ == "__main__":
    raise SystemExit(main())
