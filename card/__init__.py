# SPDX-License-Identifier: Apache-2.0
"""Social-security card layer: codecs, connections, sessions, virtual card.

Knows nothing of Qt or HTTP; only :mod:`card.pcsc` imports pyscard.
"""

# The project's one version string: pyproject.toml reads it from here
# ([tool.setuptools.dynamic]); every tool, the backend's /healthz and OpenAPI
# document report it. CHANGELOG.md names each release.
__version__ = "0.2.0"
