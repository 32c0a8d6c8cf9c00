# SPDX-License-Identifier: Apache-2.0
"""How a station reaches the backend: the URL, the CA bundle, plain HTTP allowed.

The kiosk (``[backend]`` of kiosk.toml, :mod:`kiosk.config`) and the staff
station (staff.toml and its options, :mod:`staff.config`) apply the same
checks. Plain Python, no HTTP stack: the kiosk reads its configuration before
``requests`` is imported (kiosk/startup.py).
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit


class ConfigError(Exception):
    """The configuration cannot be used; the message says where and why."""


def is_loopback(host: str | None) -> bool:
    """Whether ``host`` is this machine (``localhost``, 127.0.0.0/8, ``::1``)."""
    if not host:
        return False
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_backend_url(url: str, *, insecure_http: bool, where: str) -> None:
    """Refuse a backend URL that would send kiosk keys, tokens and personal
    data in the clear: anything but ``https://``, except ``http://`` to this
    machine (a TLS proxy on the same host, the embedded demo) or with
    ``insecure_http`` set. One line naming the host, never the URL's user
    or query (here, not in ``backend_client``: the kiosk reads its
    configuration before the HTTP stack is imported, kiosk/startup.py)."""
    parts = urlsplit(url)
    if parts.scheme == "https" and parts.hostname:
        return
    if parts.scheme == "http" and (insecure_http or is_loopback(parts.hostname)):
        return
    shown = f"{parts.scheme}://{parts.hostname or ''}"
    if parts.scheme != "http":
        raise ConfigError(f"{where}: backend URL {shown} must start with https://")
    raise ConfigError(
        f"{where}: backend URL {shown} is plain http:// to another machine: use "
        "https:// (with ca_bundle for a private CA) or set insecure_http = true"
    )


@dataclass(frozen=True, kw_only=True)
class BackendLink:
    """How a station reaches the backend: URL, CA bundle, plain HTTP allowed."""

    url: str
    ca_bundle: str | None = None
    insecure_http: bool = False


def checked_link(
    url: str, bundle: str, insecure: bool, base: Path, where: str
) -> BackendLink:
    """A :class:`BackendLink` after the checks of :func:`check_backend_url`
    and a CA bundle (relative to ``base``) that exists."""
    check_backend_url(url, insecure_http=insecure, where=where)
    ca = base / bundle if bundle else None
    if ca is not None and not ca.is_file():
        raise ConfigError(f"{where}: ca_bundle {ca} does not exist")
    return BackendLink(
        url=url, ca_bundle=str(ca) if ca else None, insecure_http=insecure
    )
