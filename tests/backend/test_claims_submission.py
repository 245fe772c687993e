"""Filing claims: concession vs routing, insurance and reimbursement, denials, idempotency."""

from __future__ import annotations

import asyncio
from datetime import datetime, timezone
from decimal import Decimal

from sqlalchemy import func, select

from backend.models import Claim, ClaimEvent, Decision, IdempotencyKey, Payout
from backend.openapi import schema_problems
from tests.backend.conftest import ADMIN, SERVICE
from tests.backend.marketplace_data import (
    HEATER,
    KETTLE,
    LAMP,
    SAM_EMAIL,
    SAM_ORDER,
    claim_body,
    harm,
    marketplace,
)


async def file(client, body, headers=SERVICE):
    response = await client.post("/api/claims", json=body, headers=headers)
    return response.status, await response.json()


def event_types(claim):
    return [event["type"] for event in claim["events"]]


async def test_a_valid_claim_under_1000_is_paid_at_once_by_the_marketplace(loaded, db):
    status, claim = await file(loaded, claim_body())

    assert status == 201
    assert schema_problems("Claim", claim) == []
    assert claim["reference"].startswith("CLM-") and len(claim["reference"]) == 10
    assert claim["status"] == "concession_paid"
    assert claim["claimed_total"] == "350.00"
    assert claim["seller_response_due"] is None
    assert claim["decision"]["outcome"] == "concession"
    assert claim["decision"]["payer"] == "marketplace"
    assert claim["decision"]["odr_impact"] is False
    assert claim["decision"]["reasons"] == ["valid", "under_concession_limit"]
    assert "$350.00" in claim["decision"]["explanation"]
    assert event_types(claim) == ["submitted", "concession_paid", "seller_notified"]
    with db() as session:
        stored = session.execute(select(Claim)).scalar_one()
        assert stored.reference == claim["reference"]
        assert stored.claimed_total == Decimal("350.00")
        assert stored.channel == "rest" and stored.conversation_id == "conv-dana-1"
        assert stored.seller_id == "S-ACME" and stored.customer_id == "C-1"
        payout = session.execute(select(Payout)).scalar_one()
        assert (payout.kind, payout.payer, payout.amount) == (
            "concession",
            "marketplace",
            Decimal("350.00"),
        )


async def test_the_claimed_total_is_property_damage_plus_medical_costs_plus_lost_earnings(loaded):
    status, claim = await file(loaded, claim_body(**harm("100.10", "200.20", "300.30")))

    assert status == 201
    assert claim["claimed_total"] == "600.60"
    assert claim["injury"]["medical_costs"] == "200.20"


async def test_an_insured_seller_is_not_asked_to_reimburse_a_concession(loaded, db):
    _, claim = await file(loaded, claim_body(sku=HEATER))

    assert claim["decision"]["reimbursement_sought"] is False
    with db() as session:
        assert session.execute(select(Payout.reimbursement_sought)).scalar_one() is False


async def test_an_uninsured_seller_is_asked_to_reimburse_a_concession(loaded, db):
    _, claim = await file(loaded, claim_body(sku=KETTLE))

    assert claim["status"] == "concession_paid"
    assert claim["decision"]["reimbursement_sought"] is True
    with db() as session:
        assert session.execute(select(Payout.reimbursement_sought)).scalar_one() is True


async def test_insurance_below_one_million_per_occurrence_does_not_count(loaded):
    _, claim = await file(loaded, claim_body(sku=LAMP))

    assert claim["decision"]["reimbursement_sought"] is True


async def test_insurance_must_be_in_force_on_the_incident_date(client):
    data = marketplace()
    data["sellers"][0]["insurance"]["valid_from"] = "2026-09-15"  # S-ACME, seller of the heater
    await client.post("/api/admin/marketplace", json=data, headers=ADMIN)

    _, before_cover = await file(client, claim_body(incident_date="2026-09-14"))
    _, under_cover = await file(
        client,
        claim_body(order_id=SAM_ORDER, customer_email=SAM_EMAIL, incident_date="2026-09-15"),
    )

    assert before_cover["decision"]["reimbursement_sought"] is True
    assert under_cover["decision"]["reimbursement_sought"] is False


