# SPDX-License-Identifier: Apache-2.0
"""How the staff station reaches the backend: ``--config staff.toml`` and the
command line (``--backend``, ``--ca-bundle``, ``--insecure-http`` override
the file).

``config/staff.toml``::

    [backend]
    url = "https://backend.example.org"
    ca_bundle = "backend-ca.pem"   # relative to the file; a private CA
    insecure_http = false          # true only on a closed test network

The same checks as the kiosk's (:mod:`qtcommon.link`): https://,
or http:// to this machine, or ``insecure_http = true``; a CA bundle that
exists. Any problem is a :class:`qtcommon.link.ConfigError` naming the place.
"""

from __future__ import annotations

import argparse
import os
import tomllib
from pathlib import Path
from typing import Any

from qtcommon.link import BackendLink, ConfigError, checked_link

DEFAULT_URL = "http://127.0.0.1:8600"


def _backend_table(path: Path) -> dict[str, Any]:
    try:
        doc = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror or exc}") from None
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path}: not valid UTF-8 TOML: {exc}") from None
    table = doc.get("backend", {})
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [backend] must be a table")
    return table


def _text(table: dict[str, Any], key: str, where: str) -> str:
    value = table.get(key, "")
    if not isinstance(value, str):
        raise ConfigError(f"{where}: {key!r} must be str, not {type(value).__name__}")
    return value


def staff_link(args: argparse.Namespace) -> BackendLink:
    """The backend link from ``--config`` and the options that override it."""
    table: dict[str, Any] = {}
    base, where = Path.cwd(), "ss-issue"
    if args.config is not None:
        table, base = _backend_table(args.config), args.config.resolve().parent
        where = f"{args.config} [backend]"
    insecure = table.get("insecure_http", False)
    if not isinstance(insecure, bool):
        raise ConfigError(f"{where}: 'insecure_http' must be bool")
    url = (
        args.backend
        or _text(table, "url", where)
        or os.environ.get("SSC_BACKEND_URL", DEFAULT_URL)
    )
    bundle = str(args.ca_bundle.resolve()) if args.ca_bundle else ""
    return checked_link(
        url,
        bundle or _text(table, "ca_bundle", where),
        insecure or args.insecure_http,
        base,
        where,
    )
