# SPDX-License-Identifier: Apache-2.0
"""What the staff screens share: the backend, the readers, the two job runners.

Built once by the composition root (:mod:`staff.app`) and handed to each
page; pages never build services themselves.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import QObject, Signal

from card.connection import Connection
from card.readers import ReaderProvider
from qtcommon.jobs import Job, JobFn, JobRunner
from staff.api import StaffApi
from staff.batch import CardSource
from staff.cardio import read_blank_code
from staff.models import Allocation, Operator

log = logging.getLogger(__name__)

DEFAULT_ZONE = "Asia/Shanghai"


class Session(QObject):
    """Who is logged in; pages follow ``changed`` to show or hide actions."""

    changed = Signal(object)  # Operator | None

    def __init__(self) -> None:
        super().__init__()
        self.operator: Operator | None = None

    def set(self, operator: Operator | None) -> None:
        self.operator = operator
        self.changed.emit(operator)


@dataclass(kw_only=True)
class StaffServices:
    """Backend client, reader provider, job runners and output folders."""

    api: StaffApi
    provider: ReaderProvider
    output_dir: Path
    card_worker: JobRunner = field(default_factory=lambda: _runner("staff-card"))
    backend_worker: JobRunner = field(default_factory=lambda: _runner("staff-backend"))
    session: Session = field(default_factory=Session)
    batch_source: Callable[[str, Path], CardSource] | None = None
    # virtual readers only: put a blank made for an allocation into an empty
    # reader (the simulated card factory), and take a card out
    insert_blank: Callable[[str, Allocation], None] | None = None
    eject: Callable[[str], object] | None = None
    reinsert: Callable[[str], None] | None = None
    # the zone every time on the station is shown in (the backend keeps UTC)
    zone: ZoneInfo = field(default_factory=lambda: ZoneInfo(DEFAULT_ZONE))

    def connector(self, reader: str) -> Callable[[Allocation], Connection]:
        """``connect(allocation)`` for the personalizer, on reader ``reader``."""
        provider, insert = self.provider, self.insert_blank

        def connect(allocation: Allocation) -> Connection:
            if insert is not None and not any(
                r.name == reader and r.card_present for r in provider.readers()
            ):
                insert(reader, allocation)
            return provider.connect(reader)

        return connect

    def blank_code(self, reader: str) -> Callable[[], bytes | None]:
        """``blank_code()`` for the personalizer: the recognition code of the
        blank in ``reader`` (None while the simulated factory has yet to make
        one for an empty virtual reader)."""
        provider, factory = self.provider, self.insert_blank is not None

        def read() -> bytes | None:
            if factory and not any(
                r.name == reader and r.card_present for r in provider.readers()
            ):
                return None
            return read_blank_code(provider, reader)

        return read

    def backend_job(self, name: str, fn: Callable[[], Any]) -> Job:
        """Run a backend call off the GUI thread."""
        return self.backend_worker.run(name, fn)

    def card_job(self, name: str, fn: JobFn) -> Job:
        """Run a card (and backend) job on the card runner; ``fn(report)``
        reports progress."""
        return self.card_worker.submit(name, fn)

    def stop(self) -> None:
        """Stop both runners (after the jobs in flight) and deliver what they
        answered meanwhile."""
        self.card_worker.stop(deliver=True)
        self.backend_worker.stop(deliver=True)


def _runner(name: str) -> JobRunner:
    """A staff job runner: a failed job is logged at INFO (its error type)."""
    return JobRunner(name, failure_level=logging.INFO)
