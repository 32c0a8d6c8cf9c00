# SPDX-License-Identifier: Apache-2.0
"""Card status rules: which statuses allow what, and temporary-loss lapse."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum


class CardStatus(StrEnum):
    """Card life cycle on the backend (``allocated`` only while issuing)."""

    ALLOCATED = "allocated"
    ACTIVE = "active"
    TEMPORARILY_LOST = "temporarily_lost"
    LOST = "lost"
    REPLACED = "replaced"
    REVOKED = "revoked"


FINAL = frozenset({CardStatus.LOST, CardStatus.REPLACED, CardStatus.REVOKED})


@dataclass(frozen=True, kw_only=True)
class EffectiveStatus:
    """The status a card has now, and whether a temporary loss just lapsed."""

    status: CardStatus
    lapsed: bool


def effective_status(
    status: str, lapses_at: datetime | None, now: datetime
) -> EffectiveStatus:
    """A temporary loss (临时挂失) lapses by itself at ``lapses_at`` (DOMAIN.md)."""
    current = CardStatus(status)
    if current is CardStatus.TEMPORARILY_LOST and lapses_at and lapses_at <= now:
        return EffectiveStatus(status=CardStatus.ACTIVE, lapsed=True)
    return EffectiveStatus(status=current, lapsed=False)


def temporary_loss_lapses_at(now: datetime, lapse_days: int) -> datetime:
    """When a temporary loss reported at ``now`` lapses (7 days by default)."""
    return now + timedelta(days=lapse_days)


def may_activate(status: str) -> bool:
    """Only an allocated (freshly personalized) card can be activated."""
    return CardStatus(status) is CardStatus.ALLOCATED


def may_report_formal_loss(status: str) -> bool:
    """Formal loss at the counter: from active or temporarily lost."""
    return CardStatus(status) in {CardStatus.ACTIVE, CardStatus.TEMPORARILY_LOST}


def may_revoke(status: str) -> bool:
    """Any card not already in a final state can be revoked."""
    return CardStatus(status) not in FINAL
