"""The seller API: a seller, with its own API key or its user's session, reads and answers its
own claims."""

from __future__ import annotations

from aiohttp import web

from backend.api.appkeys import SESSIONS, SETTINGS
from backend.api.auth import require_seller
from backend.api.inputs import claim_status_parameter, read_json
from backend.appeals import appeal_concession
from backend.claim_view import seller_claim_view
from backend.commands import AppealConcession, RespondToClaim
from backend.db import in_transaction
from backend.seller_claims import own_claim, respond_to_claim, seller_claims

SELLER_BODY_MAX_BYTES = 64 * 1024
routes = web.RouteTableDef()


@routes.get("/api/seller/claims")
async def list_own_claims(request: web.Request) -> web.Response:
    """The calling seller's claims, oldest first, optionally only those in ``status``."""
    seller_id = (await require_seller(request)).seller_id
    status = claim_status_parameter(request.query.get("status"))
    claims = await in_transaction(
        request.app[SESSIONS], lambda session: seller_claims(session, seller_id, status)
    )
    return web.json_response({"claims": claims})


@routes.get("/api/seller/claims/{reference}")
async def get_own_claim(request: web.Request) -> web.Response:
    """One of the calling seller's claims; any other answers 404."""
    seller_id = (await require_seller(request)).seller_id
    reference = request.match_info["reference"]
    claim = await in_transaction(
        request.app[SESSIONS],
        lambda session: seller_claim_view(own_claim(session, seller_id, reference), seller_id),
    )
    return web.json_response(claim)


@routes.post("/api/seller/claims/{reference}/response")
async def post_response(request: web.Request) -> web.Response:
    """The seller accepts, rejects (with a defence) or forwards to its insurer a claim."""
    seller = await require_seller(request)
    command = RespondToClaim.from_body(
        await read_json(request, SELLER_BODY_MAX_BYTES, "SellerResponseRequest")
    )
    reference = request.match_info["reference"]
    now = request.app[SETTINGS].clock()
    claim = await in_transaction(
        request.app[SESSIONS],
        lambda session: respond_to_claim(
            session, seller.seller_id, reference, command, now, seller.actor
        ),
    )
    return web.json_response(claim)


@routes.post("/api/seller/claims/{reference}/appeal")
async def post_appeal(request: web.Request) -> web.Response:
    """The seller appeals the concession paid on its claim (once, within the appeal window)."""
    seller = await require_seller(request)
    command = AppealConcession.from_body(
        await read_json(request, SELLER_BODY_MAX_BYTES, "AppealRequest")
    )
    reference = request.match_info["reference"]
    settings = request.app[SETTINGS]
    now = settings.clock()
    claim = await in_transaction(
        request.app[SESSIONS],
        lambda session: appeal_concession(
            session, seller.seller_id, reference, command, settings.policy, now, seller.actor
        ),
    )
    return web.json_response(claim)
