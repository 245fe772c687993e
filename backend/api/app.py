"""The aiohttp application: ``create_app(settings)`` wires routes, middleware and the database."""

from __future__ import annotations

from collections.abc import AsyncIterator

from aiohttp import web

from backend.api import (
    admin,
    agent,
    chat_sessions,
    claims,
    customer_claims,
    deadlines,
    desk,
    desk_decisions,
    evidence,
    handoffs,
    insurance,
    insurance_quotes,
    marketplace,
    meta,
    orders,
    outbox,
    pages,
    review,
    seller,
    seller_metrics,
    seller_sign_in,
    staff,
)
from backend.api.appkeys import HTTP_CLIENTS, SESSIONS, SETTINGS
from backend.api.errors import error_middleware
from backend.api.rate_limits import RATE_LIMITER, RateLimiter
from backend.api.refusals import refusal_middleware
from backend.db import make_engine, make_session_factory
from backend.http_clients import open_http_clients
from backend.outbox import session_info
from backend.settings import Settings
from backend.workers import background_work


async def database(app: web.Application) -> AsyncIterator[None]:
    """Open the database engine for the application's lifetime."""
    engine = make_engine(app[SETTINGS].database_url)
    app[SESSIONS] = make_session_factory(engine, session_info(app[SETTINGS]))
    yield
    engine.dispose()


async def http_clients(app: web.Application) -> AsyncIterator[None]:
    """Open the HTTP clients the backend calls out with, once, for the application's lifetime."""
    async with open_http_clients(app[SETTINGS]) as clients:
        app[HTTP_CLIENTS] = clients
        yield


async def workers(app: web.Application) -> AsyncIterator[None]:
    """Sweep and dispatch in the background while the application runs (``backend.workers``)."""
    async with background_work(app[SESSIONS], app[SETTINGS], app[HTTP_CLIENTS]):
        yield


def run_app(settings: Settings, with_workers: bool = True) -> None:
    """Serve the claims backend on ``settings.host``:``settings.port`` until interrupted."""
    web.run_app(create_app(settings, with_workers), host=settings.host, port=settings.port)


def create_app(settings: Settings, with_workers: bool = True) -> web.Application:
    """The claims backend as an aiohttp application; ``with_workers``: it also sweeps and
    dispatches in the background (else ``python -m backend work`` does)."""
    app = web.Application(middlewares=[error_middleware, refusal_middleware])
    app[SETTINGS] = settings
    app[RATE_LIMITER] = RateLimiter(settings.identity_checks_per_minute)
    app.cleanup_ctx.append(database)
    app.cleanup_ctx.append(http_clients)
    if with_workers:
        app.cleanup_ctx.append(workers)  # after the database and the clients they use
    for module in (
        meta,
        marketplace,
        orders,
        claims,
        customer_claims,
        admin,
        review,
        evidence,
        seller,
        deadlines,
        desk,
        desk_decisions,
        insurance,
        insurance_quotes,
        seller_metrics,
        outbox,
        handoffs,
        agent,
        chat_sessions,
        staff,
        seller_sign_in,
        pages,
    ):
        app.add_routes(module.routes)
    return app
