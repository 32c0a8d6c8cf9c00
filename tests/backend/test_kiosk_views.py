# SPDX-License-Identifier: Apache-2.0
"""The hot kiosk units read cards and sessions as Core rows (services/cards.py
``CardView``, api/deps.py ``signed_in``): the same facts as the ORM entities,
and a lapsed temporary loss is written back and audited exactly as before."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import event, func, select, update

from backend.models import AuditEntry, Card
from backend.services import cards
from tests.backend.conftest import Env, error_code

ACCOUNTS = "/api/v1/accounts"
CARDS = Card.__table__


def _lost_until(env: Env, number: str, lapses_at: datetime) -> None:
    """Mark the card temporarily lost until ``lapses_at`` (directly in the table)."""
    with env.ctx.sessions() as db:
        db.execute(
            update(CARDS)
            .where(CARDS.c.card_number == number)
            .values(status="temporarily_lost", temp_loss_lapses_at=lapses_at)
        )
        db.commit()


def _card_and_lapses(env: Env, number: str) -> tuple[tuple[str, datetime | None], int]:
    """The stored (status, lapse time) of a card and its count of lapse entries."""
    with env.ctx.sessions() as db:
        row = db.execute(
            select(CARDS.c.status, CARDS.c.temp_loss_lapses_at).where(
                CARDS.c.card_number == number
            )
        ).one()
        lapses = db.scalar(
            select(func.count()).where(
                AuditEntry.action == "temporary_loss_lapsed",
                AuditEntry.entity_id == number,
                AuditEntry.actor == "system",
            )
        )
        return (row.status, row.temp_loss_lapses_at), int(lapses or 0)


def test_card_view_holds_the_orm_facts(env: Env) -> None:
    now = env.ctx.now()
    with env.ctx.sessions() as db:
        for card in db.scalars(select(Card)).all():
            view = cards.find_card(db, card.card_number, now)
            for name in cards.CARD_FIELDS:
                assert getattr(view, name) == getattr(card, name), name
            for name in cards.PERSON_FIELDS:
                assert getattr(view.person, name) == getattr(card.person, name)
        with pytest.raises(Exception, match="unknown card"):
            cards.find_card(db, "XXXXXXXXX", now)


def test_views_are_read_only(env: Env) -> None:
    with env.ctx.sessions() as db:
        view = cards.find_card(db, "D00000123", env.ctx.now())
    with pytest.raises(AttributeError):
        view.status = "revoked"  # type: ignore[misc]


def test_challenge_lapses_a_temporary_loss_once(env: Env) -> None:
    now = env.ctx.now()
    _lost_until(env, "D00000213", now + timedelta(days=1))
    got = env.client.post(
        "/api/v1/auth/challenge", json={"card_number": "D00000213"}, headers=env.kiosk
    )
    assert got.status_code == 403 and error_code(got) == "card_not_active"
    assert got.json()["error"]["detail"]["status"] == "temporarily_lost"
    assert _card_and_lapses(env, "D00000213") == (
        ("temporarily_lost", now + timedelta(days=1)),
        0,
    )
    _lost_until(env, "D00000213", now - timedelta(seconds=1))
    headers = env.login("D00000213")  # challenge lapses it, session finds it active
    assert _card_and_lapses(env, "D00000213") == (("active", None), 1)
    assert env.client.get(ACCOUNTS, headers=headers).status_code == 200
    assert _card_and_lapses(env, "D00000213")[1] == 1


def test_resident_session_lapses_a_temporary_loss(env: Env) -> None:
    headers = env.login("D00000022")
    now = env.ctx.now()
    _lost_until(env, "D00000022", now + timedelta(days=1))
    got = env.client.get(ACCOUNTS, headers=headers)
    assert got.status_code == 403 and error_code(got) == "card_not_active"
    _lost_until(env, "D00000022", now - timedelta(seconds=1))
    assert env.client.get(ACCOUNTS, headers=headers).status_code == 200
    assert _card_and_lapses(env, "D00000022") == (("active", None), 1)
    other = env.new_kiosk()
    got = env.client.get(ACCOUNTS, headers={**headers, **other})
    assert got.status_code == 401 and error_code(got) == "session_wrong_kiosk"
    env.client.delete("/api/v1/auth/session", headers=headers)
    got = env.client.get(ACCOUNTS, headers=headers)
    assert got.status_code == 401 and error_code(got) == "session_invalid"


def test_kiosk_credential_is_checked_first(env: Env) -> None:
    wrong = {**env.kiosk, "X-Kiosk-Key": "not-the-key"}
    unknown = {**env.kiosk, "X-Kiosk-Id": "no-such-kiosk"}
    for headers in (wrong, unknown, {}):
        got = env.client.post(
            "/api/v1/auth/challenge", json={"card_number": "XXXXXXXXX"}, headers=headers
        )
        assert (got.status_code, error_code(got)) == (401, "kiosk_unauthorized")
        bogus = {**headers, "Authorization": "Bearer nope"}
        for asked in (bogus, headers):
            got = env.client.get(ACCOUNTS, headers=asked)
            assert (got.status_code, error_code(got)) == (401, "kiosk_unauthorized")
    got = env.client.post(
        "/api/v1/auth/challenge", json={"card_number": "XXXXXXXXX"}, headers=env.kiosk
    )
    assert (got.status_code, error_code(got)) == (404, "not_found")
    got = env.client.get(ACCOUNTS, headers=env.kiosk)
    assert (got.status_code, error_code(got)) == (401, "session_invalid")


def test_card_read_once_per_unit(env: Env) -> None:
    reads: list[str] = []

    def seen(_conn: object, _cursor: object, sql: str, *_: object) -> None:
        if "cards.card_number =" in sql:
            reads.append(sql)

    event.listen(env.ctx.engine, "before_cursor_execute", seen)
    try:
        env.login("D00000123")
    finally:
        event.remove(env.ctx.engine, "before_cursor_execute", seen)
    assert len(reads) == 2  # challenge and session: with the kiosk credential
    assert all("kiosks" in sql for sql in reads)
