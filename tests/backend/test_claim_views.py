"""What customers and sellers see of a claim (issue 11, holes 4 and 5): a seller only the claims
put before it, without the customer's contact data; neither the fraud score nor the screening
rules' codes, which would teach fraudsters the rules. The desk sees everything."""

from __future__ import annotations

from tests.backend.claim_steps import file_small_suspicious_claim, file_suspicious_claim, review
from tests.backend.conftest import ADMIN, SERVICE
from tests.backend.marketplace_data import claim_body, harm
from tests.backend.seller_side import ACME, BARE

SCREENING_CODES = {"evidence_reused", "amount_far_above_item_price", "round_amounts"}


async def test_a_seller_never_sees_a_claim_under_review_or_denied(loaded):
    # Under review: the kettle (seller B); denied by an expert: the heater (seller A).
    held = await file_small_suspicious_claim(loaded)
    denied = await file_suspicious_claim(loaded)
    await review(loaded, denied["reference"], "deny_abusive")

    for seller, claim in ((BARE, held), (ACME, denied)):
        listed = await (await loaded.get("/api/seller/claims", headers=seller)).json()
        assert claim["reference"] not in [c["reference"] for c in listed["claims"]]
        one = await loaded.get(f"/api/seller/claims/{claim['reference']}", headers=seller)
        assert one.status == 404
        by_status = await loaded.get("/api/seller/claims?status=under_review", headers=seller)
        assert (await by_status.json())["claims"] == []


async def test_a_seller_sees_no_customer_contact_fraud_score_or_rule_codes(loaded):
    body = claim_body(conversation_id="whatsapp:+15551234567", channel="twilio", **harm("4000.00"))
    claim = await (await loaded.post("/api/claims", json=body, headers=SERVICE)).json()
    assert claim["status"] == "awaiting_seller"
    desk = await (await loaded.get(f"/api/claims/{claim['reference']}", headers=ADMIN)).json()
    assert desk["conversation_id"] == "whatsapp:+15551234567"  # the desk sees it

    for url in ("/api/seller/claims", f"/api/seller/claims/{claim['reference']}"):
        body = await (await loaded.get(url, headers=ACME)).json()
        [seen] = body.get("claims", [body])
        assert "+15551234567" not in str(seen)
        assert (seen["channel"], seen["conversation_id"]) == (None, None)
        assert seen["decision"]["fraud_score"] is None


async def test_the_customer_sees_neither_the_fraud_score_nor_the_rule_codes(loaded):
    claim = await file_small_suspicious_claim(loaded)
    desk = await (await loaded.get(f"/api/claims/{claim['reference']}", headers=ADMIN)).json()
    assert desk["decision"]["fraud_score"] >= 0.5
    assert SCREENING_CODES & set(desk["decision"]["reasons"])

    response = await loaded.get(
        f"/api/claims/{claim['reference']}", headers={"X-Customer-Email": "dana@example.com"}
    )
    seen = (await response.json())["decision"]

    assert response.status == 200
    assert seen["fraud_score"] is None
    assert seen["reasons"] == ["referred_for_review"]
    listed = await loaded.get(
        "/api/claims?order_id=112-1234567-1234567", headers={"X-Customer-Email": "dana@example.com"}
    )
    assert all(c["decision"]["fraud_score"] is None for c in (await listed.json())["claims"])
