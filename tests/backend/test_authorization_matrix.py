"""Every endpoint × every kind of caller, with the status each one gets (issue 11).

Callers: none, a customer's email, a customer's signed token, a web chat's conversation token,
seller A (the claim's seller), seller B, an agent's staff session, the agent token, the service
token, the admin token, a fraud expert's staff session, an admin's staff session. In the table,
"ok" means let through (2xx, or a 409/422 about the request itself); 401, 403 and 404 are refusals, with the claim and every row left as they were
(a refusal stores nothing: the database is compared before and after each refused call).
"""

from __future__ import annotations

import aiohttp
import pytest
from sqlalchemy import select

from backend.models import Base
from tests.backend.claim_steps import file_claim, upload
from tests.backend.conftest import ADMIN, AGENT, SERVICE
from tests.backend.desk_steps import queued, sign_in
from tests.backend.evidence_files import png
from tests.backend.marketplace_data import DANA_EMAIL, DANA_ORDER, claim_body, harm, marketplace
from tests.backend.seller_side import ACME, BARE

CALLERS = (
    "none",
    "email",
    "ctoken",
    "conv",
    "sellerA",
    "sellerB",
    "session",
    "agent",
    "service",
    "admin",
    "expert",
    "adminS",
)

# method, path, body ("file": a multipart upload), expected status per caller in CALLERS order.
MATRIX = [
    ("GET", "/api/health", None, "ok ok ok ok ok ok ok ok ok ok ok ok"),
    ("GET", "/api/openapi.json", None, "ok ok ok ok ok ok ok ok ok ok ok ok"),
    (
        "POST",
        "/api/admin/marketplace",
        "marketplace",
        "401 401 401 401 401 401 403 403 403 ok 403 ok",
    ),
    ("GET", "/api/orders/{order}", None, "401 401 401 401 401 401 401 ok ok ok 401 401"),
    ("GET", "/api/claims?order_id={order}", None, "401 ok ok 401 401 401 401 ok ok ok 401 401"),
    ("POST", "/api/claims", "claim", "401 401 401 401 401 401 401 403 ok ok 401 401"),
    ("GET", "/api/claims/{ref}", None, "401 ok ok 401 401 401 401 ok ok ok 401 401"),
    (
        "POST",
        "/api/claims/{ref}/evidence",
        "evidence",
        "401 ok ok 401 401 401 401 ok ok ok 401 401",
    ),
    # An email is no secret; the service only in the filing conversation (X-Conversation-Id).
    (
        "POST",
        "/api/claims/{ref}/withdraw",
        "reason",
        "401 403 ok 401 401 401 401 ok 403 ok 401 401",
    ),
    (
        "GET",
        "/api/admin/claims?order_id={order}",
        None,
        "401 401 401 401 401 401 ok ok 403 ok ok ok",
    ),
    # Fraud experts' own sessions review; an agent's session is a valid one of another role.
    ("GET", "/api/admin/review-queue", None, "401 401 401 401 401 401 403 403 403 ok ok ok"),
    (
        "POST",
        "/api/admin/claims/{ref}/review",
        "clear",
        "401 401 401 401 401 401 403 403 403 ok ok ok",
    ),
    ("POST", "/api/evidence", "file", "401 401 401 ok ok ok 401 403 ok 403 401 401"),
    # Staff open any file, a seller those of its claims put before it; programs see no photos.
    ("GET", "/api/evidence/{evidence}", None, "401 401 401 401 ok 404 ok 403 403 ok ok ok"),
    ("GET", "/api/seller/claims", None, "401 401 401 401 ok ok 401 403 403 403 401 401"),
    ("GET", "/api/seller/claims/{ref}", None, "401 401 401 401 ok 404 401 403 403 403 401 401"),
    (
        "POST",
        "/api/seller/claims/{ref}/response",
        "accept",
        "401 401 401 401 ok 404 401 403 403 403 401 401",
    ),
    (
        "POST",
        "/api/seller/claims/{ref}/appeal",
        "statement",
        "401 401 401 401 ok 404 401 403 403 403 401 401",
    ),
    ("POST", "/api/admin/sweep", "empty", "401 401 401 401 401 401 403 403 403 ok 403 ok"),
    (
        "POST",
        "/api/admin/claims/{ref}/step-in",
        "empty",
        "401 401 401 401 401 401 403 403 403 ok 403 ok",
    ),
    (
        "GET",
        "/api/admin/sellers/S-ACME/insurance",
        None,
        "401 401 401 401 401 401 ok ok 403 ok ok ok",
    ),
    (
        "POST",
        "/api/admin/sellers/S-ACME/insurance/PL-1/verification",
        "verify",
        "401 401 401 401 401 401 403 403 403 ok 403 ok",
    ),
    (
        "GET",
        "/api/admin/sellers/S-ACME/metrics",
        None,
        "401 401 401 401 401 401 403 403 403 ok 403 ok",
    ),
    ("GET", "/api/seller/insurance", None, "401 401 401 401 ok ok 401 403 403 403 401 401"),
    ("POST", "/api/seller/insurance", "policy", "401 401 401 401 ok ok 401 403 403 403 401 401"),
    ("GET", "/api/seller/metrics", None, "401 401 401 401 ok ok 401 403 403 403 401 401"),
    ("GET", "/api/admin/outbox", None, "401 401 401 401 401 401 403 403 403 ok 403 ok"),
    ("POST", "/api/admin/outbox/dispatch", None, "401 401 401 401 401 401 403 403 403 ok 403 ok"),
    ("POST", "/api/handoffs", "handoff", "401 401 401 401 401 401 401 403 ok ok 401 401"),
    ("POST", "/api/staff/sign-out", None, "401 401 401 401 401 401 ok 401 401 401 ok ok"),
    ("GET", "/api/agent/handoffs", None, "401 401 401 401 401 401 ok ok 403 ok 403 ok"),
    ("GET", "/api/agent/handoffs/{handoff}", None, "401 401 401 401 401 401 ok ok 403 ok 403 ok"),
    (
        "POST",
        "/api/agent/handoffs/{handoff}/take",
        "empty",
        "401 401 401 401 401 401 ok ok 403 ok 403 ok",
    ),
    (
        "POST",
        "/api/agent/handoffs/{handoff}/messages",
        "text",
        "401 401 401 401 401 401 ok ok 403 ok 403 ok",
    ),
    (
        "POST",
        "/api/agent/handoffs/{handoff}/hand-back",
        "empty",
        "401 401 401 401 401 401 ok ok 403 ok 403 ok",
    ),
    ("POST", "/api/agent/intake", "intake", "401 401 401 401 401 401 ok ok 403 ok 403 ok"),
    ("POST", "/api/chat/sessions", None, "ok ok ok ok ok ok ok ok ok ok ok ok"),
    (
        "GET",
        "/api/chat/sessions/{conversation}/transcript",
        None,
        "401 401 401 ok 401 401 401 403 403 403 401 401",
    ),
    ("POST", "/api/customer-tokens", "email", "401 401 401 401 401 401 401 403 ok ok 401 401"),
    # Every caller also sends a valid X-Customer-Token here: only the service may read it.
    ("GET", "/api/customer-tokens/current", None, "401 401 401 401 401 401 401 403 ok 403 401 401"),
    # The claims desk: fraud experts (and admins) read it, admins decide.
    ("GET", "/api/desk/queue", None, "401 401 401 401 401 401 403 403 403 ok ok ok"),
    ("GET", "/api/desk/claims/{ref}", None, "401 401 401 401 401 401 403 403 403 ok ok ok"),
    ("GET", "/api/desk/sellers", None, "401 401 401 401 401 401 403 403 403 ok ok ok"),
    (
        "POST",
        "/api/admin/claims/{ref}/dispute",
        "dispute",
        "401 401 401 401 401 401 403 403 403 ok 403 ok",
    ),
    (
        "POST",
        "/api/admin/claims/{ref}/appeal",
        "appeal",
        "401 401 401 401 401 401 403 403 403 ok 403 ok",
    ),
    (
        "POST",
        "/api/admin/claims/{ref}/recovery",
        "recovery",
        "401 401 401 401 401 401 403 403 403 ok 403 ok",
    ),
    (
        "POST",
        "/api/admin/claims/{ref}/payout",
        "empty",
        "401 401 401 401 401 401 403 403 403 ok 403 ok",
    ),
    (
        "POST",
        "/api/admin/claims/{ref}/close",
        "empty",
        "401 401 401 401 401 401 403 403 403 ok 403 ok",
    ),
    (
        "POST",
        "/api/admin/outbox/{message}/retry",
        None,
        "401 401 401 401 401 401 403 403 403 ok 403 ok",
    ),
    (
        "POST",
        "/api/admin/outbox/{message}/drop",
        None,
        "401 401 401 401 401 401 403 403 403 ok 403 ok",
    ),
]
# Sign-in takes no token; it answers every caller alike (tests/backend/test_agent_access.py).
UNAUTHENTICATED = {("POST", "/api/staff/sign-in")}

