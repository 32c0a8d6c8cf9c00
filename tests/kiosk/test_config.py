# SPDX-License-Identifier: Apache-2.0
"""config/kiosk.toml parsing; errors end ss-kiosk with exit status 2."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from card.virtual.bundled import DEMO_CA_CERTIFICATE
from kiosk.config import ConfigError, load_config
from kiosk.i18n import Language

ROOT = Path(__file__).resolve().parents[2]
CA = DEMO_CA_CERTIFICATE


def test_shipped_config_parses() -> None:
    config = load_config(ROOT / "config" / "kiosk.toml")
    assert config.language is Language.ZH_CN
    assert config.issuer_ca.is_file()
    assert "change-me" not in repr(config)
    assert (config.audio_player, config.card_left_s) == ("aplay -q", 30)
    assert config.time_zone == "Asia/Shanghai"


@pytest.mark.parametrize(
    "text, fragment",
    [
        ("[reader\n", "not valid TOML"),
        ("[backend]\nurl = 'http://127.0.0.1:1'\n", "kiosk_secret"),
        (
            "[backend]\nurl='u'\nkiosk_id='k'\nkiosk_secret='s'\n[kiosk]\n"
            "issuer_ca='nope.pem'\n",
            "does not exist",
        ),
        ("[backend]\nkiosk_secret='s'\n[display]\nlanguage='fr'\n", "zh_CN or en"),
        ("[backend]\nkiosk_secret='s'\n[kiosk]\nidle_timeout_s='60'\n", "must be int"),
        (
            "[reader]\nname_pattern='r'\n[backend]\nurl='https://ssc.example'\n"
            "kiosk_id='k'\n"
            f"kiosk_secret='s'\n[kiosk]\nissuer_ca='{CA}'\ncard_left_s=2\n",
            "card_left_s",
        ),
        (
            "[reader]\nname_pattern='r'\n[backend]\nurl='https://ssc.example'\n"
            "kiosk_id='k'\n"
            f"kiosk_secret='s'\n[kiosk]\nissuer_ca='{CA}'\n"
            "[display]\ntime_zone='Mars/Olympus'\n",
            "not a known zone",
        ),
    ],
)
def test_bad_configs_name_the_problem(
    tmp_path: Path, text: str, fragment: str, monkeypatch
) -> None:
    monkeypatch.delenv("SSC_KIOSK_SECRET", raising=False)
    path = tmp_path / "kiosk.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=fragment):
        load_config(path)


def test_ss_kiosk_exits_2_on_config_error(tmp_path: Path) -> None:
    path = tmp_path / "kiosk.toml"
    path.write_text("[reader\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "kiosk.app", "--config", str(path)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
        env={
            "QT_QPA_PLATFORM": "offscreen",
            "PATH": "/usr/bin:/bin",
            "PYTHONPATH": str(ROOT),
        },
        check=False,
    )
    assert done.returncode == 2, done.stderr
    assert "configuration error" in done.stderr and "not valid TOML" in done.stderr
    missing = subprocess.run(
        [sys.executable, "-m", "kiosk.app", "--config", str(tmp_path / "absent.toml")],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
        check=False,
        env={"QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)},
    )
    assert missing.returncode == 2 and "cannot read" in missing.stderr


def test_kiosk_secret_from_a_file_or_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SSC_KIOSK_SECRET", raising=False)
    monkeypatch.delenv("SSC_KIOSK_SECRET_FILE", raising=False)
    ca = DEMO_CA_CERTIFICATE
    (tmp_path / "kiosk.secret").write_text("secret-from-file\n")
    path = tmp_path / "kiosk.toml"
    path.write_text(
        "[reader]\nname_pattern='x'\n[backend]\nurl='http://127.0.0.1:8600'\n"
        "kiosk_id='k'\nkiosk_secret_file='kiosk.secret'\n"
        f"[kiosk]\nissuer_ca='{ca}'\n",
        encoding="utf-8",
    )
    assert load_config(path).kiosk_secret == "secret-from-file"
    other = tmp_path / "other.secret"
    other.write_text("secret-from-env-file\n")
    monkeypatch.setenv("SSC_KIOSK_SECRET_FILE", str(other))
    assert load_config(path).kiosk_secret == "secret-from-env-file"
    monkeypatch.setenv("SSC_KIOSK_SECRET", "secret-from-env")
    assert load_config(path).kiosk_secret == "secret-from-env"
    monkeypatch.delenv("SSC_KIOSK_SECRET")
    monkeypatch.setenv("SSC_KIOSK_SECRET_FILE", str(tmp_path / "absent"))
    with pytest.raises(ConfigError, match="cannot read kiosk_secret_file") as caught:
        load_config(path)
    assert "secret-from" not in str(caught.value)
