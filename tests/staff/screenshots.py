# SPDX-License-Identifier: Apache-2.0
"""Screenshots of the staff screens, on a live backend and virtual readers.

Run under a real X server (fonts rendered as on a desk)::

    xvfb-run -a python3 -m tests.staff.screenshots docs/screenshots

Writes docs/screenshots/staff-*.png.
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
from kiosk.staff.receipt import ReceiptData, receipt_image
from kiosk.staff.window import StaffWindow
from kiosk.theme import choose_font
from tests.live_backend import LiveBackend, live_backend
from tests.staff.conftest import new_resident, staff_api, submit_transfer
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


def shoot(widget: QWidget, path: Path) -> None:
    widget.grab().save(str(path))
    print(path)


def login(app: QApplication, win: StaffWindow, backend: LiveBackend, role: str) -> None:
    username, password = backend.staff[role]
    win.login.username.setText(username)
    win.login.password.setText(password)
    win.login.button.click()
    wait(app, lambda: win.stack.currentIndex() == 1)


def issuer_screens(
    app: QApplication,
    win: StaffWindow,
    backend: LiveBackend,
    factory: Factory,
    out: Path,
    work: Path,
) -> None:
    login(app, win, backend, "issuer")
    page = win.issue
    wait(app, lambda: page.readers.combo.count() == 2)
    resident = new_resident("欧阳娜娜")
    page.form.ssn.setText(resident.ssn)
    page.form.name.setText(resident.name)
    page.form.mobile.setText(resident.mobile)
    factory.next_knobs = Knobs(tear_after=25)
    page.start_button.click()
    wait(app, lambda: page.failure is not None)
    shoot(win, out / "staff-issue-failed.png")
    win.services.reinsert(page.readers.reader())  # type: ignore[misc]
    page.erase_button.click()
    wait(app, lambda: page.failure is None)
    page.start_button.click()
    wait(app, lambda: page.result is not None)
    shoot(win, out / "staff-issue-done.png")
    alloc = page.result.allocation
    image = receipt_image(
        ReceiptData(
            card_number=alloc.card_number,
            name=resident.name,
            ssn=resident.ssn,
            issue_date=alloc.issue_date,
            expiry_date=alloc.expiry_date,
            operator=backend.staff["issuer"][0],
        ),
        width=900,
    )
    image.save(str(out / "staff-receipt.png"))
    print(out / "staff-receipt.png")
    batch_screen(app, win, work, out)
    win.tabs.setCurrentWidget(win.cards)
    win.cards.ssn.setText(resident.ssn)
    win.cards.lookup()
    wait(app, lambda: win.cards.table.rowCount() > 0)
    win.cards.reason.setText("居民持身份证来窗口办理")
    shoot(win, out / "staff-cards.png")
    resume_screens(app, win, backend, out)


def resume_screens(
    app: QApplication, win: StaffWindow, backend: LiveBackend, out: Path
) -> None:
    """A card number left allocated by a station that died, then reused."""
    resident = new_resident("上官婉儿")
    earlier = staff_api(backend, "issuer")
    earlier.register_person(resident)
    earlier.allocate_card(resident.ssn)
    win.tabs.setCurrentWidget(win.issue)
    page = win.issue
    page.clear()
    page.form.ssn.setText(resident.ssn)
    page.form.mobile.setText(resident.mobile)
    page.lookup()
    wait(app, lambda: "未完成" in page.banner.text())
    shoot(win, out / "staff-issue-resume.png")
    win.services.eject(page.readers.reader())  # type: ignore[misc]  # last card out
    page.start_button.click()
    wait(app, lambda: page.result is not None or page.failure is not None)
    if page.failure is not None:
        raise RuntimeError(page.banner.text())
    shoot(win, out / "staff-issue-resumed.png")


def batch_screen(app: QApplication, win: StaffWindow, work: Path, out: Path) -> None:
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
    wait(app, lambda: win.batch.start_button.isEnabled(), timeout=120)
    shoot(win, out / "staff-batch.png")


def main(argv: list[str]) -> int:
    out = Path(argv[0] if argv else "docs/screenshots").resolve()
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    choose_font(app)  # type: ignore[arg-type]
    with tempfile.TemporaryDirectory() as tmp, live_backend(Path(tmp) / "b") as backend:
        work = Path(tmp)
        factory = Factory()
        win = StaffWindow(virtual_services(backend.url, work, factory))
        win.resize(1180, 760)
        win.show()
        wait(app, lambda: win.isVisible())
        win.login.username.setText(backend.staff["issuer"][0])
        shoot(win, out / "staff-login.png")
        issuer_screens(app, win, backend, factory, out, work)
        win.logout()
        submit_transfer(backend, work / "cards", 0)
        submit_transfer(backend, work / "cards", 1)
        login(app, win, backend, "reviewer")
        wait(app, lambda: win.reviews.table.rowCount() >= 2)
        wait(app, lambda: bool(win.reviews.details))  # the selected one's history
        win.reviews.reason.setText("材料齐全，同意转移")
        shoot(win, out / "staff-reviews.png")
        win.logout()
        login(app, win, backend, "admin")
        wait(app, lambda: win.audit.table.rowCount() > 0)
        shoot(win, out / "staff-audit.png")
        win.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
