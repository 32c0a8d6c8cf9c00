# SPDX-License-Identifier: Apache-2.0
"""Security commands of the virtual card OS: PIN, issuer and card authentication,
key generation and the life cycle (CARD_PROFILE Parts A, B, C)."""

from __future__ import annotations

import secrets

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec

from card import issuer, tlv
from card.apdu import CommandApdu
from card.certs import point_of, raw_signature
from card.errors import MalformedDataError
from card.formats import decode_pin
from card.sw import SW, verify_failed
from card.virtual.core import CERT_EF, CardCore, Reply, sw
from card.virtual.state import (
    DEFAULT_ISSUER_TRIES,
    HOLDER_EF,
    ISSUER_EF,
    LifeCycle,
    PinState,
    manufactured_records,
)

KEY_REFS = (0x81, 0x82)
REQUIRED_TAGS = {
    ISSUER_EF: {1, 2, 3, 4, 5, 6, 7},
    HOLDER_EF: {8, 9, 0x0A, 0x0B, 0x0C, 0x0D},
}


def _tries_sw(left: int) -> Reply:
    return sw(verify_failed(left))


def _decoded_pin(block: bytes) -> str | None:
    try:
        return decode_pin(block)
    except MalformedDataError:
        return None


def _spend_try(core: CardCore, pin: PinState) -> Reply:
    pin.tries_left = max(pin.tries_left - 1, 0)
    core.vol.pin_verified = False
    core.persist()
    return _tries_sw(pin.tries_left)


def _accept_pin(core: CardCore, pin: PinState) -> None:
    core.vol.pin_verified = True
    if pin.tries_left != pin.retry_limit:
        pin.tries_left = pin.retry_limit
        core.persist()


def verify(core: CardCore, cmd: CommandApdu) -> Reply:
    """VERIFY ``00 20 00 00 03 <PIN BCD>``; empty data asks for tries left (Part A)."""
    if cmd.p1 != 0 or cmd.p2 != 0:
        return sw(SW.WRONG_P1P2)
    pin = core.image.pin
    if pin is None:
        return sw(SW.REFERENCE_DATA_UNUSABLE)
    if pin.tries_left == 0:
        return sw(SW.AUTH_METHOD_BLOCKED)
    if not cmd.data:
        return _tries_sw(pin.tries_left)
    if len(cmd.data) != 3:
        return sw(SW.WRONG_LENGTH)
    digits = _decoded_pin(cmd.data)
    if digits is None:
        return sw(SW.WRONG_DATA)
    if not pin.matches(digits):
        return _spend_try(core, pin)
    _accept_pin(core, pin)
    return sw(SW.OK)


def change_or_reload_pin(core: CardCore, cmd: CommandApdu) -> Reply:
    """``80 5E 01 00`` CHANGE PIN or ``80 5E 00 xx`` RELOAD PIN (Part A, Part C)."""
    if len(cmd.data) != 7:
        return sw(SW.WRONG_LENGTH)
    if cmd.p1 == 0x01 and cmd.p2 == 0x00:
        return _change_pin(core, cmd.data)
    if cmd.p1 == 0x00:
        return _reload_pin(core, cmd)
    return sw(SW.WRONG_P1P2)


def _change_pin(core: CardCore, data: bytes) -> Reply:
    old, new = _decoded_pin(data[:3]), _decoded_pin(data[4:])
    if data[3] != 0xFF or old is None or new is None:
        return sw(SW.WRONG_DATA)
    pin = core.image.pin
    if pin is None:
        return sw(SW.REFERENCE_DATA_UNUSABLE)
    if pin.tries_left == 0:
        return sw(SW.AUTH_METHOD_BLOCKED)
    if not pin.matches(old):
        return _spend_try(core, pin)
    core.image.pin = PinState.new(new, pin.retry_limit)
    core.vol.pin_verified = True
    core.persist()
    return sw(SW.OK)


def _reload_pin(core: CardCore, cmd: CommandApdu) -> Reply:
    """RELOAD PIN: P2 sets the retry limit while initialised (00 keeps it)."""
    personalized = core.image.life_cycle is not LifeCycle.INITIALISED
    if cmd.p2 > 15 or personalized and cmd.p2 != 0:
        return sw(SW.WRONG_P1P2)
    challenge, core.vol.challenge = core.vol.challenge, None
    if challenge is None or len(challenge) != issuer.CHALLENGE_LENGTH:
        return sw(SW.CONDITIONS_NOT_SATISFIED)
    if core.image.issuer_tries_left == 0:
        return sw(SW.AUTH_METHOD_BLOCKED)
    block, mac = cmd.data[:3], cmd.data[3:]
    digits = _decoded_pin(block)
    if digits is None:
        return sw(SW.WRONG_DATA)
    expected = issuer.reload_pin_mac(core.image.issuer_key, challenge, block)
    if not issuer.same(mac, expected):
        core.image.issuer_tries_left -= 1
        core.persist()
        return sw(SW.SECURITY_STATUS_NOT_SATISFIED)
    old_limit = core.image.pin.retry_limit if core.image.pin else 3
    core.image.pin = PinState.new(digits, cmd.p2 or old_limit)
    core.image.issuer_tries_left = DEFAULT_ISSUER_TRIES
    core.vol.pin_verified = False
    core.persist()
    return sw(SW.OK)


def get_challenge(core: CardCore, cmd: CommandApdu) -> Reply:
    """GET CHALLENGE ``00 84 00 00 Le`` (Le 4, 8 or 16), Part C."""
    if cmd.p1 or cmd.p2:
        return sw(SW.WRONG_P1P2)
    if cmd.data or cmd.le not in (4, 8, 16):
        return sw(SW.WRONG_LENGTH)
    core.vol.challenge = secrets.token_bytes(cmd.le)
    return Reply(sw=SW.OK, data=core.vol.challenge)


