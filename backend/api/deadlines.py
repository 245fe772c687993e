"""Deadlines and the marketplace stepping in (admin): a sweep now, a step-in."""

from __future__ import annotations

import asyncio
from typing import Any

from aiohttp import web

from backend.api.appkeys import SESSIONS, SETTINGS
from backend.api.auth import require_admin
from backend.api.inputs import read_json
from backend.clock import parse_timestamp
from backend.db import in_transaction
from backend.step_in import step_in_by_admin
from backend.sweep import sweep_deadlines

ADMIN_BODY_MAX_BYTES = 16 * 1024
routes = web.RouteTableDef()


async def optional_json(request: web.Request, schema_name: str) -> dict[str, Any]:
    """The body checked against ``schema_name``, or ``{}`` when the request has none."""
    if not request.body_exists:
        return {}
    return await read_json(request, ADMIN_BODY_MAX_BYTES, schema_name)


@routes.post("/api/admin/sweep")
async def post_sweep(request: web.Request) -> web.Response:
    """Apply every deadline due by ``now`` (default: the clock) and say what changed."""
    await require_admin(request)
    body = await optional_json(request, "SweepRequest")
    settings = request.app[SETTINGS]
    now = parse_timestamp(body["now"]) if body.get("now") else settings.clock()
    summary = await asyncio.to_thread(sweep_deadlines, request.app[SESSIONS], settings, now)
    return web.json_response(summary.as_json())


@routes.post("/api/admin/claims/{reference}/step-in")
async def post_step_in(request: web.Request) -> web.Response:
    """The marketplace pays a claim awaiting the seller or rejected by it (body optional)."""
    admin = await require_admin(request)
    body = await optional_json(request, "StepInRequest")
    reference = request.match_info["reference"]
    now = request.app[SETTINGS].clock()
    claim = await in_transaction(
        request.app[SESSIONS],
        lambda session: step_in_by_admin(
            session, reference, body.get("note"), now, admin, body.get("expected_status")
        ),
    )
    return web.json_response(claim)
