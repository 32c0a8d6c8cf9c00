# SPDX-License-Identifier: Apache-2.0
"""Every screen fits the panel in both languages, both themes and both sizes.

A full-screen kiosk cannot grow: whatever does not fit is cut off. One real
session on the embedded backend fills every screen; then each screen (and the
transfer wizard's pages, the problem panel and the idle and help dialogs) is
shown in zh_CN and en, normal and large text, at 1280 x 800 and 1920 x 1080,
and the walk fails on

* a window that grew past the panel,
* a visible widget reaching outside the window,
* a label whose text does not fit its width (one line) or its height
  (wrapped), a button whose text is wider than the button.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QRectF, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QApplication,
    QLabel,
    QWidget,
)

from backend_client.models import TemporaryLossReceipt
from kiosk.flow import Refusal
from kiosk.i18n import Language
from kiosk.messages import rule_message
from kiosk.screens.base import WrapButton
from kiosk.theme import Theme
from kiosk.widgets.chart import ContributionChart
from kiosk.window import SPECS
from qtcommon.fonts import choose_font
from tests.kiosk.harness import resident_at
from tests.kiosk.test_session_end import visit_everything

PANELS = ((1280, 800), (1920, 1080))
THEMES = (Theme.NORMAL, Theme.LARGE)


def settle() -> None:
    """Let layouts, polish and deferred shows run."""
    for _ in range(3):
        QApplication.processEvents()


def shown(widget: QWidget) -> bool:
    return widget.isVisible() and widget.width() > 0 and widget.height() > 0


def problems_in(window: QWidget, where: str) -> list[str]:
    """What does not fit in ``window`` as it is on the screen now."""
    found = []
    bounds = window.rect()
    for widget in window.findChildren(QWidget):
        if not shown(widget):
            continue
        top_left = widget.mapTo(window, QPoint(0, 0))
        box = QRect(top_left, widget.size())
        name = f"{where}: {type(widget).__name__} {widget.objectName()!r}"
        if not bounds.contains(box) and not in_scroll_area(widget):
            found.append(f"{name} at {box.getRect()} outside {bounds.getRect()}")
        if isinstance(widget, QLabel):
            found += _label_problems(widget, name)
        elif isinstance(widget, ContributionChart):
            found += _chart_problems(widget, name)
        elif isinstance(widget, WrapButton):
            continue  # its text is a label, checked as one
        elif isinstance(widget, QAbstractButton) and widget.text():
            need = widget.sizeHint().width()
            if need > widget.width():
                found.append(
                    f"{name} {widget.text()!r} needs {need} > {widget.width()}"
                )
    return found


def in_scroll_area(widget: QWidget) -> bool:
    """Inside a scroll area's content: moved into view by a flick, by design."""
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QAbstractScrollArea):
            return True
        parent = parent.parentWidget()
    return False


def _chart_problems(chart: ContributionChart, name: str) -> list[str]:
    """Year labels inside the chart and apart from each other."""
    labels = chart.year_labels()
    found = [
        f"{name} years {a[1]} and {b[1]} overlap"
        for a, b in zip(labels, labels[1:], strict=False)
        if a[0].intersects(b[0])
    ]
    found += [
        f"{name} year {text} outside the chart"
        for rect, text in labels
        if not QRectF(chart.rect()).contains(rect)
    ]
    return found


def _label_problems(widget: QLabel, name: str) -> list[str]:
    text = widget.text()
    if not text or widget.textFormat() is not Qt.TextFormat.PlainText:
        return []
    room = widget.contentsRect()
    metrics = widget.fontMetrics()
    if widget.wordWrap():
        need = widget.heightForWidth(widget.width())
        if need > widget.height():
            return [f"{name} {text[:40]!r} needs {need} px high, has {widget.height()}"]
        return []
    need = max(metrics.horizontalAdvance(line) for line in text.split("\n"))
    if need > room.width():
        return [f"{name} {text[:40]!r} needs {need} px wide, has {room.width()}"]
    # the ink of the glyphs (not the font's line gap) must be inside
    ink = sum(metrics.tightBoundingRect(line).height() for line in text.split("\n"))
    if ink > room.height():
        return [f"{name} {text[:40]!r} is cut: {room.height()} px high"]
    return []


