# SPDX-License-Identifier: Apache-2.0
"""Cards personalized per minute by the staff station, in process and through
pcscd + vpcd, side by side with the bare APDU time of the same sequence.

Run:  python3 bench/personalize.py [--cards 20] [--pcsc-cards 5] [--no-pcsc]

A real backend is started on 127.0.0.1 (seeded SQLite, tests/live_backend.py).
For each card the script allocates a number, makes a blank for it (the card
factory, TEST ONLY demo master key), and runs the staff orchestrator
(staff.personalize) end to end. Figures per transport:

- cards/min: full personalization incl. backend calls (allocation, cryptogram,
  two certifications, PIN MAC, activation) and resident lookup;
- APDUs/card and APDU ms/card: the time spent inside ``transmit`` (the card
  link only) during those same runs;
- bare sequence: ``card.perso.personalize`` on a blank with the issuer crypto
  computed locally (no HTTP), over the same transport: the floor the
  orchestrator and backend add to.

Loops are bounded by --cards / --pcsc-cards.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from card import issuer as issuer_keys  # noqa: E402
from card.certs import IssuerCA  # noqa: E402
from card.connection import Connection, GetResponseConnection  # noqa: E402
from card.perso import IssuerCallbacks, PersoSession, personalize  # noqa: E402
from card.profile import INITIAL_PIN  # noqa: E402
from card.ssn import complete  # noqa: E402
from card.ssse import Holder, IssuerData  # noqa: E402
from card.virtual import VirtualCard, VirtualConnection  # noqa: E402
from card.virtual.bundled import DEMO_CA_DIR  # noqa: E402
from card.virtual.factory import new_blank  # noqa: E402
from staff.api import StaffApi  # noqa: E402
from staff.cardio import CountingConnection, holder, issuer_data  # noqa: E402
from staff.models import Allocation, Resident  # noqa: E402
from staff.personalize import Personalizer  # noqa: E402
from tests.live_backend import live_backend  # noqa: E402

CA_DIR = DEMO_CA_DIR
VPCD_PORT = 35964
VPCD_READER = "Virtual PCD 00 01"
LOCK_FILE = Path("/tmp/ssc-vpcd-tests.lock")


@dataclass(kw_only=True)
class Figures:
    """Per-transport results."""

    name: str
    cards: int = 0
    seconds: float = 0.0
    apdus: list[int]
    apdu_s: list[float]
    bare_s: list[float]
    bare_apdus: list[int]

    def row(self) -> str:
        per_min = 60 * self.cards / self.seconds if self.seconds else 0.0
        full_ms = 1000 * self.seconds / max(self.cards, 1)
        return (
            f"{self.name:<16} {self.cards:>5} {per_min:>9.1f} {full_ms:>9.1f} "
            f"{statistics.mean(self.apdus):>7.1f} "
            f"{1000 * statistics.mean(self.apdu_s):>9.1f} "
            f"{1000 * statistics.mean(self.bare_s):>9.1f} "
            f"{statistics.mean(self.bare_apdus):>7.1f}"
        )


HEADER = (
    f"{'transport':<16} {'cards':>5} {'cards/min':>9} {'ms/card':>9} "
    f"{'APDUs':>7} {'APDU ms':>9} {'bare ms':>9} {'bare n':>7}"
)

Connector = Callable[[VirtualCard], Iterator[Connection]]


# the backend refuses digits in a name (backend/validation.py): the number
# of a bench resident is written in Chinese numerals
NUMERALS = str.maketrans("0123456789", "零一二三四五六七八九")


def resident(n: int) -> Resident:
    first17 = f"1101051975{n % 12 + 1:02d}{n % 28 + 1:02d}{n % 1000:03d}"
    return Resident.from_fields(
        {
            "ssn": complete(first17),
            "name": "测试" + str(n).translate(NUMERALS),
            "mobile": f"137{n:08d}",
        }
    )


@contextmanager
def in_process(card: VirtualCard) -> Iterator[Connection]:
    yield VirtualConnection(card)


@contextmanager
def vpcd_lock() -> Iterator[None]:
    """The machine-wide vpcd lock the pcsc tests hold (tests/card/pcsc_support)."""
    import fcntl

    with LOCK_FILE.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@contextmanager
def through_vpcd(card: VirtualCard) -> Iterator[Connection]:
    """Plug ``card`` into vpcd, connect through pcscd, unplug afterwards."""
    from card.pcsc import PcscProvider
    from card.virtual.vpcd import VpcdBridge

    provider = PcscProvider()
    bridge = VpcdBridge(card, port=VPCD_PORT).start()
    try:
        _wait_reader(provider, present=True)
        with provider.connect(VPCD_READER) as conn:
            yield conn
    finally:
        bridge.stop()
        _wait_reader(provider, present=False)
        provider.close()


def _wait_reader(provider: object, *, present: bool) -> None:
    """Wait (bounded) until pcscd sees the vpcd reader with or without a card."""
    deadline = time.monotonic() + 10
    while (
        any(r.name == VPCD_READER and r.card_present for r in provider.readers())
        != present
    ):  # type: ignore[attr-defined]
        if time.monotonic() > deadline:
            raise RuntimeError(f"pcscd never saw the card present={present}")
        time.sleep(0.02)


def bare_sequence(
    connect: Connector,
    master_key: bytes,
    ca: IssuerCA,
    alloc: Allocation,
    person: Resident,
) -> tuple[float, int]:
    """card.perso.personalize with local issuer crypto: the APDU floor."""
    import datetime as dt

    card = new_blank(master_key=master_key, recognition_code=alloc.recognition_code)
    key = issuer_keys.diversify(master_key, alloc.recognition_code)
    now = dt.datetime.now(dt.UTC)
    callbacks = IssuerCallbacks(
        cryptogram=lambda c: issuer_keys.external_auth_cryptogram(key, c),
        pin_mac=lambda c, b: issuer_keys.reload_pin_mac(key, c, b),
        certify=lambda ref, pub: ca.certify(
            alloc.card_number, int(ref), pub, now, now + dt.timedelta(days=365)
        ),
    )
    issuer: IssuerData = issuer_data(alloc)
    data: Holder = holder(person)
    with connect(card) as raw:
        counter = CountingConnection(raw)
        started = time.perf_counter()
        personalize(
            PersoSession(GetResponseConnection(counter)),
            issuer=issuer,
            holder=data,
            pin=INITIAL_PIN,
            retry_limit=3,
            callbacks=callbacks,
        )
        return time.perf_counter() - started, counter.count


def run(
    name: str,
    connect: Connector,
    api: StaffApi,
    master_key: bytes,
    ca: IssuerCA,
    cards: int,
    first: int,
) -> Figures:
    figures = Figures(name=name, apdus=[], apdu_s=[], bare_s=[], bare_apdus=[])
    for n in range(first, first + cards):
        person = resident(n)
        api.register_person(person)
        alloc = api.allocate_card(person.ssn)
        blank = new_blank(
            master_key=master_key, recognition_code=alloc.recognition_code
        )
        with connect(blank) as conn:
            started = time.perf_counter()
            result = Personalizer(api, lambda _a, c=conn: c).run(
                person, allocation=alloc
            )
            figures.seconds += time.perf_counter() - started
        figures.cards += 1
        figures.apdus.append(result.apdu_count)
        figures.apdu_s.append(result.apdu_seconds)
        bare_s, bare_n = bare_sequence(connect, master_key, ca, alloc, person)
        figures.bare_s.append(bare_s)
        figures.bare_apdus.append(bare_n)
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cards", type=int, default=20)
    parser.add_argument("--pcsc-cards", type=int, default=5)
    parser.add_argument("--no-pcsc", action="store_true")
    args = parser.parse_args()
    master_key = bytes.fromhex((CA_DIR / "issuer-master.key").read_text().strip())
    ca = IssuerCA.load(CA_DIR / "issuer-ca.pem", CA_DIR / "issuer-ca.key.pem")
    rows = []
    with tempfile.TemporaryDirectory() as tmp, live_backend(Path(tmp)) as backend:
        username, password = backend.staff["issuer"]
        api = StaffApi(backend.url)
        api.login(username, password)
        rows.append(
            run("in-process", in_process, api, master_key, ca, min(args.cards, 500), 1)
        )
        if not args.no_pcsc:
            rows.append(
                run(
                    "pcscd+vpcd",
                    through_vpcd,
                    api,
                    master_key,
                    ca,
                    min(args.pcsc_cards, 100),
                    600,
                )
            )
    print(
        "Staff personalization (backend on 127.0.0.1, SQLite; full = orchestrator"
        " + backend calls; bare = card.perso.personalize, local crypto)"
    )
    print(HEADER)
    for row in rows:
        print(row.row())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
