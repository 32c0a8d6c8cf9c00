# SPDX-License-Identifier: Apache-2.0
"""Attacks against the real backend (subprocess on 127.0.0.1), each through the
real client with virtual cards signing real APDUs: replay, another card's
signature, invalid registered certificates, lost and revoked cards, expired and
foreign tokens, a revoked kiosk, staff outside their roles, rate limits."""

from __future__ import annotations

import sqlite3
import subprocess
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec

from backend_client import BackendClient, ResidentSession, StaffClient
from backend_client import errors as e
from card.auth import bind_challenge
from card.certs import IssuerCA
from card.ssn import complete as complete_ssn
from card.virtual.bundled import DEMO_CA_DIR
from tests.live_backend import ROOT, CardHolder
from tests.security.conftest import (
    CHALLENGES_PER_KIOSK,
    LOSS_REPORTS_PER_KIOSK,
    LOSS_REPORTS_PER_SSN,
    NO_RETRY,
    SESSION_LIFETIME_S,
    SecurityBackend,
)

CA_DIR = DEMO_CA_DIR
MakeHolder = Callable[..., CardHolder]


def _session_via(client: BackendClient, real: ResidentSession) -> ResidentSession:
    """The same token and card presented through another kiosk's client."""
    other = ResidentSession.__new__(ResidentSession)
    other.__dict__.update(real.__dict__)
    other.client = client
    return other


# --- challenge / response -----------------------------------------------------------


def test_replayed_challenge_is_refused(
    client: BackendClient, holder_of: MakeHolder
) -> None:
    holder = holder_of(0)
    challenge = client.challenge(holder.card_number)
    digest = bind_challenge(
        challenge.nonce,
        client.kiosk.kiosk_id,  # type: ignore[union-attr]
        holder.card_number,
    )
    signature = holder.sign(digest)
    client.open_session(challenge.challenge_id, holder.card_number, signature).logout()
    with pytest.raises(e.ChallengeReplayedError):
        client.open_session(challenge.challenge_id, holder.card_number, signature)


def test_signature_of_another_card_is_refused(
    client: BackendClient, holder_of: MakeHolder
) -> None:
    """Card B (genuine, PIN verified) signs the challenge bound to card A."""
    victim, attacker = holder_of(1, verify=False), holder_of(2)
    challenge = client.challenge(victim.card_number)
    digest = bind_challenge(
        challenge.nonce,
        client.kiosk.kiosk_id,  # type: ignore[union-attr]
        victim.card_number,
    )
    with pytest.raises(e.SignatureInvalidError):
        client.open_session(
            challenge.challenge_id, victim.card_number, attacker.sign(digest)
        )


# --- registered certificates checked by the backend ---------------------------------


@contextmanager
def registered_holder_certificate(
    live: SecurityBackend,
    card_number: str,
    make: Callable[[x509.Certificate], x509.Certificate],
) -> Iterator[None]:
    """Swap the card's registered key-82 certificate (same public key) for a while."""
    with sqlite3.connect(live.db_path) as db:
        (der,) = db.execute(
            "SELECT cert_holder FROM cards WHERE card_number = ?", (card_number,)
        ).fetchone()
        forged = make(x509.load_der_x509_certificate(der))
        db.execute(
            "UPDATE cards SET cert_holder = ? WHERE card_number = ?",
            (forged.public_bytes(serialization.Encoding.DER), card_number),
        )
    try:
        yield
    finally:
        with sqlite3.connect(live.db_path) as db:
            db.execute(
                "UPDATE cards SET cert_holder = ? WHERE card_number = ?",
                (der, card_number),
            )


def _reissue(
    signer: ec.EllipticCurvePrivateKey,
    issuer: x509.Name,
    original: x509.Certificate,
    *,
    days: tuple[int, int] = (-1, 365),
) -> x509.Certificate:
    now = datetime.now(UTC)
    return (
        x509.CertificateBuilder()
        .subject_name(original.subject)
        .issuer_name(issuer)
        .public_key(original.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now + timedelta(days=days[0]))
        .not_valid_after(now + timedelta(days=days[1]))
        .sign(signer, hashes.SHA256())
    )


def _forgeries() -> dict[str, Callable[[x509.Certificate], x509.Certificate]]:
    ca = IssuerCA.load(CA_DIR / "issuer-ca.pem", CA_DIR / "issuer-ca.key.pem")
    rogue = IssuerCA.generate(
        "Rogue SSC CA",
        not_before=datetime.now(UTC) - timedelta(days=1),
        not_after=datetime.now(UTC) + timedelta(days=3650),
    )
    forger = ec.generate_private_key(ec.SECP256R1())
    return {
        "self-signed": lambda c: _reissue(forger, c.subject, c),
        "forged CA name": lambda c: _reissue(forger, ca.certificate.subject, c),
        "wrong issuer": lambda c: _reissue(
            rogue.private_key, rogue.certificate.subject, c
        ),
        "expired": lambda c: _reissue(
            ca.private_key, ca.certificate.subject, c, days=(-400, -1)
        ),
    }


