# SPDX-License-Identifier: Apache-2.0
"""APDU trace: ring buffer, TRACE level on ``card.apdu``, secrets redacted."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator

import pytest

from card import issuer as issuer_keys
from card.connection import GetResponseConnection
from card.errors import CardRemovedError, WrongPinError
from card.perso import PersoSession
from card.ssse import SsseSession
from card.trace import TRACE, ApduTrace, TracingConnection, redact_command
from card.virtual import Knobs, VirtualCard, VirtualConnection

from .conftest import PIN

MakeCard = Callable[..., VirtualCard]


@pytest.mark.parametrize(
    ("apdu", "kept", "dropped"),
    [
        ("0020000003246810", "0020000003", 3),
        ("805E010007246810FF135790", "805E010007", 7),
        ("805E000007246810AABBCCDD", "805E000007", 7),
        ("0082000A10" + "5A" * 16, "0082000A10", 16),
        ("002000000324", "00200000", 2),  # malformed: header only
        ("00200000", "00200000", 0),  # empty VERIFY has no secret
        ("0084000010", "0084000010", 0),  # challenges are public
        ("0088008120" + "11" * 32 + "00", "0088008120" + "11" * 32 + "00", 0),
    ],
)
def test_redaction_keeps_header_and_length(apdu: str, kept: str, dropped: int) -> None:
    out, redacted, n = redact_command(bytes.fromhex(apdu))
    assert (out.hex().upper(), redacted, n) == (kept.upper(), dropped > 0, dropped)


@pytest.fixture
def apdu_log(caplog: pytest.LogCaptureFixture) -> Iterator[pytest.LogCaptureFixture]:
    """Capture ``card.apdu`` directly: another test may have stopped propagation."""
    logger = logging.getLogger("card.apdu")
    old_level = logger.level
    logger.addHandler(caplog.handler)
    logger.setLevel(TRACE)
    yield caplog
    logger.removeHandler(caplog.handler)
    logger.setLevel(old_level)


def _all_text(trace: ApduTrace, caplog: pytest.LogCaptureFixture) -> str:
    entries = trace.entries()
    return "\n".join([caplog.text, *trace.lines(), *(repr(e) for e in entries)])


def test_pins_and_issuer_secrets_never_reach_trace_or_log(
    make_card: MakeCard, master_key: bytes, apdu_log: pytest.LogCaptureFixture
) -> None:
    caplog = apdu_log
    card = make_card()
    conn = TracingConnection(GetResponseConnection(VirtualConnection(card)))
    session = SsseSession(conn)
    with pytest.raises(WrongPinError):
        session.verify_pin("975312")
    session.verify_pin(PIN)
    session.change_pin(PIN, "864209")
    perso = PersoSession(conn)
    key = issuer_keys.diversify(master_key, card.image.recognition_code)
    challenge = perso.get_challenge()
    cryptogram = issuer_keys.external_auth_cryptogram(key, challenge)
    perso.external_authenticate(cryptogram)
    challenge = perso.get_challenge()
    mac = issuer_keys.reload_pin_mac(key, challenge, bytes.fromhex("102938"))
    perso.reload_pin("102938", mac)

    text = _all_text(conn.trace, caplog)
    for secret in ("975312", PIN, "864209", "102938"):
        assert secret not in text.replace(" ", "")
    for secret in (cryptogram, mac, key):
        assert secret.hex().upper() not in text.replace(" ", "").upper()
    assert challenge.hex(" ").upper() in text  # public, kept
    assert "00 20 00 00 03 <3 bytes redacted> -> 63C2" in text
    assert "80 5E 01 00 07 <7 bytes redacted> -> 9000" in text
    assert any(r.levelno == TRACE and r.name == "card.apdu" for r in caplog.records)


def test_ring_buffer_keeps_the_last_entries(make_card: MakeCard) -> None:
    conn = TracingConnection(VirtualConnection(make_card()), capacity=3)
    for _ in range(5):
        conn.transmit(bytes.fromhex("00200000"))
    entries = conn.trace.entries()
    assert len(entries) == 3 and all(e.sw == 0x63C3 for e in entries)
    conn.trace.clear()
    assert conn.trace.lines() == []


def test_trace_records_a_removal(make_card: MakeCard) -> None:
    card = make_card()
    conn = TracingConnection(VirtualConnection(card))
    card.knobs = Knobs(tear_after=card.apdu_count)
    with pytest.raises(CardRemovedError):
        conn.transmit(bytes.fromhex("0020000003" + PIN))
    (entry,) = conn.trace.entries()
    assert entry.sw is None and entry.error == "CardRemovedError"
    assert PIN not in entry.format().replace(" ", "")


def test_no_log_record_below_trace_level(
    make_card: MakeCard, apdu_log: pytest.LogCaptureFixture
) -> None:
    caplog = apdu_log
    logging.getLogger("card.apdu").setLevel(logging.DEBUG)
    conn = TracingConnection(VirtualConnection(make_card()))
    conn.transmit(bytes.fromhex("00200000"))
    assert not [r for r in caplog.records if r.name == "card.apdu"]
    assert len(conn.trace.entries()) == 1
