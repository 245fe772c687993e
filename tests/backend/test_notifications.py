"""Who is told what when a claim is filed or changes: the messages the outbox holds, as admins
read them through ``GET /api/admin/outbox``."""

from __future__ import annotations

import dataclasses
import json

import pytest

from backend.api.app import create_app
from tests.backend.claim_steps import file_suspicious_claim
from tests.backend.conftest import ADMIN, SERVICE
from tests.backend.fake_rasa import FakeRasa
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

    assert set(sent) == {"customer", "customer_email", "seller_email"}
    customer, seller = sent["customer"], sent["seller_email"]
    assert (customer["recipient"], customer["status"]) == (DANA_EMAIL, "recorded")
    email = sent["customer_email"]  # no mail server configured here: recorded for a gateway
    assert (email["recipient"], email["status"]) == (DANA_EMAIL, "recorded")
    assert email["payload"]["subject"] == f"We received your claim {claim['reference']}"
    assert email["payload"]["message"] == claim["decision"]["explanation"]
    assert "conversation_id" not in email["payload"]
    assert seller["payload"]["subject"] == f"Claim {claim['reference']} was paid as a concession"
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

    assert set(sent) == {"customer", "customer_email", "seller_email", "insurer"}
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

    assert set(await messages_about(loaded, claim["reference"])) == {
        "customer",
        "customer_email",
        "seller_email",
    }


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

    assert set(sent) == {"customer", "customer_email", "seller_webhook"}
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

    assert set(sent) == {"customer", "customer_email"}
    assert sent["customer"]["topic"] == "claim.denied"
    assert sent["customer"]["payload"]["message"] == claim["decision"]["explanation"]


async def test_a_claim_under_review_is_told_to_the_customer_only(loaded):
    claim = await file_suspicious_claim(loaded)

    sent = await messages_about(loaded, claim["reference"])

    assert set(sent) == {"customer", "customer_email"}
    assert sent["customer"]["topic"] == "claim.under_review"
    assert "being reviewed" in sent["customer"]["payload"]["message"]


async def test_a_refused_claim_leaves_nothing_in_the_outbox(loaded):
    response = await loaded.post(
        "/api/claims", json=claim_body(incident_date="2030-01-01"), headers=SERVICE
    )
    assert response.status == 422

    listing = await loaded.get("/api/admin/outbox", headers=ADMIN)
    assert (await listing.json())["messages"] == []


# ---- later news pushed into the conversation the claim was filed in ---------------------------
TELEGRAM_CHAT = "123456789"


@pytest.fixture
async def pushing(aiohttp_client, settings, rasa: FakeRasa):
    """The backend talking to the fake Rasa, 3 attempts per message, the marketplace loaded."""
    connected = dataclasses.replace(
        settings, rasa_url=str(rasa.server.make_url("/")), webhook_max_attempts=3
    )
    client = await aiohttp_client(create_app(connected))
    response = await client.post("/api/admin/marketplace", json=marketplace(), headers=ADMIN)
    assert response.status == 200, await response.text()
    return client


async def accepted_claim(client, channel: str, conversation_id: str) -> dict:
    """A $1,234.56 claim filed on ``channel``, routed to Acme, which accepts it."""
    body = claim_body(
        property_damage={"description": "damaged floor and curtains", "amount": "1234.56"},
        injury=None,
        channel=channel,
        conversation_id=conversation_id,
    )
    filed = await client.post("/api/claims", json=body, headers=SERVICE)
    assert filed.status == 201, await filed.text()
    claim = await filed.json()
    assert claim["status"] == "awaiting_seller", claim
    response = await client.post(
        f"/api/seller/claims/{claim['reference']}/response",
        json={"action": "accept"},
        headers=ACME,
    )
    assert response.status == 200, await response.text()
    return claim


async def customer_messages(client, reference: str) -> dict[str, dict]:
    """The claim's customer messages, by topic."""
    response = await client.get("/api/admin/outbox?kind=customer", headers=ADMIN)
    found = [m for m in (await response.json())["messages"] if m["claim_reference"] == reference]
    return {message["topic"]: message for message in found}


