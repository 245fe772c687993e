"""Seller insurance: the requirement's status (the desk, the seller) and sellers filing policies."""

from __future__ import annotations

from datetime import date
from typing import Any

from aiohttp import web
from sqlalchemy.orm import Session

from backend.api.appkeys import SESSIONS, SETTINGS
from backend.api.auth import require_admin, require_seller, require_staff_reader
from backend.api.inputs import date_parameter, read_json
from backend.db import in_transaction
from backend.insurance_requirement import seller_insurance_status
from backend.policy.parameters import PolicyParameters
from backend.seller_insurance import decide_seller_policy, file_seller_policy, policies_on_file

POLICY_BODY_MAX_BYTES = 16 * 1024
routes = web.RouteTableDef()


def status_day(request: web.Request) -> date:
    """The day to evaluate on: ``?on=YYYY-MM-DD``, else today by the backend's clock."""
    on = date_parameter(request.query.get("on"), "on")
    return request.app[SETTINGS].clock().date() if on is None else on


def _insurance(
    session: Session, seller_id: str, on: date, params: PolicyParameters
) -> dict[str, Any]:
    """The seller's status on ``on``, with every policy on file and its verification."""
    status = seller_insurance_status(session, seller_id, on, params)
    return {**status.as_json(seller_id), "policies": policies_on_file(session, seller_id)}


async def _status(request: web.Request, seller_id: str) -> web.Response:
    on = status_day(request)
    params = request.app[SETTINGS].policy
    status = await in_transaction(
        request.app[SESSIONS], lambda session: _insurance(session, seller_id, on, params)
    )
    return web.json_response(status)


@routes.get("/api/admin/sellers/{seller_id}/insurance")
async def get_seller_insurance(request: web.Request) -> web.Response:
    """Whether the seller must be insured, is, and is overdue, and why (admin or agent)."""
    await require_staff_reader(request)
    return await _status(request, request.match_info["seller_id"])


@routes.get("/api/seller/insurance")
async def get_own_insurance(request: web.Request) -> web.Response:
    """The calling seller's own insurance status."""
    return await _status(request, (await require_seller(request)).seller_id)


@routes.post("/api/seller/insurance")
async def post_own_insurance(request: web.Request) -> web.Response:
    """File a policy (201): the seller's status afterwards and the reimbursements it waived."""
    seller_id = (await require_seller(request)).seller_id
    body = await read_json(request, POLICY_BODY_MAX_BYTES, "SellerInsurancePolicy")
    settings = request.app[SETTINGS]
    now = settings.clock()

    def file_policy(session: Session) -> dict[str, Any]:
        file_seller_policy(session, seller_id, body, now)
        status = _insurance(session, seller_id, now.date(), settings.policy)
        # Pending until the marketplace verifies the proof: nothing is waived yet.
        return {**status, "reimbursements_waived": []}

    answer = await in_transaction(request.app[SESSIONS], file_policy)
    return web.json_response(answer, status=201)


@routes.post("/api/admin/sellers/{seller_id}/insurance/{policy_number}/verification")
async def verify_seller_policy(request: web.Request) -> web.Response:
    """An admin verifies or rejects a seller-filed policy after looking at its proof."""
    admin = await require_admin(request)
    body = await read_json(request, POLICY_BODY_MAX_BYTES, "PolicyVerification")
    settings = request.app[SETTINGS]
    now = settings.clock()
    seller_id = request.match_info["seller_id"]

    def decide(session: Session) -> dict[str, Any]:
        waived = decide_seller_policy(
            session,
            seller_id,
            request.match_info["policy_number"],
            body["decision"],
            admin,
            settings,
            now,
        )
        status = _insurance(session, seller_id, now.date(), settings.policy)
        return {**status, "reimbursements_waived": waived}

    return web.json_response(await in_transaction(request.app[SESSIONS], decide))
