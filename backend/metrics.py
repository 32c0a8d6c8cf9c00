# SPDX-License-Identifier: Apache-2.0
"""Prometheus metrics (``GET /metrics``, text exposition format).

Requests are counted per method, ROUTE TEMPLATE (never a raw path: no SSN,
verification code or reference becomes a label) and status, with a latency
histogram per route; domain events are derived from the answered route and
status (:data:`EVENTS`: a session opened, a submission stored or replayed);
every error answer counts under its ``error.code``; the database pool's
checked-out connections are a gauge. docs/backend.md lists the names.

``serve --workers N`` runs N processes: the CLI then points
``PROMETHEUS_MULTIPROC_DIR`` at a fresh folder before the workers start, each
worker writes its values there, and ``/metrics`` (answered by whichever worker
gets the scrape) adds them up across all live workers.
"""

from __future__ import annotations

import os
import time

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)
from prometheus_client import multiprocess as prom_mp
from sqlalchemy import Engine, event
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from backend.requestlog import route_of

MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"
CONTENT_TYPE = CONTENT_TYPE_LATEST

# (method, route template, status) -> (counter attribute, labels)
EVENTS: dict[tuple[str, str, int], tuple[str, tuple[str, ...]]] = {
    ("POST", "/api/v1/auth/session", 200): ("sessions", ()),
    ("POST", "/api/v1/transfers", 201): ("submissions", ("transfer", "stored")),
    ("POST", "/api/v1/transfers", 200): ("submissions", ("transfer", "replayed")),
    ("POST", "/api/v1/claims/unemployment", 201): (
        "submissions",
        ("unemployment_claim", "stored"),
    ),
    ("POST", "/api/v1/claims/unemployment", 200): (
        "submissions",
        ("unemployment_claim", "replayed"),
    ),
}


def multiprocess_dir() -> str:
    """The folder of multi-process mode, or "" in a single process."""
    return os.environ.get(MULTIPROC_ENV, "")


class Metrics:
    """The metrics of one app (its own registry: apps in one process stay apart)."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        reg = self.registry
        self.requests = Counter(
            "ssc_http_requests",
            "HTTP requests answered, by method, route template and status",
            ["method", "route", "status"],
            registry=reg,
        )
        self.latency = Histogram(
            "ssc_http_request_duration_seconds",
            "Time from a request's arrival in the app to its last byte",
            ["method", "route"],
            registry=reg,
        )
        self.sessions = Counter(
            "ssc_sessions_opened", "Resident sessions opened", registry=reg
        )
        self.submissions = Counter(
            "ssc_submissions",
            "Signed submissions: stored (201) or replayed (200, same key and body)",
            ["kind", "outcome"],
            registry=reg,
        )
        self.refusals = Counter(
            "ssc_refusals",
            "Error answers by error.code (docs/api.md)",
            ["code"],
            registry=reg,
        )
        self.pool_in_use = Gauge(
            "ssc_db_pool_connections_in_use",
            "Database connections checked out of the pool",
            registry=reg,
            multiprocess_mode="livesum",
        )
        self.pool_capacity = Gauge(
            "ssc_db_pool_capacity",
            "Connections the pool may hold (pool size + overflow)",
            registry=reg,
            multiprocess_mode="livesum",
        )

    def observe(self, method: str, route: str, status: int, seconds: float) -> None:
        """One answered request, and the domain event it stands for."""
        self.requests.labels(method, route, str(status)).inc()
        self.latency.labels(method, route).observe(seconds)
        found = EVENTS.get((method, route, status))
        if found is not None:
            counter: Counter = getattr(self, found[0])
            (counter.labels(*found[1]) if found[1] else counter).inc()

    def refused(self, code: str) -> None:
        """An error answer with ``error.code`` = ``code``."""
        self.refusals.labels(code).inc()

    def watch_pool(self, engine: Engine) -> None:
        """Follow ``engine``'s pool: checked-out connections and capacity."""
        pool = engine.pool
        size = getattr(pool, "size", None)
        overflow = getattr(pool, "_max_overflow", 0)
        if callable(size):
            self.pool_capacity.set(size() + max(0, overflow))
        in_use = self.pool_in_use
        event.listen(pool, "checkout", lambda *_: in_use.inc())
        event.listen(pool, "checkin", lambda *_: in_use.dec())

    def exposition(self) -> bytes:
        """The text exposition: this app's registry, or every live worker's."""
        folder = multiprocess_dir()
        if not folder:
            return generate_latest(self.registry)
        merged = CollectorRegistry()
        prom_mp.MultiProcessCollector(merged, path=folder)  # type: ignore[no-untyped-call]
        return generate_latest(merged)

    @staticmethod
    def process_ended() -> None:
        """This worker stops: its live gauges leave the sum (multi-process)."""
        folder = multiprocess_dir()
        if folder:
            prom_mp.mark_process_dead(os.getpid(), path=folder)  # type: ignore[no-untyped-call]


class RequestMetrics:
    """Pure ASGI middleware feeding :meth:`Metrics.observe`."""

    def __init__(self, app: ASGIApp, *, metrics: Metrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def send_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_status)
        finally:
            elapsed = time.perf_counter() - started
            self.metrics.observe(scope["method"], route_of(scope), status, elapsed)
