# SPDX-License-Identifier: Apache-2.0
"""A value in a box for queued ``object`` signals between threads.

PySide6 on Python 3.11 mis-counts references to ``None`` sent through a queued
``object`` signal, so no bare value travels: the workers and the staged
start-up (which must not import the workers before the first paint) both box
what they send.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Boxed:
    """A job's result (or the exception it raised) crossing threads."""

    value: Any
