# SPDX-License-Identifier: Apache-2.0
"""Issuer key arithmetic (CARD_PROFILE Part C): what only the issuer can compute.

The backend holds the issuer master key and answers the issuing station with
cryptograms and MACs, so the master key never leaves it. Each card holds its
own AES-128 key, diversified from the master key by its recognition code
(EF05 tag 01).
"""

from __future__ import annotations

import hmac

from cryptography.hazmat.primitives import cmac
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from card.errors import MalformedDataError
from card.profile import RECOGNITION_CODE_LENGTH

KEY_LENGTH = 16
CHALLENGE_LENGTH = 16
MAC_LENGTH = 4
BATCH_LABEL = b"SSC-BATCH-1\x00"


def _aes_block(key: bytes, block: bytes) -> bytes:
    """One AES-128 block encryption (single-block, so ECB is the block cipher)."""
    if len(key) != KEY_LENGTH:
        raise MalformedDataError("issuer key", f"{len(key)} bytes, need 16")
    if len(block) != 16:
        raise MalformedDataError("AES block", f"{len(block)} bytes, need 16")
    encryptor = Cipher(algorithms.AES(key), modes.ECB()).encryptor()  # noqa: S305
    return encryptor.update(block) + encryptor.finalize()


def diversify(master_key: bytes, recognition_code: bytes) -> bytes:
    """The card key: AES-128(master key, recognition code) (Part C)."""
    if len(recognition_code) != RECOGNITION_CODE_LENGTH:
        raise MalformedDataError("recognition code", "need 16 bytes")
    return _aes_block(master_key, recognition_code)


def batch_transport_key(master_key: bytes, batch_id: str) -> bytes:
    """A manufacturer batch's transport key: AES-CMAC(master key,
    "SSC-BATCH-1" 00 batch id) (docs/card-profile.md §5). The maker
    diversifies each blank's key from it, so it never needs the master key."""
    if len(master_key) != KEY_LENGTH:
        raise MalformedDataError("issuer key", f"{len(master_key)} bytes, need 16")
    mac = cmac.CMAC(algorithms.AES(master_key))
    mac.update(BATCH_LABEL + batch_id.encode("utf-8"))
    return mac.finalize()


def key_check_value(key: bytes) -> bytes:
    """KCV: the first 3 bytes of AES-128(key, zero block); names a key in
    delivery notes and containers without revealing it."""
    return _aes_block(key, bytes(16))[:3]


def external_auth_cryptogram(card_key: bytes, challenge: bytes) -> bytes:
    """EXTERNAL AUTHENTICATE data: the 16-byte challenge encrypted (Part C)."""
    if len(challenge) != CHALLENGE_LENGTH:
        raise MalformedDataError("challenge", f"{len(challenge)} bytes, need 16")
    return _aes_block(card_key, challenge)


def reload_pin_mac(card_key: bytes, challenge: bytes, pin_block: bytes) -> bytes:
    """RELOAD PIN MAC: first 4 bytes of AES-CMAC(challenge || PIN block) (Part A)."""
    if len(card_key) != KEY_LENGTH:
        raise MalformedDataError("issuer key", f"{len(card_key)} bytes, need 16")
    if len(challenge) != CHALLENGE_LENGTH or len(pin_block) != 3:
        raise MalformedDataError("RELOAD PIN input", "need 16 + 3 bytes")
    mac = cmac.CMAC(algorithms.AES(card_key))
    mac.update(challenge + pin_block)
    return mac.finalize()[:MAC_LENGTH]


def same(a: bytes, b: bytes) -> bool:
    """Constant-time comparison of two cryptograms or MACs."""
    return hmac.compare_digest(a, b)
