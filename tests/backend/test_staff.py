# SPDX-License-Identifier: Apache-2.0
"""Staff API (roles, issuing a real virtual card, reviews, audit) and loss reports."""

from __future__ import annotations

import base64
import logging
from datetime import date, timedelta
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ec import EllipticCurvePublicKey

from backend.demo import DEMO_CARDS
from card import ssn
from card.certs import load_certificate, point_of
from card.connection import GetResponseConnection
from card.perso import IssuerCallbacks, PersoSession, personalize
from card.ssse import Holder, IssuerData
from card.virtual.connection import VirtualConnection
from card.virtual.factory import new_blank
from ssclog import JsonFormatter
from tests.backend.conftest import PINS, Env, error_code
from tests.backend.test_requests import signed_headers

STAFF = "/api/v1/staff"
LOSS = "/api/v1/loss-reports/temporary"


def staff(env: Env, username: str) -> dict[str, str]:
    got = env.client.post(
        f"{STAFF}/login", json={"username": username, "password": f"{username}-demo"}
    )
    assert got.status_code == 200, got.text
    assert got.json()["roles"] == [username]
    return {"Authorization": f"Bearer {got.json()['token']}"}


def test_login_and_roles_are_checked_server_side(env: Env) -> None:
    bad = env.client.post(
        f"{STAFF}/login", json={"username": "issuer", "password": "wrong-password"}
    )
    assert (bad.status_code, error_code(bad)) == (401, "staff_unauthorized")
    assert error_code(env.client.get(f"{STAFF}/reviews")) == "staff_unauthorized"
    reviewer = staff(env, "reviewer")
    got = env.client.post(
        f"{STAFF}/cards", json={"ssn": "110105200109120153"}, headers=reviewer
    )
    assert (got.status_code, error_code(got)) == (403, "forbidden_role")
    assert (
        error_code(env.client.get(f"{STAFF}/audit", headers=reviewer))
        == "forbidden_role"
    )


def _callbacks(env: Env, headers: dict[str, str], number: str) -> IssuerCallbacks:
    def post(path: str, body: dict) -> dict:
        got = env.client.post(
            f"{STAFF}/cards/{number}/{path}", json=body, headers=headers
        )
        assert got.status_code == 200, got.text
        return got.json()

    def certify(key: int, public_key: EllipticCurvePublicKey):  # type: ignore[no-untyped-def]
        body = {"key": f"{key:02X}", "public_key": point_of(public_key).hex()}
        return load_certificate(base64.b64decode(post("certify", body)["certificate"]))

    return IssuerCallbacks(
        cryptogram=lambda c: bytes.fromhex(
            post("issuer-cryptogram", {"challenge": c.hex()})["cryptogram"]
        ),
        pin_mac=lambda c, block: bytes.fromhex(
            post("pin-reload-mac", {"challenge": c.hex(), "pin_block": block.hex()})[
                "mac"
            ]
        ),
        certify=certify,
    )


def _issue(env: Env, issuer: dict[str, str], holder: Holder, pin: str) -> str:
    """Allocate, personalize a blank virtual card via the API, activate it."""
    allocated = env.client.post(
        f"{STAFF}/cards", json={"ssn": holder.ssn}, headers=issuer
    ).json()
    number = allocated["card_number"]
    assert allocated["status"] == "allocated" and len(number) == 9
    master = bytes.fromhex(
        (DEMO_CARDS.parent / "ca" / "issuer-master.key").read_text().strip()
    )
    code = bytes.fromhex(allocated["recognition_code"])
    card = new_blank(master_key=master, recognition_code=code)  # the card maker
    conn = GetResponseConnection(VirtualConnection(card))
    issuer_data = IssuerData(
        card_number=number,
        recognition_code=code,
        card_type=allocated["card_type"],
        spec_version=allocated["spec_version"],
        init_institution=bytes(12),
        issue_date=date.fromisoformat(allocated["issue_date"]),
        expiry_date=date.fromisoformat(allocated["expiry_date"]),
    )
    personalize(
        PersoSession(conn),
        issuer=issuer_data,
        holder=holder,
        pin=pin,
        retry_limit=3,
        callbacks=_callbacks(env, issuer, number),
    )
    card.power_off()
    card.save(env.cards / f"{number}.json")
    activated = env.client.post(f"{STAFF}/cards/{number}/activate", headers=issuer)
    assert activated.json()["status"] == "active", activated.text
    return number


