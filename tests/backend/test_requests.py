# SPDX-License-Identifier: Apache-2.0
"""Accounts, transfer previews (every 10-year case), signed submissions, claims."""

from __future__ import annotations

from typing import Any

import pytest

from card.auth import canonical_json
from tests.backend.conftest import Env, error_code


def signed_headers(
    env: Env,
    card: str,
    path: str,
    body: dict[str, Any],
    key: str | None = None,
    signed_at: int | None = None,
) -> dict[str, str]:
    return env.signer(card).submission_headers(
        env.kiosk, path, canonical_json(body), key=key, signed_at=signed_at
    )


def post_preview(env: Env, card: str, body: dict[str, Any]) -> Any:
    return env.client.post(
        "/api/v1/transfers/preview", headers=env.login(card), json=body
    )


def preview(env: Env, card: str, kind: str, to: str, **extra: object) -> dict[str, Any]:
    got = post_preview(env, card, {"kind": kind, "to_region": to, **extra})
    assert got.status_code == 200, got.text
    answer: dict[str, Any] = got.json()
    return answer


def test_accounts_and_contributions(env: Env) -> None:
    headers = env.login("D00000145")  # 黄磊, Beijing 2012-07 .. 2023-03
    accounts = env.client.get("/api/v1/accounts", headers=headers).json()
    pension = next(a for a in accounts["accounts"] if a["insurance"] == "pension")
    assert pension["region"] == "110000" and pension["status"] == "suspended"
    assert (
        pension["contribution_months"] == 129
        and pension["last_paid_month"] == "2023-03"
    )
    assert {y["insurance"] for y in accounts["by_year"]} >= {"pension", "medical"}
    page = env.client.get(
        "/api/v1/contributions?insurance=pension&page=2&page_size=5", headers=headers
    ).json()
    assert page["total"] == 129 and len(page["items"]) == 5
    first = page["items"][0]
    assert first["month"] == "2022-10" and first["region_name"] == "北京市"
    # 8% employee, 16% employer of the base, as decimal strings
    base = int(first["base"].replace(".", ""))
    assert int(first["employee_amount"].replace(".", "")) == round(base * 0.08)
    regions = env.client.get("/api/v1/regions", headers=headers).json()["regions"]
    assert {"code": "310000", "name": "上海市", "province": "31"} in regions


def test_pension_temporary_account_for_man_52_moving_province(env: Env) -> None:
    got = preview(env, "D00000011", "pension", "310000")
    assert got["temporary_account"] is True and got["relationship_to"] == "440300"
    assert got["total"] == "0.00" and "Men aged 50" in got["temporary_account_reason"]
    assert got["payout_rule"] == 2


def test_pension_temporary_account_for_woman_41(env: Env) -> None:
    got = preview(env, "D00000022", "pension", "110000")
    assert got["temporary_account"] is True and got["relationship_to"] == "440100"
    assert "Women aged 40" in got["temporary_account_reason"]


def test_pension_case_1_home_to_hukou(env: Env) -> None:
    got = preview(env, "D00000033", "pension", "420100")
    assert (got["payout_rule"], got["payout_region"]) == (1, "420100")
    assert got["temporary_account"] is False and got["relationship_to"] == "420100"
    pooled = sum(
        int(y["amount"].replace(".", "")) for y in got["pooled_fund_breakdown"]
    )
    assert int(got["pooled_fund_transfer"].replace(".", "")) == pooled
    first = got["pooled_fund_breakdown"][0]
    assert first["year"] == 2013 and first["months"] == 5  # from 2013-08
    assert int(first["amount"].replace(".", "")) == round(
        int(first["wage_total"].replace(".", "")) * 0.12
    )
    total = int(got["individual_account"].replace(".", "")) + pooled
    assert int(got["total"].replace(".", "")) == total


@pytest.mark.parametrize(
    ("card", "to", "rule", "payout"),
    [
        ("D00000044", "110000", 2, "110000"),  # 13 years in Beijing already
        ("D00000055", "310000", 3, "440100"),  # Guangzhou 11 years, Shanghai < 10
        ("D00000066", "110000", 4, "420100"),  # nowhere 10 years: hukou Wuhan
    ],
)
def test_pension_ten_year_rule_cases(
    env: Env, card: str, to: str, rule: int, payout: str
) -> None:
    got = preview(env, card, "pension", to)
    assert (got["payout_rule"], got["payout_region"]) == (rule, payout)
    assert got["payout_reason"]


