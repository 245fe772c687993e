"""The claims desk's list of claims (experts, admins; agents too, as the agent token could)."""

from __future__ import annotations

from aiohttp import web

from backend.api.appkeys import SESSIONS
from backend.api.auth import require_staff_reader
from backend.api.inputs import claim_status_parameter, date_parameter, text_parameter
from backend.claim_search import ClaimSearch, find_claims
from backend.db import in_transaction

routes = web.RouteTableDef()


@routes.get("/api/admin/claims")
async def list_claims(request: web.Request) -> web.Response:
    """Claims filtered by ``order_id``, ``conversation_id``, ``status``, ``seller_id``,
    ``customer_email``, ``filed_after`` and ``filed_before``, oldest first."""
    await require_staff_reader(request)
    query = request.query
    search = ClaimSearch(
        order_id=text_parameter(query.get("order_id"), "order_id"),
        conversation_id=text_parameter(query.get("conversation_id"), "conversation_id"),
        status=claim_status_parameter(query.get("status")),
        seller_id=text_parameter(query.get("seller_id"), "seller_id"),
        customer_email=text_parameter(query.get("customer_email"), "customer_email"),
        filed_after=date_parameter(query.get("filed_after"), "filed_after"),
        filed_before=date_parameter(query.get("filed_before"), "filed_before"),
    )
    claims = await in_transaction(
        request.app[SESSIONS], lambda session: find_claims(session, search)
    )
    return web.json_response({"claims": claims})
