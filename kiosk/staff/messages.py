# SPDX-License-Identifier: Apache-2.0
"""The one place the staff station turns an exception into words for an operator.

Operators may see technical detail (a step name, a status word, a request id)
that a resident never sees; secrets never appear, since no error message in
the project carries one.
"""

from __future__ import annotations

import logging

from backend_client import errors as be
from card import errors as ce
from kiosk.staff import errors as se
from kiosk.staff.personalize import STEP_LABELS, CardState, PersoError

log = logging.getLogger(__name__)

CARD_STATE_ADVICE: dict[CardState, str] = {
    CardState.UNTOUCHED: "卡片未写入任何数据，可直接重试。",
    CardState.HALF_WRITTEN: (
        "卡片已部分写入（仍为初始化状态）：请先擦除卡片，再用同一卡号重新制卡。"
    ),
    CardState.PERSONALISED: "卡片已激活但后台尚未登记：请点击“继续登记”。",
    CardState.ISSUED: "卡片已制作并登记。",
}


def staff_message(exc: BaseException) -> str:
    """A one-paragraph explanation of ``exc`` for the operator."""
    log.info("staff message for %s", type(exc).__name__)
    if isinstance(exc, PersoError):
        return (
            f"制卡在步骤“{STEP_LABELS[exc.step]}”失败：{staff_message(exc.cause)}\n"
            f"{CARD_STATE_ADVICE[exc.card_state]}"
        )
    if isinstance(exc, be.BackendError):
        return _backend_message(exc)
    if isinstance(exc, se.StaffError):
        return str(exc)
    return _card_message(exc)


def _backend_message(exc: be.BackendError) -> str:
    if isinstance(exc, be.ForbiddenRoleError):
        return "您的角色无权执行此操作（后台拒绝：forbidden_role）。"
    if isinstance(exc, be.StaffUnauthorizedError):
        return "用户名或密码错误，或登录已过期，请重新登录。"
    if isinstance(exc, be.RateLimitedError):
        wait = f"{exc.retry_after:.0f} 秒后" if exc.retry_after else "稍后"
        return f"请求过多（多次登录失败），请{wait}再试。"
    if isinstance(exc, be.NotFoundError):
        return "未找到对应的人员、卡片或申请。"
    if isinstance(exc, be.ConflictError):
        return f"当前状态不允许此操作：{exc.message or exc.code}"
    if isinstance(exc, be.TransportError):
        return "无法连接后台服务，请检查网络后重试。"
    return f"后台拒绝：{exc.code} {exc.message}（请求号 {exc.request_id or '-'}）"


def _card_message(exc: BaseException) -> str:
    if isinstance(exc, ce.IssuerAuthenticationError):
        return "卡片拒绝发卡方认证（发卡密钥不匹配，或该卡不属于本发卡机构）。"
    if isinstance(exc, ce.PinBlockedError):
        return "卡片的认证已被锁定。"
    if isinstance(exc, ce.CardRemovedError):
        return "操作过程中卡片被拔出。"
    if isinstance(exc, ce.NoCardError):
        return "读卡器中没有卡片。"
    if isinstance(exc, ce.NoReaderError):
        return "找不到所选读卡器。"
    if isinstance(exc, ce.ReaderError):
        return f"读卡器故障：{exc}"
    if isinstance(exc, ce.ConditionsNotSatisfiedError):
        return "卡片状态不允许此操作（可能已经激活）。"
    if isinstance(exc, ce.StatusWordError):
        return f"卡片返回状态字 {exc.sw:04X}。"
    if isinstance(exc, ce.CardError):
        return f"卡片错误：{exc}"
    log.error("unexpected error shown to an operator", exc_info=exc)
    return f"意外错误：{type(exc).__name__}"
