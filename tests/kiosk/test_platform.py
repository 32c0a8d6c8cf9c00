# SPDX-License-Identifier: Apache-2.0
"""The installed PySide6 must not lose references when Python emits signals.

PySide6-Essentials 6.12.0 on Python 3.11 drops one reference to ``True`` on
every ``SignalInstance.emit()``; a kiosk emits thousands of signals a day and
then aborts with "bool_dealloc". pyproject.toml excludes that release.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal


class _Emitter(QObject):
    fired = Signal(int, object)


def test_emit_keeps_reference_counts(qapp) -> None:
    emitter = _Emitter()
    got = []
    emitter.fired.connect(lambda n, value: got.append(n))
    before = (sys.getrefcount(True), sys.getrefcount(None))
    for n in range(200):
        emitter.fired.emit(n, None)
    after = (sys.getrefcount(True), sys.getrefcount(None))
    assert len(got) == 200
    assert abs(after[0] - before[0]) < 50 and abs(after[1] - before[1]) < 50, (
        "this PySide6 leaks references on emit(); install another version"
    )
