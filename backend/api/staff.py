"""Staff sign-in and sign-out (``backend.staff``): a session token for the person, by password."""

from __future__ import annotations

from aiohttp import web

from backend.api.appkeys import SESSIONS, SETTINGS
from backend.api.auth import bearer_token, unauthorized
from backend.api.errors import ApiError
from backend.api.inputs import read_json
from backend.api.rate_limits import limit_attempts
from backend.clock import format_timestamp
from backend.db import in_transaction
from backend.staff import sign_in, sign_out

SIGN_IN_BODY_MAX_BYTES = 4 * 1024
routes = web.RouteTableDef()


@routes.post("/api/staff/sign-in")
async def post_sign_in(request: web.Request) -> web.Response:
    """``{"username", "password"}`` → ``{"session_token", "name", "role", "expires_at"}``."""
    limit_attempts(request, "sign_in")
    body = await read_json(request, SIGN_IN_BODY_MAX_BYTES, "StaffSignIn")
    now = request.app[SETTINGS].clock()
    signed_in = await in_transaction(
        request.app[SESSIONS],
        lambda session: sign_in(session, body["username"], body["password"], now),
    )
    if signed_in is None:
        raise ApiError.single(
            401, "unauthorized", "That username and password do not match an active account."
        )
    return web.json_response(
        {
            "session_token": signed_in.token,
            "name": signed_in.username,
            "role": signed_in.role,
            "expires_at": format_timestamp(signed_in.expires_at),
        }
    )


@routes.post("/api/staff/sign-out")
async def post_sign_out(request: web.Request) -> web.Response:
    """End the caller's own session (204); 401 for a token that is no live session."""
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
