# SPDX-License-Identifier: Apache-2.0
"""Bench: card inserted -> "card verified, PIN prompt", APDU count and time.

The flow is the kiosk's step 1 (docs/architecture.md): SELECT SSSE, EF05 and EF06
records, the key-81 certificate, INTERNAL AUTHENTICATE 81 over a fresh
challenge, through ``card.identify.read_identity`` as ``kiosk.cardjobs``
calls it (one batch, then the sessions' checks). It is compared with a bare
loop that sends the same APDU bytes:

  (a) in-process virtual card: our stack over VirtualConnection vs a loop
      calling ``card.process(apdu)``;
  (b) pcscd + vpcd (``ss-card virtual serve`` in a subprocess): our stack
      over PcscProvider's connection vs a loop calling pyscard's
      ``SCardTransmit`` directly on that same connection's card handle (same
      PC/SC context and handle for both, so only our code differs).

In each round both run, in an order drawn at random. Certificate chain and
signature verification are host CPU work, not card I/O: they are timed on
their own line. Because a tight bare loop keeps pcscd and the card process
hot, a second pcscd baseline spends, between APDUs, the host CPU time our
stack spends (measured in-process), isolating the transport adapter's own
overhead. Usage:

    python bench/card_session.py [--rounds 50] [--skip-pcsc]
"""

from __future__ import annotations

import argparse
import random
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

from card.certs import (  # noqa: E402
    load_certificate,
    utc_now,
    verify_certificate,
    verify_signature,
)
from card.cli import main as ss_card  # noqa: E402
from card.connection import (  # noqa: E402
    Connection,
    ConnectionWrapper,
    GetResponseConnection,
)
from card.identify import read_identity, verify_identity  # noqa: E402
from card.virtual.bundled import DEMO_CA_CERTIFICATE  # noqa: E402
from card.virtual.card import VirtualCard  # noqa: E402
from card.virtual.connection import VirtualConnection  # noqa: E402

CA_PEM = DEMO_CA_CERTIFICATE
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


def card_flow(conn: Connection) -> tuple[str, bytes, bytes, bytes]:
    """The card I/O of step 1 as the kiosk does it (``card.identify``); returns
    what verification needs (the certificate as DER: parsing it is
    verification work, timed on its own line)."""
    identity = read_identity(conn, secrets.token_bytes(32))
    return (
        identity.issuer.card_number,
        identity.certificate_der,
        identity.challenge,
        identity.signature,
    )


