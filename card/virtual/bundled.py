# SPDX-License-Identifier: Apache-2.0
"""The demo issuer keys and demo card images shipped inside the package.

TEST ONLY material: the keys are public in this repository. ``--demo`` modes,
``ss-card virtual new`` without ``--ca-dir`` and the tests use them; a
deployment makes its own (docs/backend.md). The files are package data, so a
wheel carries them and they are found the same way in a checkout.
"""

from __future__ import annotations

from pathlib import Path

DEMO_DIR = Path(__file__).resolve().parent / "demo"
DEMO_CA_DIR = DEMO_DIR / "ca"
DEMO_CA_CERTIFICATE = DEMO_CA_DIR / "issuer-ca.pem"
DEMO_CARDS_DIR = DEMO_DIR / "cards"
