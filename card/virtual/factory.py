# SPDX-License-Identifier: Apache-2.0
"""Make virtual cards: blank ones, and personalized ones THROUGH the Part C
commands (CARD_PROFILE Part C), so the factory exercises the issuing path.

Also :func:`describe`, the summary ``ss-card virtual show`` prints (no PIN,
no keys).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric.ec import EllipticCurvePublicKey

from card import issuer as issuer_keys
from card import profile, tlv
from card.auth import KeyRef, der_length
from card.certs import card_number_of, load_certificate
from card.connection import GetResponseConnection
from card.errors import CardError, PinBlockedError, WrongPinError
from card.perso import IssuerCallbacks, PersoSession, personalize
from card.ssse import Holder, IssuerData, SsseSession
from card.virtual.card import VirtualCard
from card.virtual.connection import VirtualConnection
from card.virtual.core import CERT_EF
from card.virtual.state import HOLDER_EF, ISSUER_EF, CardImage, manufactured_records

logger = logging.getLogger(__name__)

DEFAULT_REGION = bytes.fromhex("110000")
BATCH_FORMAT = "ssc-card-batch/1"


def new_recognition_code(region: bytes = DEFAULT_REGION) -> bytes:
    """A random recognition code in ``region``, as the simulated manufacturer
    picks one (:func:`card.profile.new_recognition_code`)."""
    return profile.new_recognition_code(region)


def new_blank(
    *,
    master_key: bytes,
    recognition_code: bytes | None = None,
    t0: bool = False,
) -> VirtualCard:
    """A blank (``initialised``) card as a manufacturer delivers it: its
    recognition code in EF05 record 1 and its issuer key diversified from
    ``master_key`` (the issuer master key, or a batch's transport key)."""
    code = recognition_code or new_recognition_code()
    image = CardImage(
        recognition_code=code,
        t0=t0,
        issuer_key=issuer_keys.diversify(master_key, code),
        records=manufactured_records(code),
    )
    return VirtualCard(image)


@dataclass(frozen=True, kw_only=True)
class Batch:
    """A manufacturer batch: blanks keyed from one transport key, and the
    delivery note listing their recognition codes (docs/technician-guide.md
    "Blank card batches"). The note holds no key."""

    batch_id: str
    cards: tuple[VirtualCard, ...]
    transport_kcv: bytes

    def delivery_note(self, manufacturer: str) -> dict[str, Any]:
        """The batch file the manufacturer sends with the cards."""
        return {
            "format": BATCH_FORMAT,
            "batch": self.batch_id,
            "manufacturer": manufacturer,
            "transport_key_kcv": self.transport_kcv.hex().upper(),
            "cards": [c.image.recognition_code.hex().upper() for c in self.cards],
        }


def new_batch(
    *,
    batch_id: str,
    transport_key: bytes,
    count: int,
    region: bytes = DEFAULT_REGION,
    t0: bool = False,
) -> Batch:
    """``count`` blanks of one batch, each keyed AES-128(transport key, code)."""
    cards = tuple(
        new_blank(
            master_key=transport_key,
            recognition_code=new_recognition_code(region),
            t0=t0,
        )
        for _ in range(count)
    )
    kcv = issuer_keys.key_check_value(transport_key)
    return Batch(batch_id=batch_id, cards=cards, transport_kcv=kcv)


def new_personalized(
    *,
    issuer: IssuerData,
    holder: Holder,
    pin: str,
    retry_limit: int = 3,
    tries_left: int | None = None,
    certify: Callable[[KeyRef, EllipticCurvePublicKey], x509.Certificate],
    master_key: bytes,
    t0: bool = False,
) -> VirtualCard:
    """A personalized card made by sending Part C commands to a blank one.

    ``tries_left`` below ``retry_limit`` is reached by wrong VERIFYs, again
    through the card's own commands. The card is returned powered off.
    """
    card = new_blank(
        master_key=master_key, recognition_code=issuer.recognition_code, t0=t0
    )
    card_key = issuer_keys.diversify(master_key, issuer.recognition_code)
    callbacks = IssuerCallbacks(
        cryptogram=lambda c: issuer_keys.external_auth_cryptogram(card_key, c),
        pin_mac=lambda c, block: issuer_keys.reload_pin_mac(card_key, c, block),
        certify=certify,
    )
    conn = GetResponseConnection(VirtualConnection(card))
    personalize(
        PersoSession(conn),
        issuer=issuer,
        holder=holder,
        pin=pin,
        retry_limit=retry_limit,
        callbacks=callbacks,
    )
    if tries_left is not None and tries_left < retry_limit:
        _spend_tries(SsseSession(conn), pin, retry_limit - tries_left)
    card.power_off()
    return card


def _spend_tries(session: SsseSession, pin: str, count: int) -> None:
    wrong = f"{(int(pin) + 1) % 1_000_000:06d}"
    for _ in range(count):
        try:
            session.verify_pin(wrong)
        except (WrongPinError, PinBlockedError):
            continue


def _records(card: VirtualCard, ef: str) -> dict[int, bytes]:
    return dict(tlv.parse_simple_record(r) for r in card.image.records.get(ef, []))


def describe(card: VirtualCard) -> dict[str, Any]:
    """What ``ss-card virtual show`` prints: public data and counters only."""
    with card.lock:
        image = card.image
        info: dict[str, Any] = {
            "life_cycle": image.life_cycle.value,
            "protocol": "T=0" if image.t0 else "T=1",
            "atr": card.atr.hex(" ").upper(),
            "recognition_code": image.recognition_code.hex().upper(),
            "issuer_key_tries_left": image.issuer_tries_left,
            "pin": None
            if image.pin is None
            else {
                "retry_limit": image.pin.retry_limit,
                "tries_left": image.pin.tries_left,
                "blocked": image.pin.tries_left == 0,
            },
            "keys": [f"{ref:02X}" for ref in sorted(image.keys)],
            "file": str(card.path) if card.path else None,
        }
        info["issuer"] = _try(partial(_issuer_info, card))
        info["holder"] = _try(partial(_holder_info, card))
        info["certificates"] = _cert_infos(card)
    return info


def _try(get: Callable[[], dict[str, Any]]) -> dict[str, Any] | None:
    try:
        return get()
    except CardError as exc:
        return {"error": str(exc)}


def _issuer_info(card: VirtualCard) -> dict[str, Any]:
    data = IssuerData.parse(_records(card, ISSUER_EF))
    return {
        "card_number": data.card_number,
        "card_type": data.card_type,
        "spec_version": data.spec_version,
        "issue_date": data.issue_date.isoformat(),
        "expiry_date": data.expiry_date.isoformat(),
    }


def _holder_info(card: VirtualCard) -> dict[str, Any]:
    holder = Holder.parse(_records(card, HOLDER_EF))
    return {
        "ssn": holder.ssn,
        "name": holder.name,
        "gender": holder.gender,
        "birth_date": holder.birth_date.isoformat(),
    }


def _cert_info(card: VirtualCard, fid: str) -> dict[str, Any]:
    der = card.image.binaries[fid]
    cert = load_certificate(der[: der_length(der[:4])])
    return {
        "subject": cert.subject.rfc4514_string(),
        "card_number": card_number_of(cert),
        "not_after": cert.not_valid_after_utc.isoformat(),
        "bytes": len(der),
    }


def _cert_infos(card: VirtualCard) -> dict[str, dict[str, Any] | None]:
    infos: dict[str, dict[str, Any] | None] = {}
    for ref, fid in CERT_EF.items():
        if card.image.binaries.get(fid):
            infos[f"{ref:02X}"] = _try(partial(_cert_info, card, fid))
    return infos
