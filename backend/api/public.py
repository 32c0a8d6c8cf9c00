# SPDX-License-Identifier: Apache-2.0
"""Public endpoints: health probes, metrics, certificate verification, request
status by token."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse, PlainTextResponse, Response
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from backend import __version__
from backend.api.deps import Ctx, Db, PlainRoute
from backend.db import is_disconnect, read_only, schema_heads, schema_revisions
from backend.errors import NotFoundError
from backend.metrics import CONTENT_TYPE
from backend.models import InsuranceCertificate, ServiceRequest
from backend.security import same_text
from backend.services import requests as reqs

router = APIRouter(tags=["public"], route_class=PlainRoute)


def _reachable(db: Session) -> bool:
    """``SELECT 1`` answers; tried again once when the pooled connection was
    dead (the database restarted since: the pool then holds only new ones)."""
    for retry in (False, True):
        try:
            read_only(db)
            db.execute(text("SELECT 1"))
            return True
        except DBAPIError as error:
            db.rollback()
            if retry or not is_disconnect(error):
                return False
        except Exception:  # any database failure means "not ok"
            return False
    return False


@router.get("/healthz")
def healthz(db: Db) -> JSONResponse:
    """Liveness and database reachability."""
    database = "ok" if _reachable(db) else "unavailable"
    body = {
        "status": "ok" if database == "ok" else "degraded",
        "database": database,
        "version": __version__,
    }
    return JSONResponse(body, status_code=200 if database == "ok" else 503)


@router.get("/livez")
async def livez() -> JSONResponse:
    """The process answers (no database work): restart it when this fails."""
    return JSONResponse({"status": "ok"})


def _schema_current(db: Session) -> bool:
    try:
        return schema_revisions(db.connection()) == schema_heads()
    except DBAPIError:
        db.rollback()
        return False


@router.get("/readyz")
def readyz(db: Db) -> JSONResponse:
    """Ready for traffic: the database answers and its schema is at the
    migrations' head; 503 otherwise (a load balancer sends nothing here)."""
    database = _reachable(db)
    schema = "unknown"
    if database:
        schema = "current" if _schema_current(db) else "behind"
    ready = database and schema == "current"
    body = {
        "status": "ready" if ready else "not_ready",
        "database": "ok" if database else "unavailable",
        "schema": schema,
    }
    return JSONResponse(body, status_code=200 if ready else 503)


@router.get("/metrics", response_class=PlainTextResponse)
async def metrics(request: Request) -> Response:
    """Prometheus text exposition (docs/backend.md "Metrics")."""
    body = request.app.state.metrics.exposition()
    return Response(body, media_type=CONTENT_TYPE)


@router.get("/api/v1/public/certificates/{code}")
def verify_certificate(code: str, db: Db) -> dict:
    """The data printed on an insurance certificate, for anyone holding its code."""
    found = db.scalars(
        select(InsuranceCertificate).where(
            InsuranceCertificate.verification_code == code.upper()
        )
    ).first()
    if found is None:
        raise NotFoundError("unknown verification code")
    return found.data


@router.get("/api/v1/public/requests/{reference}")
def request_status(
    reference: str,
    ctx: Ctx,
    db: Db,
    t: Annotated[str, Query(min_length=1, max_length=64)],
) -> dict:
    """Status of a request for the holder of its receipt QR code."""
    found = db.scalars(
        select(ServiceRequest).where(ServiceRequest.reference == reference)
    ).first()
    if found is None or not same_text(found.status_token, t):
        raise NotFoundError("unknown request or wrong status token")
    view = reqs.summary(ctx, db, found)
    return {
        key: view[key]
        for key in (
            "reference",
            "kind",
            "status",
            "updated_at",
            "next_step",
            "next_deadline",
        )
    }
