# SPDX-License-Identifier: Apache-2.0
"""``ss-card`` commands about readers and raw APDUs: readers, monitor, atr,
apdu, script."""

from __future__ import annotations

import argparse
import sys
import threading
import time
from pathlib import Path

from card.atr import Atr
from card.cli_common import CliError, open_connection, parse_hex, print_json
from card.sw import describe
from ssclog.cli import EXIT_FAILED, EXIT_OK


def cmd_readers(args: argparse.Namespace) -> int:
    """List PC/SC readers with card presence and ATR."""
    from card.pcsc import PcscProvider

    provider = PcscProvider()
    try:
        infos = provider.readers()
    finally:
        provider.close()
    if args.json:
        print_json(
            [
                {
                    "name": i.name,
                    "card_present": i.card_present,
                    "atr": i.atr.hex().upper(),
                }
                for i in infos
            ]
        )
        return EXIT_OK
    if not infos:
        print("no readers")
    width = max((len(i.name) for i in infos), default=0)
    for info in infos:
        state = "card " + info.atr.hex(" ").upper() if info.card_present else "empty"
        print(f"{info.name:<{width}}  {state}")
    return EXIT_OK


class _PrintEvents:
    """Monitor callbacks that print one timestamped line each."""

    def _say(self, text: str) -> None:
        print(f"{time.strftime('%H:%M:%S')} {text}", flush=True)

    def reader_added(self, name: str) -> None:
        self._say(f"reader added    {name}")

    def reader_removed(self, name: str) -> None:
        self._say(f"reader removed  {name}")

    def card_inserted(self, name: str, atr: bytes) -> None:
        self._say(f"card inserted   {name}  ATR {atr.hex(' ').upper()}")

    def card_removed(self, name: str) -> None:
        self._say(f"card removed    {name}")


def cmd_monitor(args: argparse.Namespace) -> int:
    """Print reader and card events until Ctrl-C (or ``--duration`` seconds)."""
    from card.pcsc import PcscProvider

    provider = PcscProvider()
    try:
        provider.readers()  # fail fast, in one line, when pcscd is not running
    finally:
        provider.close()
    monitor = provider.start_monitor(_PrintEvents())
    done = threading.Event()
    try:
        done.wait(args.duration)  # None: until Ctrl-C
    except KeyboardInterrupt:
        pass
    finally:
        monitor.stop()
    return EXIT_OK


def cmd_atr(args: argparse.Namespace) -> int:
    """Decode an ATR given in hex or read from the card in a reader."""
    if args.hex:
        raw = parse_hex(" ".join(args.hex), "ATR")
    else:
        with open_connection(args) as conn:
            raw = conn.atr
    for line in Atr.parse(raw).describe():
        print(line)
    return EXIT_OK


def cmd_apdu(args: argparse.Namespace) -> int:
    """Send each APDU given in hex and explain the status word."""
    apdus = [parse_hex(text, "APDU") for text in args.apdus]
    for apdu in apdus:
        if len(apdu) < 4:
            raise CliError(f"APDU {apdu.hex().upper()} is shorter than 4 bytes")
    with open_connection(args) as conn:
        for apdu in apdus:
            data, sw = conn.transmit(apdu)
            print(f"> {apdu.hex(' ').upper()}")
            if data:
                print(f"< {data.hex(' ').upper()}")
            print(f"< {sw:04X}  {describe(sw)}", flush=True)
    return EXIT_OK


def cmd_script(args: argparse.Namespace) -> int:
    """Run an APDU script file; exit 0 when every step passes, else 1."""
    from card.tools.script import parse_script, run_script

    path = Path(args.file)
    text = sys.stdin.read() if args.file == "-" else path.read_text(encoding="utf-8")
    steps = parse_script(text)
    with open_connection(args) as conn:
        results = run_script(conn, steps, stop_on_failure=args.stop_on_failure)
    for result in results:
        print(result.format())
    failed = sum(not r.passed for r in results)
    skipped = len(steps) - len(results)
    print(
        f"{len(results) - failed} passed, {failed} failed"
        + (f", {skipped} not run" if skipped else "")
    )
    return EXIT_FAILED if failed or skipped else EXIT_OK
