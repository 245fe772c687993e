"""Partner insurance quotes for sellers: ask the partners, read the offers, accept one."""

from __future__ import annotations

from aiohttp import web

from backend.api.appkeys import HTTP_CLIENTS, SESSIONS, SETTINGS
from backend.api.auth import require_seller
from backend.api.rate_limits import limit_attempts
from backend.db import in_transaction
from backend.insurance_quotes import accept_quote, latest_offers, quote_request, store_round
from backend.partner_quotes import ask_partners

routes = web.RouteTableDef()


@routes.post("/api/seller/insurance/quotes")
async def post_quotes(request: web.Request) -> web.Response:
    """Ask every partner insurer for a quote; the offers side by side (201). Each seller's
    rounds are limited (429), so no key makes the backend call the partners without end."""
    seller_id = (await require_seller(request)).seller_id
    limit_attempts(request, "insurance_quotes", client=f"seller:{seller_id}")
    settings = request.app[SETTINGS]
    sessions = request.app[SESSIONS]
    now = settings.clock()
    ask = await in_transaction(
        sessions, lambda session: quote_request(session, seller_id, now, settings)
    )
    answers = await ask_partners(
        request.app[HTTP_CLIENTS].insurers,
        settings.insurers,
        ask.request,
        settings.policy.minimum_per_occurrence_limit,
        now,
        settings.insurer_timeout_seconds,
    )
    offers = await in_transaction(
        sessions, lambda session: store_round(session, seller_id, ask, answers, settings.clock())
    )
    return web.json_response(offers, status=201)


@routes.get("/api/seller/insurance/quotes")
async def get_quotes(request: web.Request) -> web.Response:
    """Whether the seller is offered quotes, and the offers it was last given."""
    seller_id = (await require_seller(request)).seller_id
    settings = request.app[SETTINGS]
    now = settings.clock()
    offers = await in_transaction(
        request.app[SESSIONS],
        lambda session: latest_offers(session, seller_id, now, settings),
    )
    return web.json_response(offers)


@routes.post("/api/seller/insurance/quotes/{quote_id}/accept")
async def post_accept(request: web.Request) -> web.Response:
    """Take an open offer: it becomes a pending policy for the marketplace to verify (201)."""
    seller_id = (await require_seller(request)).seller_id
    settings = request.app[SETTINGS]
    now = settings.clock()
    quote_id = request.match_info["quote_id"]
    accepted = await in_transaction(
        request.app[SESSIONS],
        lambda session: accept_quote(session, seller_id, quote_id, now, settings),
    )
    return web.json_response(accepted, status=201)
