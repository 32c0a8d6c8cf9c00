# SPDX-License-Identifier: Apache-2.0
"""Response parsing: typed values out, MalformedResponseError on anything else."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

import pytest

from backend_client import models as m
from backend_client._parse import Fields, load_json
from backend_client.errors import MalformedResponseError

ME = {
    "person": {
        "ssn": "110101199003071234",
        "name": "张三",
        "gender": "1",
        "birth_date": "1990-03-07",
        "hukou_region": "110101",
        "hukou_region_name": "北京市东城区",
        "mobile_masked": "138****0000",
    },
    "card": {
        "card_number": "A12345678",
        "status": "active",
        "issue_date": "2020-01-01",
        "expiry_date": "2030-01-01",
    },
}

ACCOUNTS = {
    "accounts": [
        {
            "insurance": "pension",
            "status": "active",
            "region": "110101",
            "region_name": "东城",
            "balance": "12345.67",
            "contribution_months": 120,
            "contribution_years": 10,
            "last_paid_month": "2024-12",
        }
    ],
    "by_year": [
        {
            "year": 2024,
            "insurance": "pension",
            "employee_amount": "960.00",
            "employer_amount": "1920.00",
            "months": 12,
        }
    ],
}

DETAIL = {
    "reference": "TR-2024-000001",
    "kind": "pension",
    "status": "submitted",
    "from_region": "110101",
    "to_region": "310101",
    "created_at": "2024-05-01T08:00:00+00:00",
    "status_token": "secret-token",
    "total": "50000.00",
    "timeline": [
        {
            "status": "submitted",
            "at": "2024-05-01T08:00:00Z",
            "actor": "resident",
            "reason": None,
        }
    ],
    "steps": [{"step": "review", "status": "current", "deadline": "2024-05-22"}],
    "next_step": "review",
    "next_deadline": "2024-05-22",
}


def parse(cls: Any, doc: Any) -> Any:
    return cls.parse(Fields(json.loads(json.dumps(doc)), "test"))


def test_me_parses_to_typed_values() -> None:
    me = parse(m.Me, ME)
    assert me.person.name == "张三"
    assert me.person.birth_date == dt.date(1990, 3, 7)
    assert me.card.expiry_date == dt.date(2030, 1, 1)


def test_money_is_decimal_and_exact() -> None:
    acc = parse(m.Accounts, ACCOUNTS)
    assert acc.accounts[0].balance == Decimal("12345.67")
    assert acc.by_year[0].employer_amount == Decimal("1920.00")
    assert acc.accounts[0].contribution_years == Decimal(10)


def test_request_detail_times_are_aware_and_token_hidden() -> None:
    detail = parse(m.RequestDetail, DETAIL)
    assert detail.created_at.tzinfo is not None
    assert detail.timeline[0].at == dt.datetime(2024, 5, 1, 8, tzinfo=dt.UTC)
    assert detail.steps[0].deadline == dt.date(2024, 5, 22)
    assert "secret-token" not in repr(detail)


def test_session_token_not_in_repr() -> None:
    info = parse(
        m.SessionInfo,
        {
            "token": "tok-SECRET",
            "purpose": "session",
            "expires_at": "2024-05-01T08:10:00+00:00",
        },
    )
    assert info.token == "tok-SECRET"
    assert "tok-SECRET" not in repr(info)


def test_challenge_nonce_is_32_bytes() -> None:
    ch = parse(
        m.Challenge,
        {
            "challenge_id": "c1",
            "nonce": "ab" * 32,
            "expires_at": "2024-05-01T08:01:00+00:00",
        },
    )
    assert ch.nonce == b"\xab" * 32
    with pytest.raises(MalformedResponseError, match="nonce"):
        parse(
            m.Challenge,
            {
                "challenge_id": "c1",
                "nonce": "ab" * 31,
                "expires_at": "2024-05-01T08:01:00+00:00",
            },
        )


def mutate(doc: dict[str, Any], path: list[Any], value: Any) -> dict[str, Any]:
    doc = json.loads(json.dumps(doc))
    target = doc
    for key in path[:-1]:
        target = target[key]
    if value is KeyError:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return doc


@pytest.mark.parametrize(
    ("cls", "doc", "path", "value"),
    [
        (m.Me, ME, ["person"], None),
        (m.Me, ME, ["person", "ssn"], KeyError),
        (m.Me, ME, ["person", "ssn"], 110101),
        (m.Me, ME, ["person", "birth_date"], "07/03/1990"),
        (m.Me, ME, ["card"], ["not", "an", "object"]),
        (m.Accounts, ACCOUNTS, ["accounts", 0, "balance"], 12345.67),
        (m.Accounts, ACCOUNTS, ["accounts", 0, "balance"], "12,345.67"),
        (m.Accounts, ACCOUNTS, ["accounts", 0, "balance"], "NaN"),
        (m.Accounts, ACCOUNTS, ["accounts", 0, "contribution_months"], "120"),
        (m.Accounts, ACCOUNTS, ["accounts", 0, "contribution_months"], True),
        (m.Accounts, ACCOUNTS, ["by_year"], {"year": 2024}),
        (m.RequestDetail, DETAIL, ["created_at"], "yesterday"),
        (m.RequestDetail, DETAIL, ["created_at"], "2024-05-01"),
        (m.RequestDetail, DETAIL, ["timeline", 0, "at"], None),
        (m.RequestDetail, DETAIL, ["steps", 0], "review"),
    ],
)
def test_wrong_shapes_raise_malformed(
    cls: Any, doc: Any, path: list[Any], value: Any
) -> None:
    with pytest.raises(MalformedResponseError) as info:
        parse(cls, mutate(doc, path, value))
    assert str(path[-1]) in str(info.value) or str(path[0]) in str(info.value)


@pytest.mark.parametrize("raw", [b"", b"not json", b"\xff\xfe", b"[1,2", b'{"a":'])
def test_undecodable_bodies_raise_malformed(raw: bytes) -> None:
    with pytest.raises(MalformedResponseError):
        load_json(raw, "x")


@pytest.mark.parametrize("top", [[], "text", 3, None, True])
def test_top_level_must_be_an_object(top: Any) -> None:
    with pytest.raises(MalformedResponseError, match="expected an object"):
        m.Health.parse(Fields(top, "/healthz"))


def test_unknown_members_are_ignored() -> None:
    health = parse(
        m.Health,
        {"status": "ok", "database": "ok", "version": "0.1.0", "extra": [1, 2]},
    )
    assert health.version == "0.1.0"


OUTCOME = {
    "individual_account": "0.00",
    "pooled_fund_transfer": "0.00",
    "pooled_fund_breakdown": [],
    "total": "0.00",
    "relationship_to": "110000",
    "relationship_rule": "temporary_account",
    "temporary_account": True,
    "temporary_account_reason": "Men aged 50 or over …",
    "payout_region": "110000",
    "payout_region_name": "北京市",
    "payout_rule": 2,
    "payout_reason": "…",
}
CONFIRMED = {
    **OUTCOME,
    "individual_account": "80000.00",
    "pooled_fund_transfer": "3360.00",
    "pooled_fund_breakdown": [
        {"year": 2003, "wage_total": "28000.00", "months": 4, "amount": "3360.00"}
    ],
    "total": "83360.00",
    "relationship_to": "310000",
    "relationship_rule": "organisational_transfer",
    "temporary_account": False,
    "temporary_account_reason": "",
    "payout_rule": 3,
}
PREVIEW = {
    **OUTCOME,
    "kind": "pension",
    "from_region": "110000",
    "to_region": "310000",
    "cross_province": True,
    "from_province_name": "北京市",
    "to_province_name": "上海市",
    "hukou_province_name": "湖南省",
    "organisational_transfer": "claimed",
    "if_confirmed": CONFIRMED,
    "contribution_years_by_region": [{"region": "110000", "years": 23.2}],
    "steps": [{"step": "review_and_consent", "deadline_working_days": 15}],
}


def test_preview_with_a_claimed_organisational_transfer() -> None:
    got = parse(m.TransferPreview, PREVIEW)
    assert got.temporary_account and got.total == Decimal(0)
    assert got.relationship_rule == "temporary_account"
    assert (got.cross_province, got.hukou_province_name) == (True, "湖南省")
    assert got.organisational_transfer == "claimed"
    alt = got.if_confirmed
    assert alt is not None and not alt.temporary_account
    assert alt.total == Decimal("83360.00") and alt.relationship_to == "310000"
    assert alt.pooled_fund_breakdown[0].amount == Decimal("3360.00")
    assert alt.relationship_rule == "organisational_transfer"


def test_preview_of_an_older_backend_has_no_province_members() -> None:
    old = {
        k: v
        for k, v in PREVIEW.items()
        if "province" not in k and k not in ("organisational_transfer", "if_confirmed")
    }
    got = parse(m.TransferPreview, {**old, "relationship_rule": ""})
    assert got.cross_province is None and got.if_confirmed is None
    assert got.organisational_transfer == "none" and got.relationship_rule is None


def test_a_wrong_if_confirmed_is_malformed() -> None:
    broken = {**PREVIEW, "if_confirmed": {**CONFIRMED, "total": 83360.0}}
    with pytest.raises(MalformedResponseError, match="if_confirmed.total"):
        parse(m.TransferPreview, broken)


def test_request_detail_with_the_organisational_review() -> None:
    review = {
        "confirmed": True,
        "actor": "staff:reviewer",
        "at": "2026-12-03T08:00:00+00:00",
        "reason": "调动通知书 seen",
    }
    got = parse(
        m.RequestDetail,
        {
            **DETAIL,
            "organisational_transfer": "confirmed",
            "organisational_transfer_review": review,
        },
    )
    assert got.organisational_transfer == "confirmed"
    assert got.organisational_transfer_review == m.OrganisationalReview(
        confirmed=True,
        actor="staff:reviewer",
        at=dt.datetime(2026, 12, 3, 8, tzinfo=dt.UTC),
        reason="调动通知书 seen",
    )
    assert parse(m.RequestDetail, DETAIL).organisational_transfer == "none"
