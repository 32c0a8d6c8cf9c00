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
from backend.errors import ConfigError
from backend.models import utcnow
from backend.settings import Settings
from card.certs import IssuerCA
from card.errors import CardError

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
    def ca_certificate(self) -> x509.Certificate:
        """The issuer CA certificate that every card certificate must chain to."""
        try:
            return x509.load_pem_x509_certificate(
                self.settings.ca_certificate.read_bytes()
            )
        except (OSError, ValueError) as exc:
            raise ConfigError(f"issuer CA certificate unusable: {exc}") from exc

    @cached_property
    def master_key(self) -> bytes:
        """The issuer master key (hex file); never logged."""
        try:
            text = self.settings.master_key.read_text(encoding="ascii").strip()
            key = bytes.fromhex(text)
        except (OSError, ValueError) as exc:
            raise ConfigError("issuer master key unusable") from exc
        if len(key) != 16:
            raise ConfigError("issuer master key must be 16 bytes")
        return key

    @cached_property
    def issuer_ca(self) -> IssuerCA:
        """The issuer CA with its private key (certifies card keys)."""
        try:
            return IssuerCA.load(self.settings.ca_certificate, self.settings.ca_key)
        except (OSError, CardError) as exc:
            raise ConfigError("issuer CA key unusable") from exc
