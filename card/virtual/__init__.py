# SPDX-License-Identifier: Apache-2.0
"""The virtual card: a card OS speaking real APDU bytes (docs/card-profile.md).

:class:`VirtualCard` (``power_on``/``power_off``/``reset``/``process``/``atr``),
:class:`VirtualConnection`, :class:`VirtualReaderProvider`, and the factory.
"""

from card.virtual.card import Knobs, VirtualCard
from card.virtual.connection import VirtualConnection
from card.virtual.readers import VirtualReaderProvider
from card.virtual.state import CardImage, LifeCycle

__all__ = [
    "CardImage",
    "Knobs",
    "LifeCycle",
    "VirtualCard",
    "VirtualConnection",
    "VirtualReaderProvider",
]
