# SPDX-License-Identifier: Apache-2.0
"""The virtual card OS at the byte level: the commands and status words of
docs/card-profile.md."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from card import issuer as issuer_keys
from card import tlv
from card.virtual import Knobs, LifeCycle, VirtualCard
from card.virtual.factory import new_blank

from .conftest import PIN

SELECT_SSSE = "00A404000F7378312E73682EC9E7BBE1B1A3D5CF"
SELECT_PKI = "00A404000C504B492EC9E7BBE1B1A3D5CF"
SELECT_ADF = "00A404000C53532E434552542E41444631"

MakeCard = Callable[..., VirtualCard]


def run(card: VirtualCard, *hex_apdus: str) -> list[tuple[bytes, int]]:
    """Send each APDU; return (data, sw) for each."""
    answers = []
    for text in hex_apdus:
        raw = card.process(bytes.fromhex(text.replace(" ", "")))
        answers.append((raw[:-2], int.from_bytes(raw[-2:], "big")))
    return answers


def last_sw(card: VirtualCard, *hex_apdus: str) -> int:
    return run(card, *hex_apdus)[-1][1]


@pytest.fixture
def card(make_card: MakeCard) -> VirtualCard:
    c = make_card()
    c.power_on()
    return c


def test_select_ssse_answers_fci_with_algorithm(card: VirtualCard) -> None:
    data, sw = run(card, SELECT_SSSE)[0]
    assert sw == 0x9000
    fci = tlv.parse_ber_one(data, 0x6F)
    assert tlv.find(fci.children(), 0x84).value == "sx1.sh.社会保障".encode("gbk")  # type: ignore[union-attr]
    assert data.endswith(bytes.fromhex("9F0C03860101"))


def test_profile_read_of_ssn_by_identifier(card: VirtualCard) -> None:
    data, sw = run(card, SELECT_SSSE, "00 B2 08 30 14")[1]
    assert sw == 0x9000
    assert data == bytes.fromhex("0812") + b"11010519491231002X"


def test_ef06_record_numbers_differ_from_tags(card: VirtualCard) -> None:
    answers = run(card, SELECT_SSSE, *[f"00B2{n:02X}3400" for n in range(1, 8)])
    assert [d[0] for d, _ in answers[1:]] == [0x08, 0x09, 0x4E, 0x0A, 0x0B, 0x0C, 0x0D]
    assert last_sw(card, "00B2083400") == 0x6A83
    assert last_sw(card, "00B2083000") == 0x9000


@pytest.mark.parametrize(
    ("apdus", "expected"),
    [
        ((SELECT_SSSE, "00B2083013"), 0x6C14),  # wrong Le, fixed-size record
        ((SELECT_SSSE, "00B20F3000"), 0x6A83),  # no such record identifier
        ((SELECT_SSSE, "00B2084800"), 0x6A82),  # SFI 9 does not exist
        ((SELECT_SSSE, "00B2083100"), 0x6A86),  # P2 mode 001
        (("00B2083000",), 0x6A82),  # SSSE not selected
        (("00A404000541424344",), 0x6700),  # Lc 5, 4 bytes
        (("00A4040005414243444500",), 0x6A82),  # unknown name
        (("00A4080002EF05",), 0x6A86),  # bad P1
        (("00A40000013F",), 0x6700),  # FID of 1 byte
        ((SELECT_SSSE, "00A4000002EF09"), 0x6A82),  # no EF09
        ((SELECT_ADF,), 0x6A82),  # ADF only under PKI
        (("00CA000000",), 0x6D00),  # GET DATA unsupported
        (("805E0100",), 0x6700),  # CHANGE PIN without data
        (("005E010007123456FF654321",), 0x6E00),  # CHANGE PIN needs CLA 80
        (("A0A4000002EF05",), 0x6E00),  # CLA A0 unsupported
        (("00C0000010",), 0x6985),  # GET RESPONSE, nothing pending
        ((SELECT_SSSE, "00B0000010"), 0x6986),  # READ BINARY, no current EF
        ((SELECT_SSSE, "00A4000002EF05", "00B0000010"), 0x6981),  # record EF
        (("0020000103123456",), 0x6A86),  # VERIFY P2 01
        (("00200000021234",), 0x6700),  # VERIFY with 2 bytes
        (("002000000312345A",), 0x6A80),  # not BCD
        (("0084000005",), 0x6700),  # challenge of 5 bytes
        (("0082000A10" + "00" * 16,), 0x6985),  # no challenge first
        ((SELECT_PKI, SELECT_ADF, "0088008320" + "00" * 32 + "00"), 0x6A88),
        ((SELECT_PKI, SELECT_ADF, "0088008110" + "00" * 16 + "00"), 0x6700),
        ((SELECT_PKI, SELECT_ADF, "0088008120" + "00" * 32 + "10"), 0x6C40),
        ((SELECT_SSSE, "0088008120" + "00" * 32 + "00"), 0x6A88),  # not in PKI
        ((SELECT_PKI, SELECT_ADF, "0088008220" + "00" * 32 + "00"), 0x6982),
        (("0046008100",), 0x6985),  # perso after ACTIVATE
        (("00440000",), 0x6985),
        (("800E0000",), 0x6985),
        ((SELECT_SSSE, "00E2002803070131"), 0x6985),
        ((SELECT_SSSE, "00DC012C03070131"), 0x6985),
        ((SELECT_PKI, SELECT_ADF, "00A40000020016", "00D6000001AA"), 0x6985),
        (("00FE0000",), 0x6982),  # TERMINATE needs issuer
    ],
)
def test_wrong_commands_answer_the_right_status(
    card: VirtualCard, apdus: tuple[str, ...], expected: int
) -> None:
    assert last_sw(card, *apdus) == expected


def test_process_never_raises_on_short_input(card: VirtualCard) -> None:
    for raw in (b"", b"\x00", b"\x00\xa4", b"\x00\xa4\x04"):
        assert card.process(raw) == bytes.fromhex("6700")


def test_read_binary_short_extended_offsets(card: VirtualCard) -> None:
    run(card, SELECT_PKI, SELECT_ADF, "00A40000020016")
    cert = card.image.binaries["0016"]
    assert len(cert) > 256
    head, sw = run(card, "00B0000004")[0]
    assert (head, sw) == (cert[:4], 0x9000)
    data, sw = run(card, "00B0000000")[0]
    assert (data, sw) == (cert[:256], 0x9000)
    data, sw = run(card, f"00B0000000{len(cert):04X}")[0]
    assert (data, sw) == (cert, 0x9000)
    data, sw = run(card, f"00B00100{len(cert) - 256 + 5:02X}")[0]
    assert (data, sw) == (cert[256:], 0x6282)
    assert last_sw(card, f"00B0{len(cert):04X}01") == 0x6B00
    data, sw = run(card, "00B0" + f"{len(cert) - 3:04X}" + "00")[0]
    assert (data, sw) == (cert[-3:], 0x9000)


def test_read_binary_by_sfi(card: VirtualCard) -> None:
    assert last_sw(card, SELECT_SSSE, "00B0870010") == 0x6B00  # EF07 empty
    assert last_sw(card, SELECT_SSSE, "00B0850010") == 0x6981  # EF05 is records


def test_empty_verify_and_wrong_pin_counts_down(card: VirtualCard) -> None:
    assert last_sw(card, "00200000") == 0x63C3
    assert last_sw(card, "0020000003000000") == 0x63C2
    assert last_sw(card, "00200000") == 0x63C2
    assert last_sw(card, "0020000003" + PIN) == 0x9000
    assert last_sw(card, "00200000") == 0x63C3
    for expected in (0x63C2, 0x63C1, 0x63C0, 0x6983):
        assert last_sw(card, "0020000003000000") == expected
    assert last_sw(card, "0020000003" + PIN) == 0x6983
    assert last_sw(card, "00200000") == 0x6983


def test_key_82_needs_pin_since_reset_and_select_keeps_it(card: VirtualCard) -> None:
    ia82 = "0088008220" + "11" * 32 + "00"
    assert (
        last_sw(card, "0020000003" + PIN, SELECT_SSSE, SELECT_PKI, SELECT_ADF, ia82)
        == 0x9000
    )
    card.reset()
    assert last_sw(card, SELECT_PKI, SELECT_ADF, ia82) == 0x6982


def test_t0_long_answers_use_61xx_and_get_response(make_card: MakeCard) -> None:
    card = make_card(t0=True)
    card.power_on()
    assert card.atr[1] & 0xF0 == 0x60
    data, sw = run(card, SELECT_SSSE)[0]
    assert (data, sw >> 8) == (b"", 0x61)
    fci, sw = run(card, f"00C00000{sw & 0xFF:02X}")[0]
    assert sw == 0x9000 and fci[0] == 0x6F
    run(card, SELECT_PKI, SELECT_ADF)
    assert last_sw(card, "0088008120" + "00" * 32 + "00") == 0x6140
    assert last_sw(card, "00C0000020") == 0x6120
    signature_end, sw = run(card, "00C0000020")[0]
    assert (len(signature_end), sw) == (32, 0x9000)
    assert last_sw(card, "00C0000020") == 0x6985


def test_t0_extended_read_chains_in_256_byte_pieces(make_card: MakeCard) -> None:
    card = make_card(t0=True)
    card.power_on()
    run(card, SELECT_PKI, SELECT_ADF, "00A4000002001600")
    size = len(card.image.binaries["0016"])
    assert last_sw(card, f"00B0000000{size:04X}") == 0x6100
    first, sw = run(card, "00C0000000")[0]
    assert len(first) == 256 and sw == 0x6100 | ((size - 256) & 0xFF)


def test_issuer_key_blocks_after_three_failures(master_key: bytes) -> None:
    card = new_blank(master_key=master_key)
    card.power_on()
    for expected in (0x63C2, 0x63C1, 0x63C0, 0x6983):
        assert last_sw(card, "0084000010", "0082000A10" + "00" * 16) == expected
    challenge, _ = run(card, "0084000010")[0]
    key = issuer_keys.diversify(master_key, card.image.recognition_code)
    good = issuer_keys.external_auth_cryptogram(key, challenge).hex()
    assert last_sw(card, "0082000A10" + good) == 0x6983


def test_blank_card_perso_requires_issuer_and_erase_wipes(master_key: bytes) -> None:
    card = new_blank(master_key=master_key)
    card.power_on()
    assert last_sw(card, SELECT_SSSE, "00E2002803070131") == 0x6982
    assert last_sw(card, "0020000003123456") == 0x6984
    challenge, _ = run(card, "0084000010")[0]
    key = issuer_keys.diversify(master_key, card.image.recognition_code)
    cryptogram = issuer_keys.external_auth_cryptogram(key, challenge).hex()
    assert last_sw(card, "0082000A10" + cryptogram) == 0x9000
    assert last_sw(card, "00E2002803020131") == 0x9000
    assert last_sw(card, "00E20028120110" + "00" * 16) == 0x6A80  # wrong code
    code_record = b"\x01\x10" + card.image.recognition_code  # from manufacture
    assert last_sw(card, "00DC032C03020132") == 0x6A83
    assert last_sw(card, "00DC022C03020132") == 0x9000
    assert run(card, "00B2022C00")[0] == (bytes.fromhex("020132"), 0x9000)
    assert last_sw(card, "00440000") == 0x6985  # incomplete
    assert last_sw(card, "800E0000") == 0x9000
    assert card.image.records == {"EF05": [code_record]}
    assert card.image.life_cycle is LifeCycle.INITIALISED
    assert last_sw(card, "00B2022C00") == 0x6A83
    assert run(card, "00B2012C00")[0] == (code_record, 0x9000)


def test_generate_key_answers_7f49_template(master_key: bytes) -> None:
    card = new_blank(master_key=master_key)
    card.power_on()
    challenge, _ = run(card, "0084000010")[0]
    key = issuer_keys.diversify(master_key, card.image.recognition_code)
    run(card, "0082000A10" + issuer_keys.external_auth_cryptogram(key, challenge).hex())
    data, sw = run(card, "0046008100")[0]
    assert sw == 0x9000 and data[:5] == bytes.fromhex("7F49438641") and data[5] == 4
    assert last_sw(card, "0046008000") == 0x6A88


def test_knobs_forced_sw_and_tear(card: VirtualCard) -> None:
    card.knobs = Knobs(forced_sw={0xB2: 0x6F00})
    assert last_sw(card, SELECT_SSSE, "00B2083014") == 0x6F00
    card.knobs = Knobs(tear_after=1)
    card.power_on()
    assert last_sw(card, SELECT_SSSE) == 0x9000
    assert card.process(bytes.fromhex("00B2083014")) == b""
    assert card.torn
    assert card.power_on() == card.atr and not card.torn


def test_pin_try_survives_restart_from_file(
    make_card: MakeCard, tmp_path: Path
) -> None:
    path = tmp_path / "card.json"
    card = make_card()
    card.save(path)
    card.power_on()
    assert last_sw(card, "0020000003000000") == 0x63C2
    reloaded = VirtualCard.load(path)
    reloaded.power_on()
    assert last_sw(reloaded, "00200000") == 0x63C2
    assert reloaded.image.to_json() == card.image.to_json()
    doc = path.read_text(encoding="utf-8")
    assert '"test_only": true' in doc and PIN not in doc


def test_terminate_after_issuer_authentication(
    card: VirtualCard, master_key: bytes
) -> None:
    challenge, _ = run(card, "0084000010")[0]
    key = issuer_keys.diversify(master_key, card.image.recognition_code)
    run(card, "0082000A10" + issuer_keys.external_auth_cryptogram(key, challenge).hex())
    assert last_sw(card, "00FE0000") == 0x9000
    assert card.image.life_cycle is LifeCycle.TERMINATED
    assert last_sw(card, SELECT_SSSE) == 0x6985
