# SPDX-License-Identifier: Apache-2.0
"""Social-security card layer: codecs, connections, sessions, virtual card.

Knows nothing of Qt or HTTP; only :mod:`card.pcsc` imports pyscard.
"""

__version__ = "0.1.0"
