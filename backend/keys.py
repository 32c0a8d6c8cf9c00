# SPDX-License-Identifier: Apache-2.0
"""The issuer's keys behind one interface (docs/backend.md "Keys and secrets").

:class:`IssuerKeys` is everything the backend does with the issuer CA key and
the card master key: certify a card key, answer an EXTERNAL AUTHENTICATE
challenge and a RELOAD PIN MAC with a card's diversified key, and hand a
manufacturer the transport key of a batch. Nothing else in the backend
touches key material, so a hardware security module plugs in as a second
implementation of this protocol. :class:`FileIssuerKeys` is the first one:
the CA key as an encrypted PKCS#8 PEM, the master key in a sealed container
(:func:`seal_master_key`), both opened with a passphrase that comes from a
file, an environment variable or a prompt, never from the command line.
"""

from __future__ import annotations

import getpass
import json
import logging
import os
import secrets
import sys
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Protocol

from cryptography import x509
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from backend.errors import ConfigError
from card import issuer as card_issuer
from card.certs import IssuerCA

log = logging.getLogger(__name__)

SEALED_FORMAT = "ssc-sealed-key/1"
SEALED_PURPOSE = "issuer-master-key"
# scrypt cost: about 0.1 s and 32 MiB per opening (RFC 7914 §2 parameters)
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**15, 8, 1
DEFAULT_PASSPHRASE_ENV = "SSC_ISSUER_PASSPHRASE"  # noqa: S105 - a variable name
MIN_PASSPHRASE = 12


@dataclass(frozen=True, kw_only=True)
class CardKeyRef:
    """Which diversified key a card holds: its recognition code, and the
    manufacturer batch whose transport key it was diversified from (None:
    diversified from the master key directly, docs/card-profile.md §5)."""

    recognition_code: bytes
    batch_id: str | None = None


class IssuerKeys(Protocol):
    """What the backend may ask of the issuer's keys (the HSM boundary)."""

    @property
    def ca_certificate(self) -> x509.Certificate:
        """The issuer CA certificate (public; the kiosks' trust anchor)."""
        ...

    def certify(
        self,
        card_number: str,
        key_ref: int,
        public_key: ec.EllipticCurvePublicKey,
        not_before: datetime,
        not_after: datetime,
    ) -> x509.Certificate:
        """A certificate for card key ``key_ref`` signed with the CA key."""
        ...

    def issuer_cryptogram(self, card: CardKeyRef, challenge: bytes) -> bytes:
        """EXTERNAL AUTHENTICATE data for the card's challenge (Part C)."""
        ...

    def pin_reload_mac(
        self, card: CardKeyRef, challenge: bytes, pin_block: bytes
    ) -> bytes:
        """The RELOAD PIN MAC for the card's challenge and PIN block (Part C)."""
        ...

    def transport_key(self, batch_id: str) -> bytes:
        """The transport key of a manufacturer batch (handed to the maker)."""
        ...


@dataclass(frozen=True, kw_only=True)
class PassphraseSource:
    """Where the key passphrase comes from: a file, else an environment
    variable, else (only on a terminal) a prompt."""

    file: Path | None = None
    env: str = DEFAULT_PASSPHRASE_ENV

    def read(self, *, prompt: str = "issuer key passphrase: ") -> bytes | None:
        """The passphrase, or None when no source has one."""
        if self.file is not None:
            try:
                text = self.file.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                raise ConfigError(f"cannot read passphrase file {self.file}") from exc
            return text.rstrip("\r\n").encode("utf-8")
        if os.environ.get(self.env):
            return os.environ[self.env].encode("utf-8")
        if sys.stdin.isatty():
            return getpass.getpass(prompt).encode("utf-8")
        return None

    def new(self) -> bytes:
        """A passphrase for new keys: from the file or variable, or typed twice."""
        if self.file is not None or os.environ.get(self.env):
            found = self.read()
        elif sys.stdin.isatty():
            found = getpass.getpass("new issuer key passphrase: ").encode("utf-8")
            if getpass.getpass("again: ").encode("utf-8") != found:
                raise ConfigError("the two passphrases differ")
        else:
            found = None
        if found is None:
            raise ConfigError(
                f"no passphrase: set {self.env}, [issuer] passphrase_file, "
                "or run on a terminal to be prompted"
            )
        if len(found) < MIN_PASSPHRASE:
            raise ConfigError(f"passphrase shorter than {MIN_PASSPHRASE} characters")
        return found


