# SPDX-License-Identifier: Apache-2.0
"""SSSE, authentication and personalization sessions against the virtual card."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric import ec

from card import issuer as issuer_keys
from card.auth import AuthSession, KeyRef, bind_challenge, bind_submission, verify_card
from card.certs import IssuerCA, verify_signature
from card.connection import GetResponseConnection
from card.errors import (
    CardRemovedError,
    CertificateExpiredError,
    CertificateMismatchError,
    ConditionsNotSatisfiedError,
    InvalidPinFormatError,
    InvalidSsnError,
    IssuerAuthenticationError,
    NotGenuineError,
    PinBlockedError,
    SecurityStatusError,
    StatusWordError,
    UntrustedIssuerError,
    WrongPinError,
)
from card.perso import PersoSession
from card.ssse import Holder, IssuerData, SsseSession
from card.virtual import Knobs, VirtualCard, VirtualConnection
from card.virtual.factory import describe, new_blank

from .conftest import CARD_NUMBER, NOT_AFTER, NOT_BEFORE, PIN, certifier, connect

MakeCard = Callable[..., VirtualCard]


@pytest.mark.parametrize("t0", [False, True])
def test_read_issuer_and_holder(
    make_card: MakeCard, issuer_data: IssuerData, holder: Holder, t0: bool
) -> None:
    session = SsseSession(connect(make_card(t0=t0)))
    assert session.algorithm_id == 1
    assert session.read_issuer() == issuer_data
    assert session.read_holder() == holder


def test_t0_without_get_response_wrapper_fails_typed(make_card: MakeCard) -> None:
    with pytest.raises(StatusWordError) as info:
        SsseSession(VirtualConnection(make_card(t0=True)))
    assert info.value.sw >> 8 == 0x61


FIFTEEN = "爱新觉罗溥仪的远房表妹很长名字"
SEVENTEEN = "阿卜杜热合曼买买提艾力阿不都热合曼"


@pytest.mark.parametrize("name", ["张三", "欧阳娜娜", FIFTEEN, SEVENTEEN])
def test_names_round_trip_with_4e_extension(
    make_card: MakeCard, holder: Holder, name: str
) -> None:
    person = Holder(**{**holder.__dict__, "name": name})
    card = make_card(holder=person)
    assert SsseSession(connect(card)).read_holder().name == name
    records = dict((r[0], r[2:]) for r in card.image.records["EF06"])
    assert records[0x4E].rstrip(b"\x00") == name[15:].encode("gbk")


def test_name_extension_absent_is_tolerated(
    make_card: MakeCard, issuer_data: IssuerData, holder: Holder
) -> None:
    old = IssuerData(**{**issuer_data.__dict__, "spec_version": "1.00"})
    card = make_card(issuer=old)
    assert [r[0] for r in card.image.records["EF06"]] == [8, 9, 0x0A, 0x0B, 0x0C, 0x0D]
    assert SsseSession(connect(card)).read_holder() == holder


def test_bad_ssn_check_character_is_a_typed_error(make_card: MakeCard) -> None:
    card = make_card()
    records = card.image.records["EF06"]
    records[0] = records[0][:-1] + b"1"
    with pytest.raises(InvalidSsnError):
        SsseSession(connect(card)).read_holder()


def test_pin_wrong_then_right_then_blocked(make_card: MakeCard) -> None:
    session = SsseSession(connect(make_card(retry_limit=3)))
    assert session.pin_tries_left() == 3
    with pytest.raises(WrongPinError) as info:
        session.verify_pin("000000")
    assert info.value.tries_left == 2 and "000000" not in str(info.value)
    session.verify_pin(PIN)
    assert session.pin_tries_left() == 3
    for left in (2, 1):
        with pytest.raises(WrongPinError):
            session.verify_pin("111111")
        assert session.pin_tries_left() == left
    with pytest.raises(PinBlockedError):
        session.verify_pin("111111")
    with pytest.raises(PinBlockedError):
        session.verify_pin(PIN)
    assert session.pin_tries_left() == 0


def test_factory_tries_left_and_retry_limit(make_card: MakeCard) -> None:
    card = make_card(retry_limit=6, tries_left=2)
    assert SsseSession(connect(card)).pin_tries_left() == 2
    assert card.image.pin is not None and card.image.pin.retry_limit == 6


def test_invalid_pin_format_never_reaches_the_card(make_card: MakeCard) -> None:
    card = make_card()
    session = SsseSession(connect(card))
    with pytest.raises(InvalidPinFormatError):
        session.verify_pin("12345")
    assert session.pin_tries_left() == 3


def test_tries_survive_reload_from_file(make_card: MakeCard, tmp_path: Path) -> None:
    path = tmp_path / "card.json"
    make_card().save(path)
    with pytest.raises(WrongPinError):
        SsseSession(connect(VirtualCard.load(path))).verify_pin("999999")
    assert SsseSession(connect(VirtualCard.load(path))).pin_tries_left() == 2


def test_change_pin(make_card: MakeCard) -> None:
    conn = connect(make_card())
    session = SsseSession(conn)
    with pytest.raises(InvalidPinFormatError):
        session.change_pin(PIN, "123456")
    with pytest.raises(WrongPinError):
        session.change_pin("000000", "135790")
    session.change_pin(PIN, "135790")
    with pytest.raises(WrongPinError):
        session.verify_pin(PIN)
    session.verify_pin("135790")


def test_card_authentication_and_holder_key(
    make_card: MakeCard, demo_ca: IssuerCA
) -> None:
    conn = connect(make_card())
    auth = AuthSession(conn)
    cert81 = verify_card(auth, demo_ca.certificate, card_number=CARD_NUMBER)
    cert82 = auth.read_certificate(KeyRef.HOLDER)
    assert cert81.public_key() != cert82.public_key()
    challenge = bind_challenge(secrets.token_bytes(32), "kiosk-1", CARD_NUMBER)
    with pytest.raises(SecurityStatusError) as info:
        auth.authenticate(KeyRef.HOLDER, challenge)
    assert info.value.sw == 0x6982
    SsseSession(conn).verify_pin(PIN)
    signature = AuthSession(conn).authenticate(KeyRef.HOLDER, challenge)
    verify_signature(cert82, challenge, signature)
    with pytest.raises(NotGenuineError):
        verify_signature(cert81, challenge, signature)


@pytest.mark.parametrize("extended", [True, False])
@pytest.mark.parametrize("t0", [True, False])
def test_certificate_reads_short_and_extended(
    make_card: MakeCard, demo_ca: IssuerCA, extended: bool, t0: bool
) -> None:
    auth = AuthSession(connect(make_card(t0=t0)), extended_length=extended)
    cert = auth.read_certificate(KeyRef.CARD)
    assert cert.issuer == demo_ca.certificate.subject


def test_rogue_issuer_is_untrusted(make_card: MakeCard, demo_ca: IssuerCA) -> None:
    rogue = IssuerCA.generate("Rogue CA", not_before=NOT_BEFORE, not_after=NOT_AFTER)
    auth = AuthSession(connect(make_card(certify=certifier(rogue))))
    with pytest.raises(UntrustedIssuerError):
        verify_card(auth, demo_ca.certificate, card_number=CARD_NUMBER)


def test_expired_and_mismatched_certificates(
    make_card: MakeCard, demo_ca: IssuerCA
) -> None:
    auth = AuthSession(connect(make_card()))
    with pytest.raises(CertificateExpiredError):
        verify_card(
            auth,
            demo_ca.certificate,
            card_number=CARD_NUMBER,
            now=datetime(2045, 1, 1, tzinfo=UTC),
        )
    with pytest.raises(CertificateMismatchError):
        verify_card(auth, demo_ca.certificate, card_number="B00000001")


def test_card_with_someone_elses_certificate_is_not_genuine(
    make_card: MakeCard, demo_ca: IssuerCA
) -> None:
    def certify_other_key(key: KeyRef, _: ec.EllipticCurvePublicKey):  # type: ignore[no-untyped-def]
        other = ec.generate_private_key(ec.SECP256R1()).public_key()
        return demo_ca.certify(CARD_NUMBER, key, other, NOT_BEFORE, NOT_AFTER)

    auth = AuthSession(connect(make_card(certify=certify_other_key)))
    with pytest.raises(NotGenuineError):
        verify_card(auth, demo_ca.certificate, card_number=CARD_NUMBER)


def test_tear_mid_read_raises_card_removed(make_card: MakeCard) -> None:
    card = make_card()
    conn = connect(card)
    session = SsseSession(conn)
    card.knobs = Knobs(tear_after=card.apdu_count + 3)
    with pytest.raises(CardRemovedError):
        session.read_issuer()
    with pytest.raises(CardRemovedError):
        session.pin_tries_left()


def test_forced_status_word_reaches_the_session(make_card: MakeCard) -> None:
    card = make_card()
    card.knobs = Knobs(forced_sw={0xB2: 0x6581})
    with pytest.raises(StatusWordError) as info:
        SsseSession(connect(card)).read_issuer()
    assert info.value.sw == 0x6581


def test_reset_by_someone_else_is_a_removal(make_card: MakeCard) -> None:
    card = make_card()
    conn = connect(card)
    SsseSession(conn)
    card.reset()
    with pytest.raises(CardRemovedError):
        SsseSession(conn)


def _authenticated_perso(card: VirtualCard, master_key: bytes) -> PersoSession:
    perso = PersoSession(connect(card))
    key = issuer_keys.diversify(master_key, card.image.recognition_code)
    perso.external_authenticate(
        issuer_keys.external_auth_cryptogram(key, perso.get_challenge())
    )
    return perso


def test_wrong_issuer_key_three_times_blocks(master_key: bytes) -> None:
    card = new_blank(master_key=master_key)
    perso = PersoSession(connect(card))
    wrong = issuer_keys.diversify(bytes(16), card.image.recognition_code)
    for _ in range(3):
        with pytest.raises(IssuerAuthenticationError):
            perso.external_authenticate(
                issuer_keys.external_auth_cryptogram(wrong, perso.get_challenge())
            )
    with pytest.raises(IssuerAuthenticationError, match="blocked"):
        _authenticated_perso(card, master_key)


def test_perso_commands_refused_after_activate(
    make_card: MakeCard, master_key: bytes, holder: Holder
) -> None:
    card = make_card()
    perso = _authenticated_perso(card, master_key)
    with pytest.raises(ConditionsNotSatisfiedError):
        perso.write_holder(holder)
    with pytest.raises(ConditionsNotSatisfiedError):
        perso.generate_key_pair(KeyRef.CARD)
    with pytest.raises(ConditionsNotSatisfiedError):
        perso.activate()
    with pytest.raises(ConditionsNotSatisfiedError):
        perso.erase()


def test_staff_unblock_with_reload_pin(make_card: MakeCard, master_key: bytes) -> None:
    card = make_card(tries_left=0)
    conn = connect(card)
    with pytest.raises(PinBlockedError):
        SsseSession(conn).verify_pin(PIN)
    perso = PersoSession(conn)
    key = issuer_keys.diversify(master_key, card.image.recognition_code)
    perso.get_challenge()
    with pytest.raises(IssuerAuthenticationError):
        perso.reload_pin("112233", bytes(4))
    assert card.image.issuer_tries_left == 2
    with pytest.raises(ConditionsNotSatisfiedError):  # the challenge was used up
        perso.reload_pin("112233", bytes(4))
    challenge = perso.get_challenge()
    block = bytes.fromhex("112233")
    perso.reload_pin("112233", issuer_keys.reload_pin_mac(key, challenge, block))
    session = SsseSession(conn)
    assert session.pin_tries_left() == 3
    session.verify_pin("112233")


def test_half_written_card_is_erased_and_personalized_again(
    master_key: bytes, issuer_data: IssuerData, holder: Holder, demo_ca: IssuerCA
) -> None:
    card = new_blank(
        master_key=master_key, recognition_code=issuer_data.recognition_code
    )
    perso = _authenticated_perso(card, master_key)
    perso.write_issuer(issuer_data)
    perso.write_issuer(issuer_data)  # rewrite uses UPDATE RECORD
    assert len(card.image.records["EF05"]) == 7
    perso.erase()  # back to what the manufacturer delivered: the code alone
    code_record = b"\x01\x10" + issuer_data.recognition_code
    assert card.image.records == {"EF05": [code_record]}
    assert SsseSession(connect(card)).read_recognition_code() == (
        issuer_data.recognition_code
    )
    perso.write_issuer(issuer_data)
    perso.write_holder(holder)
    for key in KeyRef:
        public_key = perso.generate_key_pair(key)
        perso.write_certificate(key, certifier(demo_ca)(key, public_key))
    challenge = perso.get_challenge()
    card_key = issuer_keys.diversify(master_key, issuer_data.recognition_code)
    perso.reload_pin(
        PIN,
        issuer_keys.reload_pin_mac(card_key, challenge, bytes.fromhex(PIN)),
        retry_limit=6,
    )
    perso.activate()
    assert describe(card)["life_cycle"] == "personalised"
    assert SsseSession(connect(card)).pin_tries_left() == 6


def test_bindings_match_the_api_contract() -> None:
    import hashlib

    nonce = bytes(range(32))
    assert (
        bind_challenge(nonce, "k1", "A1")
        == hashlib.sha256(b"SSC-AUTH-1" + nonce + b"k1\x00A1").digest()
    )
    path = "/api/v1/transfers"
    signed = bind_submission("k1", "A1", "u", "POST", path, b"{}", signed_at=1700000000)
    assert signed == (
        hashlib.sha256(
            b"SSC-SUBMIT-2k1\x00A1\x00u\x001700000000\x00POST\x00/api/v1/transfers"
            b"\x00{}"
        ).digest()
    )
    later = bind_submission("k1", "A1", "u", "POST", path, b"{}", signed_at=1700000001)
    assert later != signed  # the signing time is bound


def test_describe_shows_no_secrets(make_card: MakeCard) -> None:
    card = make_card()
    text = repr(describe(card)) + repr(card) + repr(card.image)
    assert PIN not in text
    assert card.image.issuer_key.hex() not in text.lower()
    info = describe(card)
    assert info["issuer"]["card_number"] == CARD_NUMBER
    assert info["pin"] == {"retry_limit": 3, "tries_left": 3, "blocked": False}
    assert set(info["certificates"]) == {"81", "82"}


def test_get_response_connection_handles_6cxx(make_card: MakeCard) -> None:
    card = make_card()
    conn = GetResponseConnection(VirtualConnection(card))
    conn.transmit(bytes.fromhex("00A404000F7378312E73682EC9E7BBE1B1A3D5CF"))
    data, sw = conn.transmit(bytes.fromhex("00B2083001"))
    assert sw == 0x9000 and len(data) == 20
