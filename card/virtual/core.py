# SPDX-License-Identifier: Apache-2.0
"""What every command handler of the virtual card OS sees: state, files, replies."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from card import profile
from card.sw import SW
from card.virtual.state import CardImage, LifeCycle, Volatile, ef_key

logger = logging.getLogger(__name__)

MF_FID = ef_key(profile.MF_FID)

DF_NAMES = {profile.SSSE_NAME: "SSSE", profile.PKI_AID: "PKI", profile.ADF_NAME: "ADF"}
DF_NAME_OF = {df: name for name, df in DF_NAMES.items()}


@dataclass(frozen=True, kw_only=True)
class EfSpec:
    """An elementary file: where it lives, its structure and its capacity."""

    df: str
    fid: str
    sfi: int | None
    records: bool
    capacity: int


def _ef(
    df: str, fid: bytes, sfi: int | None = None, *, records: bool = False, capacity: int
) -> EfSpec:
    """An EF of the table, its FID as the card image names it."""
    return EfSpec(df=df, fid=ef_key(fid), sfi=sfi, records=records, capacity=capacity)


EFS: dict[str, EfSpec] = {
    spec.fid: spec
    for spec in (
        _ef("SSSE", profile.ISSUER_FID, profile.ISSUER_SFI, records=True, capacity=7),
        _ef("SSSE", profile.HOLDER_FID, profile.HOLDER_SFI, records=True, capacity=7),
        _ef("SSSE", profile.FINGERPRINT_FID, profile.FINGERPRINT_SFI, capacity=4096),
        _ef("SSSE", profile.PHOTO_FID, profile.PHOTO_SFI, capacity=16384),
        _ef("ADF", profile.CARD_CERTIFICATE_FID, capacity=4096),
        _ef("ADF", profile.HOLDER_CERTIFICATE_FID, capacity=4096),
        _ef("ADF", profile.ENCRYPTION_CERTIFICATE_FID, capacity=4096),
    )
}
# the certificate EF of each key reference (Part B)
CERT_EF = {
    0x81: ef_key(profile.CARD_CERTIFICATE_FID),
    0x82: ef_key(profile.HOLDER_CERTIFICATE_FID),
}
MAX_RECORD = 0xFE


def ef_by_sfi(df: str, sfi: int) -> EfSpec | None:
    """The EF with short identifier ``sfi`` under ``df``."""
    return next((s for s in EFS.values() if s.df == df and s.sfi == sfi), None)


@dataclass(frozen=True, kw_only=True)
class Reply:
    """A handler's answer before Le and T=0 framing.

    ``fixed`` marks answers of a fixed size, for which a wrong Le gets ``6Cxx``.
    """

    sw: int
    data: bytes = b""
    fixed: bool = False


def sw(value: int) -> Reply:
    return Reply(sw=value)


class CardCore:
    """Image + volatile state + the file the image is saved to."""

    def __init__(self, image: CardImage, path: Path | None = None) -> None:
        self.image = image
        self.path = path
        self.vol = Volatile()

    def persist(self) -> None:
        """Write the image back if the card is bound to a file."""
        if self.path is not None:
            self.image.save(self.path)

    def perso_refusal(self) -> Reply | None:
        """6985 unless initialised, 6982 unless the issuer authenticated (Part C)."""
        if self.image.life_cycle is not LifeCycle.INITIALISED:
            return sw(SW.CONDITIONS_NOT_SATISFIED)
        if not self.vol.issuer_authenticated:
            return sw(SW.SECURITY_STATUS_NOT_SATISFIED)
        return None
