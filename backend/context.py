# SPDX-License-Identifier: Apache-2.0
"""What every request handler needs: settings, database, issuer keys, clock."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property

from cryptography import x509
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from backend.db import make_engine, make_sessionmaker
from backend.keys import FileIssuerKeys, IssuerKeys
from backend.models import utcnow
from backend.settings import Settings

log = logging.getLogger(__name__)


@dataclass(kw_only=True)
class AppContext:
    """Shared, thread-safe state of one app instance (no process-wide globals)."""

    settings: Settings
    engine: Engine
    sessions: sessionmaker[Session]
    clock: Callable[[], datetime] = field(default=utcnow)

    @classmethod
    def create(cls, settings: Settings) -> AppContext:
        """Connect to the configured database (migrations are run separately)."""
        engine = make_engine(
            settings.database_url,
            prepared_statements=settings.prepared_statements,
        )
        return cls(settings=settings, engine=engine, sessions=make_sessionmaker(engine))

    @cached_property
    def inline_db(self) -> bool:
        """Whether kiosk units run on the event loop (SQLite; see api/calls.py)."""
        return self.engine.dialect.name == "sqlite"

    def now(self) -> datetime:
        """The current time (replaceable in tests)."""
        return self.clock()

    @cached_property
    def keys(self) -> IssuerKeys:
        """The issuer's keys (opened once; :mod:`backend.keys`)."""
        return FileIssuerKeys.load(self.settings.key_files)

    @cached_property
    def ca_certificate(self) -> x509.Certificate:
        """The issuer CA certificate that every card certificate must chain to."""
        return self.keys.ca_certificate
