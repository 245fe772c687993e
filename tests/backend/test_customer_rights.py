"""The customer's rights: ask for the status of their claims, add evidence later, withdraw.

The assistant calls these with the service token and the customer's email; the customer's email
alone, or a service, agent or admin token alone, are proof enough too — except to withdraw, which
takes the customer's signed token or the service acting in the conversation that filed the claim
(tests/backend/test_withdrawal_proof.py).
"""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import func, select

from backend.models import Claim, ClaimEvidence, OutboxMessage, Payout
from backend.openapi import schema_problems
from tests.backend import evidence_files
from tests.backend.claim_steps import (
    file_claim,
    file_suspicious_claim,
    proof,
    review,
    upload,
)
from tests.backend.conftest import ADMIN, AGENT, SERVICE
from tests.backend.marketplace_data import (
    DANA_EMAIL,
    DANA_ORDER,
    KETTLE,
    LAMP,
    SAM_EMAIL,
    SAM_ORDER,
    harm,
)

ASSISTANT = {**SERVICE, **proof()}  # the service token with Dana's email
# ... acting in the conversation that filed Dana's claims, as a withdrawal needs.
IN_CONVERSATION = {**ASSISTANT, "X-Conversation-Id": "conv-dana-1"}


async def add_evidence(client, reference, evidence_ids, headers=ASSISTANT):
    response = await client.post(
        f"/api/claims/{reference}/evidence", json={"evidence_ids": evidence_ids}, headers=headers
    )
    return response.status, await response.json()


async def withdraw(
    client, reference, reason="sorted it out with the seller", headers=IN_CONVERSATION
):
    response = await client.post(
        f"/api/claims/{reference}/withdraw", json={"reason": reason}, headers=headers
    )
    return response.status, await response.json()


async def claims_on(client, order_id, headers=ASSISTANT):
    response = await client.get(f"/api/claims?order_id={order_id}", headers=headers)
    assert response.status == 200, await response.text()
    body = await response.json()
    assert schema_problems("ClaimList", body) == []
    return [claim["reference"] for claim in body["claims"]]


def as_customer_sees(claim):
    """A claim as its customer reads it: without the fraud score (its reasons here are public)."""
    return {**claim, "decision": {**claim["decision"], "fraud_score": None}}


def last_event(claim):
    event = claim["events"][-1]
    return event["type"], event["actor"], event["note"]


# ---- status: the customer's claims on an order --------------------------------------------------


async def test_the_customer_lists_their_own_claims_on_an_order_oldest_first(loaded, clock):
    heater = await file_claim(loaded)
    clock.advance(minutes=5)
    kettle = await file_claim(loaded, sku=KETTLE)
    sam = await file_claim(
        loaded,
        order_id=SAM_ORDER,
        customer_email=SAM_EMAIL,
        incident_date="2026-09-20",
        defect_description="the thermostat stuck on and the casing melted",
    )

    assert await claims_on(loaded, DANA_ORDER) == [heater["reference"], kettle["reference"]]
    assert await claims_on(loaded, DANA_ORDER, proof(" DANA@Example.com")) == [
        heater["reference"],
        kettle["reference"],
    ]
    assert await claims_on(loaded, SAM_ORDER, {**SERVICE, **proof(SAM_EMAIL)}) == [sam["reference"]]


async def test_someone_elses_order_looks_exactly_like_an_order_without_claims(loaded):
    await file_claim(loaded)

    assert await claims_on(loaded, DANA_ORDER, proof(SAM_EMAIL)) == []
    assert await claims_on(loaded, "999-0000000-0000000") == []


@pytest.mark.parametrize("headers", [SERVICE, AGENT, ADMIN], ids=["service", "agent", "admin"])
async def test_a_trusted_token_alone_lists_every_claim_on_the_order(loaded, headers):
    claim = await file_claim(loaded)

    assert await claims_on(loaded, DANA_ORDER, headers) == [claim["reference"]]


