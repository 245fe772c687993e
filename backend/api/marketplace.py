"""Loading marketplace data (admin)."""

from __future__ import annotations

from aiohttp import web

from backend.api.appkeys import SESSIONS, SETTINGS
from backend.api.auth import require_admin
from backend.api.inputs import read_json
from backend.db import in_transaction
from backend.marketplace import load_marketplace

MARKETPLACE_BODY_MAX_BYTES = 32 * 1024 * 1024
routes = web.RouteTableDef()


@routes.post("/api/admin/marketplace")
async def post_marketplace(request: web.Request) -> web.Response:
    """Upsert sellers, customers, orders and items; answers how many sellers and orders."""
    await require_admin(request)
    data = await read_json(request, MARKETPLACE_BODY_MAX_BYTES, "MarketplaceData")
    allow_private = request.app[SETTINGS].webhook_allow_private
    loaded = await in_transaction(
        request.app[SESSIONS], lambda session: load_marketplace(session, data, allow_private)
    )
    return web.json_response({"sellers": loaded.sellers, "orders": loaded.orders})
