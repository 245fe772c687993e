"""The backend's background work: the deadline sweep and the outbox dispatcher, each repeated
every ``sweep_interval_seconds`` / ``outbox_dispatch_seconds`` (0: never).

The web application runs them by default (``backend.api.app``); ``python -m backend work``
runs them without it, so they can live in a process of their own.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress

from sqlalchemy.orm import sessionmaker

from backend.db import make_engine, make_session_factory
from backend.http_clients import HttpClients, open_http_clients
from backend.outbox import DispatchReport, dispatch_outbox, session_info
from backend.settings import Settings
from backend.sweep import sweep_deadlines

log = logging.getLogger(__name__)


@asynccontextmanager
async def background_work(
    sessions: sessionmaker, settings: Settings, clients: HttpClients
) -> AsyncIterator[None]:
    """Sweep and dispatch on their intervals while the ``with`` block runs."""
    tasks = []
    if settings.sweep_interval_seconds > 0:
        tasks.append(asyncio.create_task(_sweep_forever(sessions, settings)))
    if settings.outbox_dispatch_seconds > 0:
        tasks.append(asyncio.create_task(_dispatch_forever(sessions, settings, clients)))
    try:
        yield
    finally:
        for task in tasks:
            task.cancel()
        for task in tasks:
            with suppress(asyncio.CancelledError):
                await task


async def work(settings: Settings) -> None:
    """Run the background work, without the web application, until cancelled."""
    engine = make_engine(settings.database_url)
    sessions = make_session_factory(engine, session_info(settings))
    try:
        async with (
            open_http_clients(settings) as clients,
            background_work(sessions, settings, clients),
        ):
            await asyncio.Event().wait()
    finally:
        engine.dispose()


async def dispatch_once(
    sessions: sessionmaker, settings: Settings, **options: int
) -> DispatchReport:
    """One dispatch of the whole outbox with clients of its own (``python -m backend
    dispatch``); ``options``: ``dispatch_outbox``'s."""
    async with open_http_clients(settings) as clients:
        return await dispatch_outbox(sessions, settings, clients, **options)


async def _sweep_forever(sessions: sessionmaker, settings: Settings) -> None:
    while True:
        await asyncio.sleep(settings.sweep_interval_seconds)
        try:
            summary = await asyncio.to_thread(sweep_deadlines, sessions, settings, settings.clock())
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


async def _dispatch_forever(
    sessions: sessionmaker, settings: Settings, clients: HttpClients
) -> None:
    while True:
        await asyncio.sleep(settings.outbox_dispatch_seconds)
        try:
            report = await dispatch_outbox(sessions, settings, clients)
        except Exception:
            log.exception("outbox dispatch failed; trying again in the next pass")
            continue
        if report.claimed:
            log.info("outbox dispatch: %s", report.as_json())
