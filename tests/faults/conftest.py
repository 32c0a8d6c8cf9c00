# SPDX-License-Identifier: Apache-2.0
"""Fault-matrix fixtures: one real backend for the package, and the matrix
table printed at the end of the run (whatever ``-s`` says)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.faults.support import MATRIX
from tests.live_backend import LiveBackend, live_backend


@pytest.fixture(scope="package")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveBackend]:
    """The reference backend subprocess on 127.0.0.1, demo data seeded."""
    with live_backend(tmp_path_factory.mktemp("faults-backend")) as backend:
        yield backend


@pytest.fixture
def up(live: LiveBackend) -> LiveBackend:
    """The backend, started again if a test left it stopped."""
    live.start()
    return live


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if not MATRIX.rows:
        return
    terminalreporter.section("fault matrix")
    for line in MATRIX.table():
        terminalreporter.write_line(line)
