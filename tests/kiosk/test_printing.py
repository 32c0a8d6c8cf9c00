# SPDX-License-Identifier: Apache-2.0
"""The insurance certificate through a real CUPS scheduler, off the GUI thread.

A private ``cupsd`` (tests/kiosk/cups_server.py) runs one queue whose backend
keeps each job's document; the kiosk prints to it by name through Qt's CUPS
support, as it would to the counter's printer.
"""

from __future__ import annotations

import os
import re
import signal
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QTimer

from kiosk.flow import State
from tests.conftest import skip_or_fail
from tests.kiosk.cups_server import CupsQueue, cupsd_path, private_cups
from tests.kiosk.harness import Resident, resident_at

pytestmark = pytest.mark.cups


@pytest.fixture
def cups(monkeypatch: pytest.MonkeyPatch) -> Iterator[CupsQueue]:
    path = cupsd_path()
    if path is None:
        skip_or_fail("CUPS is not installed (Debian cups-daemon)")
    with private_cups(path) as queue:
        monkeypatch.setenv("CUPS_SERVER", queue.socket)
        yield queue


@pytest.fixture
def at_counter(qtbot, qapp, demo, tmp_path, cups) -> Iterator[Resident]:
    """A kiosk whose printer is the private CUPS queue."""
    with resident_at(qtbot, qapp, demo, tmp_path, printer=cups.name) as resident:
        yield resident


def open_certificate(resident: Resident, index: int) -> None:
    resident.sign_in(resident.demo.slot("active", index))
    s = resident.screens
    resident.click(s.overview.buttons[State.CERTIFICATE])
    resident.wait_until(lambda: s.certificate.data is not None)


def pages(pdf: bytes) -> int:
    """Page objects in a PDF Qt wrote (Qt writes no object streams)."""
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf))


def test_certificate_printed_through_cups(
    at_counter: Resident, cups: CupsQueue
) -> None:
    open_certificate(at_counter, 1)
    certificate = at_counter.screens.certificate
    at_counter.click(certificate.print_button)
    at_counter.wait_until(lambda: certificate.outcome == "printed")
    [document] = cups.wait_for_documents(1)
    pdf = document.read_bytes()
    assert pdf.startswith(b"%PDF-"), cups.log()[-2000:]
    assert pages(pdf) == 1
    assert not list(at_counter.kiosk.runtime.services.certificate_dir.glob("*.pdf"))
    assert cups.title(document) == f"certificate-{certificate.data.verification_code}"


def test_unknown_printer_saves_the_certificate(
    qtbot, qapp, demo, tmp_path, cups: CupsQueue
) -> None:
    with resident_at(
        qtbot, qapp, demo, tmp_path, printer="no-such-printer"
    ) as resident:
        open_certificate(resident, 2)
        certificate = resident.screens.certificate
        resident.click(certificate.print_button)
        resident.wait_until(lambda: certificate.outcome == "saved")
        folder = resident.kiosk.runtime.services.certificate_dir
        [pdf] = folder.glob("certificate-*.pdf")
        assert pages(pdf.read_bytes()) == 1
        assert cups.documents() == []


def test_stalled_print_server_does_not_freeze_the_screen(
    at_counter: Resident, cups: CupsQueue, qtbot
) -> None:
    """cupsd stopped (SIGSTOP): the job waits on a worker, the GUI keeps going."""
    open_certificate(at_counter, 3)
    certificate = at_counter.screens.certificate
    ticks: list[int] = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(1))
    os.kill(cups.pid, signal.SIGSTOP)
    try:
        at_counter.click(certificate.print_button)
        timer.start(50)
        qtbot.wait(1000)
        timer.stop()
        assert certificate.outcome == "printing"
        assert not certificate.print_button.isEnabled()
        # 20 ticks on an idle machine; a blocked GUI thread gives none
        assert len(ticks) >= 5, "the GUI thread was blocked while printing"
    finally:
        os.kill(cups.pid, signal.SIGCONT)
    at_counter.wait_until(lambda: certificate.outcome == "printed")
    assert len(cups.wait_for_documents(1)) == 1


def test_neither_printed_nor_saved_says_so(
    qtbot, qapp, demo, tmp_path, cups: CupsQueue
) -> None:
    """No such queue and a certificate folder that cannot exist: the resident
    is asked to see the staff, the session goes on, and printing may be retried."""
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the folder should be")
    with resident_at(
        qtbot,
        qapp,
        demo,
        tmp_path,
        printer="no-such-printer",
        certificate_dir=blocked / "certificates",
    ) as resident:
        open_certificate(resident, 4)
        certificate = resident.screens.certificate
        resident.click(certificate.print_button)
        resident.wait_until(lambda: certificate.outcome == "failed")
        assert resident.state is State.CERTIFICATE
        assert certificate.print_button.isEnabled()
        assert "工作人员" in certificate.result.text()  # "ask the staff", in zh_CN
        assert cups.documents() == []


def test_receipt_slip_printed_through_cups(
    at_counter: Resident, cups: CupsQueue
) -> None:
    s = at_counter.screens
    at_counter.sign_in(at_counter.demo.slot("active", 4))
    at_counter.click(s.overview.buttons[State.TRANSFER])
    at_counter.pick_region(s.transfer, 0)
    at_counter.click(s.transfer.confirm_button)
    at_counter.wait_until(lambda: s.receipt.receipt is not None)
    at_counter.click(s.receipt.print_button)
    at_counter.wait_until(lambda: s.receipt.printed == "printed")
    [document] = cups.wait_for_documents(1)
    assert pages(document.read_bytes()) == 1
    assert cups.title(document) == f"receipt-{s.receipt.receipt.reference}"
