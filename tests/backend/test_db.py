# SPDX-License-Identifier: Apache-2.0
"""SQLite engine set-up: the writer gate and read-only transactions (real files)."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.orm import Session

from backend.db import make_engine, make_sessionmaker, read_only

JOIN_SECONDS = 10.0  # far below the 60 s gate and busy timeouts


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    eng = make_engine(f"sqlite:///{tmp_path / 'gate.sqlite3'}")
    with eng.begin() as conn:
        conn.execute(text("CREATE TABLE t (n INTEGER NOT NULL)"))
    yield eng
    eng.dispose()


def _in_thread(work: Callable[[], object]) -> tuple[threading.Thread, list[object]]:
    out: list[object] = []
    th = threading.Thread(target=lambda: out.append(work()), daemon=True)
    th.start()
    return th, out


def _count(db: Session) -> int:
    return int(db.execute(text("SELECT count(*) FROM t")).scalar_one())


def test_read_only_transaction_does_not_wait_for_a_writer(engine: Engine) -> None:
    sessions = make_sessionmaker(engine)
    with sessions() as writer:
        writer.execute(text("INSERT INTO t VALUES (1)"))  # holds gate + lock

        def read() -> int:
            with sessions() as reader:
                read_only(reader)
                return _count(reader)

        th, out = _in_thread(read)
        th.join(JOIN_SECONDS)
        assert out == [0]  # answered at once, without the uncommitted row
        writer.commit()


def test_writer_waits_for_the_gate_then_proceeds(engine: Engine) -> None:
    sessions = make_sessionmaker(engine)
    with sessions() as first:
        first.execute(text("INSERT INTO t VALUES (1)"))

        def write() -> int:
            with sessions() as second:
                second.execute(text("INSERT INTO t VALUES (2)"))
                second.commit()
            with sessions() as check:
                return _count(check)

        th, out = _in_thread(write)
        th.join(0.5)
        assert th.is_alive() and out == []  # queued behind the first writer
        first.commit()
        th.join(JOIN_SECONDS)
        assert out == [2]


def test_gate_opens_when_a_session_closes_without_commit(engine: Engine) -> None:
    sessions = make_sessionmaker(engine)
    abandoned = sessions()
    abandoned.execute(text("INSERT INTO t VALUES (1)"))
    abandoned.close()  # rollback on the way back to the pool

    def write() -> int:
        with sessions() as db:
            db.execute(text("INSERT INTO t VALUES (2)"))
            db.commit()
            return _count(db)

    th, out = _in_thread(write)
    th.join(JOIN_SECONDS)
    assert out == [1]


def test_many_writers_all_commit(engine: Engine) -> None:
    sessions = make_sessionmaker(engine)

    def write(n: int) -> None:
        for _ in range(10):
            with sessions() as db:
                db.execute(text("INSERT INTO t VALUES (:n)"), {"n": n})
                db.commit()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(8)]
    for th in threads:
        th.start()
    for th in threads:
        th.join(60)
    with sessions() as db:
        assert _count(db) == 80


def _config_with(tmp_path: Path, database: str) -> Path:
    """The built-in default configuration with its [database] table replaced."""
    from backend.settings import DEFAULT_CONFIG

    text = DEFAULT_CONFIG.read_text(encoding="utf-8")
    head, rest = text.split("[database]", 1)
    rest = rest.split("[issuer]", 1)[1]
    text = head + "[database]\n" + database + "\n[issuer]" + rest
    text = text.replace('"../card/', f'"{DEFAULT_CONFIG.parent.parent}/card/')
    path = tmp_path / "backend.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_prepared_statements_setting(tmp_path: Path) -> None:
    """``[database] prepared_statements``: on unless set to false; not a string."""
    from backend.errors import ConfigError
    from backend.settings import load_settings

    url = 'url = "sqlite:///x.sqlite3"'
    assert load_settings(_config_with(tmp_path, url)).prepared_statements is True
    off = _config_with(tmp_path, url + "\nprepared_statements = false")
    assert load_settings(off).prepared_statements is False
    bad = _config_with(tmp_path, url + '\nprepared_statements = "false"')
    with pytest.raises(ConfigError):
        load_settings(bad)
