# SPDX-License-Identifier: Apache-2.0
"""Card certificates (docs/card-profile.md, Part B): issuing, chain, signatures.

Certificates are X.509 DER, ECDSA P-256 with SHA-256, issued by the issuer CA
with the card number in the subject serialNumber.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from cryptography import x509
from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import (
    decode_dss_signature,
    encode_dss_signature,
)
from cryptography.x509.oid import NameOID

from card.errors import (
    CertificateExpiredError,
    CertificateMismatchError,
    MalformedDataError,
    NotGenuineError,
    UntrustedIssuerError,
)

logger = logging.getLogger(__name__)

POINT_LENGTH = 65
SIGNATURE_LENGTH = 64


def public_key_from_point(point: bytes) -> ec.EllipticCurvePublicKey:
    """A P-256 public key from its uncompressed point ``04 || X || Y`` (Part C)."""
    if len(point) != POINT_LENGTH or point[0] != 0x04:
        raise MalformedDataError("EC point", "need 65 bytes starting 04")
    try:
        return ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), point)
    except ValueError as exc:
        raise MalformedDataError("EC point", "not on P-256") from exc


def point_of(public_key: ec.EllipticCurvePublicKey) -> bytes:
    """The uncompressed point of a public key."""
    return public_key.public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )


def raw_signature(der_signature: bytes) -> bytes:
    """DER ECDSA signature → ``r || s``, 32 bytes each (Part B)."""
    r, s = decode_dss_signature(der_signature)
    return r.to_bytes(32, "big") + s.to_bytes(32, "big")


def load_certificate(der: bytes) -> x509.Certificate:
    """Parse a DER certificate (X.509, RFC 5280 §4.1); MalformedDataError when it
    does not parse.

    ``cryptography`` decodes names, validity, key and extensions lazily, so a
    damaged certificate could raise ValueError, KeyError or UnsupportedAlgorithm
    later, inside the chain check. Every field the checks use is decoded here;
    a bad version or a repeated extension raise x509's own exceptions, which
    are not ValueErrors.
    """
    try:
        cert = x509.load_der_x509_certificate(der)
        _ = (
            cert.subject,
            cert.issuer,
            cert.not_valid_before_utc,
            cert.not_valid_after_utc,
            cert.signature_hash_algorithm,
            cert.tbs_certificate_bytes,
            cert.signature,
            cert.extensions,
        )
        cert.public_key()
    except (
        ValueError,
        KeyError,
        TypeError,
        UnsupportedAlgorithm,
        x509.InvalidVersion,
        x509.DuplicateExtension,
        x509.UnsupportedGeneralNameType,
    ) as exc:
        raise MalformedDataError("certificate", "not X.509 DER") from exc
    return cert


def card_number_of(cert: x509.Certificate) -> str:
    """The subject serialNumber (the card number) of a card certificate."""
    attrs = cert.subject.get_attributes_for_oid(NameOID.SERIAL_NUMBER)
    return str(attrs[0].value) if attrs else ""


def verify_signature(cert: x509.Certificate, message: bytes, raw_rs: bytes) -> None:
    """Check an INTERNAL AUTHENTICATE answer (r||s over SHA-256(message)), Part B.

    Raises NotGenuineError when it does not verify.
    """
    verify_key_signature(cert.public_key(), message, raw_rs)


def verify_key_signature(key: object, message: bytes, raw_rs: bytes) -> None:
    """:func:`verify_signature` with the certificate's public key."""
    if not isinstance(key, ec.EllipticCurvePublicKey) or len(raw_rs) != 64:
        raise NotGenuineError("signature or key is not P-256 ECDSA")
    der = encode_dss_signature(
        int.from_bytes(raw_rs[:32], "big"), int.from_bytes(raw_rs[32:], "big")
    )
    try:
        key.verify(der, message, ec.ECDSA(hashes.SHA256()))
    except InvalidSignature as exc:
        raise NotGenuineError("card signature does not verify") from exc


def _issued_by(cert: x509.Certificate, ca_cert: x509.Certificate) -> bool:
    ca_key = ca_cert.public_key()
    if not isinstance(ca_key, ec.EllipticCurvePublicKey):
        return False
    if cert.issuer != ca_cert.subject:
        return False
    algorithm = cert.signature_hash_algorithm
    if algorithm is None:
        return False
    try:
        ca_key.verify(cert.signature, cert.tbs_certificate_bytes, ec.ECDSA(algorithm))
    except InvalidSignature:
        return False
    return True


