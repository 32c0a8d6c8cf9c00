# SPDX-License-Identifier: Apache-2.0
"""File commands of the virtual card OS: SELECT, READ/UPDATE/APPEND RECORD,
READ/UPDATE BINARY (ISO 7816-4 §11.1-11.4; CARD_PROFILE Parts A, B, C)."""

from __future__ import annotations

from card import tlv
from card.apdu import CommandApdu
from card.errors import MalformedDataError
from card.profile import ADF_NAME, SSSE_NAME
from card.sw import SW
from card.virtual.core import (
    DF_NAME_OF,
    DF_NAMES,
    EFS,
    MF_FID,
    CardCore,
    EfSpec,
    Reply,
    ef_by_sfi,
    sw,
)
from card.virtual.state import ISSUER_EF


def select(core: CardCore, cmd: CommandApdu) -> Reply:
    """SELECT by name (P1 04) or by FID (P1 00 / 02); P2 00 FCI, 0C none."""
    if cmd.p2 not in (0x00, 0x0C):
        return sw(SW.WRONG_P1P2)
    if cmd.p1 == 0x04:
        return _select_name(core, cmd)
    if cmd.p1 in (0x00, 0x02):
        return _select_fid(core, cmd)
    return sw(SW.WRONG_P1P2)


def _select_name(core: CardCore, cmd: CommandApdu) -> Reply:
    df = DF_NAMES.get(cmd.data)
    if df is None or df == "ADF" and core.vol.current_df not in ("PKI", "ADF"):
        return sw(SW.FILE_NOT_FOUND)
    core.vol.current_df, core.vol.current_ef = df, None
    return _fci(core, df) if cmd.p2 == 0x00 else sw(SW.OK)


def _fci(core: CardCore, df: str) -> Reply:
    name = DF_NAME_OF[df]
    body = [tlv.Tlv(tag=0x84, value=name)]
    if name == SSSE_NAME:
        algorithm = tlv.encode_ber(0x86, bytes([core.image.algorithm_id]))
        body.append(tlv.Tlv(tag=0xA5, value=tlv.encode_ber(0x9F0C, algorithm)))
    elif name == ADF_NAME:
        body.append(tlv.Tlv(tag=0xA5, value=b""))
    return Reply(sw=SW.OK, data=tlv.encode_constructed(0x6F, body), fixed=True)


def _select_fid(core: CardCore, cmd: CommandApdu) -> Reply:
    if cmd.p1 == 0x00 and not cmd.data:
        fid = MF_FID
    elif len(cmd.data) != 2:
        return sw(SW.WRONG_LENGTH)
    else:
        fid = cmd.data.hex().upper()
    if fid == MF_FID and cmd.p1 == 0x00:
        core.vol.current_df, core.vol.current_ef = "MF", None
        return sw(SW.OK)
    spec = EFS.get(fid)
    if spec is None or spec.df != core.vol.current_df:
        return sw(SW.FILE_NOT_FOUND)
    core.vol.current_ef = fid
    if cmd.p2 == 0x0C:
        return sw(SW.OK)
    return Reply(sw=SW.OK, data=_fcp(core, spec), fixed=True)


def _fcp(core: CardCore, spec: EfSpec) -> bytes:
    used = (
        len(core.image.records.get(spec.fid, []))
        if spec.records
        else len(core.image.binaries.get(spec.fid, b""))
    )
    items = [
        tlv.Tlv(tag=0x80, value=used.to_bytes(2, "big")),
        tlv.Tlv(tag=0x82, value=b"\x04" if spec.records else b"\x01"),
        tlv.Tlv(tag=0x83, value=bytes.fromhex(spec.fid)),
    ]
    if spec.sfi is not None:
        items.append(tlv.Tlv(tag=0x88, value=bytes([spec.sfi << 3])))
    return tlv.encode_constructed(0x62, items)


def _target_ef(core: CardCore, sfi: int) -> EfSpec | Reply:
    """The EF an SFI names under the current DF (0 = the current EF)."""
    if sfi == 0:
        if core.vol.current_ef is None:
            return sw(SW.NO_CURRENT_EF)
        return EFS[core.vol.current_ef]
    if sfi == 0x1F:
        return sw(SW.WRONG_P1P2)
    spec = ef_by_sfi(core.vol.current_df, sfi)
    if spec is None:
        return sw(SW.FILE_NOT_FOUND)
    core.vol.current_ef = spec.fid
    return spec


def _record_ef(core: CardCore, cmd: CommandApdu) -> EfSpec | Reply:
    """The record EF a record command names in P2 (SFI<<3), or the refusal."""
    spec = _target_ef(core, cmd.p2 >> 3)
    if isinstance(spec, Reply):
        return spec
    if not spec.records:
        return sw(SW.INCOMPATIBLE_FILE)
    return spec


