# SPDX-License-Identifier: Apache-2.0
"""The temporary-loss report does the same work for an unknown SSN as for a
known one with the wrong digits (or without an active card): the same SQL
statements in the same order, the same audit entry, the same answer. Timing
is not asserted; the equal work is what keeps it equal (it differed by about
1 ms when a known SSN cost one query more)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

from sqlalchemy import event, select

from backend.models import AuditEntry, Person
from card.ssn import complete
from tests.backend.conftest import Env

LOSS = "/api/v1/loss-reports/temporary"
KNOWN_SSN = "110105200109120153"  # D00000123's holder (active card)


@contextmanager
def statements(env: Env) -> Iterator[list[str]]:
    """The SQL of every statement the app executes meanwhile (no parameters)."""
    seen: list[str] = []

    def record(conn: Any, clause: Any, *args: Any) -> None:
        seen.append(str(clause))

    event.listen(env.ctx.engine, "before_execute", record)
    try:
        yield seen
    finally:
        event.remove(env.ctx.engine, "before_execute", record)


def _report(env: Env, ssn: str, digits: str) -> tuple[list[str], tuple, list]:
    kiosk = env.new_kiosk()  # its own per-kiosk limit
    with env.ctx.sessions() as db:
        last = db.scalar(select(AuditEntry.id).order_by(AuditEntry.id.desc())) or 0
    with statements(env) as seen:
        got = env.client.post(
            LOSS, json={"ssn": ssn, "mobile_last4": digits}, headers=kiosk
        )
    error = got.json()["error"]
    with env.ctx.sessions() as db:
        added = db.scalars(select(AuditEntry).where(AuditEntry.id > last)).all()
    audited = [(e.action, e.entity, e.reason, e.data) for e in added]
    return seen, (got.status_code, error["code"], error["message"]), audited


def test_unknown_and_known_ssn_cost_the_same_statements_and_audit(env: Env) -> None:
    unknown = complete("11010519491231002")
    inactive = complete("44030119800229555")  # registered, no card yet
    with env.ctx.sessions() as db:
        mobile = db.scalars(select(Person.mobile).where(Person.ssn == KNOWN_SSN)).one()
        db.add(
            Person(
                ssn=inactive,
                name="无卡人",
                gender="1",
                birth_date=date(1980, 2, 29),
                hukou_region="440300",
                mobile=mobile,  # the same digits: refused for want of a card
            )
        )
        db.commit()
    wrong = f"{(int(mobile[-4:]) + 1) % 10000:04d}"
    known = _report(env, KNOWN_SSN, wrong)
    stranger = _report(env, unknown, wrong)
    no_active_card = _report(env, inactive, mobile[-4:])
    assert known[1] == (404, "not_found", known[1][2])
    assert known == stranger == no_active_card
    assert [a[0] for a in known[2]] == ["temporary_loss_refused"]
    assert KNOWN_SSN not in repr(known[2])  # the SSN stays out of the audit
