# SPDX-License-Identifier: Apache-2.0
"""What the operator reads and is asked: languages, plain words with folded
details, confirmed irreversible actions, 民族 by name, the filtered audit log.

The staff window runs offscreen on a live backend with virtual readers.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from backend_client.staff import AuditFilter
from card.connection import GetResponseConnection
from card.ssse import SsseSession
from card.virtual import Knobs, VirtualConnection
from kiosk.i18n import Language
from staff.errors import BatchInputError
from staff.ethnic import GB3304
from staff.models import Resident
from staff.personalize import STEPS, Personalizer
from tests.staff.conftest import new_resident, staff_api
from tests.staff.test_e2e_backend import Blanks
from tests.staff.ui_support import MASTER_KEY, login

pytestmark = pytest.mark.timeout(120)

TS = Path(__file__).resolve().parents[2] / "staff/i18n/staff_zh_CN.ts"


def _fill(page, resident: Resident) -> None:
    page.form.ssn.setText(resident.ssn)
    page.form.name.setText(resident.name)
    page.form.mobile.setText(resident.mobile)


def test_zh_cn_by_default_and_english_at_a_touch(qtbot, window, backend) -> None:
    assert window.language is Language.ZH_CN
    assert window.login.title.text() == "社会保障卡发卡工作站"
    assert window.login.language_button.text() == "English"
    window.login.language_button.click()  # Qt posts LanguageChange: next loop
    qtbot.waitUntil(
        lambda: window.login.title.text() == "Social security card issuing station"
    )
    assert window.login.language_button.text() == "中文"
    login(qtbot, window, backend, "issuer")
    assert window.visible_tabs() == ["Issue a card", "Batch issuing", "Card management"]
    assert window.issue.steps.item(0).text().endswith("Find or register the resident")
    assert window.cards.danger_box.title() == "Irreversible: cannot be undone"
    window.work.language_button.click()  # back, while logged in
    qtbot.waitUntil(lambda: window.work.logout_button.text() == "退出登录")
    assert window.visible_tabs() == ["单张制卡", "批量制卡", "卡片管理"]
    assert window.issue.steps.item(0).text().endswith("查找或登记参保人")
    assert window.issue.form.ethnic.currentText() == "汉族  01"
    assert window.work.who.text().startswith("操作员：")


def test_the_zh_cn_catalog_is_complete_and_current(tmp_path: Path) -> None:
    """Every string in the code is in the .ts, translated (lupdate re-run)."""
    from staff.build import staff_sources
    from staff.translations import STAFF

    fresh = tmp_path / "staff_zh_CN.ts"
    fresh.write_text(TS.read_text(encoding="utf-8"), encoding="utf-8")
    lupdate = Path(__import__("PySide6").__file__).parent / "lupdate"
    subprocess.run(  # noqa: S603 - fixed binary, our own files
        [str(lupdate), "-silent", "-no-obsolete", *map(str, staff_sources()), "-ts"]
        + [str(fresh)],
        check=True,
    )
    sources = re.findall(r"<source>(.*?)</source>", fresh.read_text(encoding="utf-8"))
    committed = re.findall(r"<source>(.*?)</source>", TS.read_text(encoding="utf-8"))
    assert sorted(sources) == sorted(committed), "run python -m staff.build --update"
    assert 'type="unfinished"' not in TS.read_text(encoding="utf-8")
    assert STAFF.ts(Language.ZH_CN) == TS


def test_ethnic_groups_are_the_gb_3304_list() -> None:
    assert list(GB3304) == [f"{n:02d}" for n in range(1, 57)] + ["97", "98"]
    fields = {"ssn": new_resident().ssn, "name": "测试", "mobile": "13900000000"}
    assert Resident.from_fields({**fields, "ethnic": "98"}).ethnic == "98"
    with pytest.raises(BatchInputError) as caught:
        Resident.from_fields({**fields, "ethnic": "57"})
    assert caught.value.field == "ethnic"


def test_the_chosen_ethnic_code_is_what_the_card_stores(qtbot, window, backend) -> None:
    login(qtbot, window, backend, "issuer")
    page = window.issue
    qtbot.waitUntil(lambda: page.readers.combo.count() == 2, timeout=10000)
    assert page.form.ethnic.count() == 58
    page.form.ethnic.setCurrentIndex(page.form.ethnic.findData("98"))
    assert page.form.ethnic.currentText() == "外国血统中国籍人士  98"
    _fill(page, new_resident("安娜"))
    page.start_button.click()
    qtbot.waitUntil(
        lambda: page.result is not None or page.failure is not None, timeout=30000
    )
    assert page.failure is None, page.banner.text()
    (card,) = window.factory.cards
    holder = SsseSession(GetResponseConnection(VirtualConnection(card))).read_holder()
    assert holder.ethnic_group == "98"
    page.new_button.click()  # the next resident does not inherit the choice
    assert page.form.ethnic.currentData() == "01"


def test_a_failure_in_plain_words_with_the_detail_folded(
    qtbot, window, backend
) -> None:
    login(qtbot, window, backend, "issuer")
    page = window.issue
    qtbot.waitUntil(lambda: page.readers.combo.count() == 2, timeout=10000)
    _fill(page, new_resident("白骨精"))
    window.factory.next_knobs = Knobs(tear_after=25)
    page.start_button.click()
    qtbot.waitUntil(lambda: page.failure is not None, timeout=30000)
    text = page.banner.text()
    assert "卡片被拔出" in text and "请先擦除卡片" in text
    for jargon in ("Error", "EF05", "GET CHALLENGE", "APDU", "half_written"):
        assert jargon not in text
    assert not page.banner.details.isVisible()
    page.banner.toggle.click()
    assert page.banner.details.isVisible()
    details = page.banner.details.text()
    assert "CardRemovedError" in details and "card state half_written" in details
    failed = page.steps.item(STEPS.index(page.failure.step)).text()
    assert failed.startswith("✖") and "失败" in failed


def _card_for(issuer, qtbot, window, backend):
    resident = new_resident("牛魔王")
    number = (
        Personalizer(issuer, Blanks(MASTER_KEY)).run(resident).allocation.card_number
    )
    login(qtbot, window, backend, "issuer")
    page = window.cards
    window.tabs.setCurrentWidget(page)
    page.ssn.setText(resident.ssn)
    page.lookup()
    qtbot.waitUntil(lambda: page.table.rowCount() == 1, timeout=10000)
    page.reason.setText("持卡人申请注销")
    return page, resident, number


def test_revoke_is_set_apart_and_asks_first(qtbot, window, backend) -> None:
    issuer = staff_api(backend, "issuer")
    page, resident, number = _card_for(issuer, qtbot, window, backend)
    revoke = page.action_buttons["revoke"]
    assert page.danger_box.isAncestorOf(revoke)
    assert page.danger_box.isAncestorOf(page.action_buttons["formal-loss"])
    assert not page.actions_box.isAncestorOf(revoke)
    assert revoke.objectName() == "danger"
    revoke.click()
    dialog = page.confirm
    assert dialog is not None and dialog.isVisible()
    assert number in dialog.text()
    assert "永远不能再使用" in dialog.informativeText()
    assert dialog.defaultButton() is dialog.keep_button  # Enter keeps the card
    dialog.keep_button.click()
    qtbot.wait(300)  # nothing may reach the backend
    assert issuer.find_person(resident.ssn).card(number).status == "active"
    revoke.click()
    page.confirm.action_button.click()
    qtbot.waitUntil(lambda: page.table.item(0, 1).text() == "已注销", timeout=10000)
    assert issuer.find_person(resident.ssn).card(number).status == "revoked"


def _rows(table) -> list[list[str]]:
    return [
        [table.item(r, c).text() for c in range(table.columnCount())]
        for r in range(table.rowCount())
    ]


def test_audit_log_filtered_masked_and_in_local_time(qtbot, window, backend) -> None:
    issuer = staff_api(backend, "issuer")
    resident = new_resident("孙二娘")
    issuer.register_person(resident)
    admin, operator = staff_api(backend, "admin"), backend.staff["issuer"][0]
    entry = admin.audit(
        AuditFilter(action="person_registered", actor=f"staff:{operator}")
    ).items[0]
    assert entry.entity_id == resident.ssn  # the API gives it whole to the admin
    login(qtbot, window, backend, "admin")
    page = window.audit
    qtbot.waitUntil(lambda: page.table.rowCount() > 0, timeout=10000)  # last 7 days
    page.operator.setText(operator)
    page.action.setCurrentIndex(page.action.findData("person_registered"))
    page.search_button.click()
    qtbot.waitUntil(
        lambda: {row[2] for row in _rows(page.table)} == {"登记参保人"}, timeout=10000
    )
    shown = _rows(page.table)
    masked = resident.ssn[:6] + "********" + resident.ssn[-4:]
    assert all(row[1] == operator and row[2] == "登记参保人" for row in shown), shown
    assert shown[0][3] == f"参保人 {masked}"
    assert all(resident.ssn not in " ".join(row) for row in shown)
    local = entry.at.astimezone(ZoneInfo("Asia/Shanghai"))
    assert shown[0][0] == f"{local:%Y-%m-%d %H:%M:%S}"
    header = page.table.horizontalHeaderItem(0).text()
    assert header == "时间（Asia/Shanghai）"
    page.action.setCurrentIndex(page.action.findData("card_revoke"))
    page.card.setText("NOSUCHCARD")
    page.search_button.click()
    qtbot.waitUntil(lambda: page.table.rowCount() == 0, timeout=10000)
    assert page.count.text() == "共 0 条"


def test_a_day_range_is_sent_as_local_midnights(window) -> None:
    import datetime as dt

    from PySide6.QtCore import QDate

    page = window.audit
    page.since.setDate(QDate(2026, 3, 14))
    page.until.setDate(QDate(2026, 3, 14))
    query = page.query()
    shanghai = dt.timezone(dt.timedelta(hours=8))
    assert query.since == dt.datetime(2026, 3, 14, tzinfo=shanghai)
    assert query.until == dt.datetime(2026, 3, 15, tzinfo=shanghai)
    assert query.params()["since"] == "2026-03-14T00:00:00+08:00"


def test_the_default_days_end_today_in_the_configured_zone(qtbot, tmp_path) -> None:
    import datetime as dt

    from staff.pages.audit import AuditPage
    from tests.staff.ui_support import virtual_services

    services = virtual_services("http://127.0.0.1:9", tmp_path)
    try:
        for name in ("Pacific/Kiritimati", "Pacific/Pago_Pago"):  # +14 h, -11 h
            services.zone = ZoneInfo(name)
            page = AuditPage(services)
            qtbot.addWidget(page)
            today = dt.datetime.now(services.zone).date()
            assert page.until.date().toPython() == today
            assert page.query().until == dt.datetime.combine(
                today + dt.timedelta(days=1), dt.time(), tzinfo=services.zone
            )
    finally:
        services.stop()


def test_list_and_form_errors_name_the_line_and_the_field(window) -> None:
    from staff.errors import InvalidInputError, JournalError
    from staff.messages import staff_message

    row = staff_message(BatchInputError(3, "mobile must be 11 digits", "mobile"))
    assert row.text == "名单第 3 行：请检查手机号。"
    assert row.details == "BatchInputError: line 3: mobile must be 11 digits"
    twice = staff_message(
        BatchInputError(4, "the same SSN appears twice", "duplicate_ssn")
    )
    assert twice.text == "名单第 4 行：名单中同一社会保障号码出现了两次。"
    form = staff_message(InvalidInputError("social security number: bad", "ssn"))
    assert form.text == "请检查社会保障号码。"
    assert staff_message(JournalError("journal.jsonl is not UTF-8")).text.startswith(
        "输出目录中的制卡记录"
    )


def test_language_and_zone_from_the_command_line(tmp_path, monkeypatch) -> None:
    from staff.app import build_services, parse_args

    base = ["--readers", "virtual", "--output", str(tmp_path)]
    monkeypatch.delenv("SSC_TIMEZONE", raising=False)
    args = parse_args(base)
    assert (args.language, args.timezone.key) == ("zh_CN", "Asia/Shanghai")
    services = build_services(parse_args([*base, "--timezone", "Europe/Berlin"]))
    try:
        assert services.zone.key == "Europe/Berlin"
    finally:
        services.stop()
    monkeypatch.setenv("SSC_TIMEZONE", "Asia/Urumqi")
    assert parse_args([*base, "--language", "en"]).timezone.key == "Asia/Urumqi"
    with pytest.raises(SystemExit):
        parse_args([*base, "--timezone", "Mars/Olympus_Mons"])


def test_the_typed_number_preselects_its_gender(qtbot) -> None:
    from card.ssn import complete
    from staff.pages.issue import ResidentForm

    form = ResidentForm()
    qtbot.addWidget(form)
    form.name.setText("林小红")
    form.mobile.setText("13900000000")
    form.ssn.setText(complete("11010519491231002"))  # digit 17 even: female
    assert form.gender.currentData() == "2"
    assert form.resident().gender == "2"
    form.ssn.setText(complete("11010519491231003"))
    assert form.gender.currentData() == "1"
