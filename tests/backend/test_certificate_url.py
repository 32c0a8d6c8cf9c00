# SPDX-License-Identifier: Apache-2.0
"""A certificate's verify_url comes from ``[public] base_url`` only, never from
the request's Host header; without a base URL the certificate carries its
code only. The stored (public) document is the one answered."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from backend.app import create_app
from backend.context import AppContext
from backend.errors import ConfigError
from backend.settings import DEFAULT_CONFIG, load_settings
from tests.backend.conftest import Env

FORGED_HOST = {"Host": "verify.attacker.example"}


def _client(env: Env, base_url: str) -> TestClient:
    settings = dataclasses.replace(env.ctx.settings, public_base_url=base_url)
    ctx = AppContext(
        settings=settings, engine=env.ctx.engine, sessions=env.ctx.sessions
    )
    return TestClient(create_app(settings, ctx=ctx))


def _certificate(env: Env, http: TestClient) -> dict:
    headers = {**env.login("D00000190"), **FORGED_HOST}
    got = http.get("/api/v1/certificate", headers=headers)
    assert got.status_code == 200, got.text
    cert = got.json()
    public = http.get(
        f"/api/v1/public/certificates/{cert['verification_code']}", headers=FORGED_HOST
    )
    assert public.json() == cert  # what was stored is what was answered
    return dict(cert)


def test_verify_url_is_the_configured_base_whatever_the_host(env: Env) -> None:
    cert = _certificate(env, _client(env, "https://ssc.example.gov.cn"))
    assert cert["verify_url"] == (
        "https://ssc.example.gov.cn/api/v1/public/certificates/"
        + cert["verification_code"]
    )


def test_without_a_base_url_the_certificate_carries_its_code_only(env: Env) -> None:
    cert = _certificate(env, _client(env, ""))
    assert cert["verify_url"] is None
    assert "attacker" not in str(cert)


@pytest.mark.parametrize(
    ("value", "loaded"),
    [
        ('""', ""),
        ('"https://ssc.example.gov.cn/"', "https://ssc.example.gov.cn"),
        ('"http://10.0.0.5:8600/ssc"', "http://10.0.0.5:8600/ssc"),
        ('"ssc.example.gov.cn"', None),
        ('"javascript:alert(1)"', None),
        ('"https://ssc.example.gov.cn/?next=evil"', None),
    ],
)
def test_base_url_setting_is_checked(
    tmp_path: Path, value: str, loaded: object
) -> None:
    text = DEFAULT_CONFIG.read_text(encoding="utf-8").replace(
        'base_url = ""', f"base_url = {value}"
    )
    path = tmp_path / "backend.toml"
    path.write_text(text, encoding="utf-8")
    if loaded is None:
        with pytest.raises(ConfigError, match="base_url"):
            load_settings(path)
    else:
        assert load_settings(path).public_base_url == loaded
