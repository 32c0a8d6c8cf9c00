# SPDX-License-Identifier: Apache-2.0
"""Kiosk test fixtures: Qt warnings fail tests; a real demo backend; the kiosk."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every kiosk test fails on a Qt warning (pytest-qt qt_log_level_fail)."""
    for item in items:
        if "tests/kiosk" in str(item.fspath).replace("\\", "/"):
            item.add_marker(pytest.mark.qt_log_level_fail("WARNING"))
            # the offscreen platform's own remark, not a defect of the kiosk
            item.add_marker(
                pytest.mark.qt_log_ignore(
                    "This plugin does not support (propagateSizeHints|raise)"
                )
            )


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory, qapp) -> Iterator[object]:
    """The embedded backend (in-process, seeded SQLite) and the demo cards."""
    from kiosk.demo import DemoRuntime

    runtime = DemoRuntime(tmp_path_factory.mktemp("demo"))
    yield runtime
    runtime.stop()


@pytest.fixture
def resident(qtbot, qapp, demo, tmp_path) -> Iterator[object]:
    """A fresh kiosk on the demo runtime and a resident to drive it."""
    from tests.kiosk.harness import resident_at

    with resident_at(qtbot, qapp, demo, tmp_path) as resident:
        yield resident
