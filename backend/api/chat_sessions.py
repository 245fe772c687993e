"""The web chat's sessions and the tokens a marketplace website signs for its customers.

A chat session is a conversation id and a token naming it: the page uses the token to upload
evidence and to read the conversation back after a reload. A customer token tells the assistant
who a signed-in customer is, so it never has to ask their email.
"""

from __future__ import annotations

import uuid
from datetime import timedelta

from aiohttp import web

from backend.api.appkeys import HTTP_CLIENTS, SESSIONS, SETTINGS
from backend.api.auth import (
    CUSTOMER_TOKEN_HEADER,
    Role,
    customer_token_email,
    require_conversation,
    require_role,
)
from backend.api.errors import ApiError
from backend.api.inputs import conversation_id_parameter, read_json
from backend.api.rate_limits import limit_attempts
from backend.clock import format_timestamp
from backend.db import in_transaction
from backend.evidence import ACCEPTED_CONTENT_TYPES
from backend.handoffs import conversation_transcript
from backend.orders import email_has_orders
from claims_contract.signing import (
    CONVERSATION_TOKEN_TTL,
    CUSTOMER_TOKEN_TTL,
    TokenKind,
    sign,
)

TOKEN_BODY_MAX_BYTES = 4 * 1024
routes = web.RouteTableDef()


@routes.post("/api/chat/sessions")
async def post_chat_session(request: web.Request) -> web.Response:
    """A new web chat conversation and its token (30 days), with what the page needs to know;
    each client (address) may start ``CLAIMS_IDENTITY_CHECKS_PER_MINUTE`` a minute (429 after)."""
    limit_attempts(request, "chat_session")
    settings = request.app[SETTINGS]
    conversation_id = f"web-{uuid.uuid4().hex}"
    signed = sign(
        settings.signing_secret,
        TokenKind.CONVERSATION,
        conversation_id,
        settings.clock(),
        CONVERSATION_TOKEN_TTL,
    )
    return web.json_response(
        {
            "conversation_id": conversation_id,
            "token": signed.token,
            "expires_at": format_timestamp(signed.expires_at),
            "socket_url": settings.rasa_public_url,
            "upload_limit_bytes": settings.evidence_max_bytes,
            "accepted_types": sorted(ACCEPTED_CONTENT_TYPES),
        },
        status=201,
    )


@routes.get("/api/chat/sessions/{conversation_id}/transcript")
async def get_transcript(request: web.Request) -> web.Response:
    """The conversation so far, for the page holding its token."""
    conversation_id = conversation_id_parameter(request.match_info["conversation_id"])
    require_conversation(request, conversation_id)
    rasa = request.app[HTTP_CLIENTS].rasa
    messages = await conversation_transcript(rasa, conversation_id)
    return web.json_response({"messages": messages})


@routes.post("/api/customer-tokens")
async def post_customer_token(request: web.Request) -> web.Response:
    """A token naming a signed-in customer by email, for the website to give the chat page."""
    require_role(request, {Role.SERVICE, Role.ADMIN})
    body = await read_json(request, TOKEN_BODY_MAX_BYTES, "CustomerTokenRequest")
    settings = request.app[SETTINGS]
    # Not for any email the caller names: only a customer who has ordered gets a token.
    known = await in_transaction(
        request.app[SESSIONS], lambda session: email_has_orders(session, body["email"])
    )
    if not known:
        raise ApiError.single(
            422, "customer_not_found", "No order was placed with this email.", field="email"
        )
    ttl = timedelta(seconds=body["ttl_seconds"]) if "ttl_seconds" in body else CUSTOMER_TOKEN_TTL
    signed = sign(
        settings.signing_secret,
        TokenKind.CUSTOMER,
        body["email"].strip(),
        settings.clock(),
        ttl,
    )
    return web.json_response(
        {"token": signed.token, "expires_at": format_timestamp(signed.expires_at)}, status=201
    )


@routes.get("/api/customer-tokens/current")
async def get_current_customer(request: web.Request) -> web.Response:
    """Whose customer token the assistant holds (header ``X-Customer-Token``)."""
    require_role(request, {Role.SERVICE})
    email = customer_token_email(request)
    if email is None:
        raise ApiError.single(
            401,
            "invalid_customer_token",
            "The customer token is missing, expired or not one we signed.",
            field=CUSTOMER_TOKEN_HEADER,
        )
    return web.json_response({"email": email})