@pytest.mark.parametrize(
    "query, code",
    [
        ("", "required"),
        ("?order_id=112-123", "invalid_value"),
        ("?order_id=a%00b", "invalid_value"),
    ],
)
async def test_listing_needs_a_well_formed_order_id(loaded, query, code):
    response = await loaded.get(f"/api/claims{query}", headers=ASSISTANT)

    assert response.status == 422
    errors = (await response.json())["errors"]
    assert [(error["code"], error["field"]) for error in errors] == [(code, "order_id")]


@pytest.mark.parametrize(
    "headers", [{}, {"Authorization": "Bearer wrong", **proof()}], ids=["no proof", "bad token"]
)
async def test_listing_without_proof_is_401(loaded, headers):
    response = await loaded.get(f"/api/claims?order_id={DANA_ORDER}", headers=headers)

    assert response.status == 401


# ---- adding evidence --------------------------------------------------------------------------


async def test_the_customer_adds_evidence_later_each_file_once(loaded, db):
    photo = await upload(loaded, evidence_files.png())
    claim = await file_claim(loaded, evidence_ids=[photo])
    bill, scan = (
        await upload(loaded, evidence_files.pdf()),
        await upload(loaded, evidence_files.jpeg()),
    )

    status, updated = await add_evidence(loaded, claim["reference"], [bill, photo, scan, bill])

    assert status == 200
    assert schema_problems("Claim", updated) == []
    assert [evidence["id"] for evidence in updated["evidence"]] == [photo, bill, scan]
    assert last_event(updated) == ("evidence_added", "customer", f"{bill}, {scan}")
    assert updated["status"] == claim["status"]
    with db() as session:
        stored = session.execute(select(ClaimEvidence.evidence_id)).scalars().all()
        assert sorted(stored) == sorted([photo, bill, scan])
        topics = session.execute(select(OutboxMessage.topic)).scalars().all()
        assert "claim.evidence_added" in topics


async def test_adding_only_files_already_attached_changes_nothing(loaded):
    photo = await upload(loaded)
    claim = await file_claim(loaded, evidence_ids=[photo])

    status, updated = await add_evidence(loaded, claim["reference"], [photo])

    assert status == 200
    assert updated == as_customer_sees(claim)


@pytest.mark.parametrize(
    "headers, actor",
    [(proof(), "customer"), (SERVICE, "service"), (AGENT, "agent"), (ADMIN, "admin")],
    ids=["email alone", "service", "agent", "admin"],
)
async def test_the_timeline_names_who_added_the_evidence(loaded, headers, actor):
    claim = await file_claim(loaded)

    status, updated = await add_evidence(
        loaded, claim["reference"], [await upload(loaded)], headers
    )

    assert status == 200
    assert last_event(updated)[:2] == ("evidence_added", actor)


async def test_unknown_evidence_is_refused_and_nothing_is_attached(loaded):
    claim = await file_claim(loaded)
    photo = await upload(loaded)

    status, body = await add_evidence(loaded, claim["reference"], [photo, "EV-NOSUCHFILE"])

    assert status == 422
    assert [(e["code"], e["field"]) for e in body["errors"]] == [
        ("evidence_not_found", "evidence_ids[1]")
    ]
    read = await loaded.get(f"/api/claims/{claim['reference']}", headers=ASSISTANT)
    assert (await read.json())["evidence"] == []


async def test_a_denied_claim_still_takes_evidence_a_withdrawn_one_does_not(loaded):
    denied = await file_suspicious_claim(loaded)
    await review(loaded, denied["reference"], "deny_unsubstantiated")
    withdrawn = await file_claim(loaded, sku=KETTLE, **harm("5000.00", "12.34"))
    await withdraw(loaded, withdrawn["reference"])

    after_denial, _ = await add_evidence(loaded, denied["reference"], [await upload(loaded)])
    after_withdrawal, body = await add_evidence(
        loaded, withdrawn["reference"], [await upload(loaded)]
    )

    assert after_denial == 200
    assert after_withdrawal == 409
    assert body["errors"][0]["code"] == "claim_finished"


