# SPDX-License-Identifier: Apache-2.0
"""The key ceremony: a new issuer CA and card master key, CA renewal, and a
batch's transport key for a card manufacturer (docs/backend.md "Keys and
secrets").

Keys are written encrypted (:mod:`backend.keys`), files with mode 0600, and
never over an existing file.
"""

from __future__ import annotations

import logging
import os
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from backend.errors import ConfigError
from backend.keys import (
    IssuerKeys,
    KeyFiles,
    encrypted_pem,
    load_ca_key,
    seal_master_key,
)
from card import issuer as card_issuer
from card.certs import key_usage

log = logging.getLogger(__name__)

DEFAULT_CA_NAME = "SSC Issuer CA"
DEFAULT_CA_YEARS = 20  # longer than a card's 10 years: renew before it ends


@dataclass(frozen=True, kw_only=True)
class CaSubject:
    """The issuer CA's distinguished name, as the operator chose it."""

    common_name: str = DEFAULT_CA_NAME
    organization: str = ""
    country: str = "CN"

    def name(self) -> x509.Name:
        parts = [x509.NameAttribute(NameOID.COUNTRY_NAME, self.country)]
        if self.organization:
            parts.append(
                x509.NameAttribute(NameOID.ORGANIZATION_NAME, self.organization)
            )
        parts.append(x509.NameAttribute(NameOID.COMMON_NAME, self.common_name))
        return x509.Name(parts)


def now() -> datetime:
    """The ceremony's clock: UTC, whole seconds (certificate times)."""
    return datetime.now(UTC).replace(microsecond=0)


def describe_ca(cert: x509.Certificate) -> str:
    """What an operator checks and records about a CA certificate."""
    fingerprint = cert.fingerprint(hashes.SHA256()).hex(":").upper()
    return (
        f"subject: {cert.subject.rfc4514_string()}\n"
        f"valid: {cert.not_valid_before_utc:%Y-%m-%d} to "
        f"{cert.not_valid_after_utc:%Y-%m-%d}\n"
        f"SHA-256 fingerprint: {fingerprint}"
    )


def ca_certificate(
    key: ec.EllipticCurvePrivateKey, name: x509.Name, not_before: datetime, days: int
) -> x509.Certificate:
    """A self-signed issuer CA certificate (P-256, ECDSA-SHA256): CA, path
    length 0, may sign certificates and CRLs."""
    public = key.public_key()
    usage = key_usage(key_cert_sign=True)
    return (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(public)
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before)
        .not_valid_after(not_before + timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(usage, critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public), False)
        .sign(key, hashes.SHA256())
    )


def write_secret_file(path: Path, data: bytes) -> None:
    """Create ``path`` with mode 0600; refuse to replace an existing file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise ConfigError(
            f"{path} exists: the ceremony never overwrites a key"
        ) from None
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


def init_issuer(
    files: KeyFiles, passphrase: bytes, subject: CaSubject, *, now: datetime, days: int
) -> x509.Certificate:
    """A new CA key pair and certificate and a new master key, in the files the
    settings name; returns the CA certificate (the trust anchor to distribute)."""
    existing = [
        p for p in (files.ca_certificate, files.ca_key, files.master_key) if p.exists()
    ]
    if existing:
        raise ConfigError(f"{existing[0]} exists: the ceremony never overwrites a key")
    key = ec.generate_private_key(ec.SECP256R1())
    cert = ca_certificate(key, subject.name(), now, days)
    write_secret_file(files.ca_key, encrypted_pem(key, passphrase))
    write_secret_file(
        files.master_key, seal_master_key(secrets.token_bytes(16), passphrase)
    )
    write_secret_file(
        files.ca_certificate, cert.public_bytes(serialization.Encoding.PEM)
    )
    os.chmod(files.ca_certificate, 0o644)  # public: the kiosks' trust anchor
    log.info("issuer CA and master key created")
    return cert


def renew_ca(
    files: KeyFiles, passphrase: bytes, *, now: datetime, days: int
) -> tuple[x509.Certificate, Path]:
    """A new CA certificate on the same key and subject, so every card
    certificate issued before still verifies; the old certificate is kept
    beside it. Returns the new certificate and where the old one went."""
    old = x509.load_pem_x509_certificate(files.ca_certificate.read_bytes())
    key = load_ca_key(files.ca_key.read_bytes(), passphrase)
    if key.public_key() != old.public_key():
        raise ConfigError("issuer CA key does not match the CA certificate")
    cert = ca_certificate(key, old.subject, now, days)
    kept = files.ca_certificate.with_name(
        f"{files.ca_certificate.name}.until-{old.not_valid_after_utc:%Y%m%d}"
    )
    if kept.exists():
        raise ConfigError(f"{kept} exists: renewed already")
    os.replace(files.ca_certificate, kept)
    files.ca_certificate.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    log.info("issuer CA certificate renewed")
    return cert, kept


def export_transport_key(keys: IssuerKeys, batch_id: str, out: Path) -> bytes:
    """Write a batch's transport key (32 hex digits, mode 0600) for the card
    manufacturer; returns its key check value."""
    key = keys.transport_key(batch_id)
    write_secret_file(out, key.hex().upper().encode("ascii") + b"\n")
    return card_issuer.key_check_value(key)
