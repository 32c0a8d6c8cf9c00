# SPDX-License-Identifier: Apache-2.0
"""The FastAPI application: routers, error envelope, JSON access log."""

from __future__ import annotations

import json
import logging
import time
import uuid
from collections.abc import Awaitable, Callable

from fastapi import FastAPI, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from backend import __version__
from backend.api import auth, public, requests, resident, staff
from backend.context import AppContext
from backend.errors import ApiError
from backend.openapi import install_openapi
from backend.settings import Settings

log = logging.getLogger(__name__)
access_log = logging.getLogger("backend.access")

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
    return JSONResponse({"error": error}, status_code=status, headers=headers)


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

    @app.exception_handler(Exception)
    async def internal(request: Request, exc: Exception) -> JSONResponse:
        log.error(
            "internal error %s: %s",
            type(exc).__name__,
            getattr(request.state, "request_id", ""),
            exc_info=exc,
        )
        return _envelope(request, 500, "internal", "internal server error")


def _install_access_log(app: FastAPI) -> None:
    @app.middleware("http")
    async def access(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        request.state.request_id = uuid.uuid4().hex
        started = time.perf_counter()
        response = await call_next(request)
        response.headers["X-Request-ID"] = request.state.request_id
        # method, path, status, timing and kiosk id only: never headers,
        # bodies, tokens, signatures or passwords
        access_log.info(
            json.dumps(
                {
                    "request_id": request.state.request_id,
                    "method": request.method,
                    "path": request.url.path,
                    "status": response.status_code,
                    "ms": round((time.perf_counter() - started) * 1000, 1),
                    "kiosk": request.headers.get("x-kiosk-id", ""),
                    "client": request.client.host if request.client else "",
                },
                ensure_ascii=False,
            )
        )
        return response


def create_app(settings: Settings, *, ctx: AppContext | None = None) -> FastAPI:
    """The app for ``settings`` (the database must already be migrated)."""
    app = FastAPI(
        title="ssc-kiosk reference backend",
        version=__version__,
        openapi_url="/openapi.json",
        docs_url=None,
        redoc_url=None,
    )
    app.state.ctx = ctx or AppContext.create(settings)
    _install_errors(app)
    _install_access_log(app)
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