def test_pension_pooled_fund_starts_in_1998(env: Env) -> None:
    got = preview(env, "D00000202", "pension", "420100")  # 宋建国, Guangzhou since 2010
    assert got["from_region"] == "440100" and got["payout_rule"] == 1
    assert got["pooled_fund_breakdown"][0]["year"] == 2010
    got = preview(env, "D00000189", "pension", "440300")  # 罗刚, Guangzhou 1997-2014
    years = [y["year"] for y in got["pooled_fund_breakdown"]]
    assert years[0] == 1998 and years[-1] == 2014


def test_pension_move_inside_a_province_opens_no_temporary_account(env: Env) -> None:
    # 邓建华, man of 50, hukou 510100 (四川省), in Shenzhen since 2006-03
    inside = preview(env, "D00000224", "pension", "440100")
    assert (inside["from_region"], inside["cross_province"]) == ("440300", False)
    assert inside["relationship_rule"] == "within_province"
    assert inside["temporary_account"] is False
    assert inside["relationship_to"] == "440100"
    assert (inside["from_province_name"], inside["to_province_name"]) == (
        "广东省",
        "广东省",
    )
    assert inside["hukou_province_name"] == "四川省"
    moved = int(inside["individual_account"].replace(".", ""))
    pooled = int(inside["pooled_fund_transfer"].replace(".", ""))
    assert moved > 0 and pooled > 0
    assert int(inside["total"].replace(".", "")) == moved + pooled
    # 广州 has no years and is not in 四川: case 3, Shenzhen's 20 years
    assert (inside["payout_rule"], inside["payout_region"]) == (3, "440300")
    # the same man across provinces (44 -> 31, not 51): the age rule applies
    across = preview(env, "D00000224", "pension", "310000")
    assert across["cross_province"] is True
    assert across["relationship_rule"] == "temporary_account"
    assert across["temporary_account"] is True and across["total"] == "0.00"
    assert across["relationship_to"] == "440300"


def test_pension_back_into_the_hukou_province_another_city(env: Env) -> None:
    # 彭志强, 52, hukou 440100 (广州), Shanghai since 2017-04 (< 10 years),
    # Changsha 2009-2017 (< 10): to Shenzhen, 广东省, another city
    got = preview(env, "D00000235", "pension", "440300")
    assert (got["from_region"], got["cross_province"]) == ("310000", True)
    assert got["relationship_rule"] == "into_hukou_province"
    assert got["temporary_account"] is False and got["relationship_to"] == "440300"
    assert got["hukou_province"] == got["to_province"] == "44"
    # case 1 at province level: paid in Shenzhen, not gathered to 440100
    assert (got["payout_rule"], got["payout_region"]) == (1, "440300")
    assert "广东省" in got["payout_reason"]
    assert got["total"] != "0.00"


def test_pension_back_into_the_hukou_province_at_58(env: Env) -> None:
    got = preview(env, "D00000202", "pension", "420100")  # 宋建国, 58, GZ -> WH
    assert got["relationship_rule"] == "into_hukou_province"
    assert got["temporary_account"] is False and got["cross_province"] is True


def test_organisational_transfer_claim_shows_both_outcomes(env: Env) -> None:
    # 韩东, 53, hukou 430100, Beijing since 2003-09, sent to Shanghai
    plain = preview(env, "D00000246", "pension", "310000")
    assert plain["temporary_account"] is True and plain["if_confirmed"] is None
    assert plain["organisational_transfer"] == "none"
    claimed = preview(
        env, "D00000246", "pension", "310000", organisational_transfer=True
    )
    # until staff confirm, the age rule holds; the confirmed outcome is beside it
    assert claimed["organisational_transfer"] == "claimed"
    assert claimed["temporary_account"] is True and claimed["total"] == "0.00"
    alt = claimed["if_confirmed"]
    assert alt["relationship_rule"] == "organisational_transfer"
    assert alt["temporary_account"] is False and alt["relationship_to"] == "310000"
    assert alt["total"] != "0.00"
    assert int(alt["individual_account"].replace(".", "")) > 0
    assert alt["pooled_fund_breakdown"][0] == {
        "year": 2003,
        "wage_total": "28000.00",  # 2003-09 .. 2003-12 at 7000.00
        "months": 4,
        "amount": "3360.00",  # 12%
    }
    # Shanghai has no years yet: case 3, Beijing (23 years)
    assert (alt["payout_rule"], alt["payout_region"]) == (3, "110000")
    # a claim that changes nothing has no second outcome
    inside = preview(
        env, "D00000224", "pension", "440100", organisational_transfer=True
    )
    assert inside["organisational_transfer"] == "claimed"
    assert inside["if_confirmed"] is None


