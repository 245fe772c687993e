"""The admins' decisions on the desk that take every claim to its end: disputes, appeals,
recoveries, payouts, closing, and failed messages. Each names the admin who decided."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from aiohttp import web
from sqlalchemy.orm import Session

from backend.api.appkeys import SESSIONS, SETTINGS
from backend.api.auth import require_admin
from backend.api.inputs import read_json
from backend.appeal_decisions import decide_appeal
from backend.closing import close_claim
from backend.db import in_transaction
from backend.disputes import decide_dispute
from backend.outbox_decisions import drop_message, retry_message
from backend.payouts import mark_payouts_paid
from backend.policy.appeal import AppealDecision
from backend.policy.dispute import DisputeDecision
from backend.policy.recovery import RecoveryDecision
from backend.recovery_decisions import decide_recovery

DECISION_BODY_MAX_BYTES = 16 * 1024
routes = web.RouteTableDef()


# A decision on a claim: (session, reference, body, now, admin) -> the claim as decided.
ClaimDecision = Callable[[Session, str, dict[str, Any], datetime, str], dict[str, Any]]


async def _decide(request: web.Request, schema: str, decide: ClaimDecision) -> web.Response:
    """Authorise an admin, read the body, apply the decision in one unit of work."""
    admin = await require_admin(request)
    body = await read_json(request, DECISION_BODY_MAX_BYTES, schema)
    reference = request.match_info["reference"]
    now = request.app[SETTINGS].clock()
    claim = await in_transaction(
        request.app[SESSIONS], lambda session: decide(session, reference, body, now, admin)
    )
    return web.json_response(claim)


@routes.post("/api/admin/claims/{reference}/dispute")
async def post_dispute(request: web.Request) -> web.Response:
    """Decide a seller's rejection: the marketplace steps in, or the seller's defence stands."""
    return await _decide(
        request,
        "DisputeDecision",
        lambda session, reference, body, now, admin: decide_dispute(
            session,
            reference,
            DisputeDecision(body["decision"]),
            body.get("note"),
            now,
            admin,
            body.get("expected_status"),
        ),
    )


@routes.post("/api/admin/claims/{reference}/appeal")
async def post_appeal(request: web.Request) -> web.Response:
    """Decide the seller's open appeal: uphold the concession, or grant (waive reimbursement)."""
    return await _decide(
        request,
        "AppealDecision",
        lambda session, reference, body, now, admin: decide_appeal(
            session,
            reference,
            AppealDecision(body["decision"]),
            body.get("note"),
            now,
            admin,
            body.get("expected_status"),
        ),
    )


@routes.post("/api/admin/claims/{reference}/recovery")
async def post_recovery(request: web.Request) -> web.Response:
    """Release or collect a held recovery, or mark an open one collected."""
    return await _decide(
        request,
        "RecoveryDecision",
        lambda session, reference, body, now, admin: decide_recovery(
            session,
            reference,
            RecoveryDecision(body["decision"]),
            body.get("note"),
            now,
            admin,
            body.get("expected_status"),
        ),
    )


@routes.post("/api/admin/claims/{reference}/payout")
async def post_payout(request: web.Request) -> web.Response:
    """Mark the claim's payouts paid."""
    return await _decide(
        request,
        "DeskNote",
        lambda session, reference, body, now, admin: mark_payouts_paid(
            session, reference, body.get("note"), now, admin, body.get("expected_status")
        ),
    )


@routes.post("/api/admin/claims/{reference}/close")
async def post_close(request: web.Request) -> web.Response:
    """Close a claim that is over (409 ``not_settled`` otherwise)."""
    params = request.app[SETTINGS].policy
    return await _decide(
        request,
        "DeskNote",
        lambda session, reference, body, now, admin: close_claim(
            session,
            reference,
            body.get("note"),
            now,
            admin,
            params,
            body.get("expected_status"),
        ),
    )


@routes.post(r"/api/admin/outbox/{message_id:\d+}/retry")
async def post_retry(request: web.Request) -> web.Response:
    """Send a failed message again, from its first attempt."""
    await require_admin(request)
    message_id = int(request.match_info["message_id"])
    now = request.app[SETTINGS].clock()
    message = await in_transaction(
        request.app[SESSIONS], lambda session: retry_message(session, message_id, now)
    )
    return web.json_response(message)


@routes.post(r"/api/admin/outbox/{message_id:\d+}/drop")
async def post_drop(request: web.Request) -> web.Response:
    """Give up on a failed message."""
    await require_admin(request)
    message_id = int(request.match_info["message_id"])
    message = await in_transaction(
        request.app[SESSIONS], lambda session: drop_message(session, message_id)
    )
    return web.json_response(message)