@pytest.mark.parametrize(
    "body, code, field",
    [
        ({}, "required", "evidence_ids"),
        ({"evidence_ids": []}, "invalid_value", "evidence_ids"),
        ({"evidence_ids": "EV-1"}, "invalid_type", "evidence_ids"),
        ({"evidence_ids": [7]}, "invalid_type", "evidence_ids[0]"),
    ],
)
async def test_a_bad_evidence_body_is_422(loaded, body, code, field):
    claim = await file_claim(loaded)

    response = await loaded.post(
        f"/api/claims/{claim['reference']}/evidence", json=body, headers=ASSISTANT
    )

    assert response.status == 422
    assert (code, field) in {(e["code"], e["field"]) for e in (await response.json())["errors"]}


# ---- withdrawing ------------------------------------------------------------------------------


async def test_the_customer_withdraws_a_claim_waiting_for_the_seller(loaded, clock, db):
    claim = await file_claim(loaded, **harm("4000.00", "12.34"))
    clock.advance(days=2)

    status, withdrawn = await withdraw(loaded, claim["reference"], "the seller replaced my rug")

    assert status == 200
    assert schema_problems("Claim", withdrawn) == []
    assert withdrawn["status"] == "withdrawn"
    assert withdrawn["seller_response_due"] is None
    assert last_event(withdrawn) == ("withdrawn", "customer", "the seller replaced my rug")
    assert withdrawn["events"][-1]["at"] == "2026-10-12T12:00:00Z"
    assert withdrawn["events"][:-1] == claim["events"]
    with db() as session:
        assert session.execute(select(Claim.status)).scalar_one() == "withdrawn"
        topics = session.execute(select(OutboxMessage.topic)).scalars().all()
        assert "claim.withdrawn" in topics


async def test_a_claim_under_review_can_be_withdrawn_and_leaves_the_queue(loaded):
    claim = await file_suspicious_claim(loaded)

    status, withdrawn = await withdraw(
        loaded, claim["reference"], headers={**SERVICE, "X-Conversation-Id": "conv-dana-1"}
    )

    assert status == 200
    assert last_event(withdrawn)[:2] == ("withdrawn", "service")
    queue = await loaded.get("/api/admin/review-queue", headers=ADMIN)
    assert (await queue.json())["claims"] == []


async def test_after_a_withdrawal_the_customer_may_file_again(loaded):
    claim = await file_claim(loaded, **harm("4000.00", "12.34"))
    await withdraw(loaded, claim["reference"])

    again = await file_claim(loaded, **harm("3000.00", "12.34"), conversation_id="conv-again")

    assert again["status"] == "awaiting_seller"


@pytest.mark.parametrize(
    "sku, amount, status",
    [
        (KETTLE, "350.00", "concession_paid"),  # the marketplace has paid
        (LAMP, "4000.00", "withdrawn"),  # already withdrawn
    ],
)
async def test_a_paid_or_finished_claim_cannot_be_withdrawn(loaded, sku, amount, status):
    claim = await file_claim(loaded, sku=sku, **harm(amount, "12.34"))
    if status == "withdrawn":
        await withdraw(loaded, claim["reference"])

    code, body = await withdraw(loaded, claim["reference"])

    assert code == 409
    assert body["errors"][0]["code"] == "claim_finished"
    read = await loaded.get(f"/api/claims/{claim['reference']}", headers=ASSISTANT)
    assert (await read.json())["status"] == status


async def test_a_denied_claim_cannot_be_withdrawn(loaded, clock):
    clock.advance(days=120)
    claim = await file_claim(loaded)  # filed too late
    assert claim["status"] == "denied"

    status, body = await withdraw(loaded, claim["reference"])

    assert status == 409
    assert body["errors"][0]["code"] == "claim_finished"


