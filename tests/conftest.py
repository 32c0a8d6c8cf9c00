# SPDX-License-Identifier: Apache-2.0
"""Fixtures shared by every test package.

Tests marked ``pcsc``, ``postgres``, ``cups`` or ``cluster`` may skip on a laptop
without the service, but under ``CI=true`` a missing service fails the test
instead of skipping it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from card.virtual.bundled import DEMO_CARDS_DIR

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
    except Exception:  # any PC/SC failure means "not available"
        return []


@pytest.fixture(scope="session")
def vpcd_readers() -> list[str]:
    """Names of pcscd's vpcd readers; skip (fail in CI) when pcscd/vpcd is absent."""
    names = _vpcd_readers()
    if not names:
        skip_or_fail("pcscd with the vpcd driver is not running")
    return names


@contextmanager
def new_postgres_database(prefix: str = "ssc_test") -> Iterator[str]:
    """A new, empty database on SSC_TEST_POSTGRES_URL's server (its URL, with
    the password), dropped afterwards; skip (fail in CI) without PostgreSQL."""
    base = os.environ.get("SSC_TEST_POSTGRES_URL", "")
    if not base:
        skip_or_fail("SSC_TEST_POSTGRES_URL is not set (no PostgreSQL)")
    import uuid

    import sqlalchemy as sa

    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(base, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    except Exception as exc:
        skip_or_fail(f"PostgreSQL at SSC_TEST_POSTGRES_URL unusable: {exc}")
    try:
        yield base.rsplit("/", 1)[0] + "/" + name
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A URL to an empty PostgreSQL database made for this test session."""
    with new_postgres_database() as url:
        yield url


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


DEMO_CARDS = DEMO_CARDS_DIR
_demo_snapshot: dict[Path, bytes] = {}


def pytest_sessionstart(session: pytest.Session) -> None:
    """Remember the committed demo card images: tests must work on copies."""
    _demo_snapshot.update({p: p.read_bytes() for p in DEMO_CARDS.glob("*.json")})


def _changed_demo_cards() -> list[Path]:
    return [
        p
        for p, data in _demo_snapshot.items()
        if not p.exists() or p.read_bytes() != data
    ]


@pytest.fixture(autouse=True)
def _demo_cards_untouched() -> Iterator[None]:
    """Fail the test that changed a committed demo card image (and restore it)."""
    yield
    changed = _changed_demo_cards()
    for path in changed:
        path.write_bytes(_demo_snapshot[path])
    if changed:
        pytest.fail(
            "this test changed committed demo card images "
            f"({', '.join(p.name for p in changed)}): copy a card image "
            "before using it",
            pytrace=False,
        )


def _restore_demo_cards(session: pytest.Session) -> None:
    """Put back any committed demo card a test changed, and fail the run."""
    changed = _changed_demo_cards()
    for path in changed:
        path.write_bytes(_demo_snapshot[path])
    if changed:
        names = ", ".join(p.name for p in changed)
        print(
            f"\nERROR: tests changed committed demo card images ({names}); "
            "restored. A test must copy a card image before using it."
        )
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Restore demo cards; tear Qt down while the QApplication still lives.

    Widgets and QObjects left to Python's interpreter shutdown are destroyed
    after QApplication, in no particular order, which crashes Qt ("shared
    QObject was deleted directly", then SIGSEGV) after every test has passed.
    """
    import gc
    import sys

    _restore_demo_cards(session)
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