BODIES = {
    "marketplace": marketplace,
    "claim": lambda: claim_body(sku="B0KETTLE02"),
    "evidence": lambda: {"evidence_ids": []},
    "reason": lambda: {"reason": "changed my mind"},
    "clear": lambda: {"decision": "clear", "note": "fine"},
    "accept": lambda: {"action": "accept", "statement": "we pay", "evidence_ids": []},
    "statement": lambda: {"statement": "we disagree", "evidence_ids": []},
    "empty": dict,
    "verify": lambda: {"decision": "verify"},
    "policy": lambda: {
        "policy_number": "X-1",
        "insurer": "I",
        "per_occurrence_limit": "1000000.00",
        "additional_insured": True,
        "valid_from": "2026-01-01",
        "valid_to": "2027-01-01",
        "proof_evidence_id": "EV-NONE",
    },
    "handoff": lambda: {
        "conversation_id": "c-matrix",
        "channel": "rest",
        "reason": "customer_asked",
    },
    "text": lambda: {"text": "hello"},
    "intake": lambda: {
        "channel": "rest",
        "conversation_id": "c-intake",
        "facts": {"order_id": DANA_ORDER},
    },
    "email": lambda: {"email": DANA_EMAIL},
    "dispute": lambda: {"decision": "uphold_seller"},
    "appeal": lambda: {"decision": "uphold"},
    "recovery": lambda: {"decision": "release"},
}