def _scrypt(passphrase: bytes, salt: bytes, n: int, r: int, p: int) -> bytes:
    return Scrypt(salt=salt, length=32, n=n, r=r, p=p).derive(passphrase)


def _aad(purpose: str) -> bytes:
    return f"{SEALED_FORMAT}\x00{purpose}".encode("ascii")


def seal_master_key(key: bytes, passphrase: bytes) -> bytes:
    """The sealed container (JSON): AES-256-GCM under an scrypt-derived key.

    ``kcv`` (key check value: the first 3 bytes of AES-128(key, 16 zero
    bytes)) names the key without revealing it."""
    salt, nonce = secrets.token_bytes(16), secrets.token_bytes(12)
    wrap = _scrypt(passphrase, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
    sealed = AESGCM(wrap).encrypt(nonce, key, _aad(SEALED_PURPOSE))
    doc = {
        "format": SEALED_FORMAT,
        "purpose": SEALED_PURPOSE,
        "kdf": {"name": "scrypt", "n": SCRYPT_N, "r": SCRYPT_R, "p": SCRYPT_P},
        "salt": salt.hex(),
        "cipher": "AES-256-GCM",
        "nonce": nonce.hex(),
        "ciphertext": sealed.hex(),
        "kcv": card_issuer.key_check_value(key).hex().upper(),
    }
    return (json.dumps(doc, indent=2) + "\n").encode("ascii")


def open_master_key(blob: bytes, passphrase: bytes) -> bytes:
    """The master key from a sealed container; ConfigError when it does not open."""
    try:
        doc: Any = json.loads(blob)
        if doc["format"] != SEALED_FORMAT or doc["kdf"]["name"] != "scrypt":
            raise ValueError("not a sealed key")
        kdf = doc["kdf"]
        wrap = _scrypt(
            passphrase, bytes.fromhex(doc["salt"]), kdf["n"], kdf["r"], kdf["p"]
        )
        key = AESGCM(wrap).decrypt(
            bytes.fromhex(doc["nonce"]),
            bytes.fromhex(doc["ciphertext"]),
            _aad(str(doc["purpose"])),
        )
    except InvalidTag:
        raise ConfigError("master key does not open: wrong passphrase") from None
    except (ValueError, KeyError, TypeError) as exc:
        raise ConfigError(f"master key container unusable: {exc}") from None
    if len(key) != card_issuer.KEY_LENGTH:
        raise ConfigError("master key must be 16 bytes")
    return key


def is_sealed(blob: bytes) -> bool:
    """Whether a master key file is a sealed container (else: demo hex)."""
    return blob.lstrip().startswith(b"{")


def load_ca_key(pem: bytes, passphrase: bytes | None) -> ec.EllipticCurvePrivateKey:
    """The CA private key from PKCS#8 PEM (encrypted unless a demo key)."""
    try:
        key = serialization.load_pem_private_key(pem, password=passphrase)
    except TypeError:  # encrypted without a passphrase, or the other way round
        raise ConfigError(
            "issuer CA key is encrypted: no passphrase given"
            if passphrase is None
            else "issuer CA key is not encrypted"
        ) from None
    except ValueError:
        raise ConfigError("issuer CA key does not open: wrong passphrase") from None
    if not isinstance(key, ec.EllipticCurvePrivateKey):
        raise ConfigError("issuer CA key is not an EC key")
    return key


def encrypted_pem(key: ec.EllipticCurvePrivateKey, passphrase: bytes) -> bytes:
    """PKCS#8 PEM encrypted with the passphrase (PBES2, AES-256)."""
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(passphrase),
    )