async def test_999_99_is_a_concession_and_1000_00_goes_to_the_seller(loaded, clock, db):
    _, under = await file(loaded, claim_body(**harm("999.99")))
    _, at_limit = await file(loaded, claim_body(sku=KETTLE, **harm("500.00", "400.00", "100.00")))

    assert under["status"] == "concession_paid"
    assert under["decision"]["reasons"] == ["valid", "under_concession_limit"]
    assert at_limit["claimed_total"] == "1000.00"
    assert at_limit["status"] == "awaiting_seller"
    assert at_limit["decision"]["outcome"] == "routed_to_seller"
    assert at_limit["decision"]["payer"] == "seller"
    assert at_limit["decision"]["reimbursement_sought"] is False
    assert at_limit["decision"]["reasons"] == ["valid", "at_or_over_concession_limit"]
    assert at_limit["seller_response_due"] == "2026-10-17T12:00:00Z"  # 7 calendar days
    assert "17 October 2026" in at_limit["decision"]["explanation"]
    assert event_types(at_limit) == ["submitted", "seller_notified"]  # S-BARE has no insurer
    with db() as session:
        payouts = session.execute(select(Payout.amount)).scalars().all()
        assert payouts == [Decimal("999.99")]  # nothing paid on the routed claim
        due = session.execute(
            select(Claim.seller_response_due).where(Claim.reference == at_limit["reference"])
        ).scalar_one()
        assert due == datetime(2026, 10, 17, 12, 0, tzinfo=timezone.utc)


async def test_a_routed_claim_against_an_insured_seller_notifies_the_insurer(loaded):
    _, claim = await file(loaded, claim_body(**harm("18450.37")))

    assert claim["status"] == "awaiting_seller"
    assert event_types(claim) == ["submitted", "seller_notified", "insurer_notified"]
    assert "and its insurer" in claim["decision"]["explanation"]


async def test_exactly_one_million_is_accepted(loaded):
    status, claim = await file(loaded, claim_body(**harm("1000000.00")))

    assert status == 201
    assert claim["claimed_total"] == "1000000.00"


async def test_a_claim_filed_more_than_90_days_after_the_incident_is_stored_as_denied(
    loaded, clock, db
):
    clock.now = datetime(2027, 1, 1, 9, 0, tzinfo=timezone.utc)  # 91 days after 2 October

    status, claim = await file(loaded, claim_body(incident_date="2026-10-02"))

    assert status == 201
    assert claim["status"] == "denied"
    assert claim["decision"]["outcome"] == "denied"
    assert claim["decision"]["payer"] is None
    assert claim["decision"]["reasons"] == ["late_filing"]
    assert "90 days" in claim["decision"]["explanation"]
    assert event_types(claim) == ["submitted", "denied"]
    with db() as session:
        assert session.execute(select(func.count()).select_from(Payout)).scalar_one() == 0
        decision = session.execute(select(Decision)).scalar_one()
        assert decision.reasons == ["late_filing"]
        assert decision.findings[0]["code"] == "late_filing"


async def test_a_claim_filed_on_day_90_is_in_time(loaded, clock):
    clock.now = datetime(2026, 12, 31, 23, 0, tzinfo=timezone.utc)  # 90 days after 2 October

    _, claim = await file(loaded, claim_body(incident_date="2026-10-02"))

    assert claim["status"] == "concession_paid"


async def test_a_second_claim_on_the_same_item_is_a_duplicate_and_is_not_paid(loaded, db):
    _, first = await file(loaded, claim_body())
    _, second = await file(loaded, claim_body(conversation_id="conv-dana-2"))
    _, other_item = await file(loaded, claim_body(sku=KETTLE))

    assert first["status"] == "concession_paid"
    assert second["status"] == "denied"
    assert second["decision"]["reasons"] == ["duplicate"]
    assert first["reference"] in second["decision"]["explanation"]
    assert second["decision"]["fraud_score"] > 0
    assert other_item["status"] == "concession_paid"
    with db() as session:
        paid = session.execute(select(Payout.claim_id)).scalars().all()
        assert len(paid) == 2  # the first claim and the other item, never the duplicate


async def test_a_denied_claim_does_not_block_a_new_claim_on_the_item(loaded, clock):
    clock.now = datetime(2027, 1, 5, tzinfo=timezone.utc)
    _, late = await file(loaded, claim_body(incident_date="2026-10-02"))
    _, fresh = await file(loaded, claim_body(incident_date="2026-12-30"))

    assert late["status"] == "denied"
    assert fresh["status"] == "concession_paid"


