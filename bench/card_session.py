# SPDX-License-Identifier: Apache-2.0
"""Bench: card inserted -> "card verified, PIN prompt", APDU count and time.

The flow is the kiosk's step 1 (ARCHITECTURE.md): SELECT SSSE, EF05 and EF06
records, the key-81 certificate, INTERNAL AUTHENTICATE 81 over a fresh
challenge. It runs through our sessions and is compared with a bare loop that
sends the same APDU bytes:

  (a) in-process virtual card: sessions over VirtualConnection vs a loop
      calling ``card.process(apdu)``;
  (b) pcscd + vpcd (``ss-card virtual serve`` in a subprocess): sessions over
      PcscProvider vs a loop calling pyscard's ``SCardTransmit`` directly.

Certificate chain and signature verification are host CPU work, not card I/O:
they are timed on their own line. Usage:

    python bench/card_session.py [--rounds 50] [--skip-pcsc]
"""

from __future__ import annotations

import argparse
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from cryptography import x509

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from card.auth import AuthSession, KeyRef, verify_card  # noqa: E402
from card.certs import utc_now, verify_certificate, verify_signature  # noqa: E402
from card.cli import main as ss_card  # noqa: E402
from card.connection import (  # noqa: E402
    Connection,
    ConnectionWrapper,
    GetResponseConnection,
)
from card.ssse import SsseSession  # noqa: E402
from card.virtual.card import VirtualCard  # noqa: E402
from card.virtual.connection import VirtualConnection  # noqa: E402

CA_PEM = ROOT / "config/demo/ca/issuer-ca.pem"
CA = x509.load_pem_x509_certificate(CA_PEM.read_bytes())
TARGET_APDUS = 20
TARGET_OVERHEAD = 10.0
READER = "Virtual PCD 00 00"


class Recording(ConnectionWrapper):
    """Keeps the command bytes sent, to replay them in the bare loop."""

    def __init__(self, inner: Connection) -> None:
        super().__init__(inner)
        self.sent: list[bytes] = []

    def transmit(self, apdu: bytes) -> tuple[bytes, int]:
        self.sent.append(bytes(apdu))
        return self.inner.transmit(apdu)


def card_flow(conn: Connection) -> tuple[str, x509.Certificate, bytes, bytes]:
    """The card I/O of step 1; returns what verification needs."""
    ssse = SsseSession(conn)
    issuer = ssse.read_issuer()
    ssse.read_holder()
    auth = AuthSession(conn)
    cert = auth.read_certificate(KeyRef.CARD)
    challenge = secrets.token_bytes(32)
    return issuer.card_number, cert, challenge, auth.authenticate(KeyRef.CARD,
                                                                  challenge)


def median_ms(run: Callable[[], object], rounds: int) -> float:
    for _ in range(3):  # warm up caches, sockets, pcscd threads
        run()
    samples = []
    for _ in range(rounds):
        started = time.perf_counter()
        run()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples) * 1000


def bench_in_process(image: Path, rounds: int) -> tuple[int, float, float, list[bytes]]:
    card = VirtualCard.load(image)
    conn = GetResponseConnection(VirtualConnection(card))
    recorder = Recording(VirtualConnection(card))
    card_flow(GetResponseConnection(recorder))
    apdus = recorder.sent

    def bare() -> None:
        for apdu in apdus:
            card.process(apdu)

    return len(apdus), median_ms(lambda: card_flow(conn), rounds), \
        median_ms(bare, rounds), apdus


def bench_pcsc(image: Path, apdus: list[bytes], rounds: int) -> tuple[float, float]:
    import fcntl

    from smartcard import scard

    from card.pcsc import PcscProvider

    lock = Path("/tmp/ssc-vpcd-tests.lock").open("a")  # noqa: SIM115 - held to exit
    fcntl.flock(lock, fcntl.LOCK_EX)  # the pcsc tests use the same reader
    serve = subprocess.Popen([sys.executable, "-m", "card.cli", "virtual", "serve",
                              str(image)], cwd=ROOT, stdout=subprocess.DEVNULL)
    try:
        provider = PcscProvider()
        deadline = time.monotonic() + 10
        while not any(i.name == READER and i.card_present for i in provider.readers()):
            if time.monotonic() > deadline:
                raise SystemExit("served card did not appear in " + READER)
            time.sleep(0.05)
        with provider.connect(READER) as raw:
            ours = median_ms(lambda: card_flow(GetResponseConnection(raw)), rounds)
        rc, context = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
        rc, handle, protocol = scard.SCardConnect(
            context, READER, scard.SCARD_SHARE_SHARED,
            scard.SCARD_PROTOCOL_T0 | scard.SCARD_PROTOCOL_T1)
        lists = [list(apdu) for apdu in apdus]

        def bare() -> None:
            for apdu in lists:
                scard.SCardTransmit(handle, protocol, apdu)

        baseline = median_ms(bare, rounds)
        scard.SCardDisconnect(handle, scard.SCARD_LEAVE_CARD)
        scard.SCardReleaseContext(context)
        return ours, baseline
    finally:
        serve.terminate()
        serve.wait(10)


def verification_ms(image: Path, rounds: int) -> float:
    card = VirtualCard.load(image)
    number, cert, challenge, signature = card_flow(
        GetResponseConnection(VirtualConnection(card)))

    def verify() -> None:
        verify_certificate(cert, CA, now=utc_now(), card_number=number)
        verify_signature(cert, challenge, signature)

    return median_ms(verify, rounds)


def row(name: str, apdus: int, ours: float, bare: float) -> str:
    overhead = (ours - bare) / bare * 100 if bare else float("nan")
    return (f"{name:<26} {apdus:>5} {ours:>10.3f} {bare:>12.3f} {overhead:>9.1f}%"
            f"  {'ok' if overhead <= TARGET_OVERHEAD else 'over target'}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=50)
    parser.add_argument("--skip-pcsc", action="store_true",
                        help="only the in-process virtual card")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        image = Path(tmp) / "bench-card.json"
        ss_card(["virtual", "new", str(image), "--card-number", "T00000042"])
        count, ours, bare, apdus = bench_in_process(image, args.rounds)
        verdict = "ok" if count <= TARGET_APDUS else "over"
        print(f"\nflow: insert -> card verified, PIN prompt; {count} APDUs "
              f"(target <= {TARGET_APDUS}: {verdict})")
        print(f"median of {args.rounds} rounds, milliseconds per flow\n")
        print(f"{'path':<26} {'APDUs':>5} {'ours ms':>10} {'bare ms':>12} "
              f"{'overhead':>10}")
        print(row("in-process virtual card", count, ours, bare))
        if not args.skip_pcsc:
            pcsc_ours, pcsc_bare = bench_pcsc(image, apdus, args.rounds)
            print(row("pcscd + vpcd", count, pcsc_ours, pcsc_bare))
        print(f"{'verify chain + signature':<26} {'':>5} "
              f"{verification_ms(image, args.rounds):>10.3f}   (host CPU, no I/O)")
        # the full verify_card path, as the kiosk calls it, for reference
        card = VirtualCard.load(image)
        conn = GetResponseConnection(VirtualConnection(card))
        SsseSession(conn)
        verify_card(AuthSession(conn), CA, card_number="T00000042")
    return 0


if __name__ == "__main__":
    sys.exit(main())