def test_register_issue_sign_in_and_replace(env: Env) -> None:
    issuer = staff(env, "issuer")
    person_ssn = ssn.complete("43010219900101002")
    registered = env.client.post(
        f"{STAFF}/persons",
        headers=issuer,
        json={
            "ssn": person_ssn,
            "name": "新办卡",
            "gender": "2",
            "birth_date": "1990-01-01",
            "hukou_region": "430100",
            "mobile": "13900000000",
        },
    )
    assert registered.status_code == 201 and registered.json()["cards"] == []
    twice = env.client.post(
        f"{STAFF}/persons",
        headers=issuer,
        json={
            "ssn": person_ssn,
            "name": "新办卡",
            "gender": "2",
            "birth_date": "1990-01-01",
            "hukou_region": "430100",
            "mobile": "13900000000",
        },
    )
    assert error_code(twice) == "conflict"
    holder = Holder(
        ssn=person_ssn,
        name="新办卡",
        gender="2",
        ethnic_group="01",
        birthplace="430102",
        birth_date=date(1990, 1, 1),
    )
    first = _issue(env, issuer, holder, "975310")

    PINS[first] = "975310"  # its image was saved into env.cards
    me = env.client.get("/api/v1/me", headers=env.login(first)).json()
    assert me["person"]["name"] == "新办卡" and me["card"]["card_number"] == first
    second = _issue(env, issuer, holder, "975310")
    person = env.client.get(
        f"{STAFF}/persons", params={"ssn": person_ssn}, headers=issuer
    ).json()
    statuses = {c["card_number"]: c["status"] for c in person["cards"]}
    assert statuses == {first: "replaced", second: "active"}
    got = env.client.post(
        "/api/v1/auth/challenge", headers=env.kiosk, json={"card_number": first}
    )
    assert got.json()["error"]["detail"]["status"] == "replaced"
    again = env.client.post(f"{STAFF}/cards/{second}/activate", headers=issuer)
    assert error_code(again) == "conflict"


def test_review_decision_advance_and_public_status(env: Env) -> None:
    reviewer = staff(env, "reviewer")
    queue = env.client.get(
        f"{STAFF}/reviews", params={"status": "approved"}, headers=reviewer
    ).json()["items"]
    seeded = next(i for i in queue if i["name"] == "罗刚")
    reference = seeded["reference"]
    moved = env.client.post(
        f"{STAFF}/requests/{reference}/advance",
        headers=reviewer,
        json={"reason": "funds sent to Shenzhen"},
    ).json()
    assert moved["status"] == "funds_transferred"
    assert [s["status"] for s in moved["steps"]] == ["done", "done", "current"]
    done = env.client.post(
        f"{STAFF}/requests/{reference}/advance",
        headers=reviewer,
        json={"reason": "relationship completed"},
    ).json()
    assert done["status"] == "completed" and done["next_step"] is None
    assert [e["status"] for e in done["timeline"]] == [
        "submitted",
        "under_review",
        "approved",
        "funds_transferred",
        "completed",
    ]
    assert done["timeline"][-1]["actor"] == "staff:reviewer"
    late = env.client.post(
        f"{STAFF}/requests/{reference}/decision",
        headers=reviewer,
        json={"approve": False, "reason": "too late"},
    )
    assert error_code(late) == "conflict"
    public = env.client.get(
        f"/api/v1/public/requests/{reference}", params={"t": done["status_token"]}
    ).json()
    assert public["status"] == "completed"
    admin = staff(env, "admin")
    audit = env.client.get(
        f"{STAFF}/audit", params={"entity": "request"}, headers=admin
    ).json()
    assert any(
        e["entity_id"] == reference and e["reason"] == "relationship completed"
        for e in audit["items"]
    )


def _claim(env: Env, card: str, to: str) -> dict[str, Any]:
    """A signed pension transfer saying the organisation arranged the move."""
    path = "/api/v1/transfers"
    body = {"kind": "pension", "to_region": to, "organisational_transfer": True}
    got = env.client.post(
        path, json=body, headers=signed_headers(env, card, path, body)
    )
    assert got.status_code == 201, got.text
    detail: dict[str, Any] = got.json()
    assert detail["organisational_transfer"] == "claimed"
    return detail


