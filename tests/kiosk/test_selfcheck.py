# SPDX-License-Identifier: Apache-2.0
"""The kiosk's self-check against a real backend on loopback (a subprocess,
tests/live_backend.py) and virtual readers: a wrong kiosk secret, the backend
stopped and started again, the right secret, a reader name that matches no
reader until one appears, and a session that a failing check never interrupts.

Each problem is logged once at WARNING with what to do, its end once at INFO;
residents see the out-of-service welcome screen, technicians the cause on the
diagnostics screen.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
from cryptography import x509

from backend_client.client import KioskCredentials
from backend_client.outbox import Outbox
from card.trace import ApduTrace
from card.virtual import VirtualCard, VirtualReaderProvider
from kiosk.app import Kiosk, Runtime
from kiosk.controller import Services
from kiosk.demo import DEMO_CA
from kiosk.diagnostics import attach_diagnostics
from kiosk.diagnostics.report import report_json, report_text
from kiosk.flow import State
from kiosk.i18n import Language
from kiosk.selfcheck import Check, Fault, Ledger, Outcome, reader_outcome
from qtcommon.fonts import choose_font
from tests.kiosk.harness import Resident, slot_of
from tests.kiosk.test_layout import PANELS, THEMES, problems_in, settle
from tests.live_backend import LiveBackend, live_backend

READER = "Test Reader 00"
WAIT_MS = 20_000


@pytest.fixture(scope="module")
def backend(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveBackend]:
    with live_backend(tmp_path_factory.mktemp("selfcheck-backend")) as running:
        yield running


class Rig:
    """A kiosk on the live backend and a virtual reader provider."""

    def __init__(
        self,
        qtbot,
        qapp,
        backend: LiveBackend,
        tmp: Path,
        *,
        key: str | None = None,
        readers: list[str] | None = None,
        pattern: str = READER,
    ) -> None:
        self.qtbot = qtbot
        self.provider = VirtualReaderProvider([READER] if readers is None else readers)
        kiosk = backend.kiosk
        credentials = KioskCredentials(kiosk_id=kiosk.kiosk_id, key=key or kiosk.key)
        self.services = Services(
            client=backend.client(kiosk=credentials, read_timeout=5.0),
            kiosk_id=kiosk.kiosk_id,
            ca_cert=x509.load_pem_x509_certificate(DEMO_CA.read_bytes()),
            outbox=Outbox(tmp / "outbox.sqlite3", retry_base_s=0.05),
            status_base_url=backend.url,
            printer="",
            certificate_dir=tmp / "certs",
            idle_timeout_s=600,
            idle_warning_s=15,
            outbox_flush_s=60,
        )
        self.kiosk = Kiosk(
            qapp,
            Runtime(
                provider=self.provider,
                reader=pattern,
                services=self.services,
                shuffle_pin_pad=False,
                language=Language.EN,
                large_text=False,
            ),
        )
        self.kiosk.window.show()
        self.diagnostics = attach_diagnostics(self.kiosk, trace=ApduTrace())

    @property
    def welcome(self):
        return self.kiosk.screens.welcome

    def checked(self, runs: int = 1) -> None:
        """Wait until the self-check has folded in ``runs`` probes."""
        self.qtbot.waitUntil(lambda: self.kiosk.selfcheck.runs >= runs, timeout=WAIT_MS)

    def check_again(self) -> None:
        """Run the self-check now (as the minute timer does) and wait for it."""
        runs = self.kiosk.selfcheck.runs
        self.kiosk.selfcheck.run_now()
        self.checked(runs + 1)

    def diagnostics_text(self) -> str:
        """The self-check line of the diagnostics screen, opened now."""
        self.diagnostics.open_screen()
        text = self.diagnostics.window.self_check.text()
        self.diagnostics.close_screen()
        return text

    def close(self) -> None:
        self.provider.remove(READER)
        self.diagnostics.close()
        self.kiosk.close()
        self.services.outbox.close()
        self.services.client.close()


@pytest.fixture
def rig(qtbot, qapp, backend, tmp_path) -> Iterator[object]:
    made: list[Rig] = []

    def make(**kw: object) -> Rig:
        made.append(Rig(qtbot, qapp, backend, tmp_path, **kw))  # type: ignore[arg-type]
        return made[-1]

    yield make
    for one in made:
        one.close()


def _warnings(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [
        r
        for r in caplog.records
        if r.name == "kiosk.selfcheck" and r.levelno == logging.WARNING
    ]


def _infos(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [
        r.getMessage()
        for r in caplog.records
        if r.name == "kiosk.selfcheck" and r.levelno == logging.INFO
    ]


def _serving(welcome) -> bool:
    return welcome.fault is None and welcome.prompt.isVisible()


def test_right_secret_and_reader_keep_the_welcome_screen(rig, caplog) -> None:
    caplog.set_level(logging.INFO)
    r = rig()
    r.checked()
    r.check_again()
    assert r.kiosk.selfcheck.fault is None
    assert r.kiosk.selfcheck.problems() == ()
    assert _serving(r.welcome)
    assert not r.welcome.out_title.isVisible()
    assert _warnings(caplog) == []
    assert r.diagnostics_text() == ""


def test_wrong_secret_is_a_setup_problem_logged_once(rig, caplog) -> None:
    caplog.set_level(logging.INFO)
    r = rig(key="not-the-kiosk-secret")
    r.checked()
    assert r.kiosk.selfcheck.fault is Fault.SETUP
    welcome = r.welcome
    assert welcome.out_title.isVisible() and not welcome.prompt.isVisible()
    assert "暂停服务" in welcome.out_title.text()
    assert "Out of service" in welcome.out_title.text()
    assert "not set up correctly" in welcome.out_text.text()
    assert "staff" in welcome.out_text.text()
    assert welcome.out_other.text() == "本机尚未设置妥当，请联系工作人员。"
    assert not welcome.loss_button.isVisible()
    r.check_again()
    r.check_again()
    [warning] = _warnings(caplog)
    line = warning.getMessage()
    assert "credential check failed" in line
    assert "KioskUnauthorizedError" in line and "kiosk_unauthorized" in line
    assert "What to do:" in line and "kiosk_secret" in line
    assert "not-the-kiosk-secret" not in caplog.text
    [problem] = r.kiosk.selfcheck.problems()
    assert problem.check is Check.CREDENTIAL
    text = r.diagnostics_text()
    assert "Kiosk credential check failed since" in text
    assert "kiosk_unauthorized" in text and "What to do:" in text
    assert "not-the-kiosk-secret" not in text
    report = r.diagnostics.report()
    assert "credential failing since" in report_text(report)
    [entry] = report_json(report)["self_check"]
    assert entry["check"] == "credential" and "kiosk_unauthorized" in entry["error"]
    # the language switch reaches the out-of-service words
    r.kiosk.switch_language(Language.ZH_CN)
    r.qtbot.waitUntil(lambda: "工作人员" in welcome.out_text.text())
    assert "not set up correctly" in welcome.out_other.text()
    r.kiosk.switch_language(Language.EN)


def test_backend_stopped_is_an_outage_until_it_answers(
    rig, backend, caplog, tmp_path
) -> None:
    caplog.set_level(logging.INFO)
    backend.stop()
    try:
        r = rig()
        r.checked()
        assert r.kiosk.selfcheck.fault is Fault.OUTAGE
        assert "temporarily out of service" in r.welcome.out_text.text()
        assert "set up" not in r.welcome.out_text.text()
        assert "暂停服务" in r.welcome.out_other.text()
        # a card inserted now is not read: there is nothing it could do
        card = backend.copy_card(backend.card("active"), tmp_path / "cards")
        r.provider.insert(READER, VirtualCard.load(card.path))
        r.qtbot.waitUntil(lambda: r.kiosk.controller.card_present, timeout=WAIT_MS)
        assert r.kiosk.controller.flow.state is State.WELCOME
        r.provider.remove(READER)
        r.check_again()
        [warning] = _warnings(caplog)
        line = warning.getMessage()
        assert "backend check failed" in line
        assert "BackendUnavailableError" in line
        assert "What to do:" in line and "[backend] url" in line
        assert "Backend check failed since" in r.diagnostics_text()
    finally:
        backend.start()
    r.check_again()
    assert r.kiosk.selfcheck.fault is None
    assert _serving(r.welcome)
    assert any("backend check passes again" in m for m in _infos(caplog))
    assert len(_warnings(caplog)) == 1
    assert r.diagnostics_text() == ""


def test_reader_name_matching_no_reader_until_it_appears(rig, caplog) -> None:
    caplog.set_level(logging.INFO)
    r = rig(readers=["Other Reader 01"], pattern="No Such Reader")
    r.checked()
    assert r.kiosk.selfcheck.fault is Fault.OUTAGE
    assert r.welcome.out_title.isVisible()
    r.check_again()
    [warning] = _warnings(caplog)
    line = warning.getMessage()
    assert "reader check failed" in line
    assert "'No Such Reader'" in line and "'Other Reader 01'" in line
    assert "What to do:" in line and "name_pattern" in line
    assert "Card reader check failed since" in r.diagnostics_text()
    # the reader is plugged in: the monitor's event runs the check at once
    r.provider.add_reader("No Such Reader 00")
    r.qtbot.waitUntil(lambda: r.kiosk.selfcheck.fault is None, timeout=WAIT_MS)
    assert _serving(r.welcome)
    assert any("reader check passes again" in m for m in _infos(caplog))
    assert len(_warnings(caplog)) == 1


@pytest.mark.slow
def test_a_session_is_never_interrupted_by_a_failing_check(
    rig, backend, qtbot, tmp_path
) -> None:
    r = rig()
    r.checked()
    card = backend.copy_card(backend.card("active", 1), tmp_path / "cards")

    class Slot:
        def insert(self, path: Path) -> None:
            r.provider.insert(READER, VirtualCard.load(path))

        def remove(self) -> None:
            taken = r.provider.remove(READER)
            if taken is not None:
                taken.save()

    resident = Resident(qtbot, r.kiosk, Slot())
    resident.sign_in(slot_of(card.card_number, card.pin, card.path))
    backend.stop()
    try:
        r.check_again()
        assert r.kiosk.selfcheck.fault is Fault.OUTAGE
        assert resident.state is State.OVERVIEW
        assert r.kiosk.window.stack.currentWidget() is r.kiosk.screens.overview
    finally:
        backend.start()
    resident.click(r.kiosk.window.finish_button)
    resident.take_card()
    r.check_again()
    assert _serving(r.welcome)


def test_out_of_service_screen_fits_every_panel(rig, qapp) -> None:
    """Both wordings, in both languages and themes, fit both panels
    (the checks of tests/kiosk/test_layout.py)."""
    choose_font(qapp)
    r = rig(key="not-the-kiosk-secret")
    r.checked()
    kiosk, window = r.kiosk, r.kiosk.window
    assert window.stack.currentWidget() is r.welcome
    found: list[str] = []
    for fault in Fault:
        r.welcome.show_out_of_service(fault)
        for theme in THEMES:
            kiosk.set_theme(theme)
            for language in Language:
                kiosk.switch_language(language)
                for width, height in PANELS:
                    window.resize(width, height)
                    settle()
                    look = f"{fault}/{language.value}/{theme.value}/{width}x{height}"
                    assert r.welcome.out_text.isVisible(), look
                    found += problems_in(window, look)
    kiosk.reset_look()
    assert not found, "\n".join(found)


@pytest.mark.pcsc
def test_pcsc_reader_name_matching_no_vpcd_reader(caplog) -> None:
    """Through pcscd: the warning names the pattern and the vpcd readers."""
    from card.pcsc import PcscProvider

    caplog.set_level(logging.INFO)
    provider = PcscProvider()
    ledger = Ledger()
    ledger.record((reader_outcome(provider, "No Such Reader"),))
    ledger.record((reader_outcome(provider, "No Such Reader"),))
    [warning] = _warnings(caplog)
    line = warning.getMessage()
    assert "'No Such Reader'" in line
    assert "'Virtual PCD 00 00'" in line and "'Virtual PCD 00 01'" in line
    assert ledger.fault() is Fault.OUTAGE
    ledger.record((reader_outcome(provider, "virtual pcd 00 01"),))
    assert ledger.fault() is None
    assert any("reader check passes again" in m for m in _infos(caplog))


def test_ledger_keeps_the_start_and_the_current_error(caplog) -> None:
    caplog.set_level(logging.DEBUG)
    now = [100.0]
    ledger = Ledger(clock=lambda: now[0])

    def outcome(check: Check, ok: bool | None, error: str = "") -> Outcome:
        return Outcome(check=check, ok=ok, error=error)

    ledger.record((outcome(Check.CREDENTIAL, False, "401"),))
    assert ledger.fault() is Fault.SETUP
    now[0] = 200.0
    ledger.record(
        (
            outcome(Check.BACKEND, False, "unreachable"),
            outcome(Check.CREDENTIAL, None),  # not checked: stays failing
        )
    )
    assert ledger.fault() is Fault.SETUP  # staff must act: it says so first
    ledger.record((outcome(Check.BACKEND, False, "timeout"),))
    backend, credential = ledger.current()
    assert (backend.check, backend.since, backend.error) == (
        Check.BACKEND,
        200.0,
        "timeout",
    )
    assert (credential.since, credential.error) == (100.0, "401")
    assert len(_warnings(caplog)) == 2
    ledger.record((outcome(Check.CREDENTIAL, True), outcome(Check.BACKEND, True)))
    assert ledger.fault() is None and ledger.current() == ()
    assert len(_infos(caplog)) == 2
