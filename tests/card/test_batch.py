# SPDX-License-Identifier: Apache-2.0
"""Batches (``transmit_many``, ``Batch``, ``card.identify``) agree with the
one-command-at-a-time code they stand in for: the same commands reach the
card, the same answers, the same values, the same typed errors."""

from __future__ import annotations

import secrets
from collections.abc import Callable, Sequence
from datetime import date

import pytest
from cryptography import x509
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from card import ssn
from card.auth import AuthSession, KeyRef
from card.certs import IssuerCA, load_certificate, verify_signature
from card.connection import (
    Answer,
    Batch,
    Connection,
    ConnectionWrapper,
    GetResponseConnection,
    send_all,
)
from card.errors import CardError, CardRemovedError, CardUnresponsiveError
from card.identify import read_identity, verify_identity
from card.ssse import SELECT_SSSE, Holder, IssuerData, SsseSession
from card.trace import TracingConnection
from card.virtual import Knobs, VirtualCard, VirtualConnection
from card.virtual.factory import new_personalized, new_recognition_code

from .conftest import CA_DIR, CARD_NUMBER, PIN, certifier

MakeCard = Callable[..., VirtualCard]

CA = x509.load_pem_x509_certificate((CA_DIR / "issuer-ca.pem").read_bytes())
OK = 0x9000


class _Plan(Connection):
    """Answers by INS: ``ok`` 9000, ``61`` announces 5 bytes for GET RESPONSE,
    ``6C`` wants Le = 7, else that status word; records every command sent."""

    def __init__(self, plan: dict[int, str]) -> None:
        self.plan = plan
        self.sent: list[bytes] = []

    def transmit(self, apdu: bytes) -> Answer:
        self.sent.append(apdu)
        ins, le = apdu[1], apdu[4] if len(apdu) == 5 else 0
        if ins == 0xC0:
            return bytes(range(le)), OK
        kind = self.plan.get(ins, "ok")
        if kind == "61":
            return b"", 0x6105
        if kind == "6C":
            return (bytes(7), OK) if le == 7 else (b"", 0x6C07)
        return (apdu[:2], OK) if kind == "ok" else (b"", int(kind, 16))

    @property
    def atr(self) -> bytes:
        return b""


_INS = [0xA4, 0xB0, 0xB2, 0x88, 0x20]
_COMMANDS = st.lists(
    st.builds(
        lambda ins, le: bytes([0, ins, 0, 0, le]),
        st.sampled_from(_INS),
        st.integers(1, 9),
    ),
    max_size=8,
)
_PLANS = st.dictionaries(
    st.sampled_from(_INS), st.sampled_from(["ok", "61", "6C", "6A82", "6A83", "6282"])
)


def _one_by_one(conn: Connection, apdus: Sequence[bytes]) -> list[Answer]:
    answers = []
    for apdu in apdus:
        answers.append(conn.transmit(apdu))
        if answers[-1][1] != OK:
            break
    return answers


@given(_COMMANDS, _PLANS)
def test_get_response_batch_sends_and_answers_as_one_by_one(
    apdus: list[bytes], plan: dict[int, str]
) -> None:
    single, batched = _Plan(plan), _Plan(plan)
    expected = _one_by_one(GetResponseConnection(single), apdus)
    answers: list[Answer] = [(b"x", 1)]  # appended to, never replaced
    GetResponseConnection(batched).transmit_many(apdus, answers)
    assert answers == [(b"x", 1), *expected]
    assert batched.sent == single.sent


@given(_COMMANDS, _PLANS)
def test_tracing_batch_records_as_one_by_one(
    apdus: list[bytes], plan: dict[int, str]
) -> None:
    single = TracingConnection(GetResponseConnection(_Plan(plan)))
    batched = TracingConnection(GetResponseConnection(_Plan(plan)))
    expected = _one_by_one(single, apdus)
    answers: list[Answer] = []
    batched.transmit_many(apdus, answers)
    assert answers == expected
    assert batched.trace.lines() == single.trace.lines()