def verify_certificate(
    cert: x509.Certificate,
    ca_cert: x509.Certificate,
    *,
    now: datetime,
    card_number: str | None = None,
) -> None:
    """Check chain to the issuer CA, validity at ``now`` and the card number (Part B).

    Raises UntrustedIssuerError, CertificateExpiredError or
    CertificateMismatchError, in that order of checking.
    """
    if not _issued_by(cert, ca_cert):
        raise UntrustedIssuerError("certificate not issued by the trusted issuer CA")
    check_validity(
        now, period(cert, "card certificate"), period(ca_cert, "issuer CA certificate")
    )
    if card_number is not None and card_number_of(cert) != card_number:
        raise CertificateMismatchError("certificate names another card")


Period = tuple[datetime, datetime, str]


def period(cert: x509.Certificate, what: str) -> Period:
    """``cert``'s validity as (not before, not after, what it is)."""
    return cert.not_valid_before_utc, cert.not_valid_after_utc, what


def check_validity(now: datetime, *periods: Period) -> None:
    """CertificateExpiredError for the first period that does not hold ``now``."""
    for not_before, not_after, what in periods:
        if not not_before <= now <= not_after:
            raise CertificateExpiredError(f"{what} is outside its validity period")


@dataclass(frozen=True, kw_only=True)
class IssuerCA:
    """The issuer CA: signs card key certificates (Part B). Keys never repr'd."""

    certificate: x509.Certificate
    private_key: ec.EllipticCurvePrivateKey

    def __repr__(self) -> str:
        return f"IssuerCA(subject={self.certificate.subject.rfc4514_string()!r})"

    @classmethod
    def from_pem(cls, cert_pem: bytes, key_pem: bytes) -> IssuerCA:
        """Load from PEM bytes; MalformedDataError on anything else."""
        try:
            cert = x509.load_pem_x509_certificate(cert_pem)
            key = serialization.load_pem_private_key(key_pem, password=None)
        except ValueError as exc:
            raise MalformedDataError("issuer CA", "PEM does not load") from exc
        if not isinstance(key, ec.EllipticCurvePrivateKey):
            raise MalformedDataError("issuer CA", "key is not an EC key")
        return cls(certificate=cert, private_key=key)

    @classmethod
    def load(cls, cert_path: Path, key_path: Path) -> IssuerCA:
        """Load from two PEM files."""
        return cls.from_pem(cert_path.read_bytes(), key_path.read_bytes())

    @classmethod
    def generate(
        cls, common_name: str, *, not_before: datetime, not_after: datetime
    ) -> IssuerCA:
        """A fresh self-signed CA (demo and tests: e.g. a rogue issuer)."""
        key = ec.generate_private_key(ec.SECP256R1())
        name = x509.Name(
            [
                x509.NameAttribute(NameOID.COMMON_NAME, common_name),
                x509.NameAttribute(NameOID.COUNTRY_NAME, "CN"),
            ]
        )
        cert = _self_signed(key, name, not_before, not_after)
        return cls(certificate=cert, private_key=key)

    def certify(
        self,
        card_number: str,
        key_ref: int,
        public_key: ec.EllipticCurvePublicKey,
        not_before: datetime,
        not_after: datetime,
    ) -> x509.Certificate:
        """A certificate for card key ``key_ref`` (0x81/0x82) of ``card_number``."""
        subject = x509.Name(
            [
                x509.NameAttribute(NameOID.COUNTRY_NAME, "CN"),
                x509.NameAttribute(
                    NameOID.COMMON_NAME, f"SSC {card_number} key {key_ref:02X}"
                ),
                x509.NameAttribute(NameOID.SERIAL_NUMBER, card_number),
            ]
        )
        usage = key_usage(digital_signature=True)
        builder = (
            x509.CertificateBuilder()
            .subject_name(subject)
            .issuer_name(self.certificate.subject)
            .public_key(public_key)
            .serial_number(x509.random_serial_number())
            .not_valid_before(not_before)
            .not_valid_after(not_after)
            .add_extension(
                x509.BasicConstraints(ca=False, path_length=None), critical=True
            )
            .add_extension(usage, critical=True)
        )
        return builder.sign(self.private_key, hashes.SHA256())


def key_usage(
    *, digital_signature: bool = False, key_cert_sign: bool = False
) -> x509.KeyUsage:
    """KeyUsage with only the given bits: digitalSignature for card keys
    (Part B), keyCertSign and cRLSign for the issuer CA."""
    return x509.KeyUsage(
        digital_signature=digital_signature,
        content_commitment=False,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=key_cert_sign,
        crl_sign=key_cert_sign,
        encipher_only=False,
        decipher_only=False,
    )


def _self_signed(
    key: ec.EllipticCurvePrivateKey,
    name: x509.Name,
    not_before: datetime,
    not_after: datetime,
) -> x509.Certificate:
    return (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before)
        .not_valid_after(not_after)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .sign(key, hashes.SHA256())
    )


def utc_now() -> datetime:
    """The current time, timezone-aware (certificate checks need UTC)."""
    return datetime.now(UTC)
