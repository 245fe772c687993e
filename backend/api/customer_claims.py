"""A claim from the customer's side: read it, list them by order, add evidence, withdraw.

The customer proves a claim is theirs with ``X-Customer-Email`` (alone, or alongside the service
token the assistant sends); a service, agent or admin token alone may act too. Withdrawing needs
more than an email (see ``withdrawing_caller``).
"""

from __future__ import annotations

from aiohttp import web

from backend.api.appkeys import SESSIONS, SETTINGS
from backend.api.auth import (
    CUSTOMER_TOKEN_HEADER,
    Role,
    caller_role,
    customer_email_proof,
    customer_token_email,
    require_role,
    unauthorized,
)
from backend.api.errors import ApiError
from backend.api.inputs import read_json, text_parameter
from backend.api.rate_limits import limit_attempts
from backend.customer_rights import (
    CUSTOMER,
    add_evidence,
    claim_for_caller,
    claims_on_order,
    withdraw_claim,
)
from backend.db import in_transaction
from backend.orders import check_order_id

RIGHTS_BODY_MAX_BYTES = 16 * 1024
CONVERSATION_HEADER = "X-Conversation-Id"
routes = web.RouteTableDef()


def acting_caller(request: web.Request) -> tuple[str, str | None]:
    """Who acts on a claim (the timeline's actor) and the customer's email proof, if given: a
    signed customer token (``X-Customer-Token``) or the email (``X-Customer-Email``).

    401 with neither a token nor an email, or with a bad token; the email proof makes the
    customer the actor even when the assistant's service token comes with it.
    """
    role = caller_role(request)
    if role is None and CUSTOMER_TOKEN_HEADER in request.headers:
        limit_attempts(request, "customer_token")
    email = customer_token_email(request) or customer_email_proof(request)
    if role is None and email is None:
        raise unauthorized()
    if role is not None:
        require_role(request, {Role.ADMIN, Role.AGENT, Role.SERVICE})
    if role is None:
        limit_attempts(request, "customer_email")
    elif role is Role.SERVICE and email is not None:
        limit_in_conversation(request)
    return (CUSTOMER if email is not None else role.value), email


def limit_in_conversation(request: web.Request) -> None:
    """The assistant checks a customer's email: counted per conversation it names."""
    conversation_id = request.headers.get(CONVERSATION_HEADER, "").strip()
    if conversation_id:
        limit_attempts(request, "customer_email", client=f"conversation:{conversation_id}")


def withdrawing_caller(request: web.Request) -> tuple[str, str | None, str | None]:
    """Who withdraws: (the timeline's actor, the email the claim must be on, the conversation
    the service acts in).

    An email is no secret, so it alone withdraws nothing (403 ``customer_token_required``): the
    customer's signed token (``X-Customer-Token``) names the customer; the service token acts
    only in the conversation that filed the claim (``X-Conversation-Id``, else 403
    ``conversation_required``); the desk's tokens act as themselves.
    """
    role = caller_role(request)
    if role is None and CUSTOMER_TOKEN_HEADER in request.headers:
        limit_attempts(request, "customer_token")
    token_email = customer_token_email(request)
    if role is not None:
        require_role(request, {Role.ADMIN, Role.AGENT, Role.SERVICE})
    if token_email is not None:
        return CUSTOMER, token_email, None
    if role is None:
        if customer_email_proof(request) is None:
            raise unauthorized()
        limit_attempts(request, "customer_email")
        raise ApiError.single(
            403,
            "customer_token_required",
            "An email alone cannot withdraw a claim; the customer's signed token can.",
            field=CUSTOMER_TOKEN_HEADER,
        )
    email = customer_email_proof(request)
    if role is not Role.SERVICE:
        return role.value, email, None
    conversation_id = request.headers.get(CONVERSATION_HEADER, "").strip()
    if not conversation_id:
        raise ApiError.single(
            403,
            "conversation_required",
            "The service withdraws a claim only in the conversation that filed it.",
            field=CONVERSATION_HEADER,
        )
    if email is not None:
        limit_in_conversation(request)
    return (CUSTOMER if email is not None else role.value), email, conversation_id


@routes.get("/api/claims/{reference}")
async def get_claim(request: web.Request) -> web.Response:
    """A claim, for a trusted caller or for the customer proving it with their email."""
    actor, email = acting_caller(request)
    reference = request.match_info["reference"]
    claim = await in_transaction(
        request.app[SESSIONS], lambda session: claim_for_caller(session, reference, email, actor)
    )
    return web.json_response(claim)


@routes.get("/api/claims")
async def list_claims_on_order(request: web.Request) -> web.Response:
    """The caller's claims on an order (``order_id``), oldest first."""
    actor, email = acting_caller(request)
    order_id = text_parameter(request.query.get("order_id"), "order_id")
    if order_id is None:
        raise ApiError.single(422, "required", "order_id is required.", field="order_id")
    check_order_id(order_id)
    claims = await in_transaction(
        request.app[SESSIONS], lambda session: claims_on_order(session, order_id, email, actor)
    )
    return web.json_response({"claims": claims})


@routes.post("/api/claims/{reference}/evidence")
async def post_evidence(request: web.Request) -> web.Response:
    """Attach more uploaded files to a claim: 200 with the claim."""
    actor, email = acting_caller(request)
    body = await read_json(request, RIGHTS_BODY_MAX_BYTES, "ClaimEvidenceAddition")
    reference = request.match_info["reference"]
    now = request.app[SETTINGS].clock()
    claim = await in_transaction(
        request.app[SESSIONS],
        lambda session: add_evidence(session, reference, email, body["evidence_ids"], actor, now),
    )
    return web.json_response(claim)


@routes.post("/api/claims/{reference}/withdraw")
async def post_withdrawal(request: web.Request) -> web.Response:
    """Withdraw a claim that nobody has paid yet: 200 with the claim, now ``withdrawn``."""
    actor, email, conversation_id = withdrawing_caller(request)
    body = await read_json(request, RIGHTS_BODY_MAX_BYTES, "ClaimWithdrawal")
    reference = request.match_info["reference"]
    now = request.app[SETTINGS].clock()
    claim = await in_transaction(
        request.app[SESSIONS],
        lambda session: withdraw_claim(
            session, reference, email, body["reason"], actor, now, conversation_id
        ),
    )
    return web.json_response(claim)
