# SPDX-License-Identifier: Apache-2.0
"""Screenshots of the staff screens, on a live backend and virtual readers.

Run under a real X server (fonts rendered as on a desk), once per screen size;
the window fills the screen::

    xvfb-run -a -s "-screen 0 1280x800x24" python3 -m tests.staff.screenshots
    xvfb-run -a -s "-screen 0 1920x1080x24" python3 -m tests.staff.screenshots

Writes docs/screenshots/staff-<screen>-<zh_CN|en>-<width>x<height>.png, every
screen in both languages; dialogs and drop-down lists are taken from the
whole screen.
"""

from __future__ import annotations

import csv
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QApplication, QWidget

from card.virtual import Knobs
from kiosk.i18n import Language
from qtcommon.fonts import choose_font
from staff.receipt import ReceiptData, receipt_image
from staff.window import StaffWindow
from tests.live_backend import LiveBackend, live_backend
from tests.staff.conftest import (
    claim_organisational_transfer,
    new_resident,
    staff_api,
    submit_transfer,
)
from tests.staff.ui_support import Factory, virtual_services


def wait(app: QApplication, done: Callable[[], bool], timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while not done():
        if time.monotonic() > deadline:
            raise RuntimeError("screen did not reach the expected state")
        app.processEvents()
        time.sleep(0.02)
    for _ in range(20):
        app.processEvents()


class Camera:
    """Names each picture after the screen, the language and the screen size."""

    def __init__(self, app: QApplication, out: Path, language: Language) -> None:
        size = app.primaryScreen().size()
        self.app, self.out = app, out
        self.suffix = f"{language.value}-{size.width()}x{size.height()}"

    def path(self, name: str) -> Path:
        return self.out / f"staff-{name}-{self.suffix}.png"

    def window(self, widget: QWidget, name: str) -> None:
        for _ in range(20):
            self.app.processEvents()
        widget.grab().save(str(self.path(name)))
        print(self.path(name))

    def screen(self, name: str) -> None:
        """The whole screen: a dialog or a popup over the window."""
        for _ in range(20):
            self.app.processEvents()
        self.app.primaryScreen().grabWindow(0).save(str(self.path(name)))
        print(self.path(name))


def login(app: QApplication, win: StaffWindow, backend: LiveBackend, role: str) -> None:
    username, password = backend.staff[role]
    win.login.username.setText(username)
    win.login.password.setText(password)
    win.login.button.click()
    wait(app, lambda: win.stack.currentIndex() == 1)


def issuer_screens(
    win: StaffWindow,
    backend: LiveBackend,
    factory: Factory,
    cam: Camera,
    work: Path,
) -> None:
    app = cam.app
    login(app, win, backend, "issuer")
    page = win.issue
    wait(app, lambda: page.readers.combo.count() == 2)
    resident = new_resident("欧阳娜娜")
    page.form.ssn.setText(resident.ssn)
    page.form.name.setText(resident.name)
    page.form.mobile.setText(resident.mobile)
    page.form.ethnic.setCurrentIndex(page.form.ethnic.findData("03"))
    page.form.ethnic.showPopup()
    cam.screen("ethnic")
    page.form.ethnic.hidePopup()
    factory.next_knobs = Knobs(tear_after=25)
    page.start_button.click()
    wait(app, lambda: page.failure is not None)
    cam.window(win, "issue-failed")
    page.banner.toggle.click()
    cam.window(win, "issue-failed-details")
    win.services.reinsert(page.readers.reader())  # type: ignore[misc]
    page.erase_button.click()
    wait(app, lambda: page.failure is None)
    page.start_button.click()
    wait(app, lambda: page.result is not None)
    cam.window(win, "issue-done")
    receipt(page, resident, backend, cam)
    batch_screen(win, work, cam)
    card_screens(win, resident.ssn, cam)
    resume_screens(win, backend, cam)


def receipt(page: object, resident: object, backend: LiveBackend, cam: Camera) -> None:
    alloc = page.result.allocation  # type: ignore[attr-defined]
    image = receipt_image(
        ReceiptData(
            card_number=alloc.card_number,
            name=resident.name,  # type: ignore[attr-defined]
            ssn=resident.ssn,  # type: ignore[attr-defined]
            issue_date=alloc.issue_date,
            expiry_date=alloc.expiry_date,
            operator=backend.staff["issuer"][0],
        ),
        width=900,
    )
    path = cam.out / "staff-receipt.png"  # the printed slip: one language, one size
    image.save(str(path))
    print(path)


def card_screens(win: StaffWindow, ssn: str, cam: Camera) -> None:
    """Card management, then the confirmation a revoke asks for (not given)."""
    win.tabs.setCurrentWidget(win.cards)
    win.cards.ssn.setText(ssn)
    win.cards.lookup()
    wait(cam.app, lambda: win.cards.table.rowCount() > 0)
    win.cards.reason.setText("居民持身份证来窗口办理")
    cam.window(win, "cards")
    win.cards.action_buttons["revoke"].click()
    dialog = win.cards.confirm
    assert dialog is not None
    wait(cam.app, dialog.isVisible)
    cam.screen("revoke-confirm")
    dialog.keep_button.click()
    win.cards.action_buttons["formal-loss"].click()
    dialog = win.cards.confirm
    wait(cam.app, dialog.isVisible)
    cam.screen("formal-loss-confirm")
    dialog.keep_button.click()


def resume_screens(win: StaffWindow, backend: LiveBackend, cam: Camera) -> None:
    """A card number left allocated by a station that died, then reused."""
    resident = new_resident("上官婉儿")
    earlier = staff_api(backend, "issuer")
    earlier.register_person(resident)
    number = earlier.allocate_card(resident.ssn).card_number
    win.tabs.setCurrentWidget(win.issue)
    page = win.issue
    page.clear()
    page.form.ssn.setText(resident.ssn)
    page.form.mobile.setText(resident.mobile)
    page.lookup()
    wait(cam.app, lambda: number in page.banner.text())
    cam.window(win, "issue-resume")
    win.services.eject(page.readers.reader())  # type: ignore[misc]  # last card out
    page.start_button.click()
    wait(cam.app, lambda: page.result is not None or page.failure is not None)
    if page.failure is not None:
        raise RuntimeError(page.banner.text())
    cam.window(win, "issue-resumed")


def batch_screen(win: StaffWindow, work: Path, cam: Camera) -> None:
    rows = [new_resident(name) for name in ("张伟", "王芳", "李娜", "刘洋", "陈静")]
    path = work / "residents.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["ssn", "name", "mobile"])
        for r in rows:
            writer.writerow([r.ssn, r.name, r.mobile])
    win.tabs.setCurrentWidget(win.batch)
    win.batch.csv_path.setText(str(path))
    win.batch.out_dir.setText(str(work / "batch"))
    win.batch.start()
    wait(cam.app, lambda: win.batch.start_button.isEnabled(), timeout=120)
    cam.window(win, "batch")


def reviewer_and_admin_screens(
    win: StaffWindow, backend: LiveBackend, cam: Camera, claimed: str
) -> None:
    """The review queue with the organisational-transfer claim ``claimed``
    chosen (its check still to do), then the audit log."""
    app = cam.app
    login(app, win, backend, "reviewer")
    page = win.reviews
    wait(app, lambda: claimed in [i.reference for i in page.items])
    page.table.selectRow([i.reference for i in page.items].index(claimed))
    wait(app, lambda: claimed in page.details)  # the chosen one's history
    page.reason.setText("已核对调动通知书")
    cam.window(win, "reviews")
    win.logout()
    login(app, win, backend, "admin")
    wait(app, lambda: win.audit.table.rowCount() > 0)
    cam.window(win, "audit")
    audit = win.audit
    audit.operator.setText(backend.staff["issuer"][0])
    audit.action.setCurrentIndex(audit.action.findData("person_registered"))
    audit.search_button.click()
    wait(app, lambda: audit.count.text() != "" and audit.table.rowCount() > 0)
    wait(
        app,
        lambda: all(
            audit.table.item(r, 2).text() == audit.action.currentText()
            for r in range(audit.table.rowCount())
        ),
    )
    cam.window(win, "audit-filtered")
    win.logout()


def one_language(
    app: QApplication,
    backend: LiveBackend,
    work: Path,
    out: Path,
    language: Language,
    claimed: str,
) -> None:
    """Every staff screen in ``language``, the window filling the screen."""
    cam = Camera(app, out, language)
    factory = Factory()
    win = StaffWindow(virtual_services(backend.url, work, factory), language)
    win.resize(app.primaryScreen().size())
    win.show()
    wait(app, lambda: win.isVisible())
    win.login.username.setText(backend.staff["issuer"][0])
    cam.window(win, "login")
    issuer_screens(win, backend, factory, cam, work)
    win.logout()
    reviewer_and_admin_screens(win, backend, cam, claimed)
    win.close()
    # the window closes once the backend answered the logout, and stops its
    # job runners then: wait for that before the window is let go
    threads = (win.services.card_worker, win.services.backend_worker)
    wait(app, lambda: not any(r.worker_thread.isRunning() for r in threads))


def main(argv: list[str]) -> int:
    out = Path(argv[0] if argv else "docs/screenshots").resolve()
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    choose_font(app)  # type: ignore[arg-type]
    with tempfile.TemporaryDirectory() as tmp, live_backend(Path(tmp) / "b") as backend:
        for index in (0, 1):  # two requests waiting for the reviewer
            submit_transfer(backend, Path(tmp) / "cards", index)
        claimed = claim_organisational_transfer(backend, Path(tmp) / "claim")
        for language in (Language.ZH_CN, Language.EN):
            work = Path(tmp) / language.value
            work.mkdir()
            one_language(app, backend, work, out, language, claimed)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
