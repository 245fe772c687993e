"""About the service itself: health and the OpenAPI document."""

from __future__ import annotations

import logging

from aiohttp import web
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from backend.api.appkeys import SESSIONS
from backend.api.errors import ApiError
from backend.db import in_transaction
from backend.openapi import openapi_document

log = logging.getLogger(__name__)
routes = web.RouteTableDef()


@routes.get("/api/health")
async def health(request: web.Request) -> web.Response:
    """200 when the database answers, 503 otherwise."""
    try:
        await in_transaction(
            request.app[SESSIONS], lambda session: session.execute(text("SELECT 1"))
        )
    except SQLAlchemyError:
        log.exception("health check: the database does not answer")
        raise ApiError.single(
            503, "database_unavailable", "The claims database is not answering."
        ) from None
    return web.json_response({"status": "ok"})


@routes.get("/api/openapi.json")
async def openapi(request: web.Request) -> web.Response:
    """The API contract."""
    return web.json_response(openapi_document())
