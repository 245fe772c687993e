"""The notification outbox, for admins: what is waiting, delivered or failed; dispatch now."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import suppress

from aiohttp import web
from sqlalchemy.orm import sessionmaker

from backend.api.appkeys import SESSIONS, SETTINGS
from backend.api.auth import require_admin
from backend.api.inputs import choice_parameter, whole_number_parameter
from backend.db import in_transaction
from backend.outbox import OutboxKind, OutboxStatus, dispatch_outbox, list_messages
from backend.settings import Settings

DEFAULT_LIMIT = 100
MAX_LIMIT = 1000
log = logging.getLogger(__name__)
routes = web.RouteTableDef()


@routes.get("/api/admin/outbox")
async def get_outbox(request: web.Request) -> web.Response:
    """The newest messages, filtered by ``status`` and ``kind`` (admin)."""
    await require_admin(request)
    status = choice_parameter(request.query.get("status"), "status", OutboxStatus)
    kind = choice_parameter(request.query.get("kind"), "kind", OutboxKind)
    limit = whole_number_parameter(request.query.get("limit"), "limit", DEFAULT_LIMIT, MAX_LIMIT)
    messages = await in_transaction(
        request.app[SESSIONS], lambda session: list_messages(session, status, kind, limit)
    )
    return web.json_response({"messages": messages})


@routes.post("/api/admin/outbox/dispatch")
async def post_dispatch(request: web.Request) -> web.Response:
    """Deliver every due seller webhook now (admin); answers what was done."""
    await require_admin(request)
    report = await dispatch_outbox(request.app[SESSIONS], request.app[SETTINGS])
    return web.json_response(report.as_json())


async def periodic_dispatch(app: web.Application) -> AsyncIterator[None]:
    """While the backend runs, dispatch the outbox every ``outbox_dispatch_seconds`` (0: never)."""
    settings = app[SETTINGS]
    task = None
    if settings.outbox_dispatch_seconds > 0:
        task = asyncio.create_task(_dispatch_forever(app[SESSIONS], settings))
    yield
    if task is not None:
        task.cancel()
        with suppress(asyncio.CancelledError):
            await task


async def _dispatch_forever(sessions: sessionmaker, settings: Settings) -> None:
    while True:
        await asyncio.sleep(settings.outbox_dispatch_seconds)
        try:
            report = await dispatch_outbox(sessions, settings)
        except Exception:
            log.exception("outbox dispatch failed; trying again in the next pass")
            continue
        if report.claimed:
            log.info("outbox dispatch: %s", report.as_json())