async def test_concurrent_claims_on_one_item_are_paid_once(loaded, db):
    results = await asyncio.gather(*(file(loaded, claim_body()) for _ in range(5)))

    statuses = sorted(claim["status"] for _, claim in results)
    assert [status for status, _ in results] == [201] * 5
    assert statuses == ["concession_paid"] + ["denied"] * 4
    with db() as session:
        assert session.execute(select(func.count()).select_from(Payout)).scalar_one() == 1


async def test_repeating_a_request_with_its_idempotency_key_answers_the_same_claim(loaded, db):
    headers = {**SERVICE, "Idempotency-Key": "rasa-conv-dana-1-submit"}
    first = await loaded.post("/api/claims", json=claim_body(), headers=headers)
    # The same JSON with its keys in another order is the same request.
    reordered = dict(reversed(list(claim_body().items())))
    again = await loaded.post("/api/claims", json=reordered, headers=headers)

    assert first.status == again.status == 201
    assert await first.json() == await again.json()
    assert again.headers["Idempotent-Replayed"] == "true"
    with db() as session:
        assert session.execute(select(func.count()).select_from(Claim)).scalar_one() == 1
        assert session.execute(select(func.count()).select_from(ClaimEvent)).scalar_one() == 3
        key = session.execute(select(IdempotencyKey)).scalar_one()
        assert key.resource_id == (await first.json())["reference"]


async def test_reusing_an_idempotency_key_for_another_claim_is_a_conflict(loaded, db):
    headers = {**SERVICE, "Idempotency-Key": "key-1"}
    await loaded.post("/api/claims", json=claim_body(), headers=headers)
    response = await loaded.post("/api/claims", json=claim_body(sku=KETTLE), headers=headers)

    assert response.status == 409
    [error] = (await response.json())["errors"]
    assert error["code"] == "idempotency_conflict"
    with db() as session:
        assert session.execute(select(Claim.sku)).scalars().all() == [HEATER]


async def test_concurrent_requests_with_one_idempotency_key_create_one_claim(loaded, db):
    headers = {**SERVICE, "Idempotency-Key": "double-click"}
    results = await asyncio.gather(*(file(loaded, claim_body(), headers) for _ in range(4)))

    assert {status for status, _ in results} == {201}
    assert len({claim["reference"] for _, claim in results}) == 1
    with db() as session:
        assert session.execute(select(func.count()).select_from(Claim)).scalar_one() == 1


async def test_a_refused_request_does_not_use_up_its_idempotency_key(loaded):
    headers = {**SERVICE, "Idempotency-Key": "fix-and-retry"}
    refused = await loaded.post("/api/claims", json=claim_body(sku="B0NOPE"), headers=headers)
    accepted = await loaded.post("/api/claims", json=claim_body(), headers=headers)

    assert refused.status == 422
    assert accepted.status == 201


async def test_an_overlong_idempotency_key_is_refused(loaded):
    headers = {**SERVICE, "Idempotency-Key": "k" * 256}
    response = await loaded.post("/api/claims", json=claim_body(), headers=headers)

    assert response.status == 422
    assert (await response.json())["errors"][0]["field"] == "Idempotency-Key"


async def test_another_customer_files_with_their_own_order(loaded):
    _, claim = await file(
        loaded, claim_body(order_id=SAM_ORDER, customer_email=SAM_EMAIL, incident_date="2026-09-20")
    )

    assert claim["status"] == "concession_paid"
    assert claim["order_id"] == SAM_ORDER


async def test_channel_defaults_to_rest_and_conversation_may_be_absent(loaded):
    body = claim_body()
    del body["channel"], body["conversation_id"], body["evidence_ids"]

    status, claim = await file(loaded, body)

    assert status == 201
    assert claim["channel"] == "rest" and claim["conversation_id"] is None


async def test_a_harm_left_out_of_the_body_counts_as_none(loaded, db):
    body = claim_body()
    del body["injury"]

    status, claim = await file(loaded, body)

    assert status == 201, claim
    assert claim["injury"] is None
    assert claim["claimed_total"] == "350.00"
    with db() as session:
        stored = session.execute(select(Claim)).scalar_one()
        assert stored.injury_treatment is None
