"""Deadlines and the marketplace stepping in (admin), and the sweep the running backend repeats."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import suppress
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
log = logging.getLogger(__name__)
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


async def periodic_sweep(app: web.Application) -> AsyncIterator[None]:
    """While the backend runs, sweep deadlines every ``sweep_interval_seconds`` (0: never)."""
    settings = app[SETTINGS]
    task = None
    if settings.sweep_interval_seconds > 0:
        task = asyncio.create_task(_sweep_forever(app))
    yield
    if task is not None:
        task.cancel()
        with suppress(asyncio.CancelledError):
            await task


async def _sweep_forever(app: web.Application) -> None:
    settings = app[SETTINGS]
    while True:
        await asyncio.sleep(settings.sweep_interval_seconds)
        try:
            summary = await asyncio.to_thread(
                sweep_deadlines, app[SESSIONS], settings, settings.clock()
            )
        except Exception:
            # The next sweep retries whatever this one could not settle.
            log.exception("deadline sweep failed")
            continue
        if (
            summary.stepped_in
            or summary.sellers_reminded
            or summary.waiver_windows_closed
            or summary.closed
            or summary.insurance_reminders
        ):
            log.info("deadline sweep: %s", summary.as_json())
