# SPDX-License-Identifier: Apache-2.0
"""What the committed import sample (docs/import-sample) says about a person:
the accounts the kiosk must show once ``ss-backend import`` has loaded it."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from tests.conftest import ROOT

SAMPLE = ROOT / "docs" / "import-sample"


def rows_of(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@dataclass(frozen=True, kw_only=True)
class SampleAccount:
    """One insurance of one person as the sample files give it."""

    insurance: str
    status: str
    region: str
    balance: str  # as written in balances.csv ("0.00" when it has no row)
    months: tuple[str, ...]  # contribution months, "YYYY-MM"


def pension_member() -> dict[str, str]:
    """The first person of persons.csv with an active pension membership."""
    active = {
        m["ssn"]
        for m in rows_of(SAMPLE / "memberships.csv")
        if m["insurance"] == "pension" and m["status"] == "active"
    }
    return next(p for p in rows_of(SAMPLE / "persons.csv") if p["ssn"] in active)


def sample_account(ssn: str, insurance: str) -> SampleAccount:
    """The person's membership of ``insurance`` (the active one), its balance
    and contribution months in the sample."""
    membership = next(
        m
        for m in rows_of(SAMPLE / "memberships.csv")
        if (m["ssn"], m["insurance"], m["status"]) == (ssn, insurance, "active")
    )
    key = (ssn, insurance, membership["region"])
    balance = next(
        (
            b["balance"]
            for b in rows_of(SAMPLE / "balances.csv")
            if (b["ssn"], b["insurance"], b["region"]) == key
        ),
        "0.00",
    )
    months = tuple(
        c["month"]
        for c in rows_of(SAMPLE / "contributions.csv")
        if (c["ssn"], c["insurance"]) == (ssn, insurance)
    )
    return SampleAccount(
        insurance=insurance,
        status=membership["status"],
        region=membership["region"],
        balance=balance,
        months=months,
    )