def test_organisational_transfer_is_for_pensions_only(env: Env) -> None:
    body = {"kind": "medical", "to_region": "310000", "organisational_transfer": True}
    got = post_preview(env, "D00000246", body)
    assert (got.status_code, error_code(got)) == (400, "invalid_request")
    number = {**body, "kind": "pension", "organisational_transfer": 1}
    got = post_preview(env, "D00000246", number)
    assert error_code(got) == "invalid_request"  # a flag, not a number


def test_medical_transfer_and_conflicts(env: Env) -> None:
    got = preview(env, "D00000213", "medical", "440100")
    assert got["steps"] == [
        {"step": "transfer_out", "deadline_working_days": 10},
        {"step": "load_in", "deadline_working_days": 5},
    ]
    assert got["total"] == got["individual_account"] != "0.00"
    headers = env.login("D00000190")  # 梁静, only ever in Chengdu
    same = env.client.post(
        "/api/v1/transfers/preview",
        headers=headers,
        json={"kind": "pension", "to_region": "510100"},
    )
    assert (same.status_code, error_code(same)) == (409, "conflict")
    assert same.json()["error"]["detail"]["rule"] == "same_region"
    unknown = env.client.post(
        "/api/v1/transfers/preview",
        headers=headers,
        json={"kind": "pension", "to_region": "999999"},
    )
    assert error_code(unknown) == "not_found"


def test_signed_transfer_idempotent_replay_and_mismatch(env: Env) -> None:
    path, body = "/api/v1/transfers", {"kind": "medical", "to_region": "110000"}
    headers = signed_headers(env, "D00000134", path, body)
    first = env.client.post(path, json=body, headers=headers)
    assert first.status_code == 201, first.text
    detail = first.json()
    assert detail["status"] == "submitted" and detail["kind"] == "medical"
    assert detail["steps"][0]["status"] == "current" and detail["next_deadline"]
    again = env.client.post(path, json=body, headers=headers)
    assert again.status_code == 200 and again.json()["reference"] == detail["reference"]
    other = {"kind": "medical", "to_region": "310000"}
    resigned = signed_headers(
        env, "D00000134", path, other, key=headers["Idempotency-Key"]
    )
    got = env.client.post(path, json=other, headers=resigned)
    assert (got.status_code, error_code(got)) == (409, "idempotency_mismatch")
    session = env.login("D00000134")
    listed = env.client.get("/api/v1/transfers", headers=session).json()["items"]
    assert [i["reference"] for i in listed].count(detail["reference"]) == 1
    one = env.client.get(f"/api/v1/transfers/{detail['reference']}", headers=session)
    assert one.json()["timeline"][0]["actor"] == "card:D00000134"
    public = env.client.get(
        f"/api/v1/public/requests/{detail['reference']}",
        params={"t": detail["status_token"]},
    )
    assert public.json()["status"] == "submitted"
    wrong = env.client.get(
        f"/api/v1/public/requests/{detail['reference']}", params={"t": "guess"}
    )
    assert error_code(wrong) == "not_found"


def test_a_second_open_transfer_of_the_same_kind_is_refused(env: Env) -> None:
    # D00000189 has a pension transfer under way (demo data); a new key and a
    # fresh card signature do not make a second one legal
    path, body = "/api/v1/transfers", {"kind": "pension", "to_region": "310000"}
    got = env.client.post(
        path, json=body, headers=signed_headers(env, "D00000189", path, body)
    )
    assert (got.status_code, error_code(got)) == (409, "conflict"), got.text
    assert got.json()["error"]["detail"]["reference"]
    assert got.json()["error"]["detail"]["rule"] == "in_progress"
    session = env.login("D00000189")
    listed = env.client.get("/api/v1/transfers", headers=session).json()["items"]
    assert len([i for i in listed if i["kind"] == "pension"]) == 1


