# SPDX-License-Identifier: Apache-2.0
"""``GET /staff/audit`` filters by time, actor, action and card on the server."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta, timezone

from backend.services import audit
from backend_client.staff import AuditFilter, StaffClient
from tests.backend.conftest import Env, error_code
from tests.backend.test_staff import STAFF, staff

DAY = datetime(2026, 3, 14, tzinfo=UTC)
SHANGHAI = timezone(timedelta(hours=8))


def _seed(env: Env) -> tuple[str, str]:
    """Five entries of two fresh actors over two days; (actor A, actor B)."""
    a, b = f"staff:a-{uuid.uuid4().hex[:8]}", f"staff:b-{uuid.uuid4().hex[:8]}"
    rows = [
        (a, "card_formal_loss", "card", "T1", DAY + timedelta(hours=1)),
        (a, "card_revoke", "card", "T2", DAY + timedelta(hours=15, minutes=59)),
        (b, "card_formal_loss", "card", "T2", DAY + timedelta(hours=16)),
        (b, "person_registered", "person", "T1", DAY + timedelta(days=1, hours=2)),
        (a, "card_formal_loss", "card", "T1", DAY + timedelta(days=1, hours=3)),
    ]
    with env.ctx.sessions() as db:
        for actor, action, entity, entity_id, at in rows:
            audit.record(
                db,
                actor=actor,
                action=action,
                entity=entity,
                entity_id=f"{entity_id}-{actor[-8:]}",
                at=at,
                reason="test",
            )
        db.commit()
    return a, b


def _ask(env: Env, headers: dict[str, str], **params: str) -> list[tuple[str, str]]:
    got = env.client.get(f"{STAFF}/audit", params=params, headers=headers)
    assert got.status_code == 200, got.text
    return [(e["actor"], e["action"]) for e in got.json()["items"]]


def test_filters_combine_and_times_are_instants(env: Env) -> None:
    admin = staff(env, "admin")
    a, b = _seed(env)
    assert _ask(env, admin, actor=a) == [
        (a, "card_formal_loss"),
        (a, "card_revoke"),
        (a, "card_formal_loss"),
    ]
    assert _ask(env, admin, actor=b, action="person_registered") == [
        (b, "person_registered")
    ]
    # one local day in Shanghai: 14 March 00:00 to 15 March 00:00 at +08:00
    # is 13 March 16:00 to 14 March 16:00 UTC; the 16:00 entry is the next day
    start = datetime(2026, 3, 14, tzinfo=SHANGHAI)
    day = {"since": start.isoformat(), "until": (start + timedelta(1)).isoformat()}
    assert _ask(env, admin, actor=a, **day) == [
        (a, "card_revoke"),
        (a, "card_formal_loss"),
    ]
    assert _ask(env, admin, actor=b, **day) == []
    # a time without an offset is UTC
    assert _ask(env, admin, actor=b, since="2026-03-14T16:00:00") == [
        (b, "person_registered"),
        (b, "card_formal_loss"),
    ]


def test_card_filter_keeps_only_that_cards_entries(env: Env) -> None:
    admin = staff(env, "admin")
    a, _b = _seed(env)
    assert _ask(env, admin, card=f"T1-{a[-8:]}") == [
        (a, "card_formal_loss"),
        (a, "card_formal_loss"),
    ]
    got = env.client.get(
        f"{STAFF}/audit", params={"card": f"T1-{a[-8:]}"}, headers=admin
    ).json()
    assert got["total"] == 2


def test_bad_time_is_refused_and_filters_need_the_admin_role(env: Env) -> None:
    admin, issuer = staff(env, "admin"), staff(env, "issuer")
    got = env.client.get(f"{STAFF}/audit", params={"since": "yesterday"}, headers=admin)
    assert (got.status_code, error_code(got)) == (400, "invalid_request")
    got = env.client.get(f"{STAFF}/audit", params={"action": "x"}, headers=issuer)
    assert (got.status_code, error_code(got)) == (403, "forbidden_role")


def test_client_sends_the_filter(env: Env) -> None:
    a, _b = _seed(env)
    client = StaffClient(env.live_url())
    client.login("admin", "admin-demo")
    start = datetime(2026, 3, 14, tzinfo=SHANGHAI)
    page = client.audit(
        where=AuditFilter(
            since=start, until=start + timedelta(days=1), actor=a, action="card_revoke"
        )
    )
    assert [(e.actor, e.action) for e in page.items] == [(a, "card_revoke")]
    assert page.items[0].at == DAY + timedelta(hours=15, minutes=59)
