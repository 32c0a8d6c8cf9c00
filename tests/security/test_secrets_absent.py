# SPDX-License-Identifier: Apache-2.0
"""PINs, tokens and keys never reach a log, a trace, an exception or a repr.

The kiosk's flows run against the real backend with every logger at level 1
and the APDU trace on (card.trace.TracingConnection under the kiosk's stack):
read and prove the card, a wrong PIN, the right PIN, sign-in, account data, a
signed submission through the outbox, a PIN change and back, logout and a
use of the dead token, a staff login (and a wrong password). Then every
captured log line (with tracebacks), the trace ring buffer, the messages and
reprs of every exception and object involved, and the backend's own log are
searched for each secret in each encoding it could leak in.
"""

from __future__ import annotations

import json
import logging
import traceback
from pathlib import Path

import pytest

from backend_client import BackendClient, Outbox, StaffClient, prepare_submission
from backend_client import errors as be
from card.auth import bind_challenge
from card.connection import GetResponseConnection
from card.errors import CardError, WrongPinError
from card.trace import TracingConnection
from card.virtual import VirtualCard, VirtualConnection
from card.virtual.bundled import DEMO_CA_DIR
from kiosk import cardjobs
from tests.security.conftest import NO_RETRY, SecurityBackend

CA_DIR = DEMO_CA_DIR


def encodings(secret: str) -> set[str]:
    """The forms a secret could leak in: text, and for digit strings the
    packed-BCD hex a PIN block has (plain, spaced as the trace prints)."""
    forms = {secret, secret.lower(), secret.upper()}
    if secret.isdigit() and len(secret) % 2 == 0:
        spaced = " ".join(secret[i : i + 2] for i in range(0, len(secret), 2))
        forms |= {spaced, spaced.replace(" ", ":")}
    return forms


def _private_material(image_path: Path) -> dict[str, str]:
    doc = json.loads(image_path.read_text(encoding="utf-8"))
    found = {
        f"card key {ref}": key["private_value"]
        for ref, key in doc.get("keys", {}).items()
    }
    found["card issuer key"] = doc["issuer_key"]["aes128"]
    found["master key"] = (CA_DIR / "issuer-master.key").read_text().strip()
    pem = (CA_DIR / "issuer-ca.key.pem").read_text().splitlines()
    found["CA key"] = next(line for line in pem if len(line) > 40)
    return found


class Evidence:
    """Everything a secret could leak into, gathered as text."""

    def __init__(self) -> None:
        self.texts: list[tuple[str, str]] = []

    def add(self, where: str, text: str) -> None:
        self.texts.append((where, text))

    def exception(self, exc: BaseException) -> None:
        self.add(f"str({type(exc).__name__})", str(exc))
        self.add(f"repr({type(exc).__name__})", repr(exc))
        self.add("traceback", "".join(traceback.format_exception(exc)))

    def objects(self, **objects: object) -> None:
        for name, value in objects.items():
            self.add(f"repr({name})", repr(value))
            self.add(f"str({name})", str(value))

    def leaks(self, secrets: dict[str, str]) -> list[tuple[str, str]]:
        return [
            (name, where)
            for name, secret in secrets.items()
            for form in encodings(secret)
            for where, text in self.texts
            if form in text
        ]


PACKAGES = ("card", "backend_client", "kiosk", "backend", "urllib3", "requests")