def test_the_matrix_covers_every_documented_operation():
    from backend.openapi import openapi_document

    documented = {
        (method.upper(), path)
        for path, operations in openapi_document()["paths"].items()
        for method in operations
        if method in ("get", "post", "put", "patch", "delete")
    }
    covered = {(method, path.split("?")[0]) for method, path, _, _ in MATRIX}
    covered = {(method, _template(path)) for method, path in covered} | UNAUTHENTICATED
    assert {(m, _template(p)) for m, p in documented} == covered
    assert len(MATRIX) * len(CALLERS) >= 390


def _template(path: str) -> str:
    """A path with its parameters named alike, to compare the table with the document."""
    import re

    return re.sub(r"\{[^}]+\}|S-ACME|PL-1", "{}", path)


@pytest.fixture
async def world(desk, rasa):
    """Dana's claim waiting for seller A, a queued handoff, and every caller's credentials."""
    evidence = await upload(desk)
    claim = await file_claim(desk, **harm("4000.00", "12.34"), evidence_ids=[evidence])
    handoff = await queued(desk)
    session = await (await desk.post("/api/chat/sessions")).json()
    token = await (
        await desk.post("/api/customer-tokens", json={"email": DANA_EMAIL}, headers=SERVICE)
    ).json()
    callers = {
        "none": {},
        "email": {"X-Customer-Email": DANA_EMAIL},
        "ctoken": {"X-Customer-Token": token["token"]},
        "conv": {"Authorization": f"Bearer {session['token']}"},
        "sellerA": ACME,
        "sellerB": BARE,
        "session": await sign_in(desk),
        "agent": AGENT,
        "service": SERVICE,
        "admin": ADMIN,
        "expert": await sign_in(desk, "Erin", "expert"),
        "adminS": await sign_in(desk, "Ada", "admin"),
    }
    values = {
        "ref": claim["reference"],
        "order": DANA_ORDER,
        "handoff": handoff["id"],
        "conversation": session["conversation_id"],
        "evidence": evidence,
        "message": (await (await desk.get("/api/admin/outbox", headers=ADMIN)).json())["messages"][
            0
        ]["id"],
    }
    return desk, callers, values, token["token"]


def snapshot(db) -> dict[str, list]:
    with db() as session:
        return {
            table.name: sorted(map(tuple, session.execute(select(*table.columns)).all()), key=repr)
            for table in Base.metadata.sorted_tables
            if table.name not in ("chat_sessions", "staff_sessions")
        }


@pytest.mark.parametrize(
    "method, path, body, expected", MATRIX, ids=[f"{m} {p}" for m, p, _, _ in MATRIX]
)
async def test_each_caller_gets_the_expected_status(world, db, method, path, body, expected):
    client, callers, values, customer_token = world
    url = path.format(**values)
    got = {}
    for caller, want in zip(CALLERS, expected.split()):
        headers = dict(callers[caller])
        if path == "/api/customer-tokens/current":
            headers["X-Customer-Token"] = customer_token
        before = snapshot(db) if want != "ok" else None
        if body == "file":
            form = aiohttp.FormData()
            form.add_field("file", png(), filename="p.png")
            response = await client.request(method, url, data=form, headers=headers)
        else:
            payload = BODIES[body]() if body else None
            response = await client.request(method, url, json=payload, headers=headers)
        status = response.status
        got[caller] = "ok" if status < 400 or status in (409, 422) else str(status)
        if before is not None and got[caller] == want:
            assert snapshot(db) == before, f"{caller} was refused but something changed"
    assert " ".join(got[c] for c in CALLERS) == expected, dict(zip(CALLERS, expected.split()))
