# SPDX-License-Identifier: Apache-2.0
"""The PC/SC adapter through real pcscd + vpcd with a served virtual card."""

from __future__ import annotations

import secrets
from pathlib import Path

import pytest
from cryptography import x509

from card.atr import Atr
from card.auth import AuthSession, KeyRef, verify_card
from card.connection import Answer, GetResponseConnection
from card.errors import (
    CardRemovedError,
    NoCardError,
    NoReaderError,
    PcscUnavailableError,
    ReaderBusyError,
)
from card.identify import read_identity, verify_identity
from card.pcsc import PcscProvider, Protocol, ShareMode
from card.ssse import HOLDER_BATCH, SELECT_SSSE, SsseSession
from card.trace import TracingConnection
from card.virtual.card import Knobs
from tests.card.pcsc_support import (
    OTHER_READER,
    READER,
    Recorder,
    card_present,
    copy_image,
    make_image,
    served,
    ss_card,
    start_pcscd,
    vpcd_lock,  # noqa: F401 - fixture
    wait_for,
)

pytestmark = [pytest.mark.pcsc, pytest.mark.usefixtures("vpcd_lock")]

CA_PEM = Path(__file__).resolve().parents[2] / "card/virtual/demo/ca/issuer-ca.pem"


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_image(tmp_path_factory.mktemp("img") / "template.json")


@pytest.fixture
def image(template: Path, tmp_path: Path) -> Path:
    return copy_image(template, tmp_path)


@pytest.fixture
def provider(vpcd_readers: list[str]) -> PcscProvider:
    return PcscProvider()


def test_readers_show_state_and_atr(provider: PcscProvider, image: Path) -> None:
    names = [i.name for i in provider.readers()]
    assert READER in names and OTHER_READER in names
    with served(image) as bridge:
        info = {i.name: i for i in provider.readers()}
        assert info[READER].card_present
        assert info[READER].atr == bridge.card.atr
        assert not info[OTHER_READER].card_present
        assert Atr.parse(info[READER].atr).protocols == (0, 1)


@pytest.mark.parametrize("protocol", [Protocol.T1, Protocol.ANY])
def test_sessions_through_pcscd(
    provider: PcscProvider, image: Path, protocol: Protocol
) -> None:
    with served(image), provider.connect(READER, protocol=protocol) as raw:
        assert raw.protocol is Protocol.T1
        conn = GetResponseConnection(raw)
        session = SsseSession(conn)
        assert session.read_issuer().card_number == "T12345678"
        assert session.read_holder().name == "李四"
        assert session.pin_tries_left() == 3
        auth = AuthSession(conn)
        ca_cert = x509.load_pem_x509_certificate(CA_PEM.read_bytes())
        cert = verify_card(auth, ca_cert, card_number="T12345678")
        assert cert == auth.read_certificate(KeyRef.CARD)


def test_t0_card_through_pcscd(provider: PcscProvider, tmp_path: Path) -> None:
    image = make_image(tmp_path / "t0.json", "--t0")
    with served(image), provider.connect(READER, protocol=Protocol.T0) as raw:
        assert raw.protocol is Protocol.T0
        session = SsseSession(GetResponseConnection(raw))
        assert session.read_holder().ssn.startswith("110105")
        challenge = secrets.token_bytes(32)
        signature = AuthSession(GetResponseConnection(raw)).authenticate(
            KeyRef.CARD, challenge
        )
        assert len(signature) == 64


@pytest.mark.parametrize("t0", [False, True])
def test_identify_batch_through_pcscd(
    provider: PcscProvider, tmp_path: Path, t0: bool
) -> None:
    """Step 1 as one batch (61xx answered by GET RESPONSE inside it on T=0),
    and the adapter's batch answering as its transmit does one by one."""
    image = make_image(tmp_path / "card.json", *(["--t0"] if t0 else []))
    with served(image), provider.connect(READER) as raw:
        conn = GetResponseConnection(raw)
        identity = read_identity(conn, secrets.token_bytes(32))
        assert (identity.issuer.card_number, identity.holder.name) == (
            "T12345678",
            "李四",
        )
        ca_cert = x509.load_pem_x509_certificate(CA_PEM.read_bytes())
        assert verify_identity(identity, ca_cert) == AuthSession(conn).read_certificate(
            KeyRef.CARD
        )
        apdus = [SELECT_SSSE, *HOLDER_BATCH, bytes.fromhex("00200000"), SELECT_SSSE]
        single = [conn.transmit(apdu) for apdu in apdus[:-1]]
        answers: list[Answer] = []
        conn.transmit_many(apdus, answers)  # stops at the empty VERIFY's 63C3
        assert answers == single and answers[-1][1] == 0x63C3


