# SPDX-License-Identifier: Apache-2.0
"""Diagnostics fixtures: a real backend on loopback, a kiosk on a virtual reader.

The kiosk is wired exactly as kiosk.diagnostics' docstring tells kiosk/app.py
to do it: the reader provider wrapped in an :class:`ApduTap`, then
``attach_diagnostics``. Qt warnings fail every test here.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from tests.diagnostics.rig import Rig, make_rig  # noqa: E402
from tests.live_backend import LiveBackend, live_backend  # noqa: E402


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/diagnostics" in str(item.fspath).replace("\\", "/"):
            item.add_marker(pytest.mark.qt_log_level_fail("WARNING"))
            item.add_marker(pytest.mark.qt_log_ignore("propagateSizeHints"))


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveBackend]:
    """The reference backend as a subprocess on 127.0.0.1 (seeded demo data)."""
    with live_backend(tmp_path_factory.mktemp("diag-backend")) as backend:
        yield backend


@pytest.fixture
def rig(qtbot, qapp, live: LiveBackend, tmp_path: Path) -> Iterator[Rig]:
    """A kiosk with diagnostics attached, its reader empty, the backend up."""
    live.start()
    made = make_rig(qtbot, qapp, live, tmp_path)
    yield made
    made.close()
