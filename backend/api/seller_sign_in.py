"""Seller users' sign-in and sign-out (``backend.seller_users``): a session token for the seller
portal, by password."""

from __future__ import annotations

from aiohttp import web

from backend.api.appkeys import SESSIONS, SETTINGS
from backend.api.auth import bearer_token, unauthorized
from backend.api.errors import ApiError
from backend.api.inputs import read_json
from backend.api.rate_limits import limit_attempts
from backend.api.staff import SIGN_IN_BODY_MAX_BYTES
from backend.clock import format_timestamp
from backend.db import in_transaction
from backend.seller_users import sign_in, sign_out

routes = web.RouteTableDef()


@routes.post("/api/seller/sign-in")
async def post_seller_sign_in(request: web.Request) -> web.Response:
    """``{"username", "password"}`` → ``{"token", "expires_at", "seller_id", "username"}``."""
    limit_attempts(request, "seller_sign_in")
    body = await read_json(request, SIGN_IN_BODY_MAX_BYTES, "SellerSignIn")
    now = request.app[SETTINGS].clock()
    signed_in = await in_transaction(
        request.app[SESSIONS],
        lambda session: sign_in(session, body["username"], body["password"], now),
    )
    if signed_in is None:
        raise ApiError.single(
            401, "unauthorized", "That username and password do not match an active seller user."
        )
    return web.json_response(
        {
            "token": signed_in.token,
            "expires_at": format_timestamp(signed_in.expires_at),
            "seller_id": signed_in.seller_id,
            "username": signed_in.username,
        }
    )


@routes.post("/api/seller/sign-out")
async def post_seller_sign_out(request: web.Request) -> web.Response:
    """End the caller's own seller session (204); 401 for a token that is no live session."""
    token = bearer_token(request)
    if token is None:
        raise unauthorized()
    now = request.app[SETTINGS].clock()
    ended = await in_transaction(
        request.app[SESSIONS], lambda session: sign_out(session, token, now)
    )
    if not ended:
        raise unauthorized()
    return web.Response(status=204)
