"""The claims desk's reading: what waits, a claim in full, sellers' insurance (fraud experts and
admins)."""

from __future__ import annotations

from aiohttp import web

from backend.api.appkeys import SESSIONS, SETTINGS
from backend.api.auth import REVIEW_ROLES, Role, require_reviewer, staff_identity
from backend.db import in_transaction
from backend.desk_claim_view import desk_claim
from backend.desk_queue import desk_queue
from backend.desk_sellers import desk_sellers

DECISION_BODY_MAX_BYTES = 16 * 1024
routes = web.RouteTableDef()


@routes.get("/api/desk/queue")
async def get_queue(request: web.Request) -> web.Response:
    """What waits on the desk: overdue first, then the longest waiting."""
    await require_reviewer(request)
    settings = request.app[SETTINGS]
    now = settings.clock()
    items = await in_transaction(
        request.app[SESSIONS], lambda session: desk_queue(session, settings.policy, now)
    )
    return web.json_response({"items": items})


@routes.get("/api/desk/claims/{reference}")
async def get_desk_claim(request: web.Request) -> web.Response:
    """A claim in full, with the decisions the caller may take on it now."""
    _, role = await staff_identity(request, REVIEW_ROLES, {Role.ADMIN})
    settings = request.app[SETTINGS]
    now = settings.clock()
    reference = request.match_info["reference"]
    claim = await in_transaction(
        request.app[SESSIONS],
        lambda session: desk_claim(session, reference, role, settings.policy, now),
    )
    return web.json_response(claim)


@routes.get("/api/desk/sellers")
async def get_sellers(request: web.Request) -> web.Response:
    """Every seller's insurance, overdue first, then required and not compliant."""
    await require_reviewer(request)
    settings = request.app[SETTINGS]
    today = settings.clock().date()
    sellers = await in_transaction(
        request.app[SESSIONS], lambda session: desk_sellers(session, today, settings.policy)
    )
    return web.json_response({"sellers": sellers})
