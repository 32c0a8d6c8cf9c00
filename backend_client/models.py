# SPDX-License-Identifier: Apache-2.0
"""Typed results of the resident and public calls (docs/api.md "Endpoints").

Frozen keyword-only dataclasses; money is :class:`~decimal.Decimal`, dates are
:class:`~datetime.date`, times aware :class:`~datetime.datetime`. Each
``parse`` classmethod takes one JSON object and raises
:class:`~backend_client.errors.MalformedResponseError` on anything unexpected.
Members the contract does not name are ignored (forward compatibility).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from backend_client._parse import Fields

INSURANCES = ("pension", "medical", "unemployment", "work_injury", "maternity")


@dataclass(frozen=True, kw_only=True)
class Person:
    """The insured person (``/me`` ``person``, certificate ``person``)."""

    ssn: str
    name: str
    gender: str | None = None
    birth_date: dt.date | None = None
    hukou_region: str | None = None
    hukou_region_name: str | None = None
    mobile_masked: str | None = None

    @classmethod
    def parse(cls, f: Fields) -> Person:
        """Parse a person object."""
        return cls(
            ssn=f.text("ssn"),
            name=f.text("name"),
            gender=f.opt_text("gender"),
            birth_date=f.opt_day("birth_date"),
            hukou_region=f.opt_text("hukou_region"),
            hukou_region_name=f.opt_text("hukou_region_name"),
            mobile_masked=f.opt_text("mobile_masked"),
        )


@dataclass(frozen=True, kw_only=True)
class CardInfo:
    """A card as the backend registers it."""

    card_number: str
    status: str
    issue_date: dt.date | None = None
    expiry_date: dt.date | None = None

    @classmethod
    def parse(cls, f: Fields) -> CardInfo:
        """Parse a card object."""
        return cls(
            card_number=f.text("card_number"),
            status=f.text("status"),
            issue_date=f.opt_day("issue_date"),
            expiry_date=f.opt_day("expiry_date"),
        )


@dataclass(frozen=True, kw_only=True)
class Me:
    """``GET /me``: the person and the card of the session."""

    person: Person
    card: CardInfo

    @classmethod
    def parse(cls, f: Fields) -> Me:
        """Parse ``/me``."""
        return cls(
            person=Person.parse(f.obj("person")), card=CardInfo.parse(f.obj("card"))
        )


@dataclass(frozen=True, kw_only=True)
class Account:
    """One insurance account of ``GET /accounts``."""

    insurance: str
    status: str
    region: str | None
    region_name: str | None
    balance: Decimal
    contribution_months: int
    contribution_years: Decimal
    last_paid_month: str | None

    @classmethod
    def parse(cls, f: Fields) -> Account:
        """Parse an account object."""
        return cls(
            insurance=f.text("insurance"),
            status=f.text("status"),
            region=f.opt_text("region"),
            region_name=f.opt_text("region_name"),
            balance=f.money("balance"),
            contribution_months=f.integer("contribution_months"),
            contribution_years=f.number("contribution_years"),
            last_paid_month=f.opt_text("last_paid_month"),
        )


@dataclass(frozen=True, kw_only=True)
class YearTotal:
    """Contributions of one insurance in one year (``by_year``)."""

    year: int
    insurance: str
    employee_amount: Decimal
    employer_amount: Decimal
    months: int

    @classmethod
    def parse(cls, f: Fields) -> YearTotal:
        """Parse a ``by_year`` item."""
        return cls(
            year=f.integer("year"),
            insurance=f.text("insurance"),
            employee_amount=f.money("employee_amount"),
            employer_amount=f.money("employer_amount"),
            months=f.integer("months"),
        )


@dataclass(frozen=True, kw_only=True)
class Accounts:
    """``GET /accounts``: the five accounts and yearly totals."""

    accounts: tuple[Account, ...]
    by_year: tuple[YearTotal, ...]

    @classmethod
    def parse(cls, f: Fields) -> Accounts:
        """Parse ``/accounts``."""
        return cls(
            accounts=f.each("accounts", Account.parse),
            by_year=f.each("by_year", YearTotal.parse),
        )


@dataclass(frozen=True, kw_only=True)
class Contribution:
    """One monthly contribution record."""

    month: str
    insurance: str
    region: str
    region_name: str | None
    employer: str | None
    base: Decimal
    employee_amount: Decimal
    employer_amount: Decimal
    account_credit: Decimal

    @classmethod
    def parse(cls, f: Fields) -> Contribution:
        """Parse a contribution item."""
        return cls(
            month=f.text("month"),
            insurance=f.text("insurance"),
            region=f.text("region"),
            region_name=f.opt_text("region_name"),
            employer=f.opt_text("employer"),
            base=f.money("base"),
            employee_amount=f.money("employee_amount"),
            employer_amount=f.money("employer_amount"),
            account_credit=f.money("account_credit"),
        )


@dataclass(frozen=True, kw_only=True)
class ContributionPage:
    """``GET /contributions``: one page of records."""

    items: tuple[Contribution, ...]
    total: int
    page: int
    page_size: int

    @classmethod
    def parse(cls, f: Fields) -> ContributionPage:
        """Parse a contributions page."""
        return cls(
            items=f.each("items", Contribution.parse),
            total=f.integer("total"),
            page=f.integer("page"),
            page_size=f.integer("page_size"),
        )


@dataclass(frozen=True, kw_only=True)
class Region:
    """A transfer destination (``GET /regions``)."""

    code: str
    name: str
    province: str

    @classmethod
    def parse(cls, f: Fields) -> Region:
        """Parse a region."""
        return cls(
            code=f.text("code"), name=f.text("name"), province=f.text("province")
        )


@dataclass(frozen=True, kw_only=True)
class PooledFundYear:
    """One year of the pooled-fund transfer (12% of the wage since 1998)."""

    year: int
    wage_total: Decimal
    months: int
    amount: Decimal

    @classmethod
    def parse(cls, f: Fields) -> PooledFundYear:
        """Parse a breakdown item."""
        return cls(
            year=f.integer("year"),
            wage_total=f.money("wage_total"),
            months=f.integer("months"),
            amount=f.money("amount"),
        )


@dataclass(frozen=True, kw_only=True)
class RegionYears:
    """Cumulative contribution years in one region."""

    region: str
    region_name: str | None
    years: Decimal

    @classmethod
    def parse(cls, f: Fields) -> RegionYears:
        """Parse a region-years item."""
        return cls(
            region=f.text("region"),
            region_name=f.opt_text("region_name"),
            years=f.number("years"),
        )


@dataclass(frozen=True, kw_only=True)
class StepDeadline:
    """A procedure step and its time limit in working days."""

    step: str
    deadline_working_days: int

    @classmethod
    def parse(cls, f: Fields) -> StepDeadline:
        """Parse a preview step."""
        return cls(
            step=f.text("step"),
            deadline_working_days=f.integer("deadline_working_days"),
        )


@dataclass(frozen=True, kw_only=True)
class TransferOutcome:
    """Where a pension relationship goes, what moves, where the pension is paid.

    ``relationship_rule`` names the clause that decided (docs/api.md):
    ``within_province``, ``into_hukou_province``, ``new_province``,
    ``temporary_account`` or ``organisational_transfer``.
    """

    individual_account: Decimal
    pooled_fund_transfer: Decimal
    pooled_fund_breakdown: tuple[PooledFundYear, ...]
    total: Decimal
    relationship_to: str
    temporary_account: bool
    temporary_account_reason: str | None
    payout_region: str | None
    payout_region_name: str | None
    payout_rule: int | None
    payout_reason: str | None
    relationship_rule: str | None = None

    @classmethod
    def parse(cls, f: Fields) -> TransferOutcome:
        """Parse an outcome (a preview's ``if_confirmed``)."""
        return cls(**cls.members(f))

    @staticmethod
    def members(f: Fields) -> dict[str, Any]:
        """The outcome's members of a preview or an ``if_confirmed`` object."""
        return {
            "individual_account": f.money("individual_account"),
            "pooled_fund_transfer": f.money("pooled_fund_transfer"),
            "pooled_fund_breakdown": f.each(
                "pooled_fund_breakdown", PooledFundYear.parse
            ),
            "total": f.money("total"),
            "relationship_to": f.text("relationship_to"),
            "temporary_account": f.flag("temporary_account"),
            "temporary_account_reason": f.opt_text("temporary_account_reason"),
            "payout_region": f.opt_text("payout_region"),
            "payout_region_name": f.opt_text("payout_region_name"),
            "payout_rule": f.opt_integer("payout_rule"),
            "payout_reason": f.opt_text("payout_reason"),
            "relationship_rule": f.opt_text("relationship_rule") or None,
        }


@dataclass(frozen=True, kw_only=True)
class TransferPreview(TransferOutcome):
    """``POST /transfers/preview``: what a transfer would move and where.

    The outcome members are those that hold now; while an organisational
    transfer is claimed but not yet confirmed by staff, ``if_confirmed`` is the
    outcome once they confirm it (None when confirming would change nothing).
    """

    kind: str
    from_region: str
    to_region: str
    contribution_years_by_region: tuple[RegionYears, ...]
    steps: tuple[StepDeadline, ...]
    from_region_name: str | None = None
    to_region_name: str | None = None
    cross_province: bool | None = None  # 跨省; False: 省内
    from_province_name: str | None = None
    to_province_name: str | None = None
    hukou_province_name: str | None = None
    organisational_transfer: str = "none"
    if_confirmed: TransferOutcome | None = None

    @classmethod
    def parse(cls, f: Fields) -> TransferPreview:
        """Parse a transfer preview."""
        alternative = f.opt_obj("if_confirmed")
        return cls(
            **TransferOutcome.members(f),
            kind=f.text("kind"),
            from_region=f.text("from_region"),
            to_region=f.text("to_region"),
            contribution_years_by_region=f.each(
                "contribution_years_by_region", RegionYears.parse
            ),
            steps=f.each("steps", StepDeadline.parse),
            from_region_name=f.opt_text("from_region_name"),
            to_region_name=f.opt_text("to_region_name"),
            cross_province=f.flag("cross_province")
            if f.has("cross_province")
            else None,
            from_province_name=f.opt_text("from_province_name"),
            to_province_name=f.opt_text("to_province_name"),
            hukou_province_name=f.opt_text("hukou_province_name"),
            organisational_transfer=f.opt_text("organisational_transfer") or "none",
            if_confirmed=TransferOutcome.parse(alternative) if alternative else None,
        )


@dataclass(frozen=True, kw_only=True)
class TimelineEntry:
    """One status change of a request: when, by whom, why."""

    status: str
    at: dt.datetime
    actor: str | None
    reason: str | None

    @classmethod
    def parse(cls, f: Fields) -> TimelineEntry:
        """Parse a timeline entry."""
        return cls(
            status=f.text("status"),
            at=f.moment("at"),
            actor=f.opt_text("actor"),
            reason=f.opt_text("reason"),
        )


@dataclass(frozen=True, kw_only=True)
class RequestStep:
    """A procedure step of a request: done, current or pending, and its deadline."""

    step: str
    status: str
    deadline: dt.date | None

    @classmethod
    def parse(cls, f: Fields) -> RequestStep:
        """Parse a request step."""
        return cls(
            step=f.text("step"), status=f.text("status"), deadline=f.opt_day("deadline")
        )


@dataclass(frozen=True, kw_only=True)
class OrganisationalReview:
    """The staff's check of a claimed organisational transfer: who, when, why."""

    confirmed: bool
    actor: str
    at: dt.datetime
    reason: str

    @classmethod
    def parse(cls, f: Fields) -> OrganisationalReview:
        """Parse ``organisational_transfer_review``."""
        return cls(
            confirmed=f.flag("confirmed"),
            actor=f.text("actor"),
            at=f.moment("at"),
            reason=f.text("reason"),
        )


@dataclass(frozen=True, kw_only=True)
class RequestDetail:
    """A transfer or an unemployment claim with its timeline and steps.

    ``status_token`` lets anyone holding the printed slip look the status up;
    it is kept out of ``repr``.
    """

    reference: str
    kind: str
    status: str
    created_at: dt.datetime
    updated_at: dt.datetime | None = None
    from_region: str | None = None
    to_region: str | None = None
    from_region_name: str | None = None
    to_region_name: str | None = None
    status_token: str | None = field(default=None, repr=False)
    total: Decimal | None = None
    timeline: tuple[TimelineEntry, ...] = ()
    steps: tuple[RequestStep, ...] = ()
    next_step: str | None = None
    next_deadline: dt.date | None = None
    max_months: int | None = None
    monthly_amount: Decimal | None = None
    ssn: str | None = None  # staff review lists name the applicant
    name: str | None = None
    organisational_transfer: str = "none"
    organisational_transfer_review: OrganisationalReview | None = None

    @classmethod
    def parse(cls, f: Fields) -> RequestDetail:
        """Parse a transfer/claim detail (or summary: lists may be absent)."""
        timeline = f.each("timeline", TimelineEntry.parse) if f.has("timeline") else ()
        steps = f.each("steps", RequestStep.parse) if f.has("steps") else ()
        review = f.opt_obj("organisational_transfer_review")
        return cls(
            reference=f.text("reference"),
            kind=f.text("kind"),
            status=f.text("status"),
            created_at=f.moment("created_at"),
            updated_at=f.opt_moment("updated_at"),
            from_region=f.opt_text("from_region"),
            to_region=f.opt_text("to_region"),
            from_region_name=f.opt_text("from_region_name"),
            to_region_name=f.opt_text("to_region_name"),
            status_token=f.opt_text("status_token"),
            total=f.opt_money("total"),
            timeline=timeline,
            steps=steps,
            next_step=f.opt_text("next_step"),
            next_deadline=f.opt_day("next_deadline"),
            max_months=f.opt_integer("max_months"),
            monthly_amount=f.opt_money("monthly_amount"),
            ssn=f.opt_text("ssn"),
            name=f.opt_text("name"),
            organisational_transfer=f.opt_text("organisational_transfer") or "none",
            organisational_transfer_review=(
                OrganisationalReview.parse(review) if review else None
            ),
        )


def parse_request_list(f: Fields) -> tuple[RequestDetail, ...]:
    """``GET /transfers`` and ``GET /claims``: ``{items: [...]}``."""
    return f.each("items", RequestDetail.parse)


@dataclass(frozen=True, kw_only=True)
class Eligibility:
    """``GET /claims/unemployment/eligibility``."""

    eligible: bool
    reason: str | None
    contribution_months: int
    max_months: int
    carried_over_months: int
    monthly_amount: Decimal | None
    region: str | None = None

    @classmethod
    def parse(cls, f: Fields) -> Eligibility:
        """Parse the eligibility answer."""
        return cls(
            eligible=f.flag("eligible"),
            reason=f.opt_text("reason"),
            contribution_months=f.integer("contribution_months"),
            max_months=f.integer("max_months"),
            carried_over_months=f.integer("carried_over_months"),
            monthly_amount=f.opt_money("monthly_amount"),
            region=f.opt_text("region"),
        )


@dataclass(frozen=True, kw_only=True)
class CertificateInsurance:
    """One insurance line of the insurance certificate (参保证明)."""

    insurance: str
    status: str
    region_name: str | None
    contribution_months: int
    first_month: str | None
    last_month: str | None

    @classmethod
    def parse(cls, f: Fields) -> CertificateInsurance:
        """Parse a certificate insurance line."""
        return cls(
            insurance=f.text("insurance"),
            status=f.text("status"),
            region_name=f.opt_text("region_name"),
            contribution_months=f.integer("contribution_months"),
            first_month=f.opt_text("first_month"),
            last_month=f.opt_text("last_month"),
        )


@dataclass(frozen=True, kw_only=True)
class CertificateData:
    """``GET /certificate`` and the public verification of a printed one."""

    verification_code: str
    issued_at: dt.datetime
    person: Person
    insurances: tuple[CertificateInsurance, ...]
    verify_url: str | None

    @classmethod
    def parse(cls, f: Fields) -> CertificateData:
        """Parse certificate data."""
        return cls(
            verification_code=f.text("verification_code"),
            issued_at=f.moment("issued_at"),
            person=Person.parse(f.obj("person")),
            insurances=f.each("insurances", CertificateInsurance.parse),
            verify_url=f.opt_text("verify_url"),
        )


@dataclass(frozen=True, kw_only=True)
class Challenge:
    """``POST /auth/challenge``: a single-use 32-byte nonce for one card."""

    challenge_id: str
    nonce: bytes
    expires_at: dt.datetime

    @classmethod
    def parse(cls, f: Fields) -> Challenge:
        """Parse a challenge."""
        return cls(
            challenge_id=f.text("challenge_id"),
            nonce=f.hexbytes("nonce", 32),
            expires_at=f.moment("expires_at"),
        )


@dataclass(frozen=True, kw_only=True)
class SessionInfo:
    """``POST /auth/session``: the bearer token (never in a repr) and its lifetime."""

    token: str = field(repr=False)
    expires_at: dt.datetime
    purpose: str

    @classmethod
    def parse(cls, f: Fields) -> SessionInfo:
        """Parse a session answer."""
        return cls(
            token=f.text("token"),
            expires_at=f.moment("expires_at"),
            purpose=f.text("purpose"),
        )


@dataclass(frozen=True, kw_only=True)
class TemporaryLossReceipt:
    """``POST /loss-reports/temporary``: card temporarily lost until ``lapses_at``."""

    card_number_masked: str
    status: str
    lapses_at: dt.datetime

    @classmethod
    def parse(cls, f: Fields) -> TemporaryLossReceipt:
        """Parse a loss-report receipt."""
        return cls(
            card_number_masked=f.text("card_number_masked"),
            status=f.text("status"),
            lapses_at=f.moment("lapses_at"),
        )


@dataclass(frozen=True, kw_only=True)
class CardStatus:
    """``DELETE /loss-reports/temporary``: the card's new status."""

    card_number: str
    status: str

    @classmethod
    def parse(cls, f: Fields) -> CardStatus:
        """Parse a card status answer."""
        return cls(card_number=f.text("card_number"), status=f.text("status"))


@dataclass(frozen=True, kw_only=True)
class PublicRequestStatus:
    """``GET /public/requests/{reference}``: status for the holder of a slip."""

    reference: str
    kind: str
    status: str
    updated_at: dt.datetime
    next_step: str | None
    next_deadline: dt.date | None

    @classmethod
    def parse(cls, f: Fields) -> PublicRequestStatus:
        """Parse a public request status."""
        return cls(
            reference=f.text("reference"),
            kind=f.text("kind"),
            status=f.text("status"),
            updated_at=f.moment("updated_at"),
            next_step=f.opt_text("next_step"),
            next_deadline=f.opt_day("next_deadline"),
        )


@dataclass(frozen=True, kw_only=True)
class Health:
    """``GET /healthz``."""

    status: str
    database: str
    version: str

    @classmethod
    def parse(cls, f: Fields) -> Health:
        """Parse the health answer."""
        return cls(
            status=f.text("status"),
            database=f.text("database"),
            version=f.text("version"),
        )
