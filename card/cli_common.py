# SPDX-License-Identifier: Apache-2.0
"""Shared plumbing of the ``ss-card`` commands: errors, connections, output."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path
from typing import Any

import ssclog.cli
from card.connection import Connection, GetResponseConnection
from card.errors import (
    CardError,
    CardRemovedError,
    MalformedDataError,
    NoCardError,
    NoReaderError,
    PcscUnavailableError,
    ReaderBusyError,
)
from ssclog.cli import EXIT_NOT_READY, EXIT_USAGE

log = logging.getLogger(__name__)


START_PCSCD_HINT = "start it with: sudo scripts/start-pcscd.sh"


class CliError(Exception):
    """A user mistake the CLI reports in one line (exit code 2)."""


def add_reader_options(parser: argparse.ArgumentParser) -> None:
    """``--reader`` / ``--image`` / ``--raw`` for commands that talk to a card."""
    where = parser.add_mutually_exclusive_group()
    where.add_argument(
        "--reader",
        metavar="NAME",
        help="PC/SC reader (exact name or a unique part of it; "
        "default: the first reader with a card)",
    )
    where.add_argument(
        "--image",
        metavar="FILE",
        type=Path,
        help="talk to a virtual card image in process (no pcscd)",
    )
    parser.add_argument(
        "--raw", action="store_true", help="do not answer 61xx/6Cxx automatically"
    )


def open_connection(args: argparse.Namespace) -> Connection:
    """The card the command talks to, with tracing and GET RESPONSE stacked on."""
    conn: Connection
    image: Path | None = getattr(args, "image", None)
    if image is not None:
        from card.virtual.card import VirtualCard
        from card.virtual.connection import VirtualConnection

        conn = VirtualConnection(VirtualCard.load(_existing(image)))
    else:
        from card.pcsc import PcscProvider

        provider = PcscProvider()
        try:
            name = provider.find_reader(getattr(args, "reader", None))
        finally:
            provider.close()
        conn = provider.connect(name)
    if getattr(args, "trace", False):
        from card.trace import TracingConnection

        conn = TracingConnection(conn)
    if not getattr(args, "raw", False):
        conn = GetResponseConnection(conn)
    return conn


def _existing(path: Path) -> Path:
    if not path.is_file():
        raise CliError(f"no such card image: {path}")
    return path


def setup_logging(args: argparse.Namespace) -> None:
    """Warnings by default, -v info, -vv debug, -q errors only (text lines
    unless ``--log-format json``); ``--trace`` shows APDUs on stderr."""
    ssclog.cli.setup_logging(args, default=logging.WARNING)
    if args.trace:
        from card.trace import TRACE, apdu_logger

        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("APDU %(message)s"))
        apdu_logger.addHandler(handler)
        apdu_logger.setLevel(TRACE)
        apdu_logger.propagate = False


def explain(exc: BaseException) -> tuple[str, int]:
    """One line for the technician and the exit code, for any error we expect."""
    if isinstance(exc, CliError):
        return str(exc), EXIT_USAGE
    if isinstance(exc, PcscUnavailableError):
        return f"pcscd is not running ({START_PCSCD_HINT})", EXIT_NOT_READY
    if isinstance(exc, ReaderBusyError):
        return (f"the card is in use by another program: {exc}", EXIT_NOT_READY)
    if isinstance(exc, NoCardError):
        return f"no card in the reader: {exc}", EXIT_NOT_READY
    if isinstance(exc, NoReaderError):
        return str(exc), EXIT_NOT_READY
    if isinstance(exc, CardRemovedError):
        return f"the card was removed: {exc}", EXIT_NOT_READY
    if isinstance(exc, MalformedDataError):
        return str(exc), EXIT_USAGE
    if isinstance(exc, CardError):
        return str(exc), EXIT_NOT_READY
    if isinstance(exc, OSError):
        return f"{exc.strerror or exc}: {exc.filename or ''}".rstrip(
            ": "
        ), EXIT_NOT_READY
    raise exc


def print_json(value: Any) -> None:
    """Write one JSON document to stdout (UTF-8, not ASCII-escaped)."""
    json.dump(value, sys.stdout, ensure_ascii=False, indent=2, sort_keys=False)
    sys.stdout.write("\n")
    sys.stdout.flush()


def parse_hex(text: str, what: str) -> bytes:
    """Hex with optional spaces/colons; CliError when it is not hex."""
    compact = "".join(text.replace(":", " ").split())
    try:
        return bytes.fromhex(compact)
    except ValueError:
        raise CliError(f"{what} {text!r} is not hex") from None
