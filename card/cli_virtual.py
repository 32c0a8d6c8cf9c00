# SPDX-License-Identifier: Apache-2.0
"""``ss-card virtual``: make, show and serve virtual card images.

``serve`` plugs an image into pcscd's vpcd reader (Virtual PCD 00 00 on port
35963, 00 01 on 35964) so every PC/SC program sees a real card; Ctrl-C pulls
the card out. State changes (PIN tries, personalization) are saved back to
the image file.
"""

from __future__ import annotations

import argparse
import json
import logging
import secrets
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any

from card.cli_common import CliError, print_json
from card.profile import INITIAL_PIN
from card.virtual.bundled import DEMO_CA_DIR
from ssclog.cli import EXIT_OK

log = logging.getLogger(__name__)


def add_parser(sub: Any) -> None:
    """Register ``virtual new|blank|show|serve`` under ``sub``."""
    virtual = sub.add_parser(
        "virtual", help="virtual card images: new, blank, show, serve"
    )
    vsub = virtual.add_subparsers(
        dest="virtual_command", required=True, metavar="ACTION"
    )

    p = vsub.add_parser(
        "new", help="write a personalized image signed by the test issuer CA"
    )
    p.add_argument("out", type=Path, metavar="OUT", help="image file to write")
    p.add_argument("--name", default="张三", help="holder name (GBK)")
    p.add_argument(
        "--ssn",
        help="18-character SSN (default: derived from the "
        "birth date and birthplace, check character computed)",
    )
    p.add_argument("--gender", choices=["1", "2"], default="1", help="1 male, 2 female")
    p.add_argument("--ethnic-group", default="01", help="GB 3304 code, 2 digits")
    p.add_argument("--birthplace", default="110105", help="6-digit region code")
    p.add_argument(
        "--birth-date",
        type=date.fromisoformat,
        default=date(1980, 5, 17),
        help="YYYY-MM-DD",
    )
    p.add_argument("--card-number", help="9 characters (default: T + 8 digits)")
    p.add_argument("--pin", default=INITIAL_PIN, help="initial PIN (6 digits)")
    p.add_argument("--pin-tries", type=int, default=3, help="PIN retry limit")
    p.add_argument("--t0", action="store_true", help="T=0 ATR instead of T=1")
    _add_image_options(p)
    p.set_defaults(func=cmd_new)

    p = vsub.add_parser(
        "blank",
        help="a manufacturer batch of blank (initialised) images and its batch file",
    )
    p.add_argument("out", type=Path, metavar="DIR", help="folder to write into")
    p.add_argument("--batch", required=True, metavar="ID", help="batch id")
    p.add_argument("--count", type=int, default=1, help="blanks in the batch")
    p.add_argument(
        "--transport-key-file",
        type=Path,
        metavar="FILE",
        help="the batch's transport key from ss-backend issuer transport-key "
        "(default: derived from the TEST ONLY demo master key in --ca-dir)",
    )
    p.add_argument("--region", default="110000", help="6-digit region code")
    p.add_argument(
        "--manufacturer",
        default="virtual card works",
        help="manufacturer named in the batch file (default %(default)s)",
    )
    p.add_argument("--t0", action="store_true", help="T=0 ATR instead of T=1")
    _add_image_options(p)
    p.set_defaults(func=cmd_blank)

    p = vsub.add_parser("show", help="describe an image (no secrets)")
    p.add_argument("image", type=Path, metavar="IMAGE", help="card image file")
    p.add_argument("--json", action="store_true", help="JSON output")
    p.set_defaults(func=cmd_show)

    p = vsub.add_parser("serve", help="plug an image into pcscd's vpcd reader")
    p.add_argument("image", type=Path, metavar="IMAGE", help="card image file")
    p.add_argument("--host", default="127.0.0.1", help="vpcd host (loopback only)")
    p.add_argument(
        "--port",
        type=int,
        default=35963,
        help="35963: Virtual PCD 00 00, 35964: Virtual PCD 00 01",
    )
    p.add_argument(
        "--latency",
        type=float,
        default=0.0,
        metavar="S",
        help="answer each APDU after S seconds",
    )
    p.add_argument(
        "--tear-after",
        type=int,
        metavar="N",
        help="pull the card out after N APDUs (mid-command)",
    )
    p.add_argument(
        "--force-sw",
        action="append",
        default=[],
        metavar="INS=SW",
        help="answer every command with INS with status word SW, "
        "e.g. B2=6A83 (repeatable)",
    )
    p.add_argument(
        "--once",
        action="store_true",
        help="exit when pcscd disconnects instead of reconnecting",
    )
    p.set_defaults(func=cmd_serve)