@dataclass(frozen=True, kw_only=True)
class KeyFiles:
    """Where the file-based keys live and how they open (from the settings)."""

    ca_certificate: Path
    ca_key: Path
    master_key: Path
    passphrase: PassphraseSource = field(default_factory=PassphraseSource)
    allow_plaintext: bool = False  # demo configurations only


class FileIssuerKeys:
    """:class:`IssuerKeys` over files: an encrypted PKCS#8 CA key and a sealed
    master key (or, in a demo configuration, the TEST ONLY plaintext ones)."""

    def __init__(self, ca: IssuerCA, master_key: bytes) -> None:
        self._ca = ca
        self._master = master_key

    def __repr__(self) -> str:
        return f"FileIssuerKeys({self._ca!r})"

    @classmethod
    def load(cls, files: KeyFiles) -> FileIssuerKeys:
        """Open both keys; ConfigError (never a key byte) when they do not."""
        try:
            cert_pem = files.ca_certificate.read_bytes()
            key_pem, master_blob = (
                files.ca_key.read_bytes(),
                files.master_key.read_bytes(),
            )
        except OSError as exc:
            raise ConfigError(f"issuer key file unreadable: {exc}") from exc
        encrypted = (b"ENCRYPTED" in key_pem, is_sealed(master_blob))
        if not all(encrypted) and not files.allow_plaintext:
            raise ConfigError(
                "issuer keys are not encrypted: only a demo configuration "
                "(demo = true) may use plaintext keys; see ss-backend issuer init"
            )
        passphrase = files.passphrase.read() if any(encrypted) else None
        if any(encrypted) and passphrase is None:
            raise ConfigError(
                "issuer keys are encrypted and no passphrase was given: set "
                f"${files.passphrase.env} or [issuer] passphrase_file, or start "
                "on a terminal to be prompted"
            )
        try:
            cert = x509.load_pem_x509_certificate(cert_pem)
        except ValueError as exc:
            raise ConfigError(f"issuer CA certificate unusable: {exc}") from exc
        key = load_ca_key(key_pem, passphrase if encrypted[0] else None)
        if key.public_key() != cert.public_key():
            raise ConfigError("issuer CA key does not match the CA certificate")
        ca = IssuerCA(certificate=cert, private_key=key)
        return cls(ca, _master(master_blob, passphrase))

    @property
    def ca_certificate(self) -> x509.Certificate:
        return self._ca.certificate

    @property
    def ca(self) -> IssuerCA:
        """The CA with its key (the demo personalizes its cards with it)."""
        return self._ca

    @property
    def master_key(self) -> bytes:
        """The master key itself: the demo's simulated card factory only."""
        return self._master

    def certify(
        self,
        card_number: str,
        key_ref: int,
        public_key: ec.EllipticCurvePublicKey,
        not_before: datetime,
        not_after: datetime,
    ) -> x509.Certificate:
        return self._ca.certify(card_number, key_ref, public_key, not_before, not_after)

    def _card_key(self, card: CardKeyRef) -> bytes:
        base = (
            self._master if card.batch_id is None else self.transport_key(card.batch_id)
        )
        return card_issuer.diversify(base, card.recognition_code)

    def issuer_cryptogram(self, card: CardKeyRef, challenge: bytes) -> bytes:
        return card_issuer.external_auth_cryptogram(self._card_key(card), challenge)

    def pin_reload_mac(
        self, card: CardKeyRef, challenge: bytes, pin_block: bytes
    ) -> bytes:
        return card_issuer.reload_pin_mac(self._card_key(card), challenge, pin_block)

    def transport_key(self, batch_id: str) -> bytes:
        return card_issuer.batch_transport_key(self._master, batch_id)


def _master(blob: bytes, passphrase: bytes | None) -> bytes:
    if is_sealed(blob):
        if passphrase is None:
            raise ConfigError("issuer master key is sealed: no passphrase given")
        return open_master_key(blob, passphrase)
    try:
        key = bytes.fromhex(blob.decode("ascii").strip())
    except (UnicodeDecodeError, ValueError):
        raise ConfigError("issuer master key unusable") from None
    if len(key) != card_issuer.KEY_LENGTH:
        raise ConfigError("issuer master key must be 16 bytes")
    return key
