"""The agent console's API: the handoff queue, chatting with a customer, handing back.

Agents and admins act with their own staff session (``POST /api/staff/sign-in``).
"""

from __future__ import annotations

from aiohttp import web

from backend.api.appkeys import HTTP_CLIENTS, SESSIONS, SETTINGS
from backend.api.auth import require_agent
from backend.api.errors import ApiError
from backend.api.inputs import read_json, text_parameter
from backend.db import in_transaction
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

AGENT_BODY_MAX_BYTES = 16 * 1024
OPEN = "open"
routes = web.RouteTableDef()


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
    await require_agent(request)
    statuses = _statuses(text_parameter(request.query.get("status"), "status"))
    handoffs = await in_transaction(
        request.app[SESSIONS], lambda session: list_handoffs(session, statuses)
    )
    return web.json_response({"handoffs": handoffs})


@routes.get("/api/agent/handoffs/{id}")
async def get_handoff(request: web.Request) -> web.Response:
    """A handoff with its transcript, the claim facts now and the conversation's claims."""
    await require_agent(request)
    rasa = request.app[HTTP_CLIENTS].rasa
    detail = await handoff_detail(request.app[SESSIONS], rasa, request.match_info["id"])
    return web.json_response(detail)


@routes.post("/api/agent/handoffs/{id}/take")
async def post_take(request: web.Request) -> web.Response:
    """Take the conversation: the assistant pauses and the customer is told who is there."""
    agent = await require_agent(request)
    if request.can_read_body:  # the body is optional ({} or nothing)
        await read_json(request, AGENT_BODY_MAX_BYTES, "TakeRequest")
    settings = request.app[SETTINGS]
    rasa = request.app[HTTP_CLIENTS].rasa
    handoff = await take_handoff(
        request.app[SESSIONS], rasa, request.match_info["id"], agent, settings.clock()
    )
    return web.json_response(handoff)


@routes.post("/api/agent/handoffs/{id}/messages")
async def post_message(request: web.Request) -> web.Response:
    """Write to the customer, on the channel they last used."""
    agent = await require_agent(request)
    body = await read_json(request, AGENT_BODY_MAX_BYTES, "AgentMessage")
    rasa = request.app[HTTP_CLIENTS].rasa
    await send_agent_message(
        request.app[SESSIONS], rasa, request.match_info["id"], agent, body["text"]
    )
    return web.json_response({"sent": True}, status=201)


@routes.post("/api/agent/handoffs/{id}/hand-back")
async def post_hand_back(request: web.Request) -> web.Response:
    """Give the conversation back to the assistant, with what the agent learnt."""
    agent = await require_agent(request)
    body = await read_json(request, AGENT_BODY_MAX_BYTES, "HandBack")
    settings = request.app[SETTINGS]
    rasa = request.app[HTTP_CLIENTS].rasa
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
    agent = await require_agent(request)
    body = await read_json(request, AGENT_BODY_MAX_BYTES, "Intake")
    settings = request.app[SETTINGS]
    rasa = request.app[HTTP_CLIENTS].rasa
    handoff = await intake(request.app[SESSIONS], rasa, body, agent, settings.clock())
    return web.json_response(handoff, status=201)
