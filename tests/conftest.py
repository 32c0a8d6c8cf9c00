# SPDX-License-Identifier: Apache-2.0
"""Fixtures shared by every test package.

Tests marked ``pcsc`` or ``postgres`` may skip on a laptop without the service,
but under ``CI=true`` a missing service fails the test instead of skipping it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def skip_or_fail(reason: str) -> None:
    """Skip on a developer machine; fail under CI, where every marker must run."""
    if IN_CI:
        pytest.fail(f"CI=true but {reason}", pytrace=False)
    pytest.skip(reason)


def _vpcd_readers() -> list[str]:
    try:
        from smartcard.System import readers
    except ImportError:
        return []
    try:
        return [str(r) for r in readers() if "Virtual PCD" in str(r)]
    except Exception:  # noqa: BLE001 - any PC/SC failure means "not available"
        return []


@pytest.fixture(scope="session")
def vpcd_readers() -> list[str]:
    """Names of pcscd's vpcd readers; skip (fail in CI) when pcscd/vpcd is absent."""
    names = _vpcd_readers()
    if not names:
        skip_or_fail("pcscd with the vpcd driver is not running")
    return names


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A URL to an empty PostgreSQL database made for this test session."""
    base = os.environ.get("SSC_TEST_POSTGRES_URL", "")
    if not base:
        skip_or_fail("SSC_TEST_POSTGRES_URL is not set (no PostgreSQL)")
    import uuid

    import sqlalchemy as sa

    name = f"ssc_test_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(base, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    except Exception as exc:  # noqa: BLE001
        skip_or_fail(f"PostgreSQL at SSC_TEST_POSTGRES_URL unusable: {exc}")
    url = base.rsplit("/", 1)[0] + "/" + name
    yield url
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(scope="session")
def tool() -> object:
    """Return a finder for external commands; skip (fail in CI) if missing."""

    def find(name: str) -> str:
        path = shutil.which(name)
        if path is None:
            skip_or_fail(f"{name} is not installed")
        return str(path)

    return find


def run(cmd: list[str], **kw: object) -> subprocess.CompletedProcess[str]:
    """Run a command capturing text output (helper for CLI tests)."""
    return subprocess.run(cmd, capture_output=True, text=True, check=False, **kw)  # type: ignore[call-overload]


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Tear Qt down while the QApplication still lives.

    Widgets and QObjects left to Python's interpreter shutdown are destroyed
    after QApplication, in no particular order, which crashes Qt ("shared
    QObject was deleted directly", then SIGSEGV) after every test has passed.
    """
    import gc
    import sys

    if "PySide6.QtWidgets" not in sys.modules:
        return
    from PySide6.QtCore import QCoreApplication, QEvent
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is None:
        return
    for widget in QApplication.topLevelWidgets():
        widget.close()
        widget.deleteLater()
    gc.collect()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    QCoreApplication.processEvents()
    gc.collect()
