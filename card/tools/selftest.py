# SPDX-License-Identifier: Apache-2.0
"""Card self-test: the card profile's conformance checks against a real card.

Each check is small and independent; it passes, or fails with a reason, and is
timed. No check spends a PIN try (the PIN state is read with an empty VERIFY,
CARD_PROFILE Part A) and none writes to the card.
"""

from __future__ import annotations

import logging
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from cryptography import x509

from card import certs
from card.atr import Atr
from card.connection import Connection
from card.errors import CardError
from card.profile import (
    ADF_NAME,
    CARD_CERTIFICATE_FID,
    HOLDER_FID,
    HOLDER_SFI,
    ISSUER_FID,
    ISSUER_SFI,
    NATIONAL_RID,
    PKI_AID,
    has_national_rid,
)
from card.ssse import IssuerData, SsseSession
from card.sw import SW, describe

log = logging.getLogger(__name__)

SPEC_VERSIONS = ("1.00", "2.00", "3.00")


class CheckFailedError(CardError):
    """A check's verdict: the card does not behave as the profile says."""


@dataclass(frozen=True, kw_only=True)
class CheckResult:
    """One check: name, what it checks, verdict, details, time taken."""

    name: str
    description: str
    passed: bool
    detail: str
    elapsed_s: float

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "description": self.description,
            "passed": self.passed,
            "detail": self.detail,
            "ms": round(self.elapsed_s * 1000, 2),
        }


@dataclass(frozen=True, kw_only=True)
class SelftestReport:
    """Every check's result for the card in ``reader``."""

    reader: str
    atr: bytes
    results: tuple[CheckResult, ...]

    @property
    def passed(self) -> bool:
        return all(r.passed for r in self.results)

    def to_json(self) -> dict[str, Any]:
        return {
            "reader": self.reader,
            "atr": self.atr.hex().upper(),
            "passed": self.passed,
            "failed": [r.name for r in self.results if not r.passed],
            "total_ms": round(sum(r.elapsed_s for r in self.results) * 1000, 2),
            "checks": [r.to_json() for r in self.results],
        }

    def lines(self) -> list[str]:
        out = [f"reader {self.reader}", f"ATR    {self.atr.hex(' ').upper()}"]
        width = max((len(r.name) for r in self.results), default=0)
        for r in self.results:
            verdict = "PASS" if r.passed else "FAIL"
            out.append(
                f"{verdict}  {r.name:<{width}}  {r.elapsed_s * 1000:7.1f} ms  "
                f"{r.detail}"
            )
        failed = sum(not r.passed for r in self.results)
        total = sum(r.elapsed_s for r in self.results) * 1000
        out.append(
            f"{len(self.results) - failed} passed, {failed} failed ({total:.0f} ms)"
        )
        return out


@dataclass(kw_only=True)
class _Context:
    """What checks share: the connection and facts earlier checks learned."""

    conn: Connection
    ca_cert: x509.Certificate | None
    session: SsseSession | None = None
    issuer: IssuerData | None = None
    certificate: x509.Certificate | None = None
    notes: dict[str, str] = field(default_factory=dict)


def _expect(ctx: _Context, apdu_hex: str, want: int, what: str) -> bytes:
    data, sw = ctx.conn.transmit(bytes.fromhex(apdu_hex))
    if sw != want:
        raise CheckFailedError(
            f"{what}: expected {want:04X}, card answered {sw:04X} ({describe(sw)})"
        )
    return data


def _select(data: bytes, p1: int = 0x04) -> str:
    return f"00A4{p1:02X}00{len(data):02X}{data.hex()}"


def check_atr(ctx: _Context) -> str:
    atr = Atr.parse(ctx.conn.atr)
    if not set(atr.protocols) & {0, 1}:
        raise CheckFailedError("ATR offers neither T=0 nor T=1")
    return "offers " + ", ".join(f"T={t}" for t in atr.protocols)


def check_select_ssse(ctx: _Context) -> str:
    ctx.session = SsseSession(ctx.conn)
    return f"algorithm identifier {ctx.session.algorithm_id:02X}"


