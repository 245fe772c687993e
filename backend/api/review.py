"""The review queue for independent fraud experts: their own staff sessions (expert or admin),
or the admin token; the timeline names the expert who decided."""

from __future__ import annotations

from aiohttp import web

from backend.api.appkeys import SESSIONS, SETTINGS
from backend.api.auth import require_reviewer
from backend.api.inputs import read_json
from backend.db import in_transaction
from backend.review import ReviewDecision, review_claim, review_queue

REVIEW_BODY_MAX_BYTES = 16 * 1024
routes = web.RouteTableDef()


@routes.get("/api/admin/review-queue")
async def get_review_queue(request: web.Request) -> web.Response:
    """The claims under review, oldest first, each with its screening findings and fraud score."""
    await require_reviewer(request)
    claims = await in_transaction(request.app[SESSIONS], review_queue)
    return web.json_response({"claims": claims})


@routes.post("/api/admin/claims/{reference}/review")
async def post_review(request: web.Request) -> web.Response:
    """A fraud expert's decision on a claim under review: 200 with the claim as decided."""
    reviewer = await require_reviewer(request)
    body = await read_json(request, REVIEW_BODY_MAX_BYTES, "ClaimReview")
    reference = request.match_info["reference"]
    settings = request.app[SETTINGS]
    now = settings.clock()
    claim = await in_transaction(
        request.app[SESSIONS],
        lambda session: review_claim(
            session,
            reference,
            ReviewDecision(body["decision"]),
            body["note"],
            settings,
            now,
            reviewer,
            body.get("expected_status"),
        ),
    )
    return web.json_response(claim)