def external_authenticate(core: CardCore, cmd: CommandApdu) -> Reply:
    """EXTERNAL AUTHENTICATE ``00 82 00 0A 10 <AES(key, challenge)>``; 3 failures
    block the issuer key (Part C)."""
    if cmd.p1 != 0 or cmd.p2 != 0x0A:
        return sw(SW.WRONG_P1P2)
    if len(cmd.data) != 16:
        return sw(SW.WRONG_LENGTH)
    if core.image.life_cycle is LifeCycle.TERMINATED:
        return sw(SW.CONDITIONS_NOT_SATISFIED)
    challenge, core.vol.challenge = core.vol.challenge, None
    if challenge is None or len(challenge) != issuer.CHALLENGE_LENGTH:
        return sw(SW.CONDITIONS_NOT_SATISFIED)
    if core.image.issuer_tries_left == 0:
        return sw(SW.AUTH_METHOD_BLOCKED)
    expected = issuer.external_auth_cryptogram(core.image.issuer_key, challenge)
    if not issuer.same(cmd.data, expected):
        core.vol.issuer_authenticated = False
        core.image.issuer_tries_left -= 1
        core.persist()
        return _tries_sw(core.image.issuer_tries_left)
    core.vol.issuer_authenticated = True
    if core.image.issuer_tries_left != DEFAULT_ISSUER_TRIES:
        core.image.issuer_tries_left = DEFAULT_ISSUER_TRIES
        core.persist()
    return sw(SW.OK)


def internal_authenticate(core: CardCore, cmd: CommandApdu) -> Reply:
    """INTERNAL AUTHENTICATE ``00 88 00 81|82 20 <challenge> 00`` → r||s (Part B)."""
    if cmd.p1 != 0:
        return sw(SW.WRONG_P1P2)
    key = core.image.keys.get(cmd.p2)
    if (
        cmd.p2 not in KEY_REFS
        or key is None
        or core.vol.current_df not in ("PKI", "ADF")
    ):
        return sw(SW.REFERENCE_NOT_FOUND)
    if len(cmd.data) != 32:
        return sw(SW.WRONG_LENGTH)
    if cmd.p2 == 0x82 and not core.vol.pin_verified:
        return sw(SW.SECURITY_STATUS_NOT_SATISFIED)
    signature = key.sign(cmd.data, ec.ECDSA(hashes.SHA256()))
    return Reply(sw=SW.OK, data=raw_signature(signature), fixed=True)


def generate_key_pair(core: CardCore, cmd: CommandApdu) -> Reply:
    """GENERATE ASYMMETRIC KEY PAIR ``00 46 00 81|82`` → ``7F49 {86 pt}`` (Part C)."""
    refusal = core.perso_refusal()
    if refusal is not None:
        return refusal
    if cmd.p1 != 0:
        return sw(SW.WRONG_P1P2)
    if cmd.p2 not in KEY_REFS:
        return sw(SW.REFERENCE_NOT_FOUND)
    if cmd.data:
        return sw(SW.WRONG_DATA)
    key = ec.generate_private_key(ec.SECP256R1())
    core.image.keys[cmd.p2] = key
    core.image.binaries.pop(CERT_EF[cmd.p2], None)
    core.persist()
    point = point_of(key.public_key())
    data = tlv.encode_constructed(0x7F49, [tlv.Tlv(tag=0x86, value=point)])
    return Reply(sw=SW.OK, data=data, fixed=True)


def _complete(core: CardCore) -> bool:
    image = core.image
    for ef, tags in REQUIRED_TAGS.items():
        if not tags <= {r[0] for r in image.records.get(ef, []) if r}:
            return False
    certs = all(image.binaries.get(CERT_EF[ref]) for ref in KEY_REFS)
    return image.pin is not None and certs and set(KEY_REFS) <= image.keys.keys()


def activate(core: CardCore, cmd: CommandApdu) -> Reply:
    """ACTIVATE ``00 44 00 00``: personalized; perso commands now answer 6985."""
    refusal = core.perso_refusal()
    if refusal is not None:
        return refusal
    if cmd.p1 or cmd.p2:
        return sw(SW.WRONG_P1P2)
    if not _complete(core):
        return sw(SW.CONDITIONS_NOT_SATISFIED)
    core.image.life_cycle = LifeCycle.PERSONALIZED
    core.vol.issuer_authenticated = False
    core.persist()
    return sw(SW.OK)


def terminate(core: CardCore, cmd: CommandApdu) -> Reply:
    """TERMINATE CARD USAGE ``00 FE 00 00`` after issuer authentication (Part C)."""
    if cmd.p1 or cmd.p2:
        return sw(SW.WRONG_P1P2)
    if not core.vol.issuer_authenticated:
        return sw(SW.SECURITY_STATUS_NOT_SATISFIED)
    core.image.life_cycle = LifeCycle.TERMINATED
    core.persist()
    return sw(SW.OK)


def erase(core: CardCore, cmd: CommandApdu) -> Reply:
    """ERASE ``80 0E 00 00`` (project extension): wipe a half-written
    ``initialised`` card back to blank; issuer key and recognition code stay."""
    refusal = core.perso_refusal()
    if refusal is not None:
        return refusal
    if cmd.p1 or cmd.p2:
        return sw(SW.WRONG_P1P2)
    core.image.records = manufactured_records(core.image.recognition_code)
    core.image.binaries.clear()
    core.image.keys.clear()
    core.image.pin = None
    core.persist()
    return sw(SW.OK)
