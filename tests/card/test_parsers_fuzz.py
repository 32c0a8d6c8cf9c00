# SPDX-License-Identifier: Apache-2.0
"""Random bytes into every parser of the card data layer: each either parses or
raises a CardError (MalformedDataError for data); nothing else escapes."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from card import formats, ssn, tlv
from card.auth import AuthSession, KeyRef, der_length
from card.certs import load_certificate, public_key_from_point
from card.connection import Connection
from card.errors import CardError, MalformedDataError
from card.perso import PersoSession
from card.ssse import Holder, IssuerData, SsseSession
from card.virtual import CardImage, VirtualCard

PARSERS: dict[str, Callable[[bytes], object]] = {
    "simple TLV": tlv.parse_simple,
    "simple record": tlv.parse_simple_record,
    "BER-TLV": tlv.parse_ber,
    "an": formats.decode_an,
    "cn": formats.decode_cn,
    "date": formats.decode_date,
    "PIN block": formats.decode_pin,
    "EC point": public_key_from_point,
    "certificate": load_certificate,
    "DER length": der_length,
    "SSN": lambda raw: ssn.validate(raw.decode("latin-1")),
    "image": lambda raw: CardImage.from_json(json.loads(raw or b"null")),
}


@pytest.mark.parametrize("name", sorted(PARSERS))
@given(raw=st.binary(max_size=300))
def test_parsers_parse_or_raise_malformed(name: str, raw: bytes) -> None:
    try:
        PARSERS[name](raw)
    except MalformedDataError:
        pass
    except (json.JSONDecodeError, UnicodeDecodeError):
        assert name == "image"


@given(
    items=st.lists(st.tuples(st.integers(1, 0xFE), st.binary(max_size=254)), max_size=5)
)
def test_simple_tlv_round_trip(items: list[tuple[int, bytes]]) -> None:
    encoded = b"".join(tlv.encode_simple(t, v) for t, v in items)
    assert tlv.parse_simple(encoded) == items


@given(
    tag=st.sampled_from([0x04, 0x5A, 0x86, 0x9F0C, 0x7F49, 0x5F2D, 0xDF8101]),
    value=st.binary(max_size=70000),
)
@settings(max_examples=30)
def test_ber_round_trip(tag: int, value: bytes) -> None:
    assert tlv.parse_ber(tlv.encode_ber(tag, value)) == [tlv.Tlv(tag=tag, value=value)]


@given(text=st.text(st.characters(codec="gbk", exclude_characters="\x00"), max_size=15))
def test_an_gbk_round_trip(text: str) -> None:
    try:
        encoded = formats.encode_an(text, 30)
    except MalformedDataError:
        return
    assert formats.decode_an(encoded) == text


@given(digits=st.text("0123456789", max_size=8))
def test_cn_round_trip(digits: str) -> None:
    assert formats.decode_cn(formats.encode_cn(digits, 4)) == digits


RECORD_TAGS = st.sampled_from([1, 2, 3, 4, 5, 6, 7, 8, 9, 0x0A, 0x0B, 0x0C, 0x0D, 0x4E])


@given(records=st.dictionaries(RECORD_TAGS, st.binary(max_size=32)))
def test_record_parsers_raise_malformed(records: dict[int, bytes]) -> None:
    for parse in (IssuerData.parse, Holder.parse):
        try:
            parse(records)
        except MalformedDataError:
            pass


@given(
    doc=st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(max_size=20),
        lambda inner: (
            st.lists(inner, max_size=4)
            | st.dictionaries(
                st.sampled_from(
                    [
                        "format",
                        "pin",
                        "keys",
                        "records",
                        "issuer_key",
                        "life_cycle",
                        "recognition_code",
                        "x",
                    ]
                ),
                inner,
                max_size=6,
            )
        ),
        max_leaves=20,
    )
)
def test_image_parser_raises_malformed(doc: Any) -> None:
    try:
        CardImage.from_json(doc)
    except MalformedDataError:
        pass


class RandomCard(Connection):
    """A test fake of the connection port answering scripted random bytes."""

    def __init__(self, answers: list[bytes]) -> None:
        self.answers = answers

    def transmit(self, apdu: bytes) -> tuple[bytes, int]:
        raw = self.answers.pop(0) if self.answers else b"\x90\x00"
        if len(raw) < 2:
            raise MalformedDataError("response APDU", "too short")
        return raw[:-2], int.from_bytes(raw[-2:], "big")

    @property
    def atr(self) -> bytes:
        return b""


ANSWERS = st.lists(
    st.one_of(
        st.binary(max_size=40), st.binary(max_size=40).map(lambda b: b + b"\x90\x00")
    ),
    max_size=12,
)


@given(answers=ANSWERS)
@settings(suppress_health_check=[HealthCheck.too_slow])
def test_sessions_over_random_answers_raise_only_card_errors(
    answers: list[bytes],
) -> None:
    conn = RandomCard(answers)
    try:
        session = SsseSession(conn)
        session.read_issuer()
        session.read_holder()
        session.pin_tries_left()
        auth = AuthSession(conn)
        auth.read_certificate(KeyRef.CARD)
        auth.authenticate(KeyRef.CARD, bytes(32))
    except CardError:
        pass


@given(answers=ANSWERS)
def test_perso_over_random_answers_raises_only_card_errors(
    answers: list[bytes],
) -> None:
    conn = RandomCard(answers)
    try:
        perso = PersoSession(conn)
        perso.get_challenge()
        perso.external_authenticate(bytes(16))
        perso.generate_key_pair(KeyRef.HOLDER)
    except CardError:
        pass


@pytest.fixture(scope="module")
def fuzz_card(request: pytest.FixtureRequest) -> VirtualCard:
    from card.virtual.factory import new_blank

    card = new_blank(master_key=bytes(16))
    return card


@given(
    apdu=st.binary(max_size=300),
    prefix=st.sampled_from(
        [
            b"",
            b"\x00\xa4",
            b"\x00\xb2",
            b"\x00\xb0",
            b"\x00\x20",
            b"\x80\x5e",
            b"\x00\x88",
            b"\x00\x82",
            b"\x00\xc0",
            b"\x00\xdc",
            b"\x00\xe2",
            b"\x00\xd6",
        ]
    ),
)
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_virtual_card_answers_a_status_word_to_anything(
    fuzz_card: VirtualCard, apdu: bytes, prefix: bytes
) -> None:
    fuzz_card.power_on()
    answer = fuzz_card.process(prefix + apdu)
    assert len(answer) >= 2
