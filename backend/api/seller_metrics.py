"""A seller's claims metrics (order defect rate), for the desk and for the seller itself."""

from __future__ import annotations

from aiohttp import web

from backend.api.appkeys import SESSIONS, SETTINGS
from backend.api.auth import require_admin, require_seller
from backend.api.inputs import whole_number_parameter
from backend.db import in_transaction
from backend.seller_metrics import DEFAULT_WINDOW_DAYS, MAX_WINDOW_DAYS, seller_metrics

routes = web.RouteTableDef()


async def _metrics(request: web.Request, seller_id: str) -> web.Response:
    days = whole_number_parameter(
        request.query.get("days"), "days", DEFAULT_WINDOW_DAYS, MAX_WINDOW_DAYS
    )
    now = request.app[SETTINGS].clock()
    metrics = await in_transaction(
        request.app[SESSIONS], lambda session: seller_metrics(session, seller_id, now, days)
    )
    return web.json_response(metrics.as_json())


@routes.get("/api/admin/sellers/{seller_id}/metrics")
async def get_seller_metrics(request: web.Request) -> web.Response:
    """Any seller's metrics (admin)."""
    await require_admin(request)
    return await _metrics(request, request.match_info["seller_id"])


@routes.get("/api/seller/metrics")
async def get_own_metrics(request: web.Request) -> web.Response:
    """The calling seller's own metrics."""
    return await _metrics(request, (await require_seller(request)).seller_id)