@pytest.mark.parametrize("kind", sorted(_forgeries()))
def test_invalid_registered_certificate_is_refused(
    kind: str, live: SecurityBackend, client: BackendClient, holder_of: MakeHolder
) -> None:
    """The card signs correctly, but its registered certificate does not chain
    to the issuer CA or has expired: the backend refuses the session."""
    holder = holder_of(4)
    with registered_holder_certificate(live, holder.card_number, _forgeries()[kind]):
        with pytest.raises(e.CertificateInvalidError):
            holder.sign_in(client)
    holder.sign_in(client).logout()  # restored: the same card signs in again


# --- card states ----------------------------------------------------------------------


def test_lost_card_is_refused_at_challenge(
    client: BackendClient, live: SecurityBackend
) -> None:
    lost = live.card("temporarily_lost")
    with pytest.raises(e.CardNotActiveError) as caught:
        client.challenge(lost.card_number)
    assert caught.value.card_status == "temporarily_lost"


def test_revoked_card_is_refused_at_challenge(
    client: BackendClient, live: SecurityBackend, holder_of: MakeHolder
) -> None:
    holder = holder_of(3)
    session = holder.sign_in(client)
    staff = StaffClient(live.url, retries=NO_RETRY)
    try:
        staff.login(*live.staff["issuer"])
        staff.card_action(holder.card_number, "revoke", "security test")
    finally:
        staff.close()
    with pytest.raises(e.CardNotActiveError) as caught:
        client.challenge(holder.card_number)
    assert caught.value.card_status == "revoked"
    with pytest.raises((e.CardNotActiveError, e.SessionInvalidError)):
        session.me()  # the session opened before the revocation is over too


# --- tokens and kiosks ----------------------------------------------------------------


def test_expired_token_is_refused(client: BackendClient, holder_of: MakeHolder) -> None:
    session = holder_of(0).sign_in(client)
    session.me()
    time.sleep(SESSION_LIFETIME_S + 0.5)
    with pytest.raises(e.SessionInvalidError):
        session.me()


def test_token_from_another_kiosk_is_refused(
    live: SecurityBackend, client: BackendClient, holder_of: MakeHolder
) -> None:
    other = live.register_kiosk("security-kiosk-b")  # first: sessions are short
    session = holder_of(5).sign_in(client)
    with BackendClient(live.url, kiosk=other, retries=NO_RETRY) as stranger:
        with pytest.raises(e.SessionWrongKioskError):
            _session_via(stranger, session).me()
    assert session.me().card.card_number == session.card_number  # still fine at home


def test_revoked_kiosk_credential_is_refused(
    live: SecurityBackend, holder_of: MakeHolder
) -> None:
    creds = live.register_kiosk("security-kiosk-revoked")
    with BackendClient(live.url, kiosk=creds, retries=NO_RETRY) as kiosk:
        holder = holder_of(6)
        session = holder.sign_in(kiosk)
        live.revoke_kiosk(creds.kiosk_id)
        with pytest.raises(e.KioskUnauthorizedError):
            kiosk.challenge(holder.card_number)
        with pytest.raises(e.KioskUnauthorizedError):
            session.me()


# --- staff roles ---------------------------------------------------------------------


def test_staff_outside_their_role_is_refused(
    live: SecurityBackend, holder_of: MakeHolder
) -> None:
    ssn = live.card("active", 7).ssn
    number = live.card("active", 7).card_number
    refused: dict[str, list[str]] = {}
    attempts = {
        "reviewer": {
            "allocate_card": lambda s: s.allocate_card(ssn),
            "issuer_cryptogram": lambda s: s.issuer_cryptogram(number, bytes(8)),
            "certify": lambda s: s.certify(number, "82", b"\x04" + bytes(64)),
            "revoke": lambda s: s.card_action(number, "revoke", "not mine"),
            "audit": lambda s: s.audit(),
        },
        "issuer": {
            "decide": lambda s: s.decide(
                "PT00000000000000", approve=True, reason="not mine"
            ),
            "reviews": lambda s: s.reviews(),
            "audit": lambda s: s.audit(),
        },
    }
    for role, calls in attempts.items():
        staff = StaffClient(live.url, retries=NO_RETRY)
        try:
            staff.login(*live.staff[role])
            for name, call in calls.items():
                try:
                    call(staff)
                except e.ForbiddenRoleError:
                    refused.setdefault(role, []).append(name)
        finally:
            staff.close()
    assert refused == {role: list(calls) for role, calls in attempts.items()}
    with BackendClient(live.url, kiosk=live.kiosk) as kiosk:  # card untouched
        assert kiosk.challenge(number).challenge_id


