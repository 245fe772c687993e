"""Checking an order while the customer chats."""

from __future__ import annotations

from datetime import date

from aiohttp import web

from backend.api.appkeys import SESSIONS, SETTINGS
from backend.api.auth import Role, customer_email_proof, require_role
from backend.api.errors import ApiError
from backend.clock import parse_date
from backend.db import in_transaction
from backend.orders import check_order_id, order_as_json, order_for_customer
from backend.policy.filing import incident_date_problems

routes = web.RouteTableDef()


@routes.get("/api/orders/{order_id}")
async def get_order(request: web.Request) -> web.Response:
    """The order's dates and items; with ``X-Customer-Email``, only if it is the customer's; with
    ``?incident_date=``, only if a claim could name that day (422 with the policy's reasons)."""
    require_role(request, {Role.SERVICE, Role.AGENT, Role.ADMIN})
    order_id = request.match_info["order_id"]
    check_order_id(order_id)
    incident_date = _incident_date(request.query.get("incident_date"))
    email = customer_email_proof(request)
    now = request.app[SETTINGS].clock()

    def look_up(session):
        order = order_for_customer(session, order_id, email)
        if incident_date is not None:
            problems = incident_date_problems(incident_date, order.delivered_at, now)
            if problems:
                raise ApiError(422, problems)
        return order_as_json(order)

    return web.json_response(await in_transaction(request.app[SESSIONS], look_up))


def _incident_date(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return parse_date(value)
    except ValueError:
        raise ApiError.single(
            422,
            "invalid_value",
            "incident_date must be a date like 2026-11-30.",
            field="incident_date",
        ) from None
