# SPDX-License-Identifier: Apache-2.0
"""Secrets at rest: scrypt password hashes, token hashes, random identifiers.

Operator passwords use ``hashlib.scrypt`` with a per-password salt. Kiosk
secrets and bearer tokens are 256-bit random values made here, stored as
SHA-256: they cannot be guessed, so a fast hash is enough (and kiosk calls do
not pay a slow hash each time).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

SCRYPT_N = 2**14
SCRYPT_R = 8
SCRYPT_P = 1
SALT_BYTES = 16


def hash_secret(secret: str) -> str:
    """``scrypt$n$r$p$salt$hash`` for an operator password."""
    salt = secrets.token_bytes(SALT_BYTES)
    digest = _scrypt(secret, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
    parts = [
        "scrypt",
        str(SCRYPT_N),
        str(SCRYPT_R),
        str(SCRYPT_P),
        _b64(salt),
        _b64(digest),
    ]
    return "$".join(parts)


def check_secret(secret: str, stored: str) -> bool:
    """True when ``secret`` matches a :func:`hash_secret` value (constant time)."""
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        actual = _scrypt(secret, _unb64(salt), int(n), int(r), int(p))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(actual, _unb64(digest))


def new_token() -> str:
    """A fresh bearer token or kiosk secret (256 bits, URL-safe)."""
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    """The stored form of a bearer token or kiosk secret."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def same_text(a: str, b: str) -> bool:
    """Constant-time string comparison."""
    return hmac.compare_digest(a.encode("utf-8"), b.encode("utf-8"))


def _scrypt(secret: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(
        secret.encode("utf-8"), salt=salt, n=n, r=r, p=p, dklen=32, maxmem=64 << 20
    )


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"))
