# SPDX-License-Identifier: Apache-2.0
"""The API refuses what the strict input model refuses, with the same 400 on
SQLite and PostgreSQL: staff registration, SSN look-ups, loss reports, claims."""

from __future__ import annotations

from typing import Any

import pytest

from card.ssn import complete
from tests.backend.conftest import Env, error_code
from tests.backend.test_requests import signed_headers
from tests.backend.test_staff import STAFF, staff

GOOD = complete("43010219900101002")  # female, born 1990-01-01
PERSON = {
    "ssn": GOOD,
    "name": "严格校验",
    "gender": "2",
    "birth_date": "1990-01-01",
    "hukou_region": "430100",
    "mobile": "13900000000",
}


def refused(got: Any, field: str) -> None:
    assert got.status_code == 400, got.text
    assert error_code(got) == "invalid_request"
    assert got.json()["error"]["detail"]["fields"] == [field]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"ssn": GOOD[:17] + ("0" if GOOD[17] != "0" else "1")}, "ssn"),
        ({"birth_date": "1990-01-02"}, "birth_date"),
        ({"gender": "1"}, "gender"),
        ({"birth_date": "0001-01-01"}, "birth_date"),
        ({"hukou_region": "999999"}, "hukou_region"),
        ({"name": "严格\u202e校验"}, "name"),
        ({"name": "严格\u200b校验"}, "name"),
        ({"name": "严格\u0007校验"}, "name"),
        ({"mobile": "12345"}, "mobile"),
    ],
)
def test_registration_refuses_each_defect(
    env: Env, change: dict[str, str], field: str
) -> None:
    got = env.client.post(
        f"{STAFF}/persons", headers=staff(env, "issuer"), json={**PERSON, **change}
    )
    refused(got, f"body.{field}")
    assert PERSON["ssn"] not in got.text  # the answer never repeats an SSN


def test_ssn_look_ups_refuse_a_wrong_check_character(env: Env) -> None:
    issuer = staff(env, "issuer")
    bad = GOOD[:17] + ("0" if GOOD[17] != "0" else "1")
    got = env.client.get(f"{STAFF}/persons", params={"ssn": bad}, headers=issuer)
    assert (got.status_code, error_code(got)) == (400, "invalid_request")
    got = env.client.get(f"{STAFF}/persons/{bad}/allocations", headers=issuer)
    assert (got.status_code, error_code(got)) == (400, "invalid_request")
    got = env.client.post(
        "/api/v1/loss-reports/temporary",
        headers=env.kiosk,
        json={"ssn": bad, "mobile_last4": "0000"},
    )
    assert (got.status_code, error_code(got)) == (400, "invalid_request")


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31", "2026-02-30", "20230331"])
def test_claims_refuse_separation_dates_outside_the_window(env: Env, day: str) -> None:
    path = "/api/v1/claims/unemployment"
    body = {
        "separation_date": day,
        "reason": "dismissed",
        "registered_unemployed": True,
    }
    got = env.client.post(
        path, json=body, headers=signed_headers(env, "D00000145", path, body)
    )
    refused(got, "body.separation_date")
