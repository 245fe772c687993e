"""The review queue: independent fraud experts see what screening found and clear or deny."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import func, select

from backend.models import Claim, Decision, OutboxMessage, Payout, Recovery
from backend.openapi import schema_problems
from tests.backend.claim_steps import (
    file_claim,
    file_small_suspicious_claim,
    file_suspicious_claim,
    proof,
    review,
)
from tests.backend.conftest import ADMIN, AGENT, SERVICE
from tests.backend.marketplace_data import KETTLE, SAM_EMAIL, SAM_ORDER


async def queue(client, headers=ADMIN):
    response = await client.get("/api/admin/review-queue", headers=headers)
    assert response.status == 200, await response.text()
    return (await response.json())["claims"]


def timeline(claim):
    return [(event["type"], event["actor"], event["note"]) for event in claim["events"]]


async def test_the_queue_lists_claims_under_review_oldest_first_with_what_screening_found(
    loaded, clock
):
    await file_claim(loaded, sku=KETTLE)  # a clean claim is paid at once and never queued
    first = await file_suspicious_claim(loaded)
    clock.advance(hours=1)
    second = await file_suspicious_claim(
        loaded,
        order_id=SAM_ORDER,
        customer_email=SAM_EMAIL,
        incident_date="2026-09-20",
        defect_description="the fan blade snapped off and the element glowed",
    )

    claims = await queue(loaded)

    assert [claim["reference"] for claim in claims] == [first["reference"], second["reference"]]
    assert schema_problems("ReviewQueue", {"claims": claims}) == []
    entry = claims[0]
    assert {key: value for key, value in entry.items() if key != "screening"} == first
    assert entry["screening"]["fraud_score"] == first["decision"]["fraud_score"] >= 0.5
    finding = next(
        finding
        for finding in entry["screening"]["findings"]
        if finding["code"] == "amount_far_above_item_price"
    )
    assert finding["weight"] == 0.5
    assert "$89.99" in finding["detail"]


async def test_the_queue_is_for_admins_only(loaded):
    await file_suspicious_claim(loaded)

    agent = await loaded.get("/api/admin/review-queue", headers=AGENT)
    service = await loaded.get("/api/admin/review-queue", headers=SERVICE)
    anonymous = await loaded.get("/api/admin/review-queue")
    customer = await loaded.get("/api/admin/review-queue", headers=proof())

    assert agent.status == service.status == 403
    assert (await agent.json())["errors"][0]["code"] == "forbidden"
    assert anonymous.status == customer.status == 401


async def test_clearing_a_large_claim_routes_it_to_the_seller_with_a_deadline_from_the_review(
    loaded, clock, db
):
    claim = await file_suspicious_claim(loaded)
    clock.advance(days=3)

    status, cleared = await review(loaded, claim["reference"], "clear", "bills match the damage")

    assert status == 200
    assert schema_problems("Claim", cleared) == []
    assert cleared["status"] == "awaiting_seller"
    assert cleared["seller_response_due"] == "2026-10-20T12:00:00Z"  # review + 7 calendar days
    assert cleared["decision"]["outcome"] == "routed_to_seller"
    assert cleared["decision"]["payer"] == "seller"
    assert cleared["decision"]["reasons"][:2] == ["cleared_by_review", "valid"]
    assert cleared["decision"]["fraud_score"] == claim["decision"]["fraud_score"]
    assert "20 October 2026" in cleared["decision"]["explanation"]
    assert timeline(cleared)[len(claim["events"]) :] == [
        ("reviewed", "admin", "bills match the damage"),
        ("seller_notified", "admin", None),
        ("insurer_notified", "admin", None),  # the heater's seller is insured
    ]
    assert await queue(loaded) == []
    with db() as session:
        decisions = session.execute(select(Decision).order_by(Decision.id)).scalars().all()
        assert [(d.decided_by, d.note) for d in decisions] == [
            ("system", None),
            ("admin", "bills match the damage"),
        ]
        assert decisions[1].findings == decisions[0].findings
        assert session.execute(select(func.count()).select_from(Payout)).scalar_one() == 0
        topics = session.execute(
            select(OutboxMessage.topic, OutboxMessage.kind).where(
                OutboxMessage.topic == "claim.reviewed"
            )
        ).all()
        assert {kind for _, kind in topics} >= {"customer", "insurer"}


async def test_clearing_a_small_claim_pays_a_concession_and_seeks_reimbursement_when_uninsured(
    loaded, clock, db
):
    claim = await file_small_suspicious_claim(loaded)
    clock.advance(days=1)

    status, cleared = await review(loaded, claim["reference"], "clear", "same photo, same family")

    assert status == 200
    assert cleared["status"] == "concession_paid"
    assert cleared["decision"]["payer"] == "marketplace"
    assert cleared["decision"]["reimbursement_sought"] is True  # the kettle's seller is uninsured
    assert cleared["decision"]["odr_impact"] is False
    assert "$350.00" in cleared["decision"]["explanation"]
    with db() as session:
        payout = session.execute(
            select(Payout).join(Claim).where(Claim.reference == claim["reference"])
        ).scalar_one()
        assert (payout.kind, payout.payer, payout.amount) == (
            "concession",
            "marketplace",
            Decimal("350.00"),
        )
        recovery = session.execute(
            select(Recovery).join(Claim).where(Claim.reference == claim["reference"])
        ).scalar_one()
        assert (recovery.seller_id, recovery.kind, recovery.amount) == (
            "S-BARE",
            "concession_reimbursement",
            Decimal("350.00"),
        )


async def test_a_cleared_claim_still_leaves_out_its_uncovered_losses_and_says_so(loaded):
    pain = {"kind": "pain_and_suffering", "description": "sleepless nights", "amount": "5000.00"}
    claim = await file_suspicious_claim(loaded, other_losses=[pain])
    assert claim["other_losses"] == [pain]

    status, cleared = await review(loaded, claim["reference"], "clear", "a real fire")

    assert status == 200
    assert cleared["status"] == "awaiting_seller"
    assert cleared["claimed_total"] == "25000.00"
    assert cleared["decision"]["reasons"][-1] == "uncovered_losses_excluded"
    assert (
        "the $5,000.00 listed for them is not part of the claim"
        in (cleared["decision"]["explanation"])
    )


@pytest.mark.parametrize(
    "decision, reason, words",
    [
        ("deny_abusive", "abusive", "misuses"),
        ("deny_unsubstantiated", "unsubstantiated", "evidence"),
    ],
)
async def test_an_expert_denies_a_claim_with_a_reason_and_plain_words(
    loaded, db, decision, reason, words
):
    claim = await file_suspicious_claim(loaded)

    status, denied = await review(loaded, claim["reference"], decision, "staged photos")

    assert status == 200
    assert denied["status"] == "denied"
    assert denied["decision"]["outcome"] == "denied"
    assert denied["decision"]["payer"] is None
    assert denied["decision"]["reasons"] == [reason]
    assert words in denied["decision"]["explanation"]
    assert "staged photos" not in denied["decision"]["explanation"]
    assert timeline(denied)[-2:] == [
        ("reviewed", "admin", "staged photos"),
        ("denied", "admin", None),
    ]
    read = await loaded.get(f"/api/claims/{claim['reference']}", headers=proof())
    as_customer = await read.json()
    assert as_customer["decision"]["explanation"] == denied["decision"]["explanation"]
    # The expert's note is the desk's working record: the customer reads the event, not the note.
    assert timeline(as_customer)[-2:] == [("reviewed", "admin", None), ("denied", "admin", None)]
    as_service = await loaded.get(f"/api/claims/{claim['reference']}", headers=SERVICE)
    assert timeline(await as_service.json())[-2][2] is None
    as_agent = await loaded.get(f"/api/claims/{claim['reference']}", headers=AGENT)
    assert timeline(await as_agent.json())[-2] == ("reviewed", "admin", "staged photos")
    with db() as session:
        assert session.execute(select(func.count()).select_from(Payout)).scalar_one() == 0


async def test_only_claims_under_review_can_be_reviewed(loaded):
    paid = await file_claim(loaded)
    suspicious = await file_suspicious_claim(loaded, sku="B0LAMP0003")
    await review(loaded, suspicious["reference"], "deny_abusive")

    for reference in (paid["reference"], suspicious["reference"]):
        status, body = await review(loaded, reference, "clear")
        assert status == 409
        assert body["errors"][0]["code"] == "not_under_review"


@pytest.mark.parametrize("reference", ["CLM-ZZZZZZ", "nonsense"])
async def test_reviewing_an_unknown_claim_is_404(loaded, reference):
    status, body = await review(loaded, reference, "clear")

    assert status == 404
    assert body["errors"][0]["code"] == "claim_not_found"


@pytest.mark.parametrize(
    "body, code, field",
    [
        ({"decision": "approve", "note": "x"}, "invalid_value", "decision"),
        ({"decision": "clear"}, "required", "note"),
        ({"decision": "clear", "note": ""}, "invalid_value", "note"),
        ({"decision": "clear", "note": 7}, "invalid_type", "note"),
        ({"note": "x"}, "required", "decision"),
        ({"decision": ["clear"], "note": "x"}, "invalid_type", "decision"),
    ],
)
async def test_a_bad_review_is_refused_and_changes_nothing(loaded, body, code, field):
    claim = await file_suspicious_claim(loaded)

    response = await loaded.post(
        f"/api/admin/claims/{claim['reference']}/review", json=body, headers=ADMIN
    )

    assert response.status == 422
    assert (code, field) in {(e["code"], e["field"]) for e in (await response.json())["errors"]}
    assert [c["reference"] for c in await queue(loaded)] == [claim["reference"]]


async def test_a_review_that_is_not_json_is_400(loaded):
    claim = await file_suspicious_claim(loaded)

    response = await loaded.post(
        f"/api/admin/claims/{claim['reference']}/review", data=b"{clear", headers=ADMIN
    )

    assert response.status == 400
    assert (await response.json())["errors"][0]["code"] == "malformed_json"


@pytest.mark.parametrize(
    "headers, status",
    [
        ({}, 401),
        ({"Authorization": "Bearer wrong"}, 401),
        (AGENT, 403),
        (SERVICE, 403),
        ({**SERVICE, "X-Customer-Email": "dana@example.com"}, 403),
    ],
    ids=["anonymous", "wrong token", "agent", "service", "customer via service"],
)
async def test_only_admins_review(loaded, headers, status):
    claim = await file_suspicious_claim(loaded)

    response = await loaded.post(
        f"/api/admin/claims/{claim['reference']}/review",
        json={"decision": "clear", "note": "fine"},
        headers=headers,
    )

    assert response.status == status
    assert [c["reference"] for c in await queue(loaded)] == [claim["reference"]]
