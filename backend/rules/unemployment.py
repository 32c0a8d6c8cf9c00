# SPDX-License-Identifier: Apache-2.0
"""Unemployment benefit rules (失业保险条例 Articles 14 and 17, docs/domain.md).

At least 1 year of contributions, involuntary job loss, registered as
unemployed. Duration: 12 months for 1-5 years, 18 for 5-10, 24 for 10 or more;
unused months of the previous claim carry over, 24 months at most in total.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

MIN_MONTHS = 12
CAP_MONTHS = 24


class SeparationReason(StrEnum):
    """Why the job ended; only ``resigned`` is voluntary."""

    DISMISSED = "dismissed"
    CONTRACT_ENDED = "contract_ended"
    EMPLOYER_CLOSED = "employer_closed"
    RESIGNED = "resigned"


@dataclass(frozen=True, kw_only=True)
class Eligibility:
    """The decision, its reason in plain words, and the entitlement."""

    eligible: bool
    reason: str
    contribution_months: int
    max_months: int
    carried_over_months: int
    rule: str = ""  # which rule refused: too_few_months, resigned, not_registered


def duration_for(contribution_months: int) -> int:
    """Months of benefit earned by ``contribution_months`` alone (Article 17)."""
    if contribution_months < MIN_MONTHS:
        return 0
    if contribution_months < 60:
        return 12
    if contribution_months < 120:
        return 18
    return 24


def evaluate(
    *,
    contribution_months: int,
    carried_over_months: int,
    separation: SeparationReason | None = None,
    registered_unemployed: bool | None = None,
) -> Eligibility:
    """Decide a claim; ``None`` for the facts the kiosk does not know yet."""
    carried = max(0, carried_over_months)
    earned = duration_for(contribution_months)
    total = min(CAP_MONTHS, earned + carried) if earned else 0
    reason, rule = "", ""
    if contribution_months < MIN_MONTHS:
        rule = "too_few_months"
        reason = (
            f"Contributions cover {contribution_months} months since the last "
            f"claim; at least {MIN_MONTHS} months (1 year) are needed."
        )
    elif separation is SeparationReason.RESIGNED:
        rule = "resigned"
        reason = "The job was left voluntarily (resigned); benefit needs an "
        reason += "involuntary loss of the job."
    elif registered_unemployed is False:
        rule = "not_registered"
        reason = "Register as unemployed and seeking work first, then apply."
    eligible = not reason
    if eligible:
        reason = f"Eligible for up to {total} months"
        reason += f" ({carried} carried over)." if carried else "."
    return Eligibility(
        eligible=eligible,
        reason=reason,
        contribution_months=contribution_months,
        max_months=total if eligible else 0,
        carried_over_months=carried,
        rule=rule,
    )