def check_select_by_fid(ctx: _Context) -> str:
    _expect(ctx, _select(ISSUER_FID, 0x00), SW.OK, "SELECT EF05 (P1=00)")
    _expect(ctx, _select(HOLDER_FID, 0x02), SW.OK, "SELECT EF06 (P1=02)")
    return "EF05 with P1=00, EF06 with P1=02"


def check_issuer_data(ctx: _Context) -> str:
    issuer = _session(ctx).read_issuer()
    ctx.issuer = issuer
    code = issuer.recognition_code
    if not has_national_rid(code):
        raise CheckFailedError(
            f"recognition code {code.hex().upper()} lacks the national RID "
            f"{NATIONAL_RID.hex().upper()}"
        )
    if issuer.spec_version not in SPEC_VERSIONS:
        raise CheckFailedError(f"specification version {issuer.spec_version!r}")
    if issuer.issue_date > issuer.expiry_date:
        raise CheckFailedError("issue date after expiry date")
    if issuer.expiry_date < datetime.now(UTC).date():
        raise CheckFailedError(f"card expired on {issuer.expiry_date.isoformat()}")
    return (
        f"card {issuer.card_number}, version {issuer.spec_version}, "
        f"valid to {issuer.expiry_date.isoformat()}"
    )


def check_holder_data(ctx: _Context) -> str:
    holder = _session(ctx).read_holder()
    if holder.ssn[6:14] != holder.birth_date.strftime("%Y%m%d"):
        raise CheckFailedError("birth date differs from the one in the SSN")
    return "SSN check character valid, birth date consistent"


def check_record_by_number(ctx: _Context) -> str:
    by_number = f"00B201{HOLDER_SFI << 3 | 4:02X}00"
    record = _expect(ctx, by_number, SW.OK, "READ RECORD 1 of EF06 by number")
    if not record or record[0] != 0x08:
        raise CheckFailedError("record 1 of EF06 is not tag 08")
    return "record 1 of EF06 holds tag 08"


def check_status_words(ctx: _Context) -> str:
    _expect(ctx, "00A4000002EF99", SW.FILE_NOT_FOUND, "SELECT unknown EF")
    _expect(
        ctx,
        f"00B255{ISSUER_SFI << 3:02X}00",
        SW.RECORD_NOT_FOUND,
        "READ RECORD unknown tag",
    )
    _expect(ctx, "00FA0000", SW.INS_NOT_SUPPORTED, "unknown INS")
    _expect(ctx, "A0A4000002EF05", SW.CLA_NOT_SUPPORTED, "unknown CLA")
    return "6A82, 6A83, 6D00, 6E00 as specified"


def check_pin_state(ctx: _Context) -> str:
    tries = _session(ctx).pin_tries_left()
    return "PIN blocked" if tries == 0 else f"{tries} PIN tries left (none spent)"


def check_select_auth_app(ctx: _Context) -> str:
    _expect(ctx, _select(PKI_AID), SW.OK, "SELECT PKI application")
    _expect(ctx, _select(ADF_NAME), SW.OK, "SELECT SS.CERT.ADF1")
    return "PKI application and SS.CERT.ADF1 selected"


def check_holder_key_locked(ctx: _Context) -> str:
    challenge = secrets.token_bytes(32).hex()
    _expect(
        ctx,
        f"00880082 20{challenge} 00".replace(" ", ""),
        SW.SECURITY_STATUS_NOT_SATISFIED,
        "INTERNAL AUTHENTICATE 82 without PIN",
    )
    return "key 82 refused before VERIFY (6982)"


def check_card_certificate(ctx: _Context) -> str:
    _expect(ctx, _select(CARD_CERTIFICATE_FID, 0x00), SW.OK, "SELECT EF 0016")
    cert = certs.load_certificate(_read_der(ctx))
    ctx.certificate = cert
    number = certs.card_number_of(cert)
    if ctx.issuer is not None and number != ctx.issuer.card_number:
        raise CheckFailedError(
            f"certificate names card {number}, EF05 says {ctx.issuer.card_number}"
        )
    if ctx.ca_cert is None:
        raise CheckFailedError(
            f"X.509 for card {number}, but no issuer CA to check its chain against: "
            "pass the issuer CA certificate with --ca ISSUER-CA.pem"
        )
    certs.verify_certificate(
        cert, ctx.ca_cert, now=datetime.now(UTC), card_number=number
    )
    return f"X.509 for card {number}, chains to the issuer CA, valid now"