async def dispatch(client) -> dict[str, int]:
    response = await client.post("/api/admin/outbox/dispatch", headers=ADMIN)
    assert response.status == 200, await response.text()
    return await response.json()


async def test_a_seller_response_is_pushed_to_the_telegram_conversation(pushing, rasa):
    claim = await accepted_claim(pushing, "telegram", TELEGRAM_CHAT)
    before = await customer_messages(pushing, claim["reference"])
    assert before["claim.seller_responded"]["status"] == "pending"

    report = await dispatch(pushing)

    assert (report["delivered"], report["failed"]) == (1, 0)  # Acme is told by e-mail
    [call] = rasa.calls_to("tracker/events")
    assert call.conversation_id == TELEGRAM_CHAT
    assert (call.query["output_channel"], call.query["execute_side_effects"]) == (
        "telegram",
        "true",
    )
    text = (
        f"The seller has responded to your claim {claim['reference']}; it is now seller accepted."
    )
    assert call.body == [{"event": "bot", "text": text}]
    after = await customer_messages(pushing, claim["reference"])
    pushed = after["claim.seller_responded"]
    assert (pushed["status"], pushed["attempts"], pushed["last_error"]) == ("delivered", 1, None)
    # The filing decision was said in the conversation itself: never pushed.
    assert after["claim.routed"]["status"] == "recorded"
    assert len(rasa.calls) == 1


async def test_a_push_rasa_refuses_is_kept_until_it_is_delivered(pushing, rasa, clock):
    """Customer news is never dropped: past its attempts it is kept and tried hourly."""
    rasa.failing = True
    claim = await accepted_claim(pushing, "telegram", TELEGRAM_CHAT)

    first = await dispatch(pushing)
    waiting = (await customer_messages(pushing, claim["reference"]))["claim.seller_responded"]
    too_soon = await dispatch(pushing)
    clock.advance(hours=2)
    second = await dispatch(pushing)
    clock.advance(hours=2)
    third = await dispatch(pushing)
    clock.advance(minutes=30)
    not_yet = await dispatch(pushing)

    assert (first["retrying"], too_soon["claimed"], second["retrying"]) == (1, 0, 1)
    assert (third["failed"], third["kept"], not_yet["claimed"]) == (0, 1, 0)
    assert (waiting["status"], waiting["attempts"]) == ("pending", 1)
    assert "Rasa answered 500" in waiting["last_error"]
    kept = (await customer_messages(pushing, claim["reference"]))["claim.seller_responded"]
    assert (kept["status"], kept["attempts"]) == ("pending", 3)

    rasa.failing = False  # Rasa is back: the kept news reaches the customer
    clock.advance(hours=1)
    delivered = await dispatch(pushing)
    assert delivered["delivered"] == 1
    done = (await customer_messages(pushing, claim["reference"]))["claim.seller_responded"]
    assert done["status"] == "delivered"
    assert len(rasa.calls_to("tracker/events")) == 4


async def test_a_rest_claims_later_news_is_recorded_not_pushed(pushing, rasa):
    claim = await accepted_claim(pushing, "rest", "conv-dana-1")

    report = await dispatch(pushing)

    assert report["claimed"] == 0
    sent = await customer_messages(pushing, claim["reference"])
    assert {topic: m["status"] for topic, m in sent.items()} == {
        "claim.routed": "recorded",
        "claim.seller_responded": "recorded",
    }
    assert rasa.calls == []


@pytest.mark.parametrize("channel", ["socketio", "telegram", "twilio"])
async def test_the_filing_decision_is_never_pushed(pushing, rasa, channel):
    response = await pushing.post(
        "/api/claims", json=claim_body(channel=channel, conversation_id="c-1"), headers=SERVICE
    )
    claim = await response.json()
    assert claim["status"] == "concession_paid", claim

    report = await dispatch(pushing)

    assert report["claimed"] == 0
    sent = await customer_messages(pushing, claim["reference"])
    assert sent["claim.concession_paid"]["status"] == "recorded"
    assert rasa.calls == []