def open_all_loggers(
    caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Root at level 1, and every logger of ours enabled, at level 1 and
    propagating to it, whatever logging setup an earlier test left behind."""
    caplog.set_level(1)
    names = (
        [
            n
            for n in list(logging.root.manager.loggerDict)
            if n.split(".")[0] in PACKAGES
        ]
        + list(PACKAGES)
        + ["card.apdu"]
    )
    for name in names:
        logger = logging.getLogger(name)
        monkeypatch.setattr(logger, "disabled", False)
        monkeypatch.setattr(logger, "propagate", True)
        monkeypatch.setattr(logger, "level", 1)
    logging.getLogger("card.apdu").manager._clear_cache()  # noqa: SLF001


def _expect(evidence: Evidence, error: type[BaseException], run) -> None:  # type: ignore[no-untyped-def]
    try:
        run()
    except error as exc:
        evidence.exception(exc)
    else:
        pytest.fail(f"expected {error.__name__}")


def test_secrets_absent_from_logs_traces_errors_and_reprs(
    live: SecurityBackend,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    open_all_loggers(caplog, monkeypatch)
    evidence = Evidence()
    demo = live.copy_card(live.card("active", 10), tmp_path)
    pin, new_pin = demo.pin, "975318" if demo.pin != "975318" else "864219"
    wrong_pin = f"{(int(pin) + 111111) % 1_000_000:06d}"
    secrets = {
        "PIN": pin,
        "new PIN": new_pin,
        "wrong PIN": wrong_pin,
        "kiosk secret": live.kiosk.key,
        **_private_material(demo.path),
    }
    staff_user, staff_password = live.staff["issuer"]
    secrets["staff password"] = staff_password

    card = VirtualCard.load(demo.path)
    traced = TracingConnection(VirtualConnection(card))
    conn = GetResponseConnection(traced)
    with BackendClient(live.url, kiosk=live.kiosk, retries=NO_RETRY) as client:
        read = cardjobs.read_card(conn, _ca())
        number = read.issuer.card_number
        _expect(evidence, WrongPinError, lambda: cardjobs.verify_pin(conn, wrong_pin))
        cardjobs.verify_pin(conn, pin)
        challenge = client.challenge(number)
        session = client.open_session(
            challenge.challenge_id,
            number,
            cardjobs.sign(
                conn, bind_challenge(challenge.nonce, live.kiosk.kiosk_id, number)
            ),
        )
        secrets["session token"] = session._token or ""  # noqa: SLF001
        me, accounts = session.me(), session.accounts()
        target = next(
            r.code for r in session.regions() if r.code != me.person.hukou_region
        )
        outbox = Outbox(tmp_path / "outbox.sqlite3")
        prepared = prepare_submission(
            "transfer",
            {"kind": "medical", "to_region": target},
            live.kiosk.kiosk_id,
            number,
        )
        entry = outbox.deliver(
            client, outbox.enqueue(prepared, cardjobs.sign(conn, prepared.digest))
        )
        if entry.result and entry.result.status_token:
            secrets["status token"] = entry.result.status_token
        cardjobs.change_pin(conn, pin, new_pin)
        _expect(evidence, CardError, lambda: cardjobs.change_pin(conn, pin, new_pin))
        cardjobs.change_pin(conn, new_pin, pin)
        session.logout()
        _expect(
            evidence,
            be.ChallengeReplayedError,
            lambda: client.open_session(challenge.challenge_id, number, bytes(64)),
        )
        evidence.objects(
            client=client,
            session=session,
            card=card,
            image=card.image,
            read=read,
            me=me,
            accounts=accounts,
            entry=entry,
            prepared=prepared,
            outbox=outbox,
            kiosk=live.kiosk,
            challenge=challenge,
        )
        outbox.close()
    staff = StaffClient(live.url, retries=NO_RETRY)
    _expect(
        evidence,
        be.StaffUnauthorizedError,
        lambda: staff.login(staff_user, staff_password + "x"),
    )
    staff.login(staff_user, staff_password)
    secrets["staff token"] = staff._token or ""  # noqa: SLF001
    staff.find_person(demo.ssn)
    evidence.objects(staff=staff, operator=staff.operator)
    staff.close()

    for record in caplog.records:
        evidence.add(f"log {record.name}", record.getMessage())
        evidence.add(f"log args {record.name}", repr(record.args))
    evidence.add("captured log", caplog.text)
    evidence.add("APDU trace", "\n".join(traced.trace.lines()))
    evidence.add("backend log", live.log_path.read_text(errors="replace"))

    assert all(len(s) >= 6 for s in secrets.values()), "a secret is too short to scan"
    trace_text = "\n".join(traced.trace.lines())
    assert "00 20 00 00 03 <3 bytes redacted>" in trace_text  # the trace saw VERIFY
    assert any(r.name == "card.apdu" for r in caplog.records)  # and logged it
    assert any("/api/v1/auth/session" in t for _, t in evidence.texts)
    assert evidence.leaks(secrets) == []


def test_the_scan_finds_a_secret_where_it_is(live: SecurityBackend) -> None:
    """Guard: an unredacted VERIFY (the bytes a careless trace would keep) and a
    header dump are caught in every encoding the scan uses."""
    evidence = Evidence()
    evidence.add("raw VERIFY", bytes.fromhex("0020000003246810").hex(" ").upper())
    evidence.add("header", f"X-Kiosk-Key: {live.kiosk.key}")
    found = evidence.leaks({"PIN": "246810", "kiosk secret": live.kiosk.key})
    assert {name for name, _ in found} == {"PIN", "kiosk secret"}


def _ca():  # type: ignore[no-untyped-def]
    from cryptography import x509

    return x509.load_pem_x509_certificate((CA_DIR / "issuer-ca.pem").read_bytes())


def test_master_key_and_card_keys_stay_off_the_counter(
    live: SecurityBackend,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A whole personalization at the staff station (real backend computing the
    issuer cryptogram and the PIN-reload MAC) with logs at level 1 and the APDU
    trace on: neither the master key, the card's diversified issuer key, the
    cryptograms' key material nor the staff credentials show anywhere."""
    from card.issuer import diversify
    from card.virtual.factory import new_blank
    from staff.api import StaffApi
    from staff.personalize import Personalizer
    from tests.staff.conftest import new_resident

    open_all_loggers(caplog, monkeypatch)
    master = bytes.fromhex((CA_DIR / "issuer-master.key").read_text().strip())
    username, password = live.staff["issuer"]
    api = StaffApi(live.url)
    api.login(username, password)
    traces: list[TracingConnection] = []
    cards: list[VirtualCard] = []

    def connect(allocation):  # type: ignore[no-untyped-def]
        card = new_blank(
            master_key=master, recognition_code=allocation.recognition_code
        )
        cards.append(card)
        traces.append(TracingConnection(VirtualConnection(card)))
        return traces[-1]

    result = Personalizer(api, connect).run(new_resident("秘钥测"))
    code = cards[0].image.recognition_code
    secrets = {
        "master key": master.hex(),
        "card issuer key": diversify(master, code).hex(),
        "staff password": password,
    }
    evidence = Evidence()
    evidence.objects(api=api, result=result, card=cards[0], image=cards[0].image)
    for record in caplog.records:
        evidence.add(f"log {record.name}", record.getMessage())
    evidence.add("captured log", caplog.text)
    evidence.add("APDU trace", "\n".join(traces[0].trace.lines()))
    evidence.add("backend log", live.log_path.read_text(errors="replace"))
    lines = traces[0].trace.lines()
    assert any(line.startswith("00 82") and "redacted" in line for line in lines)
    assert evidence.leaks(secrets) == []