# --- rate limits ---------------------------------------------------------------------


def test_challenges_are_rate_limited_per_kiosk(live: SecurityBackend) -> None:
    creds = live.register_kiosk("security-kiosk-burst")
    number = live.card("active", 8).card_number
    answered = 0
    with BackendClient(live.url, kiosk=creds, retries=NO_RETRY) as kiosk:
        with pytest.raises(e.RateLimitedError) as caught:
            for _ in range(CHALLENGES_PER_KIOSK + 1):  # bounded
                kiosk.challenge(number)
                answered += 1
    assert answered == CHALLENGES_PER_KIOSK
    assert caught.value.retry_after is not None and caught.value.retry_after > 0


def test_loss_reports_are_rate_limited_per_ssn_and_answer_alike(
    live: SecurityBackend,
) -> None:
    demo = live.card("active", 9)
    wrong = f"{(int(demo.mobile[-4:]) + 1) % 10000:04d}"
    creds = live.register_kiosk("security-kiosk-loss-ssn")
    with BackendClient(live.url, kiosk=creds, retries=NO_RETRY) as kiosk:
        answers = []
        unknown = complete_ssn("11010519491231002")
        assert unknown not in {c.ssn for c in live.cards.values()}
        for ssn in (demo.ssn, unknown):  # wrong digits, unknown SSN
            try:
                kiosk.report_temporary_loss(ssn, wrong)
            except e.BackendError as exc:
                answers.append((type(exc), exc.status, exc.message))
        assert answers[0] == answers[1]  # no oracle for which SSNs exist
        assert answers[0][0] is e.NotFoundError
        with pytest.raises(e.RateLimitedError):
            for _ in range(LOSS_REPORTS_PER_SSN):  # bounded
                try:
                    kiosk.report_temporary_loss(demo.ssn, wrong)
                except e.NotFoundError:
                    pass
    with live.client() as kiosk:  # the card was never reported lost
        assert kiosk.challenge(demo.card_number).challenge_id


def test_loss_reports_are_rate_limited_per_kiosk(live: SecurityBackend) -> None:
    creds = live.register_kiosk("security-kiosk-loss-burst")
    ssns = [c.ssn for c in live.cards.values()][: LOSS_REPORTS_PER_KIOSK + 1]
    refused = 0
    with BackendClient(live.url, kiosk=creds, retries=NO_RETRY) as kiosk:
        with pytest.raises(e.RateLimitedError):
            for ssn in ssns:  # bounded: one over the limit
                try:
                    kiosk.report_temporary_loss(ssn, "0000")
                except e.NotFoundError:
                    refused += 1
    assert refused == LOSS_REPORTS_PER_KIOSK


def test_security_backend_config_is_in_force(live: SecurityBackend) -> None:
    """Guard: the limits above come from the served config, not the defaults."""
    assert f"session_lifetime_seconds = {SESSION_LIFETIME_S}" in live.config.read_text(
        encoding="utf-8"
    )
    assert Path(live.config).is_file()


# --- staff sign-in -------------------------------------------------------------------


def _new_operator(live: SecurityBackend, name: str, password: str) -> None:
    """``ss-backend create-operator`` with the password on stdin."""
    done = subprocess.run(
        live.command("create-operator", name, "--role", "reviewer", "--password-stdin"),
        input=password + "\n",
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=live._env(),
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr


def test_staff_guessing_locks_the_name_and_logout_ends_the_token(
    live: SecurityBackend,
) -> None:
    """Through the real client: after the default five wrong passwords the
    right one is refused exactly like a wrong one; a logged-out token is dead."""
    password = "a long staff password"
    _new_operator(live, "security-guessed", password)
    _new_operator(live, "security-logout", password)
    staff = StaffClient(live.url, retries=NO_RETRY)
    try:
        answers = []
        for attempt in [f"guess-{i}" for i in range(5)] + [password]:
            with pytest.raises(e.StaffUnauthorizedError) as refused:
                staff.login("security-guessed", attempt)
            answers.append((refused.value.status, refused.value.message))
        assert len(set(answers)) == 1  # locked reads like a wrong password
        staff.login("security-logout", password)
        token = staff._token
        staff.logout()
        stolen = StaffClient(live.url, retries=NO_RETRY)
        stolen._token = token  # someone kept a copy of the token
        with pytest.raises(e.StaffUnauthorizedError):
            stolen.reviews()
        stolen.close()
    finally:
        staff.close()
