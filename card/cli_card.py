# SPDX-License-Identifier: Apache-2.0
"""``ss-card`` commands about the card's content: read, selftest."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from card.cli_common import CliError, open_connection, print_json
from card.ssse import Holder, IssuerData, SsseSession
from card.virtual.bundled import DEMO_CA_DIR
from ssclog.cli import EXIT_FAILED, EXIT_OK

DEMO_CA = DEMO_CA_DIR
GENDERS = {"1": "male", "2": "female"}


def public_data(issuer: IssuerData, holder: Holder) -> dict[str, Any]:
    """The ``read --json`` object: EF05 and EF06 fields, dates as YYYY-MM-DD."""
    return {
        "card_number": issuer.card_number,
        "recognition_code": issuer.recognition_code.hex().upper(),
        "card_type": issuer.card_type,
        "spec_version": issuer.spec_version,
        "issue_date": issuer.issue_date.isoformat(),
        "expiry_date": issuer.expiry_date.isoformat(),
        "ssn": holder.ssn,
        "name": holder.name,
        "gender": holder.gender,
        "ethnic_group": holder.ethnic_group,
        "birthplace": holder.birthplace,
        "birth_date": holder.birth_date.isoformat(),
    }


def cmd_read(args: argparse.Namespace) -> int:
    """Read EF05 and EF06 (card profile Part A): no PIN needed."""
    with open_connection(args) as conn:
        session = SsseSession(conn)
        data = public_data(session.read_issuer(), session.read_holder())
    if args.json:
        print_json(data)
        return EXIT_OK
    labels = {"gender": f"{data['gender']} ({GENDERS.get(data['gender'], '?')})"}
    width = max(len(key) for key in data)
    for key, value in data.items():
        print(f"{key:<{width}}  {labels.get(key, value)}")
    return EXIT_OK


def _load_ca(path: str | None) -> Any:
    from card import certs

    if path is None:
        candidates = sorted(DEMO_CA.glob("*.pem")) + sorted(DEMO_CA.glob("*.crt"))
        certificates = [p for p in candidates if "key" not in p.name]
        if not certificates:
            return None
        chosen = certificates[0]
    else:
        chosen = Path(path)
        if not chosen.is_file():
            raise CliError(f"no such CA certificate: {chosen}")
    from cryptography import x509

    try:
        return x509.load_pem_x509_certificate(chosen.read_bytes())
    except ValueError:
        return certs.load_certificate(chosen.read_bytes())


def cmd_selftest(args: argparse.Namespace) -> int:
    """Run the conformance checks; exit 1 when one fails."""
    from card.tools.selftest import run_selftest

    ca_cert = _load_ca(args.ca)
    reader = str(args.image) if args.image else (args.reader or "")
    with open_connection(args) as conn:
        name = getattr(_innermost(conn), "reader", reader) or reader
        report = run_selftest(conn, reader=name, ca_cert=ca_cert)
    if args.json:
        print_json(report.to_json())
    else:
        for line in report.lines():
            print(line)
    return EXIT_OK if report.passed else EXIT_FAILED


def _innermost(conn: object) -> object:
    while hasattr(conn, "inner"):
        conn = conn.inner
    return conn
