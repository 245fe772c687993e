"""Who is told what when a claim is filed or changes: the messages the outbox holds, as admins
read them through ``GET /api/admin/outbox``."""

from __future__ import annotations

import json

from tests.backend.claim_steps import file_suspicious_claim
from tests.backend.conftest import ADMIN, SERVICE
from tests.backend.marketplace_data import DANA_EMAIL, KETTLE, claim_body, marketplace
from tests.backend.seller_side import ACME, concession_claim, routed_claim


async def messages_about(client, reference: str) -> dict[str, dict]:
    """The claim's outbox messages, by kind (each kind at most once per claim here)."""
    response = await client.get("/api/admin/outbox", headers=ADMIN)
    assert response.status == 200
    found = [m for m in (await response.json())["messages"] if m["claim_reference"] == reference]
    by_kind = {message["kind"]: message for message in found}
    assert len(by_kind) == len(found), found
    return by_kind


def shows_nothing_of_the_customer(message: dict) -> bool:
    text = json.dumps(message["payload"])
    return DANA_EMAIL not in text and "conv-dana-1" not in text and "Dana" not in text


async def test_a_concession_tells_the_customer_and_the_seller_by_email(loaded):
    claim = await concession_claim(loaded)

    sent = await messages_about(loaded, claim["reference"])

    assert set(sent) == {"customer", "seller_email"}
    customer, seller = sent["customer"], sent["seller_email"]
    assert (customer["recipient"], customer["status"]) == (DANA_EMAIL, "recorded")
    assert customer["topic"] == seller["topic"] == "claim.concession_paid"
    assert customer["payload"]["message"] == claim["decision"]["explanation"]
    assert customer["payload"]["conversation_id"] == "conv-dana-1"
    assert customer["payload"]["claim"]["status"] == "concession_paid"
    assert (seller["recipient"], seller["status"]) == ("hello@bare.example", "recorded")
    assert seller["payload"]["claim"]["claimed_total"] == "250.00"
    assert (
        seller["payload"]["claim"]["decision"]["reimbursement_sought"] is True
    )  # S-BARE is uninsured
    assert "does not count against your order defect rate" in seller["payload"]["message"]
    assert shows_nothing_of_the_customer(seller)


async def test_routing_to_an_insured_seller_tells_its_insurer_too(loaded):
    claim = await routed_claim(loaded)

    sent = await messages_about(loaded, claim["reference"])

    assert set(sent) == {"customer", "seller_email", "insurer"}
    insurer = sent["insurer"]
    assert (insurer["recipient"], insurer["status"]) == ("Example Mutual (policy PL-1)", "recorded")
    assert insurer["payload"]["policy_number"] == "PL-1"
    assert insurer["payload"]["claim"]["seller_response_due"] == claim["seller_response_due"]
    assert shows_nothing_of_the_customer(insurer)
    seller = sent["seller_email"]
    assert seller["topic"] == "claim.routed"
    assert "needs your response by 17 October 2026" in seller["payload"]["message"]
    assert seller["payload"]["claim"]["defect_description"] == claim["defect_description"]
    assert shows_nothing_of_the_customer(seller)


async def test_routing_to_an_uninsured_seller_tells_no_insurer(loaded):
    claim = await routed_claim(loaded, sku=KETTLE)

    assert set(await messages_about(loaded, claim["reference"])) == {"customer", "seller_email"}


async def test_a_seller_forwarding_a_claim_tells_its_insurer(loaded):
    claim = await routed_claim(loaded)
    response = await loaded.post(
        f"/api/seller/claims/{claim['reference']}/response",
        json={"action": "forward_to_insurer"},
        headers=ACME,
    )
    assert response.status == 200, await response.text()

    listing = await loaded.get("/api/admin/outbox?kind=insurer", headers=ADMIN)
    topics = [message["topic"] for message in (await listing.json())["messages"]]

    assert topics == ["claim.seller_responded", "claim.routed"]  # newest first


async def test_a_seller_with_a_webhook_is_told_by_webhook_instead_of_email(client):
    data = marketplace()
    data["sellers"][1]["webhook_url"] = "https://bare.example/claims-hook"
    assert (await client.post("/api/admin/marketplace", json=data, headers=ADMIN)).status == 200
    claim = await concession_claim(client)

    sent = await messages_about(client, claim["reference"])

    assert set(sent) == {"customer", "seller_webhook"}
    webhook = sent["seller_webhook"]
    assert (webhook["recipient"], webhook["status"]) == (
        "https://bare.example/claims-hook",
        "pending",
    )
    assert webhook["attempts"] == 0


async def test_a_denial_is_told_to_the_customer_only(loaded, clock):
    clock.advance(days=100)  # the incident is now more than 90 days ago
    response = await loaded.post("/api/claims", json=claim_body(), headers=SERVICE)
    claim = await response.json()
    assert claim["status"] == "denied"

    sent = await messages_about(loaded, claim["reference"])

    assert set(sent) == {"customer"}
    assert sent["customer"]["topic"] == "claim.denied"
    assert sent["customer"]["payload"]["message"] == claim["decision"]["explanation"]


async def test_a_claim_under_review_is_told_to_the_customer_only(loaded):
    claim = await file_suspicious_claim(loaded)

    sent = await messages_about(loaded, claim["reference"])

    assert set(sent) == {"customer"}
    assert sent["customer"]["topic"] == "claim.under_review"
    assert "being reviewed" in sent["customer"]["payload"]["message"]


async def test_a_refused_claim_leaves_nothing_in_the_outbox(loaded):
    response = await loaded.post(
        "/api/claims", json=claim_body(incident_date="2030-01-01"), headers=SERVICE
    )
    assert response.status == 422

    listing = await loaded.get("/api/admin/outbox", headers=ADMIN)
    assert (await listing.json())["messages"] == []