def test_card_torn_mid_batch_is_card_removed(
    provider: PcscProvider, image: Path
) -> None:
    with served(image, knobs=Knobs(tear_after=6), reconnect=False):
        conn = TracingConnection(provider.connect(READER))
        with pytest.raises(CardRemovedError):
            read_identity(GetResponseConnection(conn), bytes(32))
        entries = conn.trace.entries()
        assert [e.sw for e in entries] == [0x9000] * 6 + [None]
        conn.close()
        wait_for(lambda: not card_present(), what="torn card gone")


def test_connect_errors(provider: PcscProvider, image: Path) -> None:
    with pytest.raises(NoCardError):
        provider.connect(OTHER_READER)
    with pytest.raises(NoReaderError):
        provider.connect("No Such Reader 99")
    with pytest.raises(NoReaderError):
        provider.find_reader("no such")
    with served(image):
        assert provider.find_reader(None) == READER
        assert provider.find_reader("00 00") == READER
        with provider.connect(READER, mode=ShareMode.EXCLUSIVE):
            with pytest.raises(ReaderBusyError):
                provider.connect(READER)
        with provider.connect(READER) as again:
            assert again.transmit(bytes.fromhex("00200000"))[1] == 0x63C3


def test_card_torn_mid_read_raises_card_removed(
    provider: PcscProvider, image: Path
) -> None:
    # SELECT + 3 of the 7 EF05 records, then the card goes mute and is pulled.
    with served(image, knobs=Knobs(tear_after=4), reconnect=False) as bridge:
        conn = GetResponseConnection(provider.connect(READER))
        session = SsseSession(conn)
        with pytest.raises(CardRemovedError):
            session.read_issuer()
        with pytest.raises(CardRemovedError):
            conn.transmit(bytes.fromhex("00200000"))
        conn.close()
        wait_for(lambda: not card_present(), what="torn card gone")
        assert bridge.torn


def test_card_pulled_between_commands(provider: PcscProvider, image: Path) -> None:
    with served(image) as bridge:
        conn = provider.connect(READER)
        assert conn.transmit(bytes.fromhex("00200000"))[1] == 0x63C3
        bridge.stop()
        wait_for(lambda: not card_present(), what="card gone")
        with pytest.raises(CardRemovedError):
            conn.transmit(bytes.fromhex("00200000"))
        conn.close()
        conn.close()  # idempotent


def test_monitor_reports_cards_and_survives_pcscd_restart(
    provider: PcscProvider, image: Path
) -> None:
    recorder = Recorder()
    monitor = provider.start_monitor(recorder)
    try:
        wait_for(lambda: recorder.saw("reader_added"), what="readers reported")
        assert recorder.saw("reader_added", OTHER_READER)
        with served(image):
            wait_for(lambda: recorder.saw("card_inserted"), what="card_inserted")
            mark = len(recorder.snapshot())
            start_pcscd("--restart")
            wait_for(
                lambda: recorder.saw("card_inserted", after=mark),
                15,
                what="card reported again after the pcscd restart",
            )
            after = recorder.snapshot()[mark:]
            assert ("card_removed", READER) in after
            assert ("reader_removed", READER) in after
            assert ("reader_added", READER) in after
            mark = len(recorder.snapshot())
        wait_for(lambda: recorder.saw("card_removed", after=mark), what="removal")
    finally:
        monitor.stop()
        start_pcscd()
    count = len(recorder.snapshot())
    assert len(recorder.snapshot()) == count  # nothing after stop()


def test_pcscd_down_is_pcsc_unavailable(provider: PcscProvider) -> None:
    start_pcscd("--stop")
    try:
        with pytest.raises(PcscUnavailableError):
            PcscProvider().readers()
        with pytest.raises(PcscUnavailableError):
            provider.connect(READER)
        for command in (["readers"], ["monitor", "--duration", "1"], ["read"]):
            result = ss_card(*command)
            assert result.returncode == 3, command
            assert result.stderr.strip().splitlines() == [
                "ss-card: pcscd is not running (start it with: sudo "
                "scripts/start-pcscd.sh)"
            ], command
    finally:
        start_pcscd()
    # the provider's stale context is renewed transparently
    assert READER in [i.name for i in provider.readers()]
