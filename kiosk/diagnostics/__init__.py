# SPDX-License-Identifier: Apache-2.0
"""Technician diagnostics screen of the resident kiosk.

Five taps in the top-right corner of the kiosk window within 3 s (or
Ctrl+Alt+D on a bench keyboard), outside a resident session, ask for the
technician code (``[kiosk] technician_code`` in kiosk.toml; ``--demo`` uses
:data:`DEMO_TECHNICIAN_CODE`); three wrong codes lock the keypad for 60 s,
doubling each time. The screen shows the readers with their decoded ATRs, the
last 50 APDUs (redacted), the backend's ``/healthz`` reachability and latency,
software versions and the configuration with every secret masked, and exports
all of it as a text and a JSON file.

The kiosk keeps no APDU trace across cards, so this package provides one:
:class:`ApduTap` wraps the reader provider and records every exchange of the
card worker's connections, redacted by :mod:`card.trace`, into ``tap.trace``.

Wiring (done by :class:`kiosk.startup.Boot` once the welcome screen is up)::

    from kiosk.diagnostics import ApduTap, attach_diagnostics
    tap = ApduTap(runtime.provider)
    kiosk.attach(replace(runtime, provider=tap))
    diagnostics = attach_diagnostics(kiosk, trace=tap.trace, config=config)

and ``diagnostics.close()`` before ``kiosk.close()`` when the kiosk stops.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kiosk.diagnostics.controller import Diagnostics, Setup
from kiosk.diagnostics.model import effective_config
from kiosk.diagnostics.tap import ApduTap
from kiosk.flow import State

if TYPE_CHECKING:
    from card.trace import ApduTrace
    from kiosk.app import Kiosk
    from kiosk.config import KioskConfig

__all__ = ["DEMO_TECHNICIAN_CODE", "ApduTap", "Diagnostics", "attach_diagnostics"]

#: The code of ``ss-kiosk --demo`` (no kiosk.toml there); documented, not secret.
DEMO_TECHNICIAN_CODE = "314159"
#: Flow states in which no resident is using the kiosk.
IDLE_STATES = frozenset({State.WELCOME, State.FAILURE, State.TAKE_CARD})


def _runtime_layer(kiosk: Kiosk) -> dict[str, Any]:
    """The settings the running kiosk actually uses (demo or config)."""
    runtime, services = kiosk.runtime, kiosk.runtime.services
    credentials = services.client.kiosk
    return {
        "reader_pattern": runtime.reader,
        "language": runtime.language,
        "large_text": runtime.large_text,
        "shuffle_pin_pad": runtime.shuffle_pin_pad,
        "kiosk_id": services.kiosk_id,
        "backend_url": services.status_base_url,
        "kiosk_secret": credentials.key if credentials else "",
        "printer": services.printer,
        "certificate_dir": services.certificate_dir,
        "idle_timeout_s": services.idle_timeout_s,
        "idle_warning_s": services.idle_warning_s,
        "outbox_flush_s": services.outbox_flush_s,
    }


def attach_diagnostics(
    kiosk: Kiosk, *, trace: ApduTrace, config: KioskConfig | None = None
) -> Diagnostics:
    """Install the gesture, the shortcut and the screen on a running kiosk."""
    runtime = _runtime_layer(kiosk)
    code = config.technician_code if config is not None else DEMO_TECHNICIAN_CODE
    layers: list[Any] = [runtime, {"mode": "config" if config else "demo"}]
    if config is not None:
        layers.append(config)
    else:
        layers.append({"technician_code": code})
    secret = config.kiosk_secret if config is not None else runtime["kiosk_secret"]
    setup = Setup(
        kiosk_id=kiosk.runtime.services.kiosk_id,
        provider=kiosk.runtime.provider,
        reader_pattern=kiosk.runtime.reader,
        trace=trace,
        health_url=config.backend_url if config else runtime["backend_url"],
        ca_bundle=config.backend_ca_bundle if config else None,
        technician_code=code,
        config=effective_config(*layers),
        secrets=tuple(s for s in (code, secret) if s),
        may_open=lambda: kiosk.controller.flow.state in IDLE_STATES,
        language=lambda: kiosk.translations.language,
        cards_left=lambda: tuple(c.at for c in kiosk.controller.cards_left),
        self_check=kiosk.selfcheck.problems,
    )
    return Diagnostics(kiosk.app, kiosk.window, setup)
