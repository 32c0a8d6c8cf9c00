# SPDX-License-Identifier: Apache-2.0
"""Configuration files: the kiosk's (kiosk.config.load_config) and the
backend's (backend.settings.load_settings). A mutated file either loads or
raises the package's ConfigError; nothing else escapes."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backend.errors import ConfigError as BackendConfigError
from backend.settings import load_settings
from card.virtual.bundled import DEMO_CA_CERTIFICATE
from kiosk.config import ConfigError as KioskConfigError
from kiosk.config import load_config
from tests.fuzz.tomlgen import dump, mutated, text_mutations

ROOT = Path(__file__).resolve().parents[2]
KIOSK_TOML = ROOT / "config" / "kiosk.toml"
BACKEND_TOML = ROOT / "backend" / "default.toml"
CHECK = settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)


def _kiosk_doc() -> dict[str, Any]:
    doc = tomllib.loads(KIOSK_TOML.read_text(encoding="utf-8"))
    doc["kiosk"]["issuer_ca"] = str(DEMO_CA_CERTIFICATE)
    return doc


def _backend_doc() -> dict[str, Any]:
    return tomllib.loads(BACKEND_TOML.read_text(encoding="utf-8"))


@pytest.fixture(autouse=True)
def _no_secret_override(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SSC_KIOSK_SECRET", raising=False)


@pytest.fixture
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("config")


def _load_kiosk(path: Path) -> None:
    try:
        load_config(path)
    except KioskConfigError as exc:
        assert str(path) in str(exc)


def _load_backend(path: Path) -> None:
    try:
        load_settings(path)
    except BackendConfigError:
        pass


def test_the_unmutated_files_load(workdir: Path) -> None:
    """Guard for the properties below: the seed documents are valid."""
    (workdir / "k.toml").write_text(dump(_kiosk_doc()), encoding="utf-8")
    (workdir / "b.toml").write_text(dump(_backend_doc()), encoding="utf-8")
    assert load_config(workdir / "k.toml").kiosk_id == "kiosk-001"
    assert load_settings(workdir / "b.toml").regions


@given(doc=mutated(_kiosk_doc()))
@CHECK
def test_kiosk_config_with_a_node_replaced(workdir: Path, doc: dict[str, Any]) -> None:
    path = workdir / "kiosk.toml"
    path.write_text(dump(doc), encoding="utf-8")
    _load_kiosk(path)


@given(text=text_mutations(KIOSK_TOML.read_text(encoding="utf-8")))
@CHECK
def test_kiosk_config_text_edits(workdir: Path, text: str) -> None:
    path = workdir / "kiosk.toml"
    path.write_text(text, encoding="utf-8")
    _load_kiosk(path)


@given(doc=mutated(_backend_doc()))
@CHECK
def test_backend_settings_with_a_node_replaced(
    workdir: Path, doc: dict[str, Any]
) -> None:
    path = workdir / "backend.toml"
    path.write_text(dump(doc), encoding="utf-8")
    _load_backend(path)


@given(text=text_mutations(BACKEND_TOML.read_text(encoding="utf-8")))
@CHECK
def test_backend_settings_text_edits(workdir: Path, text: str) -> None:
    path = workdir / "backend.toml"
    path.write_text(text, encoding="utf-8")
    _load_backend(path)


@given(text=st.text(max_size=200))
@CHECK
def test_random_text(workdir: Path, text: str) -> None:
    for name, load in (("kiosk.toml", _load_kiosk), ("backend.toml", _load_backend)):
        path = workdir / name
        path.write_text(text, encoding="utf-8")
        load(path)


def _set(*path: Any) -> Any:
    *keys, value = path

    def edit(doc: dict[str, Any]) -> None:
        target = doc
        for key in keys[:-1]:
            target = target[key]
        target[keys[-1]] = value

    return edit


@pytest.mark.parametrize(
    "edit",
    [
        _set("auth", True),
        _set("cards", 1),
        _set("public", []),
        _set("calendar", "x"),
        _set("unemployment", 1),
        _set("database", "url", 1),
        _set("regions", 0, 1),
        _set("unemployment", "default_monthly_amount", "abc"),
    ],
    ids=[
        "auth=true",
        "cards=1",
        "public=[]",
        "calendar=str",
        "unemployment=1",
        "database.url=1",
        "regions[0]=1",
        "default_monthly_amount=abc",
    ],
)
def test_backend_settings_with_wrong_types(workdir: Path, edit: Any) -> None:
    doc = _backend_doc()
    edit(doc)
    path = workdir / "backend.toml"
    path.write_text(dump(doc), encoding="utf-8")
    with pytest.raises(BackendConfigError):
        load_settings(path)


def test_kiosk_config_not_utf8(workdir: Path) -> None:
    path = workdir / "kiosk.toml"
    path.write_bytes(b"\x80" + KIOSK_TOML.read_bytes())
    with pytest.raises(KioskConfigError):
        load_config(path)


def test_backend_settings_not_utf8(workdir: Path) -> None:
    path = workdir / "backend.toml"
    path.write_bytes(b"\x80" + BACKEND_TOML.read_bytes())
    with pytest.raises(BackendConfigError):
        load_settings(path)