@pytest.mark.parametrize(
    "body, code",
    [({}, "required"), ({"reason": ""}, "invalid_value"), ({"reason": 3}, "invalid_type")],
)
async def test_a_withdrawal_needs_a_reason(loaded, body, code):
    claim = await file_claim(loaded, **harm("4000.00", "12.34"))

    response = await loaded.post(
        f"/api/claims/{claim['reference']}/withdraw", json=body, headers=IN_CONVERSATION
    )

    assert response.status == 422
    errors = (await response.json())["errors"]
    assert [(error["code"], error["field"]) for error in errors] == [(code, "reason")]


# ---- proof and refusals common to both ----------------------------------------------------------


@pytest.mark.parametrize("action", ["evidence", "withdraw"])
async def test_a_wrong_email_answers_exactly_like_an_unknown_claim(loaded, action):
    claim = await file_claim(loaded, **harm("4000.00", "12.34"))
    body = {"evidence_ids": [await upload(loaded)]} if action == "evidence" else {"reason": "x"}
    wrong_email = {**SERVICE, **proof(SAM_EMAIL), "X-Conversation-Id": "conv-dana-1"}

    wrong = await loaded.post(
        f"/api/claims/{claim['reference']}/{action}", json=body, headers=wrong_email
    )
    unknown = await loaded.post(f"/api/claims/CLM-ZZZZZZ/{action}", json=body, headers=wrong_email)

    assert wrong.status == unknown.status == 404
    assert (await wrong.json())["errors"][0]["code"] == "claim_not_found"
    assert (await unknown.json())["errors"][0]["code"] == "claim_not_found"
    read = await loaded.get(f"/api/claims/{claim['reference']}", headers=SERVICE)
    assert await read.json() == claim  # nothing changed


@pytest.mark.parametrize("action", ["evidence", "withdraw"])
@pytest.mark.parametrize(
    "headers",
    [{}, {"Authorization": "Bearer wrong", "X-Customer-Email": DANA_EMAIL}],
    ids=["no proof", "bad token with the right email"],
)
async def test_without_valid_proof_it_is_401(loaded, action, headers):
    claim = await file_claim(loaded)
    body = {"evidence_ids": ["EV-X"]} if action == "evidence" else {"reason": "x"}

    response = await loaded.post(
        f"/api/claims/{claim['reference']}/{action}", json=body, headers=headers
    )

    assert response.status == 401


@pytest.mark.parametrize("action", ["evidence", "withdraw"])
async def test_a_body_that_is_not_json_is_400(loaded, action):
    claim = await file_claim(loaded)

    response = await loaded.post(
        f"/api/claims/{claim['reference']}/{action}", data=b"not json", headers=IN_CONVERSATION
    )

    assert response.status == 400
    assert (await response.json())["errors"][0]["code"] == "malformed_json"


async def test_a_withdrawal_racing_a_step_in_has_exactly_one_winner(loaded, db):
    for attempt in range(3):
        claim = await file_claim(
            loaded, sku=[KETTLE, LAMP, "B0HEATER01"][attempt], **harm("4000.00", "12.34")
        )
        step_in = loaded.post(f"/api/admin/claims/{claim['reference']}/step-in", headers=ADMIN)

        withdrawal, stepped_in = await asyncio.gather(withdraw(loaded, claim["reference"]), step_in)

        statuses = sorted([withdrawal[0], stepped_in.status])
        assert statuses == [200, 409]
        read = await loaded.get(f"/api/claims/{claim['reference']}", headers=ADMIN)
        final = (await read.json())["status"]
        assert final == ("withdrawn" if withdrawal[0] == 200 else "marketplace_stepped_in")
        with db() as session:
            paid = session.execute(
                select(func.count())
                .select_from(Payout)
                .join(Claim)
                .where(Claim.reference == claim["reference"])
            ).scalar_one()
        assert paid == (0 if final == "withdrawn" else 1)