def test_submission_signature_must_bind_body_and_card(env: Env) -> None:
    path, body = "/api/v1/transfers", {"kind": "pension", "to_region": "420100"}
    headers = signed_headers(env, "D00000033", path, body)
    tampered = {"kind": "pension", "to_region": "110000"}
    got = env.client.post(path, json=tampered, headers=headers)
    assert (got.status_code, error_code(got)) == (403, "signature_invalid")
    other_card = {**headers, "X-Card-Number": "D00000044"}
    assert (
        error_code(env.client.post(path, json=body, headers=other_card))
        == "signature_invalid"
    )
    missing = {k: v for k, v in headers.items() if k != "X-Card-Signature"}
    assert (
        error_code(env.client.post(path, json=body, headers=missing))
        == "invalid_request"
    )
    no_kiosk = {k: v for k, v in headers.items() if not k.startswith("X-Kiosk")}
    assert (
        error_code(env.client.post(path, json=body, headers=no_kiosk))
        == "kiosk_unauthorized"
    )


def test_unemployment_refused_under_one_year(env: Env) -> None:
    headers = env.login("D00000077")
    got = env.client.get("/api/v1/claims/unemployment/eligibility", headers=headers)
    assert got.json()["eligible"] is False and got.json()["max_months"] == 0
    path = "/api/v1/claims/unemployment"
    body = {
        "separation_date": "2026-11-01",
        "reason": "dismissed",
        "registered_unemployed": True,
    }
    refused = env.client.post(
        path, json=body, headers=signed_headers(env, "D00000077", path, body)
    )
    assert (refused.status_code, error_code(refused)) == (422, "not_eligible")
    assert "12 months" in refused.json()["error"]["detail"]["reason"]
    assert refused.json()["error"]["detail"]["rule"] == "too_few_months"


@pytest.mark.parametrize(
    ("card", "months", "carried"),
    [
        ("D00000088", 24, 15),  # 81 months since the 2019 claim -> 18, +15 -> cap 24
        ("D00000145", 24, 0),  # 129 months -> 24
        ("D00000156", 12, 0),  # 38 months -> 12
        ("D00000167", 18, 0),  # 90 months -> 18
    ],
)
def test_unemployment_durations_and_carry_over(
    env: Env, card: str, months: int, carried: int
) -> None:
    got = env.client.get(
        "/api/v1/claims/unemployment/eligibility", headers=env.login(card)
    ).json()
    assert (got["eligible"], got["max_months"], got["carried_over_months"]) == (
        True,
        months,
        carried,
    )


def test_unemployment_claim_submitted_and_resigned_refused(env: Env) -> None:
    path = "/api/v1/claims/unemployment"
    resigned = {
        "separation_date": "2023-03-31",
        "reason": "resigned",
        "registered_unemployed": True,
    }
    got = env.client.post(
        path, json=resigned, headers=signed_headers(env, "D00000167", path, resigned)
    )
    assert error_code(got) == "not_eligible"
    assert got.json()["error"]["detail"]["rule"] == "resigned"
    body = {
        "separation_date": "2023-02-28",
        "reason": "contract_ended",
        "registered_unemployed": True,
    }
    got = env.client.post(
        path, json=body, headers=signed_headers(env, "D00000156", path, body)
    )
    assert got.status_code == 201, got.text
    claim = got.json()
    assert claim["kind"] == "unemployment" and claim["max_months"] == 12
    assert claim["monthly_amount"] == "2088.00"  # Shenzhen's configured amount
    listed = env.client.get("/api/v1/claims", headers=env.login("D00000156")).json()
    assert claim["reference"] in [c["reference"] for c in listed["items"]]


def test_insurance_certificate_and_public_verification(env: Env) -> None:
    got = env.client.get("/api/v1/certificate", headers=env.login("D00000190"))
    cert = got.json()
    assert cert["person"]["name"] == "梁静"
    assert {i["insurance"] for i in cert["insurances"]} == {
        "pension",
        "medical",
        "unemployment",
        "work_injury",
        "maternity",
    }
    assert cert["verify_url"] is None  # no [public] base_url configured
    public = env.client.get(f"/api/v1/public/certificates/{cert['verification_code']}")
    assert public.status_code == 200 and public.json() == cert
    assert error_code(env.client.get("/api/v1/public/certificates/NOPE")) == "not_found"
