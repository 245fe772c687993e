"""The notification outbox, for admins: what is waiting, delivered or failed; dispatch now."""

from __future__ import annotations

from enum import Enum

from aiohttp import web

from backend.appkeys import SESSIONS, SETTINGS
from backend.auth import Role, require_role
from backend.db import in_transaction
from backend.errors import ApiError
from backend.outbox import OutboxKind, OutboxStatus, dispatch_outbox, list_messages

DEFAULT_LIMIT = 100
MAX_LIMIT = 1000
routes = web.RouteTableDef()


def _choice(request: web.Request, name: str, options: type[Enum]) -> Enum | None:
    raw = request.query.get(name)
    try:
        return options(raw) if raw is not None else None
    except ValueError:
        raise ApiError.single(
            422,
            "invalid_value",
            f"{name} must be one of: " + ", ".join(option.value for option in options),
            field=name,
        ) from None


def _limit(request: web.Request) -> int:
    raw = request.query.get("limit")
    if raw is None:
        return DEFAULT_LIMIT
    if not (raw.isascii() and raw.isdigit() and 1 <= int(raw) <= MAX_LIMIT):
        raise ApiError.single(
            422, "invalid_value", f"limit must be from 1 to {MAX_LIMIT}.", field="limit"
        )
    return int(raw)


@routes.get("/api/admin/outbox")
async def get_outbox(request: web.Request) -> web.Response:
    """The newest messages, filtered by ``status`` and ``kind`` (admin)."""
    require_role(request, {Role.ADMIN})
    status = _choice(request, "status", OutboxStatus)
    kind = _choice(request, "kind", OutboxKind)
    limit = _limit(request)
    messages = await in_transaction(
        request.app[SESSIONS], lambda session: list_messages(session, status, kind, limit)
    )
    return web.json_response({"messages": messages})


@routes.post("/api/admin/outbox/dispatch")
async def post_dispatch(request: web.Request) -> web.Response:
    """Deliver every due seller webhook now (admin); answers what was done."""
    require_role(request, {Role.ADMIN})
    report = await dispatch_outbox(request.app[SESSIONS], request.app[SETTINGS])
    return web.json_response(report.as_json())
