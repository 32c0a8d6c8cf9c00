# SPDX-License-Identifier: Apache-2.0
"""PC/SC adapter: the only package that imports pyscard (``smartcard``)."""

from card.pcsc.connection import PcscConnection, Protocol, ShareMode
from card.pcsc.monitor import PcscMonitor
from card.pcsc.provider import PcscProvider

__all__ = ["PcscConnection", "PcscMonitor", "PcscProvider", "Protocol", "ShareMode"]
