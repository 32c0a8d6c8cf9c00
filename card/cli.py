# SPDX-License-Identifier: Apache-2.0
"""``ss-card``: the technician's command line for readers, cards and virtual cards.

Exit codes (CONTRIBUTING.md "Command lines"): 0 ok; 1 a script step or
self-test check failed; 2 bad arguments or input; 3 pcscd, reader or card
not ready; 130 interrupted. Errors are one line on stderr, never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

import card
import card.cli_card as cli_card
import card.cli_reader as cli_reader
import card.cli_virtual as cli_virtual
import ssclog.cli
from card.cli_common import add_reader_options, explain, setup_logging
from ssclog.cli import EXIT_INTERRUPTED


def build_parser() -> argparse.ArgumentParser:
    """The whole command tree."""
    parser = argparse.ArgumentParser(
        prog="ss-card",
        description="Social-security card technician tool: PC/SC readers, APDUs, "
        "card self-test and virtual cards.",
    )
    parser.add_argument(
        "--trace",
        action="store_true",
        help="log every APDU on stderr (PINs and keys redacted)",
    )
    ssclog.cli.add_standard_options(parser, version=card.__version__, log_format="text")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("readers", help="list readers, card presence and ATR")
    p.add_argument("--json", action="store_true", help="JSON output")
    p.set_defaults(func=cli_reader.cmd_readers)

    p = sub.add_parser("monitor", help="print reader/card events until Ctrl-C")
    p.add_argument(
        "--duration",
        type=float,
        metavar="S",
        help="stop after S seconds instead of waiting for Ctrl-C",
    )
    p.set_defaults(func=cli_reader.cmd_monitor)

    p = sub.add_parser("atr", help="decode an ATR (hex, or the card in a reader)")
    p.add_argument("hex", nargs="*", metavar="HEX", help="ATR bytes in hex")
    add_reader_options(p)
    p.set_defaults(func=cli_reader.cmd_atr)

    p = sub.add_parser("apdu", help="send APDUs (hex) and explain the answers")
    p.add_argument("apdus", nargs="+", metavar="HEX", help="one APDU per argument")
    add_reader_options(p)
    p.set_defaults(func=cli_reader.cmd_apdu)

    p = sub.add_parser("read", help="read the public card data (EF05, EF06)")
    p.add_argument("--json", action="store_true", help="one JSON object")
    add_reader_options(p)
    p.set_defaults(func=cli_card.cmd_read)

    p = sub.add_parser("script", help="run an APDU script; exit 1 on a failed step")
    p.add_argument("file", metavar="FILE", help="script file ('-' for stdin)")
    p.add_argument(
        "--stop-on-failure", action="store_true", help="stop at the first failed step"
    )
    add_reader_options(p)
    p.set_defaults(func=cli_reader.cmd_script)

    p = sub.add_parser(
        "selftest", help="check the card against the card profile (no PIN used)"
    )
    p.add_argument("--json", action="store_true", help="JSON report")
    p.add_argument(
        "--ca",
        metavar="PEM",
        help="issuer CA certificate to verify "
        "the card certificate against (default: the demo CA if present)",
    )
    add_reader_options(p)
    p.set_defaults(func=cli_card.cmd_selftest)

    cli_virtual.add_parser(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``ss-card``; returns the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    setup_logging(args)
    try:
        code: int = args.func(args)
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        return 0
    except Exception as exc:  # explain() re-raises the unexpected
        text, code = explain(exc)
        print(f"ss-card: {text}", file=sys.stderr)
    return code


if __name__ == "__main__":
    sys.exit(main())
