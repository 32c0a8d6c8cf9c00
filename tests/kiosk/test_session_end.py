# SPDX-License-Identifier: Apache-2.0
"""The end of a session leaves nothing of the resident on any widget."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractButton,
    QLabel,
    QLineEdit,
    QListWidget,
    QTableWidget,
    QWidget,
)

from kiosk.flow import State
from kiosk.formats import mask_ssn
from kiosk.screens.base import money
from kiosk.widgets.chart import ContributionChart
from kiosk.widgets.qr import QrLabel


def widget_texts(root: QWidget) -> list[str]:
    """Every text a widget or its model holds, for all descendants of ``root``."""
    texts = []
    for widget in [root, *root.findChildren(QWidget)]:
        texts += [
            widget.toolTip(),
            widget.accessibleName(),
            widget.accessibleDescription(),
            widget.windowTitle(),
        ]
        if isinstance(widget, QLabel | QAbstractButton | QLineEdit):
            texts.append(widget.text())
        if isinstance(widget, QListWidget):
            texts += [widget.item(i).text() for i in range(widget.count())]
        if isinstance(widget, QTableWidget):
            texts += [
                widget.item(r, c).text()
                for r in range(widget.rowCount())
                for c in range(widget.columnCount())
                if widget.item(r, c)
            ]
        if isinstance(widget, QrLabel):
            texts.append(widget.payload)
        if isinstance(widget, ContributionChart):
            texts += [str(amount) for _, amount in widget.bars]
    return [t for t in texts if t]


def visit_everything(resident) -> None:
    """Open every service so each screen holds the resident's data."""
    s = resident.screens
    resident.click(s.overview.buttons[State.TRANSFER])
    resident.pick_region(s.transfer, 2)
    resident.click(s.transfer.confirm_button)
    resident.wait_until(lambda: s.receipt.receipt is not None)
    resident.click(s.receipt.back_button)
    resident.wait_state(State.OVERVIEW)
    for service, loaded in (
        (State.CONTRIBUTIONS, lambda: s.contributions.page is not None),
        (State.UNEMPLOYMENT, lambda: s.unemployment.eligibility is not None),
        (State.CERTIFICATE, lambda: s.certificate.data is not None),
        (State.MY_REQUESTS, lambda: s.requests.items != ()),
    ):
        resident.click(s.overview.buttons[service])
        resident.wait_until(loaded)
        if service is State.MY_REQUESTS:
            s.requests.list.itemClicked.emit(s.requests.list.item(0))
            resident.wait_until(lambda: s.requests.detail is not None)
            return  # stay here: this screen holds the request at the end
        resident.click(resident.kiosk.window.stack.currentWidget().back_button)
        resident.wait_state(State.OVERVIEW)


def test_finish_wipes_every_widget(resident) -> None:
    slot = resident.demo.slot("active", 5)
    resident.sign_in(slot)
    overview = resident.screens.overview
    secrets = {slot.name, slot.ssn, mask_ssn(slot.ssn), slot.card_number}
    for account in overview.accounts.accounts:
        if account.balance:
            secrets |= {money(account.balance), str(account.balance)}
    visit_everything(resident)
    before = "\n".join(widget_texts(resident.kiosk.window))
    assert all(
        secret in before for secret in (slot.name, slot.card_number, mask_ssn(slot.ssn))
    ), "the walk must see the data while the session is open"
    resident.click(resident.kiosk.window.finish_button)
    resident.wait_state(State.TAKE_CARD)
    after = "\n".join(widget_texts(resident.kiosk.window))
    leaks = [secret for secret in secrets if secret in after]
    assert not leaks, leaks
    resident.take_card()
