# SPDX-License-Identifier: Apache-2.0
"""The FastAPI application: routers, error envelope, middleware (access log,
metrics)."""

from __future__ import annotations

import gc
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException

from backend import __version__
from backend.api import auth, public, requests, resident, staff
from backend.bodylimit import BodyLimit
from backend.context import AppContext
from backend.errors import ApiError
from backend.metrics import Metrics, RequestMetrics
from backend.openapi import install_openapi
from backend.requestlog import AccessLog, TrustedProxies
from backend.settings import Settings

log = logging.getLogger(__name__)

HTTP_CODES = {
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "invalid_request",
    409: "conflict",
    429: "rate_limited",
}


def _envelope(
    request: Request,
    status: int,
    code: str,
    message: str,
    detail: dict | None = None,
    headers: dict | None = None,
) -> JSONResponse:
    error: dict = {
        "code": code,
        "message": message,
        "request_id": getattr(request.state, "request_id", ""),
    }
    if detail:
        error["detail"] = detail
    request.app.state.metrics.refused(code)
    return JSONResponse({"error": error}, status_code=status, headers=headers)


DATABASE_RETRY_AFTER_S = 5


def _install_errors(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def api_error(request: Request, exc: ApiError) -> JSONResponse:
        return _envelope(
            request, exc.status, exc.code, exc.message, exc.detail, exc.headers
        )

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        fields = [".".join(str(p) for p in e.get("loc", ())) for e in exc.errors()]
        return _envelope(
            request,
            400,
            "invalid_request",
            "request fails validation",
            {"fields": fields},
        )

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = HTTP_CODES.get(exc.status_code, "invalid_request")
        return _envelope(request, exc.status_code, code, str(exc.detail))

    @app.exception_handler(OperationalError)
    async def database_down(request: Request, exc: OperationalError) -> JSONResponse:
        # the database is unreachable, restarting or locked: a passing state
        # that the client may retry (its outbox keeps the submission pending)
        log.warning(
            "database unavailable (%s): %s",
            type(exc.orig).__name__,
            getattr(request.state, "request_id", ""),
        )
        return _envelope(
            request,
            503,
            "service_unavailable",
            "the database is unavailable; try again shortly",
            {"retry_after": DATABASE_RETRY_AFTER_S},
            {"Retry-After": str(DATABASE_RETRY_AFTER_S)},
        )

    @app.exception_handler(Exception)
    async def internal(request: Request, exc: Exception) -> JSONResponse:
        log.error(
            "internal error %s: %s",
            type(exc).__name__,
            getattr(request.state, "request_id", ""),
            exc_info=exc,
        )
        return _envelope(request, 500, "internal", "internal server error")


def create_app(settings: Settings, *, ctx: AppContext | None = None) -> FastAPI:
    """The app for ``settings`` (the database must already be migrated)."""
    app = FastAPI(
        title="ssc-kiosk reference backend",
        version=__version__,
        openapi_url="/openapi.json",
        docs_url=None,
        redoc_url=None,
        lifespan=_lifespan,
    )
    app.state.ctx = ctx or AppContext.create(settings)
    app.state.metrics = metrics = Metrics()
    metrics.watch_pool(app.state.ctx.engine)
    _install_errors(app)
    # one line per middleware; the last added is the outermost
    app.add_middleware(BodyLimit, max_bytes=app.state.ctx.settings.max_body_bytes)
    app.add_middleware(RequestMetrics, metrics=metrics)
    app.add_middleware(AccessLog, trusted_proxies=_proxies(settings))
    for router in (
        public.router,
        auth.router,
        resident.router,
        requests.router,
        staff.router,
    ):
        app.include_router(router)
    install_openapi(app)
    return app


def _proxies(settings: Settings) -> TrustedProxies:
    return TrustedProxies.parse(settings.trusted_proxies)


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    yield
    Metrics.process_ended()  # a stopped worker leaves the live sums


def settle_heap() -> None:
    """Move everything built at start-up out of the garbage collector's sight.

    A full (generation 2) collection walks every tracked object: with the app,
    SQLAlchemy's mappers and the OpenAPI models that is about 150,000, and each
    full collection stopped the whole server for 75-100 ms under load, which
    every request in flight waited out (docs/decisions.md, "The server
    freezes its start-up heap"). Frozen, they are never walked again: a full
    collection then sees only what was allocated since, about 25,000 objects
    and 10-15 ms. Call once, after the app is built and before serving."""
    gc.collect()
    gc.freeze()
