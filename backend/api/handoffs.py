"""The assistant asks for a person: queue a handoff (or add to the conversation's open one)."""

from __future__ import annotations

from aiohttp import web

from backend.api.appkeys import SESSIONS, SETTINGS
from backend.api.auth import Role, require_role
from backend.api.inputs import read_json
from backend.handoffs import queue_handoff

HANDOFF_BODY_MAX_BYTES = 64 * 1024
routes = web.RouteTableDef()


@routes.post("/api/handoffs")
async def post_handoff(request: web.Request) -> web.Response:
    """201 with a new handoff, or 200 with the conversation's open one, updated."""
    require_role(request, {Role.SERVICE, Role.ADMIN})
    body = await read_json(request, HANDOFF_BODY_MAX_BYTES, "HandoffRequest")
    now = request.app[SETTINGS].clock()
    handoff, created = await queue_handoff(request.app[SESSIONS], body, now)
    return web.json_response(handoff, status=201 if created else 200)
