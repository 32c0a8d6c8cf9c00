# SPDX-License-Identifier: Apache-2.0
"""What every command handler of the virtual card OS sees: state, files, replies."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from card.virtual.state import CardImage, LifeCycle, Volatile

logger = logging.getLogger(__name__)

SSSE_NAME = "sx1.sh.社会保障".encode("gbk")
PKI_AID = bytes.fromhex("504B492EC9E7BBE1B1A3D5CF")
ADF_NAME = b"SS.CERT.ADF1"
MF_FID = "3F00"

DF_NAMES = {SSSE_NAME: "SSSE", PKI_AID: "PKI", ADF_NAME: "ADF"}
DF_FIDS = {"3F00": "MF", "DF00": "SSSE", "DF10": "PKI", "DF11": "ADF"}
DF_NAME_OF = {df: name for name, df in DF_NAMES.items()}


@dataclass(frozen=True, kw_only=True)
class EfSpec:
    """An elementary file: where it lives, its structure and its capacity."""

    df: str
    fid: str
    sfi: int | None
    records: bool
    capacity: int


EFS: dict[str, EfSpec] = {
    spec.fid: spec
    for spec in (
        EfSpec(df="SSSE", fid="EF05", sfi=5, records=True, capacity=7),
        EfSpec(df="SSSE", fid="EF06", sfi=6, records=True, capacity=7),
        EfSpec(df="SSSE", fid="EF07", sfi=7, records=False, capacity=4096),
        EfSpec(df="SSSE", fid="EF08", sfi=8, records=False, capacity=16384),
        EfSpec(df="ADF", fid="0016", sfi=None, records=False, capacity=4096),
        EfSpec(df="ADF", fid="0018", sfi=None, records=False, capacity=4096),
        EfSpec(df="ADF", fid="0019", sfi=None, records=False, capacity=4096),
    )
}
CERT_EF = {0x81: "0016", 0x82: "0018"}
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
            return sw(0x6985)
        if not self.vol.issuer_authenticated:
            return sw(0x6982)
        return None
