"""The agent console's API: sign in, the handoff queue, chatting with a customer, handing back."""

from __future__ import annotations

import hmac

from aiohttp import web

from backend.api.inputs import read_json, text_parameter
from backend.appkeys import SESSIONS, SETTINGS
from backend.auth import is_role_actor_name, require_agent
from backend.clock import format_timestamp
from backend.db import in_transaction
from backend.errors import ApiError
from backend.handoffs import (
    OPEN_STATUSES,
    HandoffStatus,
    hand_back,
    handoff_detail,
    intake,
    list_handoffs,
    send_agent_message,
    take_handoff,
)
from backend.rasa_conversations import connect
from backend.rate_limits import limit_attempts
from backend.signing import AGENT_SESSION_TTL, TokenKind, sign

AGENT_BODY_MAX_BYTES = 16 * 1024
OPEN = "open"
routes = web.RouteTableDef()


@routes.post("/api/agent/sign-in")
async def sign_in(request: web.Request) -> web.Response:
    """An agent session (12 hours) for the agent's name, given the agents' shared token."""
    limit_attempts(request, "sign_in")
    body = await read_json(request, AGENT_BODY_MAX_BYTES, "AgentSignIn")
    settings = request.app[SETTINGS]
    expected = settings.agent_token
    if not expected or not hmac.compare_digest(body["token"].encode(), expected.encode()):
        raise ApiError.single(
            401, "unauthorized", "That is not the agents' sign-in token.", field="token"
        )
    name = body["name"].strip()
    if is_role_actor_name(name):
        raise ApiError.single(
            422,
            "invalid_value",
            f'name "{name}" is reserved for the shared agent and admin tokens; use your own name.',
            field="name",
        )
    session = sign(
        settings.signing_secret, TokenKind.AGENT_SESSION, name, settings.clock(), AGENT_SESSION_TTL
    )
    return web.json_response(
        {
            "session_token": session.token,
            "name": name,
            "expires_at": format_timestamp(session.expires_at),
        }
    )


def _statuses(value: str | None) -> tuple[HandoffStatus, ...]:
    """The ``status`` filter: one status, or ``open`` (waiting and active; the default)."""
    if value is None or value == OPEN:
        return OPEN_STATUSES
    try:
        return (HandoffStatus(value),)
    except ValueError:
        raise ApiError.single(
            422,
            "invalid_value",
            "status must be one of: open, waiting, active, returned",
            field="status",
        ) from None


@routes.get("/api/agent/handoffs")
async def get_handoffs(request: web.Request) -> web.Response:
    """The handoff queue, oldest first."""
    require_agent(request)
    statuses = _statuses(text_parameter(request.query.get("status"), "status"))
    handoffs = await in_transaction(
        request.app[SESSIONS], lambda session: list_handoffs(session, statuses)
    )
    return web.json_response({"handoffs": handoffs})


@routes.get("/api/agent/handoffs/{id}")
async def get_handoff(request: web.Request) -> web.Response:
    """A handoff with its transcript, the claim facts now and the conversation's claims."""
    require_agent(request)
    async with connect(request.app[SETTINGS]) as rasa:
        detail = await handoff_detail(request.app[SESSIONS], rasa, request.match_info["id"])
    return web.json_response(detail)


@routes.post("/api/agent/handoffs/{id}/take")
async def post_take(request: web.Request) -> web.Response:
    """Take the conversation: the assistant pauses and the customer is told who is there."""
    agent = require_agent(request)
    if request.can_read_body:  # the body is optional ({} or nothing)
        await read_json(request, AGENT_BODY_MAX_BYTES, "TakeRequest")
    settings = request.app[SETTINGS]
    async with connect(settings) as rasa:
        handoff = await take_handoff(
            request.app[SESSIONS], rasa, request.match_info["id"], agent, settings.clock()
        )
    return web.json_response(handoff)


@routes.post("/api/agent/handoffs/{id}/messages")
async def post_message(request: web.Request) -> web.Response:
    """Write to the customer, on the channel they last used."""
    agent = require_agent(request)
    body = await read_json(request, AGENT_BODY_MAX_BYTES, "AgentMessage")
    async with connect(request.app[SETTINGS]) as rasa:
        await send_agent_message(
            request.app[SESSIONS], rasa, request.match_info["id"], agent, body["text"]
        )
    return web.json_response({"sent": True}, status=201)


@routes.post("/api/agent/handoffs/{id}/hand-back")
async def post_hand_back(request: web.Request) -> web.Response:
    """Give the conversation back to the assistant, with what the agent learnt."""
    agent = require_agent(request)
    body = await read_json(request, AGENT_BODY_MAX_BYTES, "HandBack")
    settings = request.app[SETTINGS]
    async with connect(settings) as rasa:
        handoff = await hand_back(
            request.app[SESSIONS],
            rasa,
            request.match_info["id"],
            agent,
            body.get("facts") or {},
            body.get("note"),
            settings.clock(),
        )
    return web.json_response(handoff)


@routes.post("/api/agent/intake")
async def post_intake(request: web.Request) -> web.Response:
    """Hand the assistant a customer the agent talked to first, to file their claim."""
    agent = require_agent(request)
    body = await read_json(request, AGENT_BODY_MAX_BYTES, "Intake")
    settings = request.app[SETTINGS]
    async with connect(settings) as rasa:
        handoff = await intake(request.app[SESSIONS], rasa, body, agent, settings.clock())
    return web.json_response(handoff, status=201)
