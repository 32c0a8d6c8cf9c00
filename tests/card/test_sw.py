# SPDX-License-Identifier: Apache-2.0
"""Status-word names and builders are the values of ISO 7816-4 §5.1.3 and the
card profile's table."""

from __future__ import annotations

import pytest

from card.sw import (
    SW,
    SW1,
    VERIFY_FAILED,
    describe,
    more_data,
    name,
    pin_tries_left,
    verify_failed,
    wrong_le,
)


@pytest.mark.parametrize(
    ("member", "value"),
    [
        (SW.OK, "9000"),
        (SW.WARNING_END_OF_FILE, "6282"),
        (SW.WRONG_LENGTH, "6700"),
        (SW.INCOMPATIBLE_FILE, "6981"),
        (SW.SECURITY_STATUS_NOT_SATISFIED, "6982"),
        (SW.AUTH_METHOD_BLOCKED, "6983"),
        (SW.REFERENCE_DATA_UNUSABLE, "6984"),
        (SW.CONDITIONS_NOT_SATISFIED, "6985"),
        (SW.NO_CURRENT_EF, "6986"),
        (SW.WRONG_DATA, "6A80"),
        (SW.FILE_NOT_FOUND, "6A82"),
        (SW.RECORD_NOT_FOUND, "6A83"),
        (SW.NOT_ENOUGH_MEMORY, "6A84"),
        (SW.WRONG_P1P2, "6A86"),
        (SW.REFERENCE_NOT_FOUND, "6A88"),
        (SW.OFFSET_OUTSIDE_EF, "6B00"),
        (SW.INS_NOT_SUPPORTED, "6D00"),
        (SW.CLA_NOT_SUPPORTED, "6E00"),
    ],
)
def test_names_are_the_profile_status_words(member: SW, value: str) -> None:
    assert member.to_bytes(2, "big").hex().upper() == value
    assert name(int(value, 16)) == member.name
    assert describe(member) != "unknown status"


def test_every_name_is_described() -> None:
    assert all(describe(member) != "unknown status" for member in SW)


@pytest.mark.parametrize(
    ("count", "sw"), [(1, 0x6101), (0xFF, 0x61FF), (256, 0x6100), (4000, 0x6100)]
)
def test_more_data_announces_at_most_256(count: int, sw: int) -> None:
    assert more_data(count) == sw
    assert sw >> 8 == SW1.MORE_DATA


@pytest.mark.parametrize(("length", "sw"), [(16, 0x6C10), (255, 0x6CFF), (256, 0x6C00)])
def test_wrong_le_gives_the_exact_length(length: int, sw: int) -> None:
    assert wrong_le(length) == sw
    assert sw >> 8 == SW1.WRONG_LE


@pytest.mark.parametrize(("left", "sw"), [(0, 0x63C0), (3, 0x63C3), (15, 0x63CF)])
def test_verify_failed_counts_tries_left(left: int, sw: int) -> None:
    assert verify_failed(left) == sw
    assert pin_tries_left(sw) == left
    assert describe(sw) == f"wrong PIN, {left} tries left"


def test_the_counter_is_capped_at_15() -> None:
    assert verify_failed(20) == 0x63CF


@pytest.mark.parametrize("sw", [0x9000, 0x6300, 0x63B3, 0x6983, 0x64C3])
def test_other_status_words_carry_no_tries(sw: int) -> None:
    assert pin_tries_left(sw) is None


@pytest.mark.parametrize(
    ("sw", "text"),
    [
        (0x6110, "more data available (16)"),
        (0x6C20, "wrong Le (32)"),
        (0x6300, "verification failed (0)"),
        (0x6A99, "unknown status"),
    ],
)
def test_groups_are_described_with_their_number(sw: int, text: str) -> None:
    assert describe(sw) == text
    assert VERIFY_FAILED >> 8 == 0x63
