# SPDX-License-Identifier: Apache-2.0
"""Property tests for every parser of the card layer and its virtual card.

Each parser either returns a value or raises :class:`card.errors.CardError`
(``MalformedDataError`` for data); anything else escaping is a bug. Where a
parser has an encoder, a successful parse re-encodes to the same bytes
(cross-check of parser against encoder). Random card answers drive the
sessions, and random APDUs the virtual card, which answers each with a
status word.
"""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from card import formats, ssn, tlv
from card.apdu import CommandApdu, ResponseApdu
from card.atr import Atr
from card.auth import AuthSession, KeyRef, der_length
from card.certs import (
    IssuerCA,
    load_certificate,
    public_key_from_point,
    verify_certificate,
)
from card.connection import Connection, GetResponseConnection
from card.errors import CardError, MalformedDataError
from card.perso import PersoSession
from card.ssse import Holder, IssuerData, SsseSession
from card.virtual import CardImage, VirtualCard, VirtualConnection
from card.virtual.bundled import DEMO_CA_DIR, DEMO_CARDS_DIR
from card.virtual.card import ATR_T0, ATR_T1
from card.virtual.vpcd import CardTornError, Control, VpcdBridge

ROOT = Path(__file__).resolve().parents[2]
DEMO_CARD = DEMO_CARDS_DIR / "D00000011.json"
CA_DIR = DEMO_CA_DIR
CHECK_TIME = datetime(2030, 1, 1, tzinfo=UTC)
FAST = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)


def mutations(data: bytes) -> st.SearchStrategy[bytes]:
    """Byte strings near ``data``: flips, truncations, insertions, splices."""
    n = len(data)
    flip = st.tuples(st.integers(0, n - 1), st.integers(1, 255)).map(
        lambda p: data[: p[0]] + bytes([data[p[0]] ^ p[1]]) + data[p[0] + 1 :]
    )
    cut = st.integers(0, n).map(lambda k: data[:k])
    insert = st.tuples(st.integers(0, n), st.binary(min_size=1, max_size=8)).map(
        lambda p: data[: p[0]] + p[1] + data[p[0] :]
    )
    delete = st.tuples(st.integers(0, n - 1), st.integers(1, 16)).map(
        lambda p: data[: p[0]] + data[p[0] + p[1] :]
    )
    overwrite = st.tuples(st.integers(0, n - 1), st.binary(min_size=1, max_size=4)).map(
        lambda p: (data[: p[0]] + p[1] + data[p[0] + len(p[1]) :])[:n]
    )
    return st.one_of(flip, cut, insert, delete, overwrite)


# --- APDUs (ISO 7816-4 §5.1) ------------------------------------------------------


@given(raw=st.binary(max_size=300))
@FAST
def test_command_apdu_parse_or_malformed_and_round_trip(raw: bytes) -> None:
    try:
        cmd = CommandApdu.parse(raw)
    except MalformedDataError:
        return
    assert cmd.to_bytes() == raw
    assert cmd.case in (1, 2, 3, 4)


@given(
    cla=st.integers(0, 255),
    ins=st.integers(0, 255),
    p1=st.integers(0, 255),
    p2=st.integers(0, 255),
    data=st.binary(max_size=400),
    le=st.none() | st.integers(1, 65536),
    extended=st.booleans(),
)
@FAST
def test_command_apdu_encode_parse_round_trip(
    cla: int, ins: int, p1: int, p2: int, data: bytes, le: int | None, extended: bool
) -> None:
    try:
        cmd = CommandApdu(
            cla=cla, ins=ins, p1=p1, p2=p2, data=data, le=le, extended=extended
        )
    except MalformedDataError:
        assert (
            le is not None
            and le > 256
            and not (extended or len(data) > 255)
            or le is not None
            and le > 65536
        )
        return
    again = CommandApdu.parse(cmd.to_bytes())
    # case 1 (no Lc, no Le) has no length field to say "extended"
    assert again == CommandApdu(
        cla=cla,
        ins=ins,
        p1=p1,
        p2=p2,
        data=data,
        le=le,
        extended=cmd.needs_extended and cmd.case != 1,
    )


@given(raw=st.binary(max_size=40))
def test_response_apdu_parse(raw: bytes) -> None:
    try:
        resp = ResponseApdu.parse(raw)
    except MalformedDataError:
        assert len(raw) < 2
        return
    assert resp.to_bytes() == raw and 0 <= resp.sw <= 0xFFFF


# --- TLV cross-checks (tests/card has random bytes and encoder round trips) -------


@given(raw=st.binary(max_size=200))
def test_simple_tlv_parse_reencodes_to_input(raw: bytes) -> None:
    try:
        items = tlv.parse_simple(raw)
    except MalformedDataError:
        return
    assert b"".join(tlv.encode_simple(t, v) for t, v in items) == raw


@given(raw=st.binary(max_size=200))
def test_ber_parse_children_and_find_never_escape(raw: bytes) -> None:
    try:
        items = tlv.parse_ber(raw)
        for item in items:
            if item.constructed:
                item.children()
            tlv.find(items, item.tag)
    except MalformedDataError:
        pass