def _add_image_options(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--ca-dir",
        type=Path,
        default=DEMO_CA_DIR,
        help="issuer CA and master key folder (default: the TEST ONLY "
        "demo keys in card/virtual/demo/ca)",
    )
    p.add_argument("--force", action="store_true", help="overwrite OUT")


def _parse_forced(items: list[str]) -> dict[int, int]:
    forced = {}
    for item in items:
        ins, sep, sw = item.partition("=")
        try:
            if not sep or len(ins) != 2 or len(sw) != 4:
                raise ValueError
            forced[int(ins, 16)] = int(sw, 16)
        except ValueError:
            raise CliError(
                f"--force-sw {item!r}: expected INS=SW in hex, e.g. B2=6A83"
            ) from None
    return forced


def _load(path: Path, knobs: Any = None) -> Any:
    from card.virtual.card import VirtualCard

    if not path.is_file():
        raise CliError(f"no such card image: {path}")
    return VirtualCard.load(path, knobs=knobs)


def cmd_serve(args: argparse.Namespace) -> int:
    """Serve until Ctrl-C (or until the card is torn, or ``--once``)."""
    from card.virtual.card import Knobs
    from card.virtual.vpcd import VpcdBridge, serve_until_interrupted

    if args.latency < 0 or (args.tear_after is not None and args.tear_after < 0):
        raise CliError("--latency and --tear-after must not be negative")
    knobs = Knobs(
        latency_s=args.latency,
        tear_after=args.tear_after,
        forced_sw=_parse_forced(args.force_sw),
    )
    card = _load(args.image, knobs)
    bridge = VpcdBridge(card, host=args.host, port=args.port, reconnect=not args.once)
    print(
        f"serving {args.image} in {bridge.reader_name} "
        f"({args.host}:{args.port}); Ctrl-C removes the card",
        flush=True,
    )
    serve_until_interrupted(bridge)
    if bridge.failure is not None:
        raise bridge.failure
    stats = bridge.stats
    print(
        f"card removed after {stats.apdus} APDUs in {stats.sessions} session(s)"
        + (" (torn)" if bridge.torn else ""),
        flush=True,
    )
    return EXIT_OK


def cmd_show(args: argparse.Namespace) -> int:
    """Print what the image holds (public data, life cycle, PIN tries)."""
    from card.virtual.factory import describe

    info = describe(_load(args.image))
    if args.json:
        print_json(info)
        return EXIT_OK
    rows = list(_flatten(info))
    width = max((len(key) for key, _ in rows), default=0)
    for key, value in rows:
        print(f"{key:<{width}}  {value}")
    return EXIT_OK


def _flatten(info: dict[str, Any], prefix: str = "") -> Any:
    """``holder.name``-style rows from the nested description."""
    for key, value in info.items():
        if isinstance(value, dict):
            yield from _flatten(value, f"{prefix}{key}.")
        elif isinstance(value, list):
            yield f"{prefix}{key}", ", ".join(str(v) for v in value) or "-"
        else:
            yield f"{prefix}{key}", "-" if value is None else value


def _refuse_overwrite(path: Path, force: bool) -> None:
    if path.exists() and not force:
        raise CliError(f"{path} exists (use --force to overwrite)")


def cmd_blank(args: argparse.Namespace) -> int:
    """Write a manufacturer batch: one blank image per card, named by its
    recognition code, and ``batch-<ID>.json``, the batch file the backend
    imports (docs/technician-guide.md "Blank card batches")."""
    from card.formats import encode_cn
    from card.virtual.factory import new_batch

    if not 1 <= args.count <= 10_000:
        raise CliError("--count must be 1..10000")
    if not (args.region.isdigit() and len(args.region) == 6):
        raise CliError("--region needs 6 digits")
    note_path = args.out / f"batch-{args.batch}.json"
    _refuse_overwrite(note_path, args.force)
    batch = new_batch(
        batch_id=args.batch,
        transport_key=_transport_key(args),
        count=args.count,
        region=encode_cn(args.region, 3),
        t0=args.t0,
    )
    args.out.mkdir(parents=True, exist_ok=True)
    for card in batch.cards:
        card.save(args.out / f"{card.image.recognition_code.hex().upper()}.json")
    note = json.dumps(batch.delivery_note(args.manufacturer), indent=2)
    note_path.write_text(note + "\n", encoding="utf-8")
    print(f"{args.count} blank card(s) of batch {args.batch} written to {args.out}")
    print(f"batch file: {note_path}")
    return EXIT_OK