def _settle(env: Env, reference: str, confirm: bool, reason: str) -> Any:
    return env.client.post(
        f"{STAFF}/requests/{reference}/organisational-transfer",
        headers=staff(env, "reviewer"),
        json={"confirm": confirm, "reason": reason},
    )


def test_organisational_transfer_confirmed_at_review(env: Env) -> None:
    # 韩东, 53, Beijing -> Shanghai, hukou 湖南: the age rule holds until
    # staff see the transfer approval
    detail = _claim(env, "D00000246", "310000")
    reference = detail["reference"]
    assert detail["total"] == "0.00"
    promised = detail["details"]["preview"]["if_confirmed"]
    assert promised["relationship_to"] == "310000" and promised["total"] != "0.00"
    reviewer = staff(env, "reviewer")
    queue = env.client.get(f"{STAFF}/reviews", headers=reviewer).json()["items"]
    assert (
        next(i for i in queue if i["reference"] == reference)["organisational_transfer"]
        == "claimed"
    )
    early = env.client.post(
        f"{STAFF}/requests/{reference}/decision",
        headers=reviewer,
        json={"approve": True, "reason": "consent"},
    )
    assert (early.status_code, error_code(early)) == (409, "conflict")
    assert early.json()["error"]["detail"]["organisational_transfer"] == "claimed"
    got = _settle(env, reference, True, "调动通知书 2026-118 seen")
    assert got.status_code == 200, got.text
    confirmed = got.json()
    assert confirmed["organisational_transfer"] == "confirmed"
    assert confirmed["status"] == "under_review"  # the review has started
    assert confirmed["total"] == promised["total"]
    stored = confirmed["details"]["preview"]
    assert stored["relationship_rule"] == "organisational_transfer"
    assert stored["temporary_account"] is False and stored["if_confirmed"] is None
    assert stored["relationship_to"] == "310000"
    review = confirmed["organisational_transfer_review"]
    assert review["confirmed"] is True and review["actor"] == "staff:reviewer"
    assert review["reason"] == "调动通知书 2026-118 seen"
    again = _settle(env, reference, False, "changed my mind")
    assert (again.status_code, error_code(again)) == (409, "conflict")
    mine = env.client.get(
        f"/api/v1/transfers/{reference}", headers=env.login("D00000246")
    ).json()
    assert mine["organisational_transfer"] == "confirmed"
    assert mine["total"] == promised["total"]
    approved = env.client.post(
        f"{STAFF}/requests/{reference}/decision",
        headers=reviewer,
        json={"approve": True, "reason": "consent sent"},
    )
    assert approved.json()["status"] == "approved"
    audit = env.client.get(
        f"{STAFF}/audit",
        params={"entity": "request", "entity_id": reference},
        headers=staff(env, "admin"),
    ).json()["items"]
    assert "organisational_transfer_confirmed" in [e["action"] for e in audit]


def test_organisational_transfer_rejected_keeps_the_age_rule(env: Env) -> None:
    # 李娜, 41, Guangzhou -> Beijing, hukou 四川: no approval shown
    detail = _claim(env, "D00000022", "110000")
    reference = detail["reference"]
    got = _settle(env, reference, False, "no transfer approval on file")
    rejected = got.json()
    assert rejected["organisational_transfer"] == "rejected"
    assert rejected["total"] == "0.00"
    stored = rejected["details"]["preview"]
    assert stored["temporary_account"] is True and stored["relationship_to"] == "440100"
    assert stored["organisational_transfer"] == "rejected"
    assert rejected["organisational_transfer_review"]["confirmed"] is False
    closed = env.client.post(
        f"{STAFF}/requests/{reference}/decision",
        headers=staff(env, "reviewer"),
        json={"approve": False, "reason": "closed by the test"},
    )
    assert closed.json()["status"] == "rejected"
    late = _settle(env, reference, True, "too late")
    assert error_code(late) == "conflict"


def test_only_a_claimed_organisational_transfer_is_settled(env: Env) -> None:
    path = "/api/v1/transfers"
    body = {"kind": "pension", "to_region": "440300"}  # the kiosk left it out
    got = env.client.post(
        path, json=body, headers=signed_headers(env, "D00000235", path, body)
    )
    assert got.status_code == 201, got.text
    plain = got.json()
    assert plain["organisational_transfer"] == "none"
    assert plain["organisational_transfer_review"] is None
    refused = _settle(env, plain["reference"], True, "nothing was claimed")
    assert (refused.status_code, error_code(refused)) == (409, "conflict")
    assert refused.json()["error"]["detail"]["organisational_transfer"] == "none"
    closed = env.client.post(
        f"{STAFF}/requests/{plain['reference']}/decision",
        headers=staff(env, "reviewer"),
        json={"approve": False, "reason": "closed by the test"},
    )
    assert closed.json()["status"] == "rejected"