def wait_until(predicate: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + 10
    while not predicate():
        if time.monotonic() > deadline:
            raise SystemExit(f"timed out waiting for {what}")
        time.sleep(0.05)


def paired_samples(
    ours: Callable[[], object], bare: Callable[[], object], rounds: int
) -> tuple[list[float], list[float]]:
    """Seconds of each per round, measured alternately so machine load hits
    both alike.

    Which of the two runs first in a round is drawn at random, so neither
    always inherits the other's after-effects (pcscd and card process state,
    caches)."""
    for _ in range(5):  # warm up caches, sockets, pcscd threads
        ours()
        bare()
    samples: tuple[list[float], list[float]] = ([], [])
    pair = [(ours, samples[0]), (bare, samples[1])]
    order = random.Random(20)
    for _ in range(rounds):
        order.shuffle(pair)
        for run, into in pair:
            started = time.perf_counter()
            run()
            into.append(time.perf_counter() - started)
    return samples


def paired_medians(
    ours: Callable[[], object], bare: Callable[[], object], rounds: int
) -> tuple[float, float]:
    """Median ms of each (:func:`paired_samples`)."""
    samples = paired_samples(ours, bare, rounds)
    return (statistics.median(samples[0]) * 1000, statistics.median(samples[1]) * 1000)


def round_overheads(samples: tuple[list[float], list[float]]) -> list[float]:
    """Per round, ours over bare in percent: the two ran back to back, so a
    load change between rounds cancels out."""
    return [(o - b) / b * 100 for o, b in zip(*samples, strict=True)]


def median_ms(run: Callable[[], object], rounds: int) -> float:
    return paired_medians(run, lambda: None, rounds)[0]


def bench_in_process(image: Path, rounds: int) -> tuple[int, float, float, list[bytes]]:
    card = VirtualCard.load(image)
    conn = GetResponseConnection(VirtualConnection(card))
    recorder = Recording(VirtualConnection(card))
    card_flow(GetResponseConnection(recorder))
    apdus = recorder.sent

    def bare() -> None:
        for apdu in apdus:
            card.process(apdu)

    ours, baseline = paired_medians(lambda: card_flow(conn), bare, rounds)
    return len(apdus), ours, baseline, apdus


def busy_wait(seconds: float) -> None:
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        pass


def bench_pcsc(
    image: Path, apdus: list[bytes], rounds: int, host_cpu_s: float
) -> tuple[float, float, float, tuple[float, float], list[float]]:
    """Ours, bare, bare with our host CPU time spent between APDUs, one APDU
    through PcscConnection vs SCardTransmit (the adapter alone), and the
    quartiles of the per-round overhead of the flow."""
    import fcntl

    from smartcard import scard

    from card.pcsc import PcscProvider

    lock = Path("/tmp/ssc-vpcd-tests.lock").open("a")  # noqa: SIM115 - held to exit
    fcntl.flock(lock, fcntl.LOCK_EX)  # the pcsc tests use the same reader
    provider = PcscProvider()

    def card_in_reader() -> bool:
        return any(i.name == READER and i.card_present for i in provider.readers())

    # pcscd polls vpcd every 400 ms: let a card from an earlier run go first,
    # or pcscd would still report it while the new one is plugged in.
    wait_until(lambda: not card_in_reader(), "the reader to be empty")
    serve = subprocess.Popen(
        [sys.executable, "-m", "card.cli", "virtual", "serve", str(image)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
    )
    try:
        wait_until(card_in_reader, "the served card in " + READER)
        raw = provider.connect(READER)
        # The bare loops send on the adapter's own card handle and context, so
        # both sides talk to pcscd through the same connection.
        handle, protocol = raw._card, raw._protocol
        lists = [list(apdu) for apdu in apdus]

        def bare() -> None:
            for apdu in lists:
                scard.SCardTransmit(handle, protocol, apdu)

        pause = host_cpu_s / len(lists)

        def bare_paced() -> None:
            for apdu in lists:
                scard.SCardTransmit(handle, protocol, apdu)
                busy_wait(pause)

        conn = GetResponseConnection(raw)
        samples = paired_samples(lambda: card_flow(conn), bare, rounds)
        ours, baseline = (statistics.median(s) * 1000 for s in samples)
        per_round = statistics.quantiles(round_overheads(samples), n=4)
        paced = median_ms(bare_paced, rounds)
        one, one_list = apdus[1], lists[1]
        single = paired_medians(
            lambda: raw.transmit(one),
            lambda: scard.SCardTransmit(handle, protocol, one_list),
            rounds * 10,
        )
        raw.close()
        return ours, baseline, paced, single, per_round
    finally:
        serve.terminate()
        serve.wait(10)
        wait_until(lambda: not card_in_reader(), "the card to leave")


def verification_ms(image: Path, rounds: int) -> float:
    card = VirtualCard.load(image)
    number, der, challenge, signature = card_flow(
        GetResponseConnection(VirtualConnection(card))
    )

    def verify() -> None:
        cert = load_certificate(der)
        verify_certificate(cert, CA, now=utc_now(), card_number=number)
        verify_signature(cert, challenge, signature)

    return median_ms(verify, rounds)


def row(name: str, apdus: int, ours: float, bare: float, *, target: bool = True) -> str:
    """One result line; the 10% target applies to the paths through pcscd only."""
    overhead = (ours - bare) / bare * 100 if bare else float("nan")
    verdict = "ok" if overhead <= TARGET_OVERHEAD else "over target"
    if not target:
        verdict = "(no target)"
    return (
        f"{name:<26} {apdus:>5} {ours:>10.3f} {bare:>12.3f} {overhead:>9.1f}%"
        f"  {verdict}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=200)
    parser.add_argument(
        "--skip-pcsc", action="store_true", help="only the in-process virtual card"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        image = Path(tmp) / "bench-card.json"
        ss_card(["virtual", "new", str(image), "--card-number", "T00000042"])
        count, ours, bare, apdus = bench_in_process(image, args.rounds)
        verdict = "ok" if count <= TARGET_APDUS else "over"
        print(
            f"\nflow: insert -> card verified, PIN prompt; {count} APDUs "
            f"(target <= {TARGET_APDUS}: {verdict})"
        )
        print(f"median of {args.rounds} rounds, milliseconds per flow\n")
        print(
            f"{'path':<26} {'APDUs':>5} {'ours ms':>10} {'bare ms':>12} "
            f"{'overhead':>10}"
        )
        print(row("in-process virtual card", count, ours, bare, target=False))
        if not args.skip_pcsc:
            host_cpu_s = max(ours - bare, 0.0) / 1000
            pcsc_ours, pcsc_bare, paced, single, quartiles = bench_pcsc(
                image, apdus, args.rounds, host_cpu_s
            )
            print(row("pcscd + vpcd", count, pcsc_ours, pcsc_bare))
            low, mid, high = quartiles
            print(
                f"  per-round overhead (ours vs bare in the same round): median "
                f"{mid:.1f}%, quartiles {low:.1f}% .. {high:.1f}%"
            )
            print(row("  vs bare + same host CPU", count, pcsc_ours, paced))
            print(row("  one APDU, adapter only", 1, *single))
        print(
            f"{'parse cert, verify chain+sig':<26} {'':>5} "
            f"{verification_ms(image, args.rounds):>10.3f}   (host CPU, no I/O)"
        )
        # the full path, as the kiosk calls it, must pass
        card = VirtualCard.load(image)
        conn = GetResponseConnection(VirtualConnection(card))
        verify_identity(read_identity(conn, secrets.token_bytes(32)), CA)
    return 0


if __name__ == "__main__":
    sys.exit(main())
