# SPDX-License-Identifier: Apache-2.0
"""HTTP transport: TLS, timeouts, the retry policy and error mapping.

Retries only where a repeat cannot do harm (:func:`may_repeat`, the one rule
of the resident and the staff client): idempotent methods, the backend's keyed
submissions and its read-only POST after any transport failure or a
429/502/503/504; every other POST only when the connection failed before a
byte was sent. ``Retry-After`` on 429/503 is
honoured up to :attr:`RetryPolicy.max_retry_after`. URLs (which may carry a
status token in their query) never reach an exception message or a log.
"""

from __future__ import annotations

import logging
import random
import re
import time
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import requests
import urllib3.exceptions

from backend_client.errors import (
    BackendError,
    BackendTimeoutError,
    BackendUnavailableError,
    MalformedResponseError,
    TlsError,
    error_from_response,
    parse_retry_after,
)

log = logging.getLogger(__name__)

API = "/api/v1"
RETRY_STATUSES = frozenset({429, 502, 503, 504})
# RFC 9110 §9.2.2: the effect of several identical requests is that of one
IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE", "PUT", "DELETE"})
# the POSTs the backend stores under their Idempotency-Key, answering a repeat
# with the stored answer (the signed submissions: docs/api.md)
KEYED_POSTS = frozenset({f"{API}/transfers", f"{API}/claims/unemployment"})
# a POST that changes nothing on the backend (a query with a body)
READ_ONLY_POSTS = frozenset({f"{API}/transfers/preview"})
_CONNECT_FAILURES = (
    urllib3.exceptions.NewConnectionError,
    urllib3.exceptions.ConnectTimeoutError,
)
_BODY_FAILURES = (
    requests.exceptions.ContentDecodingError,
    requests.exceptions.ChunkedEncodingError,
)


@dataclass(frozen=True, kw_only=True)
class RetryPolicy:
    """How often and how long to retry (exponential backoff, full jitter)."""

    attempts: int = 3
    backoff_base: float = 0.25
    backoff_max: float = 4.0
    max_retry_after: float = 10.0

    def backoff(self, attempt: int) -> float:
        """Seconds to wait before retry number ``attempt`` (1-based)."""
        ceiling = min(self.backoff_max, self.backoff_base * (2 ** (attempt - 1)))
        return random.uniform(ceiling / 2, ceiling)


NO_RETRY = RetryPolicy(attempts=1)
DEFAULT_RETRY = RetryPolicy()


@dataclass(frozen=True, kw_only=True)
class HttpAnswer:
    """A 2xx answer: status, headers and raw body."""

    status: int
    headers: Mapping[str, str]
    content: bytes = field(repr=False)


class _RedactQuery(logging.Filter):
    """Drop query strings from urllib3's request lines (a status token may be there)."""

    _QUERY = re.compile(r"\?[^ \"]*")

    def filter(self, record: logging.LogRecord) -> bool:
        if record.args:
            record.args = tuple(
                self._QUERY.sub("?…", a) if isinstance(a, str) else a
                for a in (record.args if isinstance(record.args, tuple) else ())
            )
        return True


_pool_logger = logging.getLogger("urllib3.connectionpool")
if not any(isinstance(f, _RedactQuery) for f in _pool_logger.filters):
    _pool_logger.addFilter(_RedactQuery())


def may_repeat(method: str, path: str, headers: Mapping[str, str]) -> bool:
    """Whether a request whose outcome is unknown may be sent again: an
    idempotent method, the read-only POST, or a POST to a keyed submission
    route carrying its ``Idempotency-Key``."""
    if method in IDEMPOTENT_METHODS:
        return True
    if method != "POST":
        return False
    if path in READ_ONLY_POSTS:
        return True
    keyed = any(name.lower() == "idempotency-key" for name in headers)
    return keyed and path in KEYED_POSTS


def _failed_before_sending(exc: requests.RequestException) -> bool:
    """True when the connection failed: the server cannot have seen the request."""
    if isinstance(exc, requests.ConnectTimeout):
        return True
    seen: set[int] = set()
    todo: list[Any] = [exc]
    while todo:
        item = todo.pop()
        if item is None or id(item) in seen:
            continue
        seen.add(id(item))
        if isinstance(item, _CONNECT_FAILURES):
            return True
        if isinstance(item, BaseException):
            todo.extend(item.args)
            todo.append(getattr(item, "reason", None))
            todo.append(item.__cause__)
            todo.append(item.__context__)
    return False