def test_temporary_loss_report_cancel_and_rate_limit(env: Env) -> None:
    kiosk = env.new_kiosk()
    body = {"ssn": ssn.complete("44010619700101028"), "mobile_last4": "0011"}
    wrong = env.client.post(LOSS, headers=kiosk, json={**body, "mobile_last4": "9999"})
    assert (wrong.status_code, error_code(wrong)) == (404, "not_found")
    unknown = env.client.post(
        LOSS,
        headers=kiosk,
        json={"ssn": ssn.complete("11010119800101001"), "mobile_last4": "0011"},
    )
    assert error_code(unknown) == "not_found"  # same answer: no oracle
    got = env.client.post(LOSS, headers=kiosk, json=body)
    assert got.status_code == 200, got.text
    assert got.json()["status"] == "temporarily_lost"
    assert got.json()["card_number_masked"] == "D0*****12"
    limited = env.client.post(LOSS, headers=kiosk, json=body)  # 3rd for this SSN
    assert (limited.status_code, error_code(limited)) == (429, "rate_limited")
    assert int(limited.headers["Retry-After"]) > 0
    issuer = staff(env, "issuer")
    undo = env.client.post(
        f"{STAFF}/cards/D00000112/cancel-temporary-loss",
        headers=issuer,
        json={"reason": "card found"},
    )
    assert undo.json()["status"] == "active"


def test_rate_limit_per_kiosk(env: Env) -> None:
    kiosk = env.new_kiosk()
    answers = [
        env.client.post(
            LOSS,
            headers=kiosk,
            json={"ssn": ssn.complete(f"1101011980010100{i}"), "mobile_last4": "0000"},
        )
        for i in range(5)
    ]
    assert [a.status_code for a in answers] == [404, 404, 404, 404, 429]


def test_cancel_temporary_loss_with_card_and_pin(env: Env) -> None:
    challenge = env.client.post(
        "/api/v1/auth/challenge",
        headers=env.kiosk,
        json={"card_number": "D00000178", "purpose": "cancel_loss"},
    ).json()
    signature = env.signer("D00000178").sign_challenge(challenge["nonce"], env.kiosk_id)
    session = env.client.post(
        "/api/v1/auth/session",
        headers=env.kiosk,
        json={
            "challenge_id": challenge["challenge_id"],
            "card_number": "D00000178",
            "signature": signature,
        },
    ).json()
    assert session["purpose"] == "cancel_loss"
    headers = {**env.kiosk, "Authorization": f"Bearer {session['token']}"}
    assert (
        error_code(env.client.get("/api/v1/me", headers=headers)) == "session_invalid"
    )
    got = env.client.delete(LOSS, headers=headers)
    assert got.json() == {"card_number": "D00000178", "status": "active"}
    assert (
        env.client.get("/api/v1/me", headers=env.login("D00000178")).status_code == 200
    )


def test_temporary_loss_lapses_by_itself(env: Env) -> None:
    body = {"ssn": ssn.complete("42010619820314046"), "mobile_last4": "0013"}
    assert env.client.post(LOSS, headers=env.new_kiosk(), json=body).status_code == 200
    real = env.ctx.clock
    days = env.ctx.settings.temporary_loss_lapse_days
    env.ctx.clock = lambda: real() + timedelta(days=days, seconds=1)
    try:
        headers = env.login("D00000134")
        assert (
            env.client.get("/api/v1/me", headers=headers).json()["card"]["status"]
            == "active"
        )
    finally:
        env.ctx.clock = real


def test_access_log_holds_no_secrets(
    env: Env, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="backend.access"):
        headers = env.login("D00000190")
        env.client.get("/api/v1/me", headers=headers)
        env.client.post(
            f"{STAFF}/login", json={"username": "admin", "password": "admin-demo"}
        )
    text = "\n".join(JsonFormatter().format(r) for r in caplog.records)
    assert '"route": "/api/v1/me"' in text
    token = headers["Authorization"].split()[1]
    for secret in (token, env.kiosk_secret, "admin-demo"):
        assert secret not in text
