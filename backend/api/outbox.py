"""The notification outbox, for admins: what is waiting, delivered or failed; dispatch now."""

from __future__ import annotations

from aiohttp import web

from backend.api.appkeys import HTTP_CLIENTS, SESSIONS, SETTINGS
from backend.api.auth import require_admin
from backend.api.inputs import choice_parameter, whole_number_parameter
from backend.db import in_transaction
from backend.outbox import OutboxKind, OutboxStatus, dispatch_outbox, list_messages

DEFAULT_LIMIT = 100
MAX_LIMIT = 1000
routes = web.RouteTableDef()


@routes.get("/api/admin/outbox")
async def get_outbox(request: web.Request) -> web.Response:
    """The newest messages, filtered by ``status`` and ``kind`` (admin)."""
    await require_admin(request)
    status = choice_parameter(request.query.get("status"), "status", OutboxStatus)
    kind = choice_parameter(request.query.get("kind"), "kind", OutboxKind)
    limit = whole_number_parameter(request.query.get("limit"), "limit", DEFAULT_LIMIT, MAX_LIMIT)
    messages = await in_transaction(
        request.app[SESSIONS], lambda session: list_messages(session, status, kind, limit)
    )
    return web.json_response({"messages": messages})


@routes.post("/api/admin/outbox/dispatch")
async def post_dispatch(request: web.Request) -> web.Response:
    """Deliver every due seller webhook now (admin); answers what was done."""
    await require_admin(request)
    report = await dispatch_outbox(
        request.app[SESSIONS], request.app[SETTINGS], request.app[HTTP_CLIENTS]
    )
    return web.json_response(report.as_json())
