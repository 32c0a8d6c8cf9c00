# SPDX-License-Identifier: Apache-2.0
"""Domain rules (docs/domain.md) with examples worked by hand in the comments."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from backend.errors import ConflictError
from backend.money import percent_of, to_cents, to_str
from backend.rules import pension, provinces, steps, unemployment
from backend.rules.cards import CardStatus, effective_status, temporary_loss_lapses_at
from backend.rules.workdays import add_working_days

P = pension.PaidMonth
NAMES = {"440300": "深圳市", "310000": "上海市", "430100": "长沙市", "440100": "广州市"}


def test_money_round_trip_and_rounding() -> None:
    assert to_str(123456) == "1234.56"
    assert to_str(-5) == "-0.05"
    assert to_cents("12.345") == 1235  # half up
    assert percent_of(600000, pension.POOLED_PERCENT) == 72000  # 12% of 6000.00


def test_pooled_fund_counts_from_1998_by_months_and_only_old_region() -> None:
    months = [
        P(month="1997-11", region="A", base_cents=100000),  # before 1998: ignored
        P(month="1997-12", region="A", base_cents=100000),
        P(month="1998-01", region="A", base_cents=200000),
        P(month="1998-02", region="A", base_cents=200000),
        P(month="1998-03", region="A", base_cents=200000),  # 3 months, 6000.00
        P(month="1998-04", region="B", base_cents=900000),  # other region: ignored
        *[
            P(month=f"2006-{m:02d}", region="A", base_cents=500000)
            for m in range(1, 13)
        ],
    ]
    years = pension.pooled_fund(months, "A")
    # 1998: 12% of 6000.00 = 720.00; 2006: 12% of 60000.00 = 7200.00
    assert [(y.year, y.months, y.wage_total_cents, y.amount_cents) for y in years] == [
        (1998, 3, 600000, 72000),
        (2006, 12, 6000000, 720000),
    ]


R = pension.MoveRule
MAN_1974 = ("1", date(1974, 3, 15))  # 52 on 2026-11-27, 50 on 2024-03-15
MAN_1976 = ("1", date(1976, 5, 20))  # 50 on 2026-11-27
WOMAN_1985 = ("2", date(1985, 6, 10))  # 41 on 2026-11-27
WOMAN_1987 = ("2", date(1987, 6, 10))  # 39 on 2026-11-27
DAY = date(2026, 11, 27)


@pytest.mark.parametrize(
    ("who", "on", "move", "rule"),
    [
        # 跨省 44 -> 31, hukou province 43: not home; 52 >= 50: article 5(2)
        (MAN_1974, DAY, ("440300", "310000", "430100"), R.TEMPORARY_ACCOUNT),
        # the same move the day before his 50th birthday, and on it
        (MAN_1974, date(2024, 3, 14), ("440300", "310000", "430100"), R.NEW_PROVINCE),
        (
            MAN_1974,
            date(2024, 3, 15),
            ("440300", "310000", "430100"),
            R.TEMPORARY_ACCOUNT,
        ),
        # 省内: 440300 -> 440100 is inside 44; his hukou province (51) does not
        # matter, nor his age: the national exception is for moves across
        (MAN_1976, DAY, ("440300", "440100", "510100"), R.WITHIN_PROVINCE),
        # 跨省 back into the hukou province (42), at 52: article 5(1)
        (MAN_1974, DAY, ("440100", "420100", "420100"), R.INTO_HUKOU_PROVINCE),
        # into the hukou province (43) but another city than the hukou (430100)
        (MAN_1974, DAY, ("440300", "430200", "430100"), R.INTO_HUKOU_PROVINCE),
        (MAN_1974, DAY, ("310000", "330200", "330100"), R.INTO_HUKOU_PROVINCE),
        # leaving the hukou province for another city of the same province
        (MAN_1974, DAY, ("440100", "440300", "440100"), R.WITHIN_PROVINCE),
        # women: 40+ keeps it, 39 moves
        (WOMAN_1985, DAY, ("440100", "110000", "510100"), R.TEMPORARY_ACCOUNT),
        (WOMAN_1987, DAY, ("440100", "110000", "510100"), R.NEW_PROVINCE),
    ],
)
def test_relationship_rule_by_province_and_age(
    who: tuple[str, date], on: date, move: tuple[str, str, str], rule: pension.MoveRule
) -> None:
    gender, birth = who
    regions = pension.Move(from_region=move[0], to_region=move[1], hukou_region=move[2])
    got = pension.relationship_rule(regions, gender=gender, birth_date=birth, on=on)
    assert got is rule
    keeps = pension.keeps_relationship(regions, gender=gender, birth_date=birth, on=on)
    assert keeps is (rule is R.TEMPORARY_ACCOUNT)


@pytest.mark.parametrize(
    ("move", "rule"),
    [
        # 53-year-old man sent 110000 -> 310000 by the organisation department,
        # hukou 430100: confirmed, article 5(3) lifts the age rule
        (("110000", "310000", "430100"), R.ORGANISATIONAL_TRANSFER),
        # the flag changes nothing where the age rule did not apply anyway
        (("440300", "440100", "510100"), R.WITHIN_PROVINCE),
        (("110000", "430100", "430100"), R.INTO_HUKOU_PROVINCE),
    ],
)
def test_confirmed_organisational_transfer_is_exempt_from_the_age_rule(
    move: tuple[str, str, str], rule: pension.MoveRule
) -> None:
    regions = pension.Move(from_region=move[0], to_region=move[1], hukou_region=move[2])
    born = date(1973, 1, 25)
    got = pension.relationship_rule(
        regions, gender="1", birth_date=born, on=DAY, organisational_transfer=True
    )
    assert got is rule
    assert not pension.keeps_relationship(
        regions, gender="1", birth_date=born, on=DAY, organisational_transfer=True
    )
    # the same man without the confirmation
    unconfirmed = pension.relationship_rule(
        regions, gender="1", birth_date=born, on=DAY
    )
    assert (unconfirmed is R.TEMPORARY_ACCOUNT) is (rule is R.ORGANISATIONAL_TRANSFER)


def _history(*entries: tuple[str, int, str]) -> list[pension.RegionYears]:
    return [
        pension.RegionYears(region=r, months=m, last_month=last)
        for r, m, last in entries
    ]


def test_payout_case_1_relationship_in_hukou_region() -> None:
    got = pension.payout_region(
        relationship_region="430100",
        hukou_region="430100",
        history=_history(("440300", 200, "2026-10")),
        names=NAMES,
    )
    assert (got.region, got.rule) == ("430100", 1)
    assert "in 长沙市, in your hukou province (湖南省)" in got.reason


@pytest.mark.parametrize(
    "history",
    [
        # a 10-year region elsewhere would win case 2/3 if 330200 counted as
        # "not the hukou region"; nowhere 10 years would gather to 330100
        (("330200", 30, "2026-10"), ("440300", 150, "2024-03")),
        (("330200", 30, "2026-10"), ("310000", 60, "2024-03")),
    ],
)
def test_payout_case_1_hukou_province_other_city(
    history: tuple[tuple[str, int, str], ...],
) -> None:
    # hukou 330100 (杭州), relationship in 330200 (宁波): the same province,
    # 浙江省 (33), so case 1 and the pension is paid where the relationship is
    got = pension.payout_region(
        relationship_region="330200",
        hukou_region="330100",
        history=_history(*history),
        names=NAMES,
    )
    assert (got.region, got.rule) == ("330200", 1)
    assert "浙江省" in got.reason


def test_payout_case_2_ten_years_where_the_relationship_is() -> None:
    history = _history(("440300", 120, "2026-10"), ("440100", 130, "2010-01"))
    got = pension.payout_region(
        relationship_region="440300",
        hukou_region="430100",
        history=history,
        names=NAMES,
    )
    assert (got.region, got.rule) == ("440300", 2)
    assert "10 contribution years there" in got.reason


def test_payout_case_3_most_recent_earlier_region_with_ten_years() -> None:
    history = _history(
        ("310000", 119, "2026-10"),
        ("440100", 121, "2016-12"),
        ("440300", 150, "2006-12"),
    )
    got = pension.payout_region(
        relationship_region="310000",
        hukou_region="430100",
        history=history,
        names=NAMES,
    )
    # 119 months is 9.9 years: not enough; 广州 is the most recent with >= 10
    assert (got.region, got.rule) == ("440100", 3)
    assert "广州市" in got.reason and "fewer than 10" in got.reason


def test_payout_case_4_nowhere_ten_years_goes_to_hukou() -> None:
    history = _history(("310000", 60, "2026-10"), ("440300", 60, "2021-06"))
    got = pension.payout_region(
        relationship_region="310000",
        hukou_region="430100",
        history=history,
        names=NAMES,
    )
    assert (got.region, got.rule) == ("430100", 4)
    assert "hukou province (湖南省), at 长沙市" in got.reason


def test_provinces_are_the_first_two_digits() -> None:
    assert provinces.province_of("330200") == "33"
    assert provinces.same_province("440300", "440100")
    assert not provinces.same_province("440300", "430100")
    assert provinces.province_name("510100") == "四川省"
    assert provinces.province_name("990000") == "99"  # not a province: the code


def test_years_by_region_most_recent_first() -> None:
    months = [
        P(month="2001-01", region="A", base_cents=1),
        P(month="2001-02", region="A", base_cents=1),
        P(month="2002-01", region="B", base_cents=1),
    ]
    assert [(r.region, r.months) for r in pension.years_by_region(months)] == [
        ("B", 1),
        ("A", 2),
    ]


@pytest.mark.parametrize(
    ("start", "days", "holidays", "expected"),
    [
        (date(2026, 11, 27), 1, (), date(2026, 11, 30)),  # Friday -> Monday
        (date(2026, 11, 27), 15, (), date(2026, 12, 18)),  # three whole weeks
        (date(2026, 11, 27), 15, (date(2026, 12, 1),), date(2026, 12, 21)),
        (
            date(2026, 9, 30),
            3,
            (
                date(2026, 10, 1),
                date(2026, 10, 2),
                date(2026, 10, 5),
                date(2026, 10, 6),
                date(2026, 10, 7),
            ),
            date(2026, 10, 12),
        ),
        (date(2026, 11, 28), 0, (), date(2026, 11, 28)),
    ],
)
def test_working_days_skip_weekends_and_holidays(
    start: date, days: int, holidays: tuple[date, ...], expected: date
) -> None:
    assert add_working_days(start, days, holidays) == expected


@pytest.mark.parametrize(
    ("months", "expected"),
    [(11, 0), (12, 12), (59, 12), (60, 18), (119, 18), (120, 24), (400, 24)],
)
def test_unemployment_duration_by_contribution_years(
    months: int, expected: int
) -> None:
    assert unemployment.duration_for(months) == expected


def test_unemployment_refused_under_one_year() -> None:
    got = unemployment.evaluate(contribution_months=8, carried_over_months=0)
    assert not got.eligible and got.max_months == 0
    assert "8 months" in got.reason and "12 months" in got.reason


def test_unemployment_carry_over_capped_at_24() -> None:
    # 81 months since the last claim -> 18; 15 unused carried -> 33 -> cap 24
    got = unemployment.evaluate(contribution_months=81, carried_over_months=15)
    assert got.eligible and got.max_months == 24 and got.carried_over_months == 15
    # 24 months -> 12; plus 5 carried -> 17
    assert (
        unemployment.evaluate(contribution_months=24, carried_over_months=5).max_months
        == 17
    )


def test_unemployment_needs_involuntary_loss_and_registration() -> None:
    resigned = unemployment.evaluate(
        contribution_months=40,
        carried_over_months=0,
        separation=unemployment.SeparationReason.RESIGNED,
        registered_unemployed=True,
    )
    assert not resigned.eligible and "resigned" in resigned.reason
    unregistered = unemployment.evaluate(
        contribution_months=40,
        carried_over_months=0,
        separation=unemployment.SeparationReason.DISMISSED,
        registered_unemployed=False,
    )
    assert not unregistered.eligible and "Register" in unregistered.reason


def test_temporary_loss_lapses_after_the_configured_days() -> None:
    reported = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)
    lapses = temporary_loss_lapses_at(reported, 7)
    assert lapses == datetime(2026, 12, 4, 9, 0, tzinfo=UTC)
    before = effective_status("temporarily_lost", lapses, lapses - timedelta(seconds=1))
    assert before.status is CardStatus.TEMPORARILY_LOST and not before.lapsed
    after = effective_status("temporarily_lost", lapses, lapses)
    assert after.status is CardStatus.ACTIVE and after.lapsed
    assert not effective_status("lost", lapses, lapses).lapsed


def test_pension_progress_deadlines_follow_each_step_start() -> None:
    # submitted Fri 2026-11-27, approved Fri 2026-12-04
    got = steps.progress("pension", "approved", [date(2026, 11, 27), date(2026, 12, 4)])
    assert [(s.step, s.status, s.deadline) for s in got.steps] == [
        ("review_and_consent", "done", date(2026, 12, 18)),
        ("transfer_funds", "current", date(2026, 12, 25)),
        ("complete_and_notify", "pending", date(2027, 1, 15)),
    ]
    assert (got.next_step, got.next_deadline) == ("transfer_funds", date(2026, 12, 25))


def test_rejected_and_completed_have_no_next_step() -> None:
    rejected = steps.progress("medical", "rejected", [date(2026, 11, 27)])
    assert [s.status for s in rejected.steps] == ["done", "pending"]
    assert rejected.next_step is None
    done = steps.progress("medical", "completed", [date(2026, 11, 27)])
    assert [s.status for s in done.steps] == ["done", "done"]


def test_status_machine_allows_only_the_documented_moves() -> None:
    assert steps.decide("submitted", True) is steps.S.APPROVED
    assert steps.decide("under_review", False) is steps.S.REJECTED
    assert steps.advance("transfer", "approved") is steps.S.FUNDS_TRANSFERRED
    assert steps.advance("transfer", "funds_transferred") is steps.S.COMPLETED
    assert steps.advance("claim", "approved") is steps.S.COMPLETED
    with pytest.raises(ConflictError):
        steps.decide("approved", True)
    with pytest.raises(ConflictError):
        steps.advance("claim", "rejected")
    with pytest.raises(ConflictError):
        steps.advance("transfer", "completed")
