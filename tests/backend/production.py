# SPDX-License-Identifier: Apache-2.0
"""A production-like backend configuration in a folder, for tests of the key
ceremony and of blank batches: ``demo`` off, keys made by ``ss-backend issuer
init`` (encrypted), the passphrase in a file of mode 0600."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from tests.conftest import ROOT, run

PASSPHRASE = "correct horse battery staple"


@dataclass(frozen=True, kw_only=True)
class Production:
    """Where the configuration, keys and database of one test backend live."""

    folder: Path
    config: Path
    database_url: str

    @property
    def keys(self) -> Path:
        return self.folder / "keys"

    def cli(
        self, *args: str, env: dict[str, str] | None = None, stdin: str | None = None
    ) -> subprocess.CompletedProcess[str]:
        """``python -m backend.cli --config ours ARGS`` (stdin not a terminal)."""
        return run(
            [sys.executable, "-m", "backend.cli", "--config", str(self.config), *args],
            cwd=ROOT,
            input=stdin if stdin is not None else "",
            env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})},
            timeout=120,
        )

    def card_cli(self, *args: str) -> subprocess.CompletedProcess[str]:
        """``python -m card.cli ARGS``."""
        return run(
            [sys.executable, "-m", "card.cli", *args],
            cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
            timeout=120,
        )


def production_config(
    folder: Path,
    *,
    database_url: str = "",
    passphrase_file: bool = True,
    keys: Path | None = None,
) -> Production:
    """backend/default.toml without ``demo = true``, keys in ``folder/keys``
    (or ``keys``), the passphrase in ``folder/passphrase`` when asked."""
    folder.mkdir(parents=True, exist_ok=True)
    keys = keys or folder / "keys"
    url = database_url or f"sqlite:///{folder / 'backend.sqlite3'}"
    text = (ROOT / "backend" / "default.toml").read_text(encoding="utf-8")
    text = re.sub(r"(?m)^demo = true$", "", text)
    text = re.sub(r'(?m)^url = ".*"$', f'url = "{url}"', text)
    files = {
        "ca_certificate": keys / "issuer-ca.pem",
        "ca_key": keys / "issuer-ca.key.pem",
        "master_key": keys / "issuer-master.sealed",
    }
    for key, path in files.items():
        text = re.sub(rf'(?m)^{key} = ".*"$', f'{key} = "{path}"', text)
    if passphrase_file:
        secret = folder / "passphrase"
        secret.write_text(PASSPHRASE + "\n", encoding="utf-8")
        secret.chmod(0o600)
        text = text.replace(
            "[issuer]\n", f'[issuer]\npassphrase_file = "{secret}"\n', 1
        )
    config = folder / "backend.toml"
    config.write_text(text, encoding="utf-8")
    return Production(folder=folder, config=config, database_url=url)