def extra_states(resident) -> list[tuple[str, object]]:
    """Screens and parts of screens a session walk leaves in another state:
    (name, how to show it)."""
    s, window = resident.screens, resident.kiosk.window
    transfer = s.transfer

    def page(index):
        return lambda: (
            window.stack.setCurrentWidget(transfer),
            transfer.pages.setCurrentIndex(index),
            transfer.retranslate(),
        )

    def problem():
        window.stack.setCurrentWidget(s.unemployment)
        window.show_problem(rule_message("not_registered"))

    return [
        ("transfer provinces", page(0)),
        ("transfer cities", page(1)),
        ("transfer preview", page(2)),
        ("problem panel", problem),
        ("idle dialog", lambda: window.show_countdown(15)),
        ("help dialog", window.help.open),
    ]


def prepare_other_screens(resident) -> None:
    """Fill the screens no session walk reaches with their longest texts."""
    s = resident.screens
    s.refused.show_reason(Refusal.TEMPORARILY_LOST)
    s.pin.show_tries_left(2)
    s.take_card.show_left_behind()
    s.welcome.show_reader_problem(True)
    s.message.show_message(rule_message("resigned"))
    transfer = s.transfer
    city_rich = next(
        (
            p
            for p in {r.province for r in transfer.regions}
            if sum(r.province == p for r in transfer.regions) > 1
        ),
        None,
    )
    if city_rich is not None:
        transfer.province = city_rich
        cities = [r for r in transfer.regions if r.province == city_rich]
        transfer.cities.set_choices([(r.code, r.name) for r in cities])
    import datetime as dt

    s.loss_report.show_receipt(
        TemporaryLossReceipt(
            card_number_masked="D000****89",
            status="temporarily_lost",
            lapses_at=dt.datetime(2034, 3, 1, 4, 0, tzinfo=dt.UTC),
        )
    )


def test_every_screen_fits_every_panel(qtbot, qapp, demo, tmp_path) -> None:
    choose_font(qapp)
    with resident_at(qtbot, qapp, demo, tmp_path) as resident:
        kiosk, window = resident.kiosk, resident.kiosk.window
        resident.sign_in(demo.slot("active", 5))
        visit_everything(resident)
        for name in SPECS:
            resident.screens.get(name)
        prepare_other_screens(resident)
        window.finish_button.show()  # the top bar at its fullest
        found: list[str] = []
        for theme in THEMES:
            kiosk.set_theme(theme)
            for language in Language:
                kiosk.switch_language(language)
                for width, height in PANELS:
                    window.resize(width, height)
                    settle()
                    look = f"{language.value}/{theme.value}/{width}x{height}"
                    found += walk(resident, look, width, height)
        window.hide_overlays()
        assert not found, f"{len(found)} problems:\n" + "\n".join(found[:400])


def walk(resident, look: str, width: int, height: int) -> list[str]:
    """Every screen and extra state at one look and panel size."""
    window = resident.kiosk.window
    found = []
    steps = [
        (name, lambda n=name: window.stack.setCurrentWidget(resident.screens.get(n)))
        for name in SPECS
    ] + extra_states(resident)
    for name, show in steps:
        window.hide_overlays()
        window.clear_problem()
        show()
        settle()
        if (window.width(), window.height()) != (width, height):
            grown = f"{window.width()} x {window.height()}"
            found.append(f"{look} {name}: the window grew to {grown}")
            window.resize(width, height)
            settle()
            continue
        page = window.stack.currentWidget()
        need = page.minimumSizeHint()
        if need.height() > window.stack.height() or need.width() > window.stack.width():
            found.append(
                f"{look} {name}: the page needs {need.width()} x {need.height()}, "
                f"the panel leaves {window.stack.width()} x {window.stack.height()}"
            )
        found += problems_in(window, f"{look} {name}")
    return found
