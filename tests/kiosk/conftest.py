# SPDX-License-Identifier: Apache-2.0
"""Kiosk test fixtures: Qt warnings fail tests; a demo backend; the kiosk itself."""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every kiosk test fails on a Qt warning (pytest-qt qt_log_level_fail)."""
    for item in items:
        if "tests/kiosk" in str(item.fspath).replace("\\", "/"):
            item.add_marker(pytest.mark.qt_log_level_fail("WARNING"))
