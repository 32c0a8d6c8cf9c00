# SPDX-License-Identifier: Apache-2.0
"""Staff sign-in refusals in the operator's words (zh_CN, the default)."""

from __future__ import annotations

from backend_client import errors as be
from backend_client.errors import error_from_response
from staff.messages import staff_message


def test_throttled_login_names_the_wait(window) -> None:
    body = b'{"error": {"code": "rate_limited", "message": "too many requests"}}'
    exc = error_from_response(429, body, {"Retry-After": "120"})
    assert isinstance(exc, be.RateLimitedError)
    assert staff_message(exc).text == "登录失败次数过多，请在 120 秒后再试。"


def test_locked_name_reads_like_a_wrong_password(window) -> None:
    body = b'{"error": {"code": "staff_unauthorized", "message": "wrong"}}'
    assert "用户名或密码错误" in staff_message(error_from_response(401, body)).text