def test_a_wrapper_overriding_transmit_sees_every_command_of_a_batch() -> None:
    seen: list[bytes] = []

    class Spy(ConnectionWrapper):
        def transmit(self, apdu: bytes) -> Answer:
            seen.append(apdu)
            return self.inner.transmit(apdu)

    apdus = [bytes([0, 0xB2, i, 0, 1]) for i in range(3)]
    answers: list[Answer] = []
    GetResponseConnection(Spy(_Plan({}))).transmit_many(apdus, answers)
    assert seen == apdus and len(answers) == 3


def test_batch_goes_on_only_when_asked() -> None:
    inner = _Plan({0xB2: "6A83"})
    apdus = [
        bytes([0, 0xA4, 0, 0, 1]),
        bytes([0, 0xB2, 0, 0, 1]),
        bytes([0, 0xA4, 0, 0, 2]),
    ]
    batch = Batch(inner, apdus)
    assert len(batch.answers) == 2 and inner.sent == apdus[:2]
    assert batch.answer(1)[1] == 0x6A83
    assert batch.data(2, "SELECT") == b"\x00\xa4"  # the rest sent now
    assert inner.sent == apdus
    with pytest.raises(CardUnresponsiveError):
        batch.answer(3)
    with pytest.raises(CardError, match="READ RECORD"):
        send_all(_Plan({0xB2: "6A82"}), apdus, ["SELECT", "READ RECORD", "SELECT"])


# -- card.identify against the sessions called one after the other ----------


def _sequential(conn: Connection, challenge: bytes) -> tuple[object, ...]:
    ssse = SsseSession(conn)
    issuer, holder = ssse.read_issuer(), ssse.read_holder()
    auth = AuthSession(conn)
    der = auth.read_certificate_der(KeyRef.CARD)
    return (
        issuer,
        holder,
        ssse.algorithm_id,
        der,
        auth.authenticate(KeyRef.CARD, challenge),
    )


def _batched(conn: Connection, challenge: bytes) -> tuple[object, ...]:
    identity = read_identity(conn, challenge)
    assert identity.challenge == challenge and identity.key is KeyRef.CARD
    return (
        identity.issuer,
        identity.holder,
        identity.algorithm_id,
        identity.certificate_der,
        identity.signature,
    )


class _Faulty(ConnectionWrapper):
    """Replace the answer to the ``index``-th command (from 0) by ``fault``."""

    def __init__(
        self, inner: Connection, index: int, fault: Callable[[Answer], Answer]
    ) -> None:
        super().__init__(inner)
        self.index, self.fault, self.count = index, fault, 0

    def transmit(self, apdu: bytes) -> Answer:
        answer = self.inner.transmit(apdu)
        self.count += 1
        return self.fault(answer) if self.count - 1 == self.index else answer


def _outcome(
    flow: Callable[[Connection, bytes], tuple[object, ...]],
    conn: Connection,
    challenge: bytes,
) -> object:
    try:
        *values, signature = flow(conn, challenge)
    except CardError as exc:
        return type(exc), str(exc)
    der = values[3]
    assert isinstance(der, bytes) and isinstance(signature, bytes)
    try:  # signatures differ run to run (ECDSA): compare whether they verify
        verify_signature(load_certificate(der), challenge, signature)
    except CardError as exc:
        return values, type(exc)
    return values, "verified"


_SW = st.sampled_from([0x6A82, 0x6A83, 0x6982, 0x6700, 0x6282, 0x6D00, 0x6581])
_FAULTS = st.one_of(
    _SW.map(lambda sw: lambda answer: (answer[0], sw)),
    _SW.map(lambda sw: lambda answer: (b"", sw)),
    st.integers(0, 40).map(lambda n: lambda answer: (answer[0][:n], answer[1])),
    st.integers(0, 40).map(
        lambda n: (
            lambda answer: (
                bytes(b ^ (0x5A if i == n else 0) for i, b in enumerate(answer[0])),
                answer[1],
            )
        )
    ),
)