def _transport_error(exc: requests.RequestException, what: str) -> BackendError:
    """Translate a requests failure; the message names the call, never the URL."""
    name = type(exc).__name__
    if isinstance(exc, requests.exceptions.SSLError):
        return TlsError(f"{what}: TLS failure ({name})")
    if isinstance(exc, requests.Timeout):
        return BackendTimeoutError(f"{what}: no answer in time ({name})")
    if isinstance(exc, requests.ConnectionError):
        return BackendUnavailableError(f"{what}: backend unreachable ({name})")
    if isinstance(exc, _BODY_FAILURES):
        return MalformedResponseError(f"{what}: broken response body ({name})")
    return BackendUnavailableError(f"{what}: request failed ({name})")


class Transport:
    """One ``requests.Session`` to one backend, with timeouts and retries."""

    def __init__(
        self,
        base_url: str,
        *,
        ca_bundle: str | None = None,
        connect_timeout: float = 3.05,
        read_timeout: float = 10.0,
        retry: RetryPolicy = DEFAULT_RETRY,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout = (connect_timeout, read_timeout)
        self.retry = retry
        self._sleep = sleep
        self._http = requests.Session()
        self._http.trust_env = False  # no proxies or netrc from the environment
        self._http.verify = ca_bundle if ca_bundle else True

    def __repr__(self) -> str:
        return f"Transport({self.base_url!r})"

    def close(self) -> None:
        """Close pooled connections."""
        self._http.close()

    def call(
        self,
        method: str,
        path: str,
        *,
        headers: Mapping[str, str],
        body: bytes | None = None,
        params: Mapping[str, str | int] | None = None,
    ) -> HttpAnswer:
        """Send one request (retrying what :func:`may_repeat` allows, anything
        that failed before sending); 2xx or raise."""
        what = f"{method} {path}"
        all_headers = {"Accept": "application/json", "X-Request-Id": uuid.uuid4().hex}
        if body is not None:
            all_headers["Content-Type"] = "application/json; charset=utf-8"
        all_headers.update(headers)
        safe = may_repeat(method, path, all_headers)
        for attempt in range(1, max(1, self.retry.attempts) + 1):
            last = attempt >= self.retry.attempts
            failure, answer = self._once(method, path, all_headers, body, params)
            if answer is not None and answer.status_code < 400:
                return HttpAnswer(
                    status=answer.status_code,
                    headers=dict(answer.headers),
                    content=answer.content,
                )
            wait = None if last else self._retry_wait(failure, answer, safe, attempt)
            if wait is None:
                raise self._final_error(failure, answer, what)
            log.info(
                "%s: attempt %d failed (%s), retrying in %.2fs",
                what,
                attempt,
                _describe(failure, answer),
                wait,
            )
            self._sleep(wait)
        raise AssertionError("unreachable")  # pragma: no cover

    def _once(
        self,
        method: str,
        path: str,
        headers: Mapping[str, str],
        body: bytes | None,
        params: Mapping[str, str | int] | None,
    ) -> tuple[requests.RequestException | None, requests.Response | None]:
        try:
            answer = self._http.request(
                method,
                self.base_url + path,
                headers=dict(headers),
                data=body,
                params=dict(params) if params else None,
                timeout=self.timeout,
                allow_redirects=False,
            )
        except requests.RequestException as exc:
            return exc, None
        return None, answer

    def _retry_wait(
        self,
        failure: requests.RequestException | None,
        answer: requests.Response | None,
        safe: bool,
        attempt: int,
    ) -> float | None:
        """Seconds to wait before a retry, or None when retrying could do harm."""
        if failure is not None:
            if isinstance(failure, requests.exceptions.SSLError):
                return None
            if safe or _failed_before_sending(failure):
                return self.retry.backoff(attempt)
            return None
        assert answer is not None
        status = answer.status_code
        if status not in RETRY_STATUSES or (not safe and status != 429):
            return None
        after = parse_retry_after(answer.headers.get("Retry-After"))
        if after is None:
            return self.retry.backoff(attempt)
        if after > self.retry.max_retry_after:
            return None
        return after + random.uniform(0, self.retry.backoff_base)

    @staticmethod
    def _final_error(
        failure: requests.RequestException | None,
        answer: requests.Response | None,
        what: str,
    ) -> BackendError:
        if failure is not None:
            return _transport_error(failure, what)
        assert answer is not None
        return error_from_response(answer.status_code, answer.content, answer.headers)


def _describe(
    failure: requests.RequestException | None, answer: requests.Response | None
) -> str:
    if failure is not None:
        return type(failure).__name__
    return f"HTTP {answer.status_code}" if answer is not None else "?"
