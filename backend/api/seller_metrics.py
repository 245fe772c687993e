"""A seller's claims metrics (order defect rate), for the desk and for the seller itself."""

from __future__ import annotations

from aiohttp import web

from backend.appkeys import SESSIONS, SETTINGS
from backend.auth import Role, require_role, require_seller
from backend.db import in_transaction
from backend.errors import ApiError
from backend.seller_metrics import DEFAULT_WINDOW_DAYS, MAX_WINDOW_DAYS, seller_metrics

routes = web.RouteTableDef()


def window_days(request: web.Request) -> int:
    """``?days=`` (1 to MAX_WINDOW_DAYS), else DEFAULT_WINDOW_DAYS."""
    raw = request.query.get("days")
    if raw is None:
        return DEFAULT_WINDOW_DAYS
    if not (raw.isascii() and raw.isdigit() and 1 <= int(raw) <= MAX_WINDOW_DAYS):
        raise ApiError.single(
            422,
            "invalid_value",
            f"days must be a whole number from 1 to {MAX_WINDOW_DAYS}.",
            field="days",
        )
    return int(raw)


async def _metrics(request: web.Request, seller_id: str) -> web.Response:
    days = window_days(request)
    now = request.app[SETTINGS].clock()
    metrics = await in_transaction(
        request.app[SESSIONS], lambda session: seller_metrics(session, seller_id, now, days)
    )
    return web.json_response(metrics.as_json())


@routes.get("/api/admin/sellers/{seller_id}/metrics")
async def get_seller_metrics(request: web.Request) -> web.Response:
    """Any seller's metrics (admin)."""
    require_role(request, {Role.ADMIN})
    return await _metrics(request, request.match_info["seller_id"])


@routes.get("/api/seller/metrics")
async def get_own_metrics(request: web.Request) -> web.Response:
    """The calling seller's own metrics."""
    return await _metrics(request, await require_seller(request))