@pytest.fixture(scope="module")
def shared_card(demo_ca: IssuerCA, master_key: bytes) -> VirtualCard:
    """One card for all examples (the flows only read); its name needs 4E."""
    code = new_recognition_code()
    issuer = IssuerData(
        card_number=CARD_NUMBER,
        recognition_code=code,
        card_type="3",
        spec_version="3.00",
        init_institution=bytes(12),
        issue_date=date(2024, 3, 1),
        expiry_date=date(2034, 3, 1),
    )
    holder = Holder(
        ssn=ssn.complete("11010519491231002"),
        name="欧阳" + "娜" * 16,
        gender="2",
        ethnic_group="01",
        birthplace="110105",
        birth_date=date(1949, 12, 31),
    )
    return new_personalized(
        issuer=issuer,
        holder=holder,
        pin=PIN,
        certify=certifier(demo_ca),
        master_key=master_key,
    )


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(index=st.integers(0, 21), fault=_FAULTS)
def test_identify_agrees_with_the_sessions(
    shared_card: VirtualCard, index: int, fault: Callable[[Answer], Answer]
) -> None:
    challenge = secrets.token_bytes(32)
    outcomes = [
        _outcome(
            flow,
            GetResponseConnection(
                _Faulty(VirtualConnection(shared_card), index, fault)
            ),
            challenge,
        )
        for flow in (_sequential, _batched)
    ]
    assert outcomes[0] == outcomes[1]


@pytest.mark.parametrize("t0", [False, True])
def test_identify_reads_and_verifies(make_card: MakeCard, t0: bool) -> None:
    conn = GetResponseConnection(VirtualConnection(make_card(t0=t0)))
    identity = read_identity(conn, secrets.token_bytes(32))
    assert identity.issuer.card_number == CARD_NUMBER
    assert identity.holder.name == "张三"
    cert = verify_identity(identity, CA)
    assert cert == AuthSession(conn).read_certificate(KeyRef.CARD)


def test_identify_version_1_card_without_name_extension(make_card: MakeCard) -> None:
    card = make_card()
    conn = GetResponseConnection(
        _Faulty(VirtualConnection(card), 10, lambda answer: (b"", 0x6A83))
    )
    assert read_identity(conn, bytes(32)).holder.name == "张三"


def test_card_pulled_mid_batch_is_card_removed_and_traced(make_card: MakeCard) -> None:
    card = make_card()
    conn = TracingConnection(VirtualConnection(card))
    card.knobs = Knobs(tear_after=card.apdu_count + 5)
    with pytest.raises(CardRemovedError):
        read_identity(GetResponseConnection(conn), bytes(32))
    entries = conn.trace.entries()
    assert [e.sw for e in entries] == [OK] * 5 + [None]
    assert entries[-1].error == "CardRemovedError"


def test_verify_in_a_traced_batch_is_redacted(make_card: MakeCard) -> None:
    conn = TracingConnection(VirtualConnection(make_card()))
    answers: list[Answer] = []
    conn.transmit_many(
        [SELECT_SSSE, bytes.fromhex("0020000003" + PIN), bytes.fromhex("00200000")],
        answers,
    )
    text = "\n".join(conn.trace.lines() + [repr(e) for e in conn.trace.entries()])
    assert PIN not in text.replace(" ", "")
    assert "00 20 00 00 03 <3 bytes redacted>" in text


def test_identify_with_tries_left(make_card: MakeCard) -> None:
    conn = GetResponseConnection(VirtualConnection(make_card()))
    assert read_identity(conn, bytes(32)).tries_left is None
    SsseSession(conn).verify_pin(PIN)
    with pytest.raises(CardError):
        SsseSession(conn).verify_pin("975312")
    identity = read_identity(conn, bytes(32), tries_left=True)
    assert identity.tries_left == 2 == SsseSession(conn).pin_tries_left()