PUBKEY_TEMPLATE = tlv.encode_constructed(
    0x7F49, [tlv.Tlv(tag=0x86, value=b"\x04" + bytes(range(64)))]
)


@given(raw=mutations(PUBKEY_TEMPLATE))
@FAST
def test_ber_mutated_public_key_template(raw: bytes) -> None:
    try:
        tlv.parse_ber_one(raw, 0x7F49).children()
    except MalformedDataError:
        pass


# --- ATR cross-checks (tests/card/test_atr.py fuzzes random bytes) ----------------


@pytest.mark.parametrize("atr", [ATR_T0, ATR_T1], ids=["T0", "T1"])
@given(data=st.data())
@FAST
def test_mutated_virtual_atrs_parse_describe_and_round_trip(
    atr: bytes, data: st.DataObject
) -> None:
    raw = data.draw(mutations(atr))
    try:
        parsed = Atr.parse(raw)
    except MalformedDataError:
        return
    assert parsed.to_bytes() == raw
    assert all(isinstance(line, str) for line in parsed.describe())
    parsed.fi, parsed.di, parsed.f_max_mhz, parsed.extra_guard_time  # noqa: B018


# --- vpcd framing (vsmartcard protocol: 2-byte length, payload) -------------------


FRAMES = st.lists(
    st.one_of(
        st.sampled_from([bytes([c]) for c in Control]),
        st.integers(0, 255).map(lambda b: bytes([b])),
        st.binary(min_size=2, max_size=40),
        st.just(bytes.fromhex("00A4040C0C504B492EC9E7BBE1B1A3D5CF")),
    ),
    max_size=8,
)


def _frame(payload: bytes) -> bytes:
    return len(payload).to_bytes(2, "big") + payload


@given(frames=FRAMES, tail=st.binary(max_size=3))
@FAST
def test_vpcd_bridge_answers_frames_or_pulls_the_card(
    frames: list[bytes], tail: bytes
) -> None:
    """Random vpcd frames (and a truncated tail) over a socket pair: the bridge
    answers well-framed data, stops at end of stream, or raises CardTornError."""
    card = VirtualCard.load(DEMO_CARD)
    card.path = None  # never write the committed image
    bridge = VpcdBridge(card, reconnect=False)
    ours, theirs = _tcp_pair()
    with ours, theirs:
        ours.sendall(b"".join(_frame(f) for f in frames) + tail)
        ours.shutdown(socket.SHUT_WR)
        answers = bytearray()
        reader = threading.Thread(target=lambda: answers.extend(_drain(ours)))
        reader.start()
        try:
            bridge._serve(theirs)  # noqa: SLF001 - the framing loop itself
        except CardTornError:
            pass
        finally:
            theirs.shutdown(socket.SHUT_RDWR)
            reader.join(5)
    pos = 0
    while pos < len(answers):  # every answer is a whole, non-empty frame
        size = int.from_bytes(answers[pos : pos + 2], "big")
        assert size >= 1 and pos + 2 + size <= len(answers)
        pos += 2 + size


def _tcp_pair() -> tuple[socket.socket, socket.socket]:
    """Two connected TCP sockets on 127.0.0.1 (the bridge sets TCP options)."""
    with socket.create_server(("127.0.0.1", 0)) as listener:
        ours = socket.create_connection(listener.getsockname())
        theirs, _ = listener.accept()
    return ours, theirs


def _drain(sock: socket.socket) -> bytes:
    out = bytearray()
    while chunk := sock.recv(4096):
        out.extend(chunk)
    return bytes(out)


# --- certificates read from a card (Part B, EF 0016) ------------------------------


