"""Checking an order while the customer chats."""

from __future__ import annotations

from aiohttp import web

from backend.appkeys import SESSIONS
from backend.auth import Role, customer_email_proof, require_role
from backend.db import in_transaction
from backend.orders import check_order_id, order_as_json, order_for_customer

routes = web.RouteTableDef()


@routes.get("/api/orders/{order_id}")
async def get_order(request: web.Request) -> web.Response:
    """The order's dates and items; with ``X-Customer-Email``, only if it is the customer's."""
    require_role(request, {Role.SERVICE, Role.AGENT, Role.ADMIN})
    order_id = request.match_info["order_id"]
    check_order_id(order_id)
    email = customer_email_proof(request)
    order = await in_transaction(
        request.app[SESSIONS],
        lambda session: order_as_json(order_for_customer(session, order_id, email)),
    )
    return web.json_response(order)