def check_card_authentication(ctx: _Context) -> str:
    if ctx.certificate is None:
        raise CheckFailedError("no card certificate to verify against")
    challenge = secrets.token_bytes(32)
    apdu = bytes.fromhex("0088008120") + challenge + b"\x00"
    signature, sw = ctx.conn.transmit(apdu)
    if sw != SW.OK:
        raise CheckFailedError(
            f"INTERNAL AUTHENTICATE 81 answered {sw:04X} ({describe(sw)})"
        )
    certs.verify_signature(ctx.certificate, challenge, signature)
    return "key 81 signature over a fresh challenge verifies"


def _read_der(ctx: _Context) -> bytes:
    """READ BINARY the DER object of the current EF (ISO 7816-4 §11.2.3)."""
    head = _expect(ctx, "00B0000004", SW.OK, "READ BINARY header")
    if len(head) < 4 or head[0] != 0x30 or head[1] != 0x82:
        raise CheckFailedError("EF does not start with a DER SEQUENCE")
    total = 4 + int.from_bytes(head[2:4], "big")
    der = bytearray()
    while len(der) < total:
        size = min(0xE0, total - len(der))
        offset = len(der)
        chunk = _expect(ctx, f"00B0{offset:04X}{size:02X}", SW.OK, "READ BINARY")
        if not chunk:
            raise CheckFailedError(f"READ BINARY returned nothing at offset {offset}")
        der.extend(chunk)
    return bytes(der[:total])


def _session(ctx: _Context) -> SsseSession:
    if ctx.session is None:
        ctx.session = SsseSession(ctx.conn)
    return ctx.session


Check = Callable[[_Context], str]
CHECKS: tuple[tuple[str, str, Check], ...] = (
    ("atr", "ATR well formed, T=0 or T=1 offered", check_atr),
    ("select-ssse", "SELECT SSSE by name", check_select_ssse),
    ("select-ef", "SELECT EF05/EF06 by FID (P1=00 and 02)", check_select_by_fid),
    ("issuer-data", "EF05 records by identifier, formats, validity", check_issuer_data),
    (
        "holder-data",
        "EF06 records by identifier, SSN check character",
        check_holder_data,
    ),
    (
        "record-number",
        "READ RECORD by number (tag 08 is record 1)",
        check_record_by_number,
    ),
    (
        "status-words",
        "6A82, 6A83, 6D00, 6E00 where the profile says",
        check_status_words,
    ),
    ("pin-state", "empty VERIFY reports tries left", check_pin_state),
    ("auth-app", "SELECT PKI application and ADF", check_select_auth_app),
    ("holder-key-locked", "key 82 needs the PIN", check_holder_key_locked),
    (
        "card-certificate",
        "EF 0016 certificate parses and matches the card",
        check_card_certificate,
    ),
    (
        "card-authentication",
        "INTERNAL AUTHENTICATE 81 signature verifies",
        check_card_authentication,
    ),
)


def run_selftest(
    conn: Connection, *, reader: str, ca_cert: x509.Certificate | None = None
) -> SelftestReport:
    """Run every check in order; one check's failure does not stop the rest."""
    ctx = _Context(conn=conn, ca_cert=ca_cert)
    results = []
    for name, description, check in CHECKS:
        started = time.perf_counter()
        try:
            detail, passed = check(ctx), True
        except CardError as exc:
            detail, passed = str(exc), False
        results.append(
            CheckResult(
                name=name,
                description=description,
                passed=passed,
                detail=detail,
                elapsed_s=time.perf_counter() - started,
            )
        )
        log.info("selftest %s: %s", name, "pass" if passed else "FAIL")
    return SelftestReport(reader=reader, atr=conn.atr, results=tuple(results))
