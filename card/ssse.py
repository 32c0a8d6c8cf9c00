# SPDX-License-Identifier: Apache-2.0
"""The SSSE application (CARD_PROFILE Part A): issuer and holder data, the PIN.

:class:`SsseSession` selects the application in its constructor; its methods
are named after what a terminal wants and turn status words into domain
errors. The connection must handle ``61xx``/``6Cxx`` (wrap it in
:class:`~card.connection.GetResponseConnection`).
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from card import formats, ssn, tlv
from card.apdu import CommandApdu
from card.connection import OK, Batch, Connection, send_bytes, status_error
from card.errors import (
    InvalidPinFormatError,
    MalformedDataError,
    PinBlockedError,
    PinError,
    StatusWordError,
    WrongPinError,
)
from card.profile import (
    HOLDER_SFI,
    INITIAL_PIN,
    ISSUER_SFI,
    RECOGNITION_CODE_LENGTH,
    SSSE_NAME,
    check_recognition_code,
)
from card.sw import SW, VERIFY_FAILED, pin_tries_left

logger = logging.getLogger(__name__)

ISSUER_SIZES = {0x01: 16, 0x02: 1, 0x03: 4, 0x04: 12, 0x05: 4, 0x06: 4, 0x07: 9}
HOLDER_SIZES = {0x08: 18, 0x09: 30, 0x4E: 20, 0x0A: 1, 0x0B: 1, 0x0C: 3, 0x0D: 4}
NAME_EXTENSION = 0x4E

# The session's fixed commands, encoded once (none carries a secret).
SELECT_SSSE = CommandApdu(cla=0, ins=0xA4, p1=0x04, p2=0x00, data=SSSE_NAME).to_bytes()
TRIES_LEFT = bytes.fromhex("00200000")  # empty VERIFY, card-wide PIN (P2 00)


def read_record_apdu(sfi: int, tag: int, size: int) -> bytes:
    """READ RECORD by identifier: ``00 B2 <tag> <SFI<<3> <2+size>``."""
    return CommandApdu(cla=0, ins=0xB2, p1=tag, p2=sfi << 3, le=2 + size).to_bytes()


def _reads(sfi: int, sizes: Mapping[int, int]) -> tuple[tuple[int, int, bytes], ...]:
    """``(tag, size, READ RECORD)`` for each record of an EF, in issuer order."""
    return tuple(
        (tag, size, read_record_apdu(sfi, tag, size)) for tag, size in sizes.items()
    )


ISSUER_READS = _reads(ISSUER_SFI, ISSUER_SIZES)
HOLDER_READS = _reads(HOLDER_SFI, HOLDER_SIZES)
ISSUER_BATCH = tuple(apdu for _, _, apdu in ISSUER_READS)
HOLDER_BATCH = tuple(apdu for _, _, apdu in HOLDER_READS)


def _fields(
    records: Mapping[int, bytes], sizes: Mapping[int, int], optional: int = 0
) -> Mapping[int, bytes]:
    """``records`` once each tag of ``sizes`` is there with its size (the
    ``optional`` tag may be absent); MalformedDataError otherwise."""
    for tag, size in sizes.items():
        value = records.get(tag)
        if value is None:
            if tag == optional:
                continue
            raise MalformedDataError("SSSE record", f"tag {tag:02X} missing")
        if len(value) != size:
            raise MalformedDataError(
                "SSSE record", f"tag {tag:02X} has {len(value)} bytes"
            )
    return records


@dataclass(frozen=True, kw_only=True)
class IssuerData:
    """EF05, issuer data (Part A)."""

    card_number: str
    recognition_code: bytes
    card_type: str
    spec_version: str
    init_institution: bytes
    issue_date: date
    expiry_date: date

    @classmethod
    def parse(cls, records: Mapping[int, bytes]) -> IssuerData:
        """From EF05 values by tag (tag → value without tag and length)."""
        return cls.decode(_fields(records, ISSUER_SIZES))

    @classmethod
    def decode(cls, f: Mapping[int, bytes]) -> IssuerData:
        """:meth:`parse` for values whose tags and sizes are already checked."""
        return cls(
            recognition_code=f[0x01],
            card_type=formats.decode_an(f[0x02]),
            spec_version=formats.decode_an(f[0x03]),
            init_institution=f[0x04],
            issue_date=formats.decode_date(f[0x05]),
            expiry_date=formats.decode_date(f[0x06]),
            card_number=formats.decode_an(f[0x07], encoding="ascii"),
        )

    def to_records(self) -> dict[int, bytes]:
        """EF05 values by tag, in the order issuers write them (01…07)."""
        code_length = len(self.recognition_code)
        if code_length != RECOGNITION_CODE_LENGTH or len(self.init_institution) != 12:
            raise MalformedDataError("issuer data", "code 16 bytes, institution 12")
        return {
            0x01: self.recognition_code,
            0x02: formats.encode_an(self.card_type, 1),
            0x03: formats.encode_an(self.spec_version, 4),
            0x04: self.init_institution,
            0x05: formats.encode_date(self.issue_date),
            0x06: formats.encode_date(self.expiry_date),
            0x07: formats.encode_an(self.card_number, 9, encoding="ascii"),
        }


def split_name(name: str) -> tuple[bytes, bytes]:
    """GBK name → (tag 09 part ≤ 30 bytes, tag 4E part ≤ 20), split between chars."""
    head = b""
    for i, char in enumerate(name):
        encoded = formats.encode_an(char, 2).rstrip(b"\x00")
        if len(head) + len(encoded) > HOLDER_SIZES[0x09]:
            tail = formats.encode_an(name[i:], HOLDER_SIZES[NAME_EXTENSION])
            return head, tail.rstrip(b"\x00")
        head += encoded
    return head, b""


@dataclass(frozen=True, kw_only=True)
class Holder:
    """EF06, holder data (Part A). ``name`` includes the 4E extension."""

    ssn: str
    name: str
    gender: str
    ethnic_group: str
    birthplace: str
    birth_date: date

    @classmethod
    def parse(cls, records: Mapping[int, bytes]) -> Holder:
        """From EF06 values by tag; 4E is optional; the SSN check char is checked."""
        return cls.decode(_fields(records, HOLDER_SIZES, NAME_EXTENSION))

    @classmethod
    def decode(cls, f: Mapping[int, bytes]) -> Holder:
        """:meth:`parse` for values whose tags and sizes are already checked."""
        name = formats.decode_an(f[0x09])
        if NAME_EXTENSION in f:
            name += formats.decode_an(f[NAME_EXTENSION])
        gender = formats.decode_an(f[0x0A], encoding="ascii")
        if gender not in ("1", "2"):
            raise MalformedDataError("holder data", "gender is not 1 or 2")
        return cls(
            ssn=ssn.validate(formats.decode_an(f[0x08], encoding="ascii")),
            name=name,
            gender=gender,
            ethnic_group=_digits(f[0x0B], 2, "ethnic group"),
            birthplace=_digits(f[0x0C], 6, "birthplace"),
            birth_date=formats.decode_date(f[0x0D]),
        )

    def to_records(self, *, name_extension: bool = True) -> dict[int, bytes]:
        """EF06 values in issuer order (08, 09, 4E, 0A…0D); 4E when allowed."""
        ssn.validate(self.ssn)
        head, tail = split_name(self.name)
        if tail and not name_extension:
            raise MalformedDataError("holder data", "name needs the 4E extension")
        records = {
            0x08: formats.encode_an(self.ssn, 18, encoding="ascii"),
            0x09: formats.encode_an(head.decode("gbk"), 30),
        }
        if name_extension:
            records[NAME_EXTENSION] = tail.ljust(HOLDER_SIZES[NAME_EXTENSION], b"\x00")
        if self.gender not in ("1", "2"):
            raise MalformedDataError("holder data", "gender is not 1 or 2")
        records |= {
            0x0A: formats.encode_an(self.gender, 1, encoding="ascii"),
            0x0B: formats.encode_cn(_checked(self.ethnic_group, 2), 1),
            0x0C: formats.encode_cn(_checked(self.birthplace, 6), 3),
            0x0D: formats.encode_date(self.birth_date),
        }
        return records


def _digits(raw: bytes, count: int, what: str) -> str:
    digits = raw.hex()
    if len(digits) == count and digits.isdigit():
        return digits  # no F padding: the usual case, decode_cn would agree
    return _checked(formats.decode_cn(raw), count, what)


def _checked(digits: str, count: int, what: str = "cn field") -> str:
    if len(digits) != count or not digits.isdigit():
        raise MalformedDataError("holder data", f"{what} is not {count} digits")
    return digits


def pin_status_error(sw: int, what: str) -> PinError | StatusWordError:
    """``63Cx`` → WrongPinError (63C0 and 6983 → PinBlockedError), Part A."""
    if sw == SW.AUTH_METHOD_BLOCKED or sw == VERIFY_FAILED:
        return PinBlockedError()
    tries_left = pin_tries_left(sw)
    if tries_left is not None:
        return WrongPinError(tries_left)
    if sw == SW.REFERENCE_DATA_UNUSABLE:
        return PinError("the card has no PIN yet")
    return status_error(sw, what)


def issuer_from(batch: Batch, first: int) -> IssuerData:
    """EF05 from the answers to :data:`ISSUER_BATCH`, command ``first`` on."""
    records, sized = _records(batch, first, ISSUER_READS)
    return IssuerData.decode(records) if sized else IssuerData.parse(records)


def holder_from(batch: Batch, first: int) -> Holder:
    """EF06 from the answers to :data:`HOLDER_BATCH`, command ``first`` on
    (4E may be absent: version 1.00 cards answer 6A83)."""
    records, sized = _records(batch, first, HOLDER_READS, NAME_EXTENSION)
    return Holder.decode(records) if sized else Holder.parse(records)


def _records(
    batch: Batch,
    first: int,
    reads: tuple[tuple[int, int, bytes], ...],
    optional: int = 0,
) -> tuple[dict[int, bytes], bool]:
    """Tag → value from the answers to ``reads`` (READ RECORD by identifier,
    sent in ``batch`` from command ``first``), and whether every value had
    the profile's size.

    ``6A83`` for the ``optional`` tag leaves it out (the batch goes on after
    it). Answers are checked in order, so the first failing record's error
    wins as if each were checked on arrival. The usual answer (9000, one
    simple-TLV element with the asked tag and size) is checked inline.
    """
    records: dict[int, bytes] = {}
    sized = True
    answers = batch.answers
    for i, (tag, size, _) in enumerate(reads, first):
        record, sw = answers[i] if i < len(answers) else batch.answer(i)
        if sw != OK:
            if sw == SW.RECORD_NOT_FOUND and tag == optional:
                continue
            raise status_error(sw, "READ RECORD")
        if len(record) == size + 2 and record[0] == tag and record[1] == size:
            records[tag] = bytes(record[2:])
        else:
            records[tag] = _record_value(record, tag)
            sized = False
    return records, sized


def tries_left_from(sw: int) -> int:
    """PIN tries left from the status word of an empty VERIFY (:data:`TRIES_LEFT`)."""
    tries_left = pin_tries_left(sw)
    if tries_left is not None:
        return tries_left
    if sw == SW.AUTH_METHOD_BLOCKED:
        return 0
    raise pin_status_error(sw, "VERIFY (tries left)")


class SsseSession:
    """Read the public SSSE data and manage the card-wide PIN (Part A)."""

    def __init__(self, conn: Connection) -> None:
        self._conn = conn
        self.algorithm_id = algorithm_id_from(
            send_bytes(conn, SELECT_SSSE, "SELECT SSSE")
        )

    def read_issuer(self) -> IssuerData:
        """EF05 by record identifier (the seven reads sent as one batch)."""
        return issuer_from(Batch(self._conn, ISSUER_BATCH), 0)

    def read_recognition_code(self) -> bytes:
        """EF05 tag 01 alone: the recognition code a blank carries from
        manufacture (Part A), read before anything is written to it.
        RecordNotFoundError when the card has none."""
        record = send_bytes(self._conn, ISSUER_READS[0][2], "READ RECORD EF05 01")
        return check_recognition_code(_record_value(record, 0x01))

    def read_holder(self) -> Holder:
        """EF06 by record identifier (record numbers differ from tags, Part A);
        4E may be absent (version 1.00 cards)."""
        return holder_from(Batch(self._conn, HOLDER_BATCH), 0)

    def _pin_command(self, cmd: CommandApdu, what: str) -> None:
        _, sw = self._conn.transmit(cmd.to_bytes())
        if sw != OK:
            raise pin_status_error(sw, what)

    def verify_pin(self, pin: str) -> None:
        """VERIFY ``00 20 00 00 03 <BCD>``; WrongPinError / PinBlockedError."""
        block = formats.encode_pin(pin)
        cmd = CommandApdu(cla=0, ins=0x20, p1=0, p2=0, data=block)
        self._pin_command(cmd, "VERIFY")

    def pin_tries_left(self) -> int:
        """Empty VERIFY ``00 20 00 00``: tries left, none spent (0 = blocked)."""
        return tries_left_from(self._conn.transmit(TRIES_LEFT)[1])

    def change_pin(self, old: str, new: str) -> None:
        """CHANGE PIN ``80 5E 01 00 07 <old> FF <new>``; refuses 123456 as new PIN."""
        formats.check_pin(old)
        if formats.check_pin(new) == INITIAL_PIN:
            raise InvalidPinFormatError("the initial PIN cannot be the new PIN")
        data = formats.encode_pin(old) + b"\xff" + formats.encode_pin(new)
        self._pin_command(
            CommandApdu(cla=0x80, ins=0x5E, p1=1, p2=0, data=data), "CHANGE PIN"
        )


def _record_value(record: bytes, tag: int) -> bytes:
    """The value of a READ RECORD answer that must be one element tagged ``tag``."""
    found_tag, value = tlv.parse_simple_record(record)
    if found_tag != tag:
        raise MalformedDataError("SSSE record", f"got tag {found_tag:02X}")
    return value


def algorithm_id_from(fci: bytes) -> int:
    """The algorithm identifier in the FCI answered to SELECT SSSE (Part A)."""
    return _algorithm_id(fci if type(fci) is bytes else bytes(fci))


@functools.lru_cache(maxsize=16)
def _algorithm_id(fci: bytes) -> int:
    """``9F0C 03 86 01 xx`` inside the FCI's A5; absent means 01 (Part A).

    Cached: every card of a kind answers the same FCI, and it is public."""
    if not fci:
        return 1
    proprietary = tlv.find_value(tlv.one_value(fci, 0x6F), 0xA5)
    marker = tlv.find_value(proprietary, 0x9F0C) if proprietary is not None else None
    algorithm = tlv.find_value(marker, 0x86) if marker is not None else None
    if algorithm is None:
        return 1
    if len(algorithm) != 1:
        raise MalformedDataError("FCI", "algorithm identifier is not one byte")
    return algorithm[0]
