"""Filing a claim (reading it and the customer's other rights: ``customer_claims``)."""

from __future__ import annotations

from aiohttp import web

from backend.api.appkeys import SESSIONS, SETTINGS
from backend.api.auth import Role, require_role
from backend.api.errors import ApiError
from backend.api.inputs import read_json
from backend.claims import submit_claim
from backend.commands import FileClaim
from backend.db import in_transaction

CLAIM_BODY_MAX_BYTES = 64 * 1024
IDEMPOTENCY_KEY_HEADER = "Idempotency-Key"
# A racing twin request or a reference collision makes the first attempt fail; the retry sees it.
SUBMIT_ATTEMPTS = 3
routes = web.RouteTableDef()


def idempotency_key(request: web.Request) -> str | None:
    """The client's ``Idempotency-Key``, if it sent one (1 to 255 printable characters)."""
    key = request.headers.get(IDEMPOTENCY_KEY_HEADER)
    if key is not None and not (0 < len(key) <= 255 and key.isprintable() and key.isascii()):
        raise ApiError.single(
            422,
            "invalid_value",
            "The Idempotency-Key must be 1 to 255 printable ASCII characters.",
            field=IDEMPOTENCY_KEY_HEADER,
        )
    return key


@routes.post("/api/claims")
async def post_claim(request: web.Request) -> web.Response:
    """File a claim: 201 with the claim (the same one again for a repeated idempotent request)."""
    require_role(request, {Role.SERVICE, Role.ADMIN})
    key = idempotency_key(request)
    command = FileClaim.from_body(await read_json(request, CLAIM_BODY_MAX_BYTES, "ClaimSubmission"))
    settings = request.app[SETTINGS]
    now = settings.clock()
    filed = await in_transaction(
        request.app[SESSIONS],
        lambda session: submit_claim(session, command, key, settings, now),
        attempts=SUBMIT_ATTEMPTS,
    )
    headers = {"Idempotent-Replayed": "true"} if filed.replayed else None
    return web.json_response(filed.claim, status=201, headers=headers)
