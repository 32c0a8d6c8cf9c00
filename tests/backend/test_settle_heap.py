# SPDX-License-Identifier: Apache-2.0
"""``settle_heap``: start-up objects leave the collector's sight, garbage first."""

from __future__ import annotations

import gc
import weakref

from backend.app import settle_heap


class _Node:
    """A reference cycle: only the cyclic collector frees it."""

    def __init__(self) -> None:
        self.me = self


def test_settle_heap_collects_then_freezes() -> None:
    gc.disable()  # no automatic collection between here and settle_heap()
    try:
        cycle = _Node()
        gone = weakref.ref(cycle)
        del cycle
        kept = _Node()
        assert gone() is not None  # unreachable, but not collected yet
        settle_heap()
        assert gone() is None  # garbage is collected, not frozen for ever
        assert gc.get_freeze_count() > 0
        # a frozen object is no longer walked by any collection
        assert all(obj is not kept for obj in gc.get_objects())
    finally:
        gc.unfreeze()
        gc.enable()
    assert any(obj is kept for obj in gc.get_objects())