@pytest.fixture(scope="module")
def demo_image() -> dict[str, object]:
    return json.loads(DEMO_CARD.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def demo_ca() -> IssuerCA:
    return IssuerCA.load(CA_DIR / "issuer-ca.pem", CA_DIR / "issuer-ca.key.pem")


def _card_with_cert(image: dict[str, object], der: bytes) -> VirtualCard:
    from card.virtual.state import CardImage

    doc = json.loads(json.dumps(image))
    doc["binaries"]["0016"] = der.hex().upper()  # type: ignore[index]
    return VirtualCard(CardImage.from_json(doc))


def _cert_der(image: dict[str, object]) -> bytes:
    return bytes.fromhex(image["binaries"]["0016"])  # type: ignore[index]


@given(data=st.data())
@FAST
def test_mutated_certificate_on_card_reads_or_raises_card_error(
    demo_image: dict[str, object], demo_ca: IssuerCA, data: st.DataObject
) -> None:
    der = data.draw(st.one_of(mutations(_cert_der(demo_image)), st.binary(max_size=64)))
    card = _card_with_cert(demo_image, der)
    session = AuthSession(GetResponseConnection(VirtualConnection(card)))
    try:
        cert = session.read_certificate(KeyRef.CARD)
        verify_certificate(
            cert, demo_ca.certificate, now=CHECK_TIME, card_number="D00000011"
        )
    except CardError:
        pass


def _flip(der: bytes, offset: int) -> bytes:
    return der[:offset] + bytes([der[offset] ^ 1]) + der[offset + 1 :]


def _duplicate_key_usage(der: bytes) -> bytes:
    """basicConstraints' OID (2.5.29.19) turned into keyUsage's (2.5.29.15)."""
    assert bytes.fromhex("0603551D13") in der
    return der.replace(bytes.fromhex("0603551D13"), bytes.fromhex("0603551D0F"), 1)


@pytest.mark.parametrize(
    "damage",
    [lambda d: _flip(d, 58), lambda d: _flip(d, 12), _duplicate_key_usage],
    ids=["issuer name", "version", "duplicate extension"],
)
def test_regression_damaged_certificate_is_malformed(
    demo_image: dict[str, object], damage
) -> None:  # type: ignore[no-untyped-def]
    """Found by fuzzing: a flipped bit in the issuer name made ``cert.issuer``
    raise KeyError inside verify_certificate; one in the version made the parser
    raise x509.InvalidVersion; a repeated extension x509.DuplicateExtension.
    Now each is MalformedDataError from load_certificate."""
    der = damage(_cert_der(demo_image))
    session = AuthSession(
        GetResponseConnection(VirtualConnection(_card_with_cert(demo_image, der)))
    )
    with pytest.raises(MalformedDataError, match="certificate"):
        session.read_certificate(KeyRef.CARD)


# --- card images: mutated JSON files ----------------------------------------------


@given(data=st.data())
@FAST
def test_mutated_card_image_file_loads_or_raises_malformed(
    tmp_path_factory: pytest.TempPathFactory, data: st.DataObject
) -> None:
    raw = DEMO_CARD.read_bytes()
    mutated = data.draw(
        mutations(raw[:600]).map(lambda head: head + raw[600:])
        | mutations(raw[-400:]).map(lambda tail: raw[:-400] + tail)
    )
    path = tmp_path_factory.mktemp("img") / "card.json"
    path.write_bytes(mutated)
    try:
        card = VirtualCard.load(path)
    except MalformedDataError:
        return
    card.path = None
    card.power_on()
    assert len(card.process(bytes.fromhex("00A4040C0C504B492EC9E7BBE1B1A3D5CF"))) >= 2


JSON_LEAF = (
    st.none()
    | st.booleans()
    | st.integers(-(2**70), 2**70)
    | st.floats()
    | st.text(max_size=12)
)
JSON = st.recursive(
    JSON_LEAF,
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=8,
)


@given(data=st.data())
@FAST
def test_card_image_with_a_value_replaced_raises_malformed(
    demo_image: dict[str, object], data: st.DataObject
) -> None:
    """Replace one node of a real image by random JSON: a typed error or a card."""
    from card.virtual.state import CardImage

    doc = json.loads(json.dumps(demo_image))
    paths = list(_paths(doc))
    path = data.draw(st.sampled_from(paths))
    value = data.draw(JSON)
    target = doc
    for key in path[:-1]:
        target = target[key]
    if data.draw(st.booleans()) and isinstance(target, dict):
        del target[path[-1]]
    else:
        target[path[-1]] = value
    try:
        CardImage.from_json(doc)
    except MalformedDataError:
        pass


def _paths(node: object, prefix: tuple[object, ...] = ()):  # type: ignore[no-untyped-def]
    if isinstance(node, dict):
        items = list(node.items())
    elif isinstance(node, list):
        items = list(enumerate(node))
    else:
        return
    for key, child in items:
        yield (*prefix, key)
        yield from _paths(child, (*prefix, key))


def test_mutation_strategy_is_not_identity() -> None:
    """Guard: the mutation strategy really changes its input."""
    seen: set[bytes] = set()

    @given(raw=mutations(b"0123456789"))
    @settings(max_examples=50, database=None)
    def collect(raw: bytes) -> None:
        seen.add(raw)

    collect()
    assert len(seen - {b"0123456789"}) > 10


# --- APDU test scripts (card/tools/script.py, the technicians' line format) -------

SCRIPT = (
    "# SELECT SSSE\n"
    "00 A4 04 00 0F 7378312E73682EC9E7BBE1B1A3D5CF ; sw=9000\n"
    "00 B2 07 2C 00 ; sw=9000 ; data=07 09 ??????????????????\n"
    "00 20 00 00 ; sw=63CX\n"
    "00 B2 01 2C 00 ; sw=9000 ; data=08 12 00/FF FF 00\n"
    "00 B0 96 00 04 ; sw=any ; data=30 82*\n"
)


@given(data=st.data())
@FAST
def test_apdu_script_parse_or_malformed(data: st.DataObject) -> None:
    from card.tools.script import parse_script
    from tests.fuzz.tomlgen import text_mutations

    text = data.draw(text_mutations(SCRIPT) | st.text(max_size=80))
    try:
        steps = parse_script(text)
    except MalformedDataError:
        return
    assert steps


def test_apdu_script_seed_parses() -> None:
    from card.tools.script import parse_script

    assert len(parse_script(SCRIPT)) == 5


# --- every parser on random bytes; encoders round trip ---------------------------


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
