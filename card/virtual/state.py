# SPDX-License-Identifier: Apache-2.0
"""The virtual card's state: the persistent image (a JSON file) and volatile RAM.

The image format is documented in docs/card-profile.md ("Virtual card image").
Every change to persistent state is written back atomically (temporary file,
fsync, rename) before the card answers, so a spent PIN try survives a restart.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import os
import secrets
import tempfile
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric import ec

from card import tlv
from card.errors import MalformedDataError
from card.profile import HOLDER_FID, ISSUER_FID, RECOGNITION_CODE_LENGTH

logger = logging.getLogger(__name__)

IMAGE_FORMAT = "ssc-virtual-card/1"
DEFAULT_ISSUER_TRIES = 3


def ef_key(fid: bytes) -> str:
    """How the image names an EF: its FID in upper-case hex (``"EF05"``)."""
    return fid.hex().upper()


ISSUER_EF, HOLDER_EF = ef_key(ISSUER_FID), ef_key(HOLDER_FID)


class LifeCycle(StrEnum):
    """Card life cycle (CARD_PROFILE Part C)."""

    INITIALISED = "initialised"
    # the value is stored in every card image (and shown by ss-card): it keeps
    # the spelling of the images already written
    PERSONALIZED = "personalised"
    TERMINATED = "terminated"


@dataclass(kw_only=True)
class PinState:
    """The card-wide PIN: a salted hash, never the digits."""

    salt: bytes
    digest: bytes
    retry_limit: int
    tries_left: int

    @classmethod
    def new(cls, pin: str, retry_limit: int) -> PinState:
        salt = secrets.token_bytes(16)
        return cls(
            salt=salt,
            digest=_pin_digest(salt, pin),
            retry_limit=retry_limit,
            tries_left=retry_limit,
        )

    def matches(self, pin: str) -> bool:
        return hmac.compare_digest(self.digest, _pin_digest(self.salt, pin))

    def __repr__(self) -> str:
        return f"PinState(retry_limit={self.retry_limit}, tries_left={self.tries_left})"


def _pin_digest(salt: bytes, pin: str) -> bytes:
    return hashlib.sha256(salt + pin.encode("ascii")).digest()


def manufactured_records(recognition_code: bytes) -> dict[str, list[bytes]]:
    """What a blank carries from manufacture: EF05 record 1, tag 01, its
    recognition code (Part A), which the issuing station reads first."""
    return {ISSUER_EF: [tlv.encode_simple(0x01, recognition_code)]}


@dataclass(kw_only=True)
class CardImage:
    """Everything a card remembers across power cycles (the JSON file)."""

    t0: bool = False
    life_cycle: LifeCycle = LifeCycle.INITIALISED
    recognition_code: bytes
    issuer_key: bytes
    issuer_tries_left: int = DEFAULT_ISSUER_TRIES
    pin: PinState | None = None
    algorithm_id: int = 1
    records: dict[str, list[bytes]] = field(default_factory=dict)
    binaries: dict[str, bytes] = field(default_factory=dict)
    keys: dict[int, ec.EllipticCurvePrivateKey] = field(default_factory=dict)

    def __repr__(self) -> str:
        return (
            f"CardImage(life_cycle={self.life_cycle.value}, t0={self.t0}, "
            f"recognition_code={self.recognition_code.hex()})"
        )

    def to_json(self) -> dict[str, Any]:
        """The documented JSON form (private material marked test_only)."""
        pin = (
            None
            if self.pin is None
            else {
                "salt": self.pin.salt.hex(),
                "sha256": self.pin.digest.hex(),
                "retry_limit": self.pin.retry_limit,
                "tries_left": self.pin.tries_left,
            }
        )
        return {
            "format": IMAGE_FORMAT,
            "test_only": True,
            "t0": self.t0,
            "life_cycle": self.life_cycle.value,
            "recognition_code": self.recognition_code.hex().upper(),
            "issuer_key": {
                "aes128": self.issuer_key.hex().upper(),
                "tries_left": self.issuer_tries_left,
            },
            "pin": pin,
            "algorithm_id": self.algorithm_id,
            "records": {
                ef: [r.hex().upper() for r in recs]
                for ef, recs in sorted(self.records.items())
            },
            "binaries": {
                ef: data.hex().upper() for ef, data in sorted(self.binaries.items())
            },
            "keys": {
                f"{ref:02X}": {
                    "curve": "P-256",
                    "private_value": f"{key.private_numbers().private_value:064X}",
                }
                for ref, key in sorted(self.keys.items())
            },
        }

    @classmethod
    def from_json(cls, doc: Any) -> CardImage:
        """Parse the JSON form; MalformedDataError names what is wrong."""
        try:
            return _image_from_json(doc)
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            reason = f"{type(exc).__name__}: {exc}"
            raise MalformedDataError("card image", reason) from None

    def save(self, path: Path) -> None:
        """Write atomically: temporary file in the same folder, fsync, rename."""
        text = json.dumps(self.to_json(), indent=2, ensure_ascii=False) + "\n"
        fd, tmp = tempfile.mkstemp(prefix=".card-", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(text)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    @classmethod
    def load(cls, path: Path) -> CardImage:
        """Read an image file; MalformedDataError when it is not one."""
        try:
            doc = json.loads(path.read_text(encoding="utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise MalformedDataError("card image", f"not JSON: {exc}") from None
        return cls.from_json(doc)


def _image_from_json(doc: Any) -> CardImage:
    if doc.get("format") != IMAGE_FORMAT:
        raise ValueError(f"format is not {IMAGE_FORMAT}")
    pin_doc = doc.get("pin")
    pin = (
        None
        if pin_doc is None
        else PinState(
            salt=bytes.fromhex(pin_doc["salt"]),
            digest=bytes.fromhex(pin_doc["sha256"]),
            retry_limit=_small_int(pin_doc["retry_limit"], 1, 15),
            tries_left=_small_int(pin_doc["tries_left"], 0, 15),
        )
    )
    recognition_code = bytes.fromhex(doc["recognition_code"])
    issuer_key = bytes.fromhex(doc["issuer_key"]["aes128"])
    if len(recognition_code) != RECOGNITION_CODE_LENGTH or len(issuer_key) != 16:
        raise ValueError("recognition code and issuer key are 16 bytes")
    keys = {
        int(ref, 16): ec.derive_private_key(int(k["private_value"], 16), ec.SECP256R1())
        for ref, k in doc.get("keys", {}).items()
    }
    return CardImage(
        t0=bool(doc.get("t0", False)),
        life_cycle=LifeCycle(doc["life_cycle"]),
        recognition_code=recognition_code,
        issuer_key=issuer_key,
        issuer_tries_left=_small_int(doc["issuer_key"]["tries_left"], 0, 15),
        pin=pin,
        algorithm_id=_small_int(doc.get("algorithm_id", 1), 0, 255),
        records={
            str(ef): [bytes.fromhex(r) for r in recs]
            for ef, recs in doc.get("records", {}).items()
        },
        binaries={
            str(ef): bytes.fromhex(v) for ef, v in doc.get("binaries", {}).items()
        },
        keys=keys,
    )


def _small_int(value: Any, low: int, high: int) -> int:
    if not isinstance(value, int) or not low <= value <= high:
        raise ValueError(f"{value!r} not an integer in {low}..{high}")
    return value


@dataclass(kw_only=True)
class Volatile:
    """RAM state, lost on power off or reset (CARD_PROFILE Part B: PIN state)."""

    current_df: str = "MF"
    current_ef: str | None = None
    pin_verified: bool = False
    issuer_authenticated: bool = False
    challenge: bytes | None = None
    pending: bytes = b""
