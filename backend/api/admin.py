"""The claims desk's own views (admin and agents)."""

from __future__ import annotations

from aiohttp import web

from backend.api.inputs import claim_status_parameter, text_parameter
from backend.appkeys import SESSIONS
from backend.auth import Role, require_role
from backend.claims import find_claims
from backend.db import in_transaction

routes = web.RouteTableDef()


@routes.get("/api/admin/claims")
async def list_claims(request: web.Request) -> web.Response:
    """Claims filtered by ``order_id``, ``conversation_id`` and ``status``, oldest first."""
    require_role(request, {Role.ADMIN, Role.AGENT})
    order_id = text_parameter(request.query.get("order_id"), "order_id")
    conversation_id = text_parameter(request.query.get("conversation_id"), "conversation_id")
    status = claim_status_parameter(request.query.get("status"))
    claims = await in_transaction(
        request.app[SESSIONS],
        lambda session: find_claims(
            session,
            order_id=order_id,
            conversation_id=conversation_id,
            status=status,
        ),
    )
    return web.json_response({"claims": claims})
