# SPDX-License-Identifier: Apache-2.0
"""The card profile's identifiers and formats (docs/card-profile.md).

The one source of the application names, file identifiers, the issuer's
initial PIN, the national RID and the recognition-code format: the sessions,
the personalization, the virtual card, the self-test, the backend and the
stations all import them from here. Stdlib only, so anything may import it.
"""

from __future__ import annotations

import secrets

from card.errors import MalformedDataError

# Part A: the SSSE application's DF name, "sx1.sh." then 社会保障 in GBK
SSSE_NAME = "sx1.sh.社会保障".encode("gbk")
# Part B: the authentication application's AID, "PKI." then 社会保障 in GBK
PKI_AID = bytes.fromhex("504B492EC9E7BBE1B1A3D5CF")
# Part B: the certificate ADF under it, selected by name
ADF_NAME = b"SS.CERT.ADF1"

# File identifiers (docs/card-profile.md §2). The master file:
MF_FID = bytes.fromhex("3F00")
# The SSSE application's elementary files, each with its short identifier:
ISSUER_FID, ISSUER_SFI = bytes.fromhex("EF05"), 5  # issuer data, records
HOLDER_FID, HOLDER_SFI = bytes.fromhex("EF06"), 6  # holder data, records
FINGERPRINT_FID, FINGERPRINT_SFI = bytes.fromhex("EF07"), 7  # binary
PHOTO_FID, PHOTO_SFI = bytes.fromhex("EF08"), 8  # binary
# The ADF's certificate EFs (binary, DER): key 81, key 82, encryption.
CARD_CERTIFICATE_FID = bytes.fromhex("0016")
HOLDER_CERTIFICATE_FID = bytes.fromhex("0018")
ENCRYPTION_CERTIFICATE_FID = bytes.fromhex("0019")

# The issuer's well-known initial PIN (Part A): a card that still has it opens
# a session only to change it, and terminals refuse it as a new PIN.
INITIAL_PIN = "123456"

# Recognition code, EF05 tag 01 (§4): region code (3 bytes BCD), the national
# RID, then issuer bytes.
NATIONAL_RID = bytes.fromhex("D156000005")
REGION_LENGTH = 3
ISSUER_BYTES_LENGTH = 8
RECOGNITION_CODE_LENGTH = REGION_LENGTH + len(NATIONAL_RID) + ISSUER_BYTES_LENGTH
_RID_AT = slice(REGION_LENGTH, REGION_LENGTH + len(NATIONAL_RID))


def new_recognition_code(region: bytes, issuer_bytes: bytes | None = None) -> bytes:
    """EF05 tag 01 (Part A): region code (3 bytes BCD), ``D156000005``, then 8
    issuer bytes (random unless given)."""
    tail = (
        secrets.token_bytes(ISSUER_BYTES_LENGTH)
        if issuer_bytes is None
        else issuer_bytes
    )
    if len(region) != REGION_LENGTH or len(tail) != ISSUER_BYTES_LENGTH:
        raise MalformedDataError("recognition code", "region 3 bytes, issuer 8 bytes")
    return region + NATIONAL_RID + tail


def check_recognition_code(code: bytes) -> bytes:
    """``code`` when it has the Part A form (16 bytes, the RID at bytes 3-7)."""
    if len(code) != RECOGNITION_CODE_LENGTH or not has_national_rid(code):
        raise MalformedDataError("recognition code", "not region + D156000005 + 8")
    return code


def has_national_rid(code: bytes) -> bool:
    """Whether ``code`` carries the national RID where Part A puts it."""
    return code[_RID_AT] == NATIONAL_RID