def _transport_key(args: argparse.Namespace) -> bytes:
    from card.issuer import batch_transport_key

    if args.transport_key_file is None:
        return batch_transport_key(_master_key(args.ca_dir), args.batch)
    path: Path = args.transport_key_file
    try:
        key = bytes.fromhex(_file(path).read_text(encoding="ascii").strip())
    except (ValueError, UnicodeDecodeError):
        raise CliError(f"{path}: not 32 hex digits") from None
    if len(key) != 16:
        raise CliError(f"{path}: not 32 hex digits")
    return key


def cmd_new(args: argparse.Namespace) -> int:
    """Write a personalized card image signed by the test issuer CA."""
    from card.certs import IssuerCA
    from card.virtual.factory import new_personalized

    _refuse_overwrite(args.out, args.force)
    ca_dir = args.ca_dir
    ca = IssuerCA.load(
        _file(ca_dir / "issuer-ca.pem"), _file(ca_dir / "issuer-ca.key.pem")
    )
    issuer, holder = _issuer_and_holder(args)

    def certify(key: int, public_key: Any) -> Any:
        return ca.certify(
            issuer.card_number,
            key,
            public_key,
            not_before=datetime.combine(issuer.issue_date, time(), UTC),
            not_after=datetime.combine(issuer.expiry_date, time(), UTC),
        )

    card = new_personalized(
        issuer=issuer,
        holder=holder,
        pin=args.pin,
        retry_limit=args.pin_tries,
        certify=certify,
        master_key=_master_key(ca_dir),
        t0=args.t0,
    )
    card.save(args.out)
    print(
        f"personalized card {issuer.card_number} ({holder.name}) written to {args.out}"
    )
    return EXIT_OK


def _file(path: Path) -> Path:
    if not path.is_file():
        raise CliError(f"missing {path} (see card/virtual/demo/ca/README.md)")
    return path


def _master_key(ca_dir: Path) -> bytes:
    text = _file(ca_dir / "issuer-master.key").read_text(encoding="ascii").strip()
    try:
        return bytes.fromhex(text)
    except ValueError:
        raise CliError(f"{ca_dir / 'issuer-master.key'} is not hex") from None


def new_card_number() -> str:
    """``T`` + 7 random digits + a check digit (sum of digits mod 10): test cards."""
    body = "T" + "".join(secrets.choice("0123456789") for _ in range(7))
    return body + str(sum(int(c) for c in body[1:]) % 10)


def _issuer_and_holder(args: argparse.Namespace) -> tuple[Any, Any]:
    from card import ssn
    from card.formats import encode_cn
    from card.profile import new_recognition_code
    from card.ssse import Holder, IssuerData

    number = args.card_number or new_card_number()
    if len(number) != 9 or not number.isascii() or not number.isalnum():
        raise CliError(f"card number {number!r}: need 9 letters or digits")
    if not (args.birthplace.isdigit() and len(args.birthplace) == 6):
        raise CliError("--birthplace needs 6 digits")
    serial = secrets.randbelow(500) * 2 + (1 if args.gender == "1" else 0)
    first17 = args.birthplace + args.birth_date.strftime("%Y%m%d") + f"{serial:03d}"
    today = date.today()
    issuer = IssuerData(
        card_number=number,
        recognition_code=new_recognition_code(encode_cn(args.birthplace, 3)),
        card_type="3",
        spec_version="3.00",
        init_institution=bytes.fromhex(args.birthplace) + bytes(9),
        issue_date=today,
        expiry_date=today.replace(year=today.year + 10),
    )
    holder = Holder(
        ssn=ssn.validate(args.ssn) if args.ssn else ssn.complete(first17),
        name=args.name,
        gender=args.gender,
        ethnic_group=args.ethnic_group,
        birthplace=args.birthplace,
        birth_date=args.birth_date,
    )
    return issuer, holder
