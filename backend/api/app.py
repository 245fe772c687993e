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
from backend.api.appkeys import SESSIONS, SETTINGS
from backend.api.errors import error_middleware
from backend.api.rate_limits import RATE_LIMITER, RateLimiter
from backend.api.refusals import refusal_middleware
from backend.db import make_engine, make_session_factory
from backend.outbox import periodic_dispatch, session_info
from backend.settings import Settings


async def database(app: web.Application) -> AsyncIterator[None]:
    """Open the database engine for the application's lifetime."""
    engine = make_engine(app[SETTINGS].database_url)
    app[SESSIONS] = make_session_factory(engine, session_info(app[SETTINGS]))
    yield
    engine.dispose()


def create_app(settings: Settings) -> web.Application:
    """The claims backend as an aiohttp application."""
    app = web.Application(middlewares=[error_middleware, refusal_middleware])
    app[SETTINGS] = settings
    app[RATE_LIMITER] = RateLimiter(settings.identity_checks_per_minute)
    app.cleanup_ctx.append(database)
    app.cleanup_ctx.append(deadlines.periodic_sweep)  # after the database it sweeps
    app.cleanup_ctx.append(periodic_dispatch)  # likewise for the outbox it dispatches
    app.cleanup_ctx.append(insurance_quotes.insurer_http)
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