def read_record(core: CardCore, cmd: CommandApdu) -> Reply:
    """READ RECORD by identifier (P2 low bits 000) or number (100), Part A."""
    mode = cmd.p2 & 0x07
    if cmd.data:
        return sw(SW.WRONG_LENGTH)
    if mode not in (0, 4) or cmd.p1 == 0:
        return sw(SW.WRONG_P1P2)
    spec = _record_ef(core, cmd)
    if isinstance(spec, Reply):
        return spec
    records = core.image.records.get(spec.fid, [])
    if mode == 4:
        found = records[cmd.p1 - 1] if cmd.p1 <= len(records) else None
    else:
        found = next((r for r in records if r[:1] == bytes([cmd.p1])), None)
    if found is None:
        return sw(SW.RECORD_NOT_FOUND)
    return Reply(sw=SW.OK, data=found, fixed=True)


def _binary_target(core: CardCore, cmd: CommandApdu) -> tuple[EfSpec, int] | Reply:
    if cmd.p1 & 0x80:
        if cmd.p1 & 0x60:
            return sw(SW.WRONG_P1P2)
        spec = _target_ef(core, cmd.p1 & 0x1F)
        offset = cmd.p2
    else:
        if core.vol.current_ef is None:
            return sw(SW.NO_CURRENT_EF)
        spec = EFS[core.vol.current_ef]
        offset = (cmd.p1 << 8) | cmd.p2
    if isinstance(spec, Reply):
        return spec
    if spec.records:
        return sw(SW.INCOMPATIBLE_FILE)
    return spec, offset


def read_binary(core: CardCore, cmd: CommandApdu) -> Reply:
    """READ BINARY at an offset, short or extended Le (Part B); 6282 past the end."""
    if cmd.data or cmd.le is None:
        return sw(SW.WRONG_LENGTH)
    target = _binary_target(core, cmd)
    if isinstance(target, Reply):
        return target
    spec, offset = target
    content = core.image.binaries.get(spec.fid, b"")
    if offset >= len(content):
        return sw(SW.OFFSET_OUTSIDE_EF)
    rest = content[offset:]
    if cmd.le in (256, 65536) or cmd.le <= len(rest):
        return Reply(sw=SW.OK, data=rest[: cmd.le])
    return Reply(sw=SW.WARNING_END_OF_FILE, data=rest)


def update_binary(core: CardCore, cmd: CommandApdu) -> Reply:
    """UPDATE BINARY into a certificate EF during personalization (Part C)."""
    refusal = core.perso_refusal()
    if refusal is not None:
        return refusal
    if not cmd.data or cmd.le is not None:
        return sw(SW.WRONG_LENGTH)
    target = _binary_target(core, cmd)
    if isinstance(target, Reply):
        return target
    spec, offset = target
    content = core.image.binaries.get(spec.fid, b"")
    if offset > len(content):
        return sw(SW.OFFSET_OUTSIDE_EF)
    if offset + len(cmd.data) > spec.capacity:
        return sw(SW.NOT_ENOUGH_MEMORY)
    end = offset + len(cmd.data)
    core.image.binaries[spec.fid] = content[:offset] + cmd.data + content[end:]
    core.persist()
    return sw(SW.OK)


def _record_target(core: CardCore, cmd: CommandApdu) -> tuple[EfSpec, bytes] | Reply:
    refusal = core.perso_refusal()
    if refusal is not None:
        return refusal
    if not cmd.data or cmd.le is not None:
        return sw(SW.WRONG_LENGTH)
    spec = _record_ef(core, cmd)
    if isinstance(spec, Reply):
        return spec
    try:
        tag, value = tlv.parse_simple_record(cmd.data)
    except MalformedDataError:
        return sw(SW.WRONG_DATA)
    if spec.fid == ISSUER_EF and tag == 0x01 and value != core.image.recognition_code:
        return sw(SW.WRONG_DATA)
    return spec, cmd.data


def update_record(core: CardCore, cmd: CommandApdu) -> Reply:
    """UPDATE RECORD by number (P2 low bits 100), Part C."""
    if cmd.p2 & 0x07 != 4 or cmd.p1 == 0:
        return sw(SW.WRONG_P1P2)
    target = _record_target(core, cmd)
    if isinstance(target, Reply):
        return target
    spec, record = target
    records = core.image.records.setdefault(spec.fid, [])
    if cmd.p1 > len(records):
        return sw(SW.RECORD_NOT_FOUND)
    records[cmd.p1 - 1] = record
    core.persist()
    return sw(SW.OK)


def append_record(core: CardCore, cmd: CommandApdu) -> Reply:
    """APPEND RECORD (P1 00, P2 = SFI<<3), Part C; 6A84 when the EF is full."""
    if cmd.p1 != 0 or cmd.p2 & 0x07 != 0:
        return sw(SW.WRONG_P1P2)
    target = _record_target(core, cmd)
    if isinstance(target, Reply):
        return target
    spec, record = target
    records = core.image.records.setdefault(spec.fid, [])
    if len(records) >= spec.capacity:
        return sw(SW.NOT_ENOUGH_MEMORY)
    records.append(record)
    core.persist()
    return sw(SW.OK)
