"""The seller API: a seller reads and answers only its own claims, once, before the deadline."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from backend.models import SellerResponse
from backend.openapi import schema_problems
from tests.backend.claim_steps import file_claim, file_suspicious_claim, review
from tests.backend.conftest import ADMIN, SERVICE
from tests.backend.desk_steps import decide, sweep_at
from tests.backend.evidence_files import png
from tests.backend.marketplace_data import DANA_EMAIL, KETTLE, harm
from tests.backend.seller_side import (
    ACME,
    BARE,
    DESK_TOKENS,
    NARRATIVES,
    UNKNOWN_KEY,
    concession_claim,
    event_log,
    routed_claim,
    stored_claim,
)

REJECTION = {"action": "reject", "statement": "The heater passed UL testing; misuse."}


async def respond(client, reference, body, headers=ACME):
    response = await client.post(
        f"/api/seller/claims/{reference}/response", json=body, headers=headers
    )
    return response.status, await response.json()


def codes(answer):
    return [error["code"] for error in answer["errors"]]


async def upload_evidence(client):
    form = {"file": png()}
    response = await client.post("/api/evidence", data=form, headers=SERVICE)
    assert response.status == 201
    return (await response.json())["id"]


# ---- who may call what ----------------------------------------------------------------------

SELLER_CALLS = [
    ("GET", "/api/seller/claims", None),
    ("GET", "/api/seller/claims/{reference}", None),
    ("POST", "/api/seller/claims/{reference}/response", {"action": "accept"}),
    ("POST", "/api/seller/claims/{reference}/appeal", {"statement": "not our fault"}),
]


@pytest.mark.parametrize(("method", "path", "body"), SELLER_CALLS)
async def test_every_seller_endpoint_needs_a_sellers_own_key(loaded, method, path, body):
    claim = await routed_claim(loaded)
    url = path.format(reference=claim["reference"])

    for headers in ({}, UNKNOWN_KEY, {"Authorization": "Basic c2VsbGVyOmtleQ=="}):
        response = await loaded.request(method, url, json=body, headers=headers)
        assert response.status == 401, headers
        assert codes(await response.json()) == ["unauthorized"]
    for role, headers in DESK_TOKENS.items():
        response = await loaded.request(method, url, json=body, headers=headers)
        assert response.status == 403, role
        assert codes(await response.json()) == ["forbidden"]


@pytest.mark.parametrize(("method", "path", "body"), SELLER_CALLS[1:])
async def test_another_sellers_claim_answers_exactly_like_an_unknown_one(
    loaded, db, method, path, body
):
    acme_claim = await routed_claim(loaded)
    reference = acme_claim["reference"]

    foreign = await loaded.request(
        method, path.format(reference=reference), json=body, headers=BARE
    )
    unknown = await loaded.request(
        method, path.format(reference="CLM-ZZZZZZ"), json=body, headers=BARE
    )

    assert foreign.status == unknown.status == 404
    assert codes(await foreign.json()) == codes(await unknown.json()) == ["claim_not_found"]
    stored = stored_claim(db, reference)
    assert stored.status == "awaiting_seller"
    assert stored.seller_responses == [] and stored.appeals == []
    assert event_log(acme_claim) == event_log(
        await (await loaded.get(f"/api/claims/{reference}", headers=ADMIN)).json()
    )


def as_seller_sees(claim):
    """A claim as its seller reads it: no customer contact, no fraud score."""
    decision = {**claim["decision"], "fraud_score": None}
    return {**claim, "channel": None, "conversation_id": None, "decision": decision}


async def test_a_seller_lists_only_its_own_claims(loaded):
    acme_claim = await routed_claim(loaded)
    bare_claim = await routed_claim(loaded, sku=KETTLE, narrative=NARRATIVES[1])

    acme = await (await loaded.get("/api/seller/claims", headers=ACME)).json()
    bare = await (await loaded.get("/api/seller/claims", headers=BARE)).json()

    assert [claim["reference"] for claim in acme["claims"]] == [acme_claim["reference"]]
    assert [claim["reference"] for claim in bare["claims"]] == [bare_claim["reference"]]
    assert schema_problems("ClaimList", acme) == []
    assert acme["claims"][0] == as_seller_sees(acme_claim)


async def test_a_seller_filters_its_claims_by_status(loaded):
    routed = await routed_claim(loaded)
    await concession_claim(
        loaded,
        sku="B0HEATER01",
        order_id="113-7654321-7654321",
        email="sam@example.org",
        narrative=NARRATIVES[2],
    )

    awaiting = await loaded.get("/api/seller/claims?status=awaiting_seller", headers=ACME)
    bad = await loaded.get("/api/seller/claims?status=pending", headers=ACME)

    assert [claim["reference"] for claim in (await awaiting.json())["claims"]] == [
        routed["reference"]
    ]
    assert bad.status == 422
    assert (await bad.json())["errors"][0]["field"] == "status"


async def test_a_seller_reads_its_own_claim(loaded):
    claim = await routed_claim(loaded)

    response = await loaded.get(f"/api/seller/claims/{claim['reference']}", headers=ACME)

    assert response.status == 200
    assert await response.json() == as_seller_sees(claim)


# ---- answers ----------------------------------------------------------------------------------


async def test_accepting_makes_the_seller_pay_and_counts_against_it(loaded, db):
    claim = await routed_claim(loaded)

    status, answered = await respond(loaded, claim["reference"], {"action": "accept"})

    assert status == 200
    assert schema_problems("Claim", answered) == []
    assert answered["status"] == "seller_accepted"
    decision = answered["decision"]
    assert (decision["outcome"], decision["payer"], decision["odr_impact"]) == (
        "seller_accepted",
        "seller",
        True,
    )
    assert "$1,234.56" in decision["explanation"]
    assert event_log(answered)[-1] == ("seller_accepted", "seller:S-ACME")
    stored = stored_claim(db, claim["reference"])
    assert [(r.seller_id, r.action) for r in stored.seller_responses] == [("S-ACME", "accept")]
    assert stored.decisions[-1].decided_by == "seller:S-ACME"
    # The seller pays the customer itself: its payment waits to be marked paid by the desk.
    assert [(p.kind, p.payer, p.paid_at) for p in stored.payouts] == [
        ("seller_payment", "seller", None)
    ]
    assert stored.recoveries == []


async def test_forwarding_to_the_insurer_names_the_insurer_who_pays(loaded):
    claim = await routed_claim(loaded)

    status, answered = await respond(loaded, claim["reference"], {"action": "forward_to_insurer"})

    assert status == 200
    assert answered["status"] == "seller_accepted"
    assert (answered["decision"]["outcome"], answered["decision"]["payer"]) == (
        "forwarded_to_insurer",
        "insurer",
    )
    assert "Example Mutual" in answered["decision"]["explanation"]
    assert event_log(answered)[-2:] == [
        ("seller_forwarded_to_insurer", "seller:S-ACME"),
        ("insurer_notified", "seller:S-ACME"),
    ]


async def test_a_seller_without_insurance_cannot_forward_to_an_insurer(loaded, db):
    claim = await routed_claim(loaded, sku=KETTLE)

    status, answer = await respond(
        loaded, claim["reference"], {"action": "forward_to_insurer"}, headers=BARE
    )

    assert status == 422
    assert codes(answer) == ["no_insurance_on_file"]
    assert stored_claim(db, claim["reference"]).status == "awaiting_seller"


async def test_a_rejection_needs_a_defence(loaded, db):
    claim = await routed_claim(loaded)

    for body in ({"action": "reject"}, {"action": "reject", "statement": "   "}):
        status, answer = await respond(loaded, claim["reference"], body)
        assert status == 422
        assert [(e["code"], e["field"]) for e in answer["errors"]] == [("required", "statement")]
    with db() as session:
        assert session.execute(select(func.count(SellerResponse.id))).scalar_one() == 0


async def test_a_rejection_opens_a_dispute_the_marketplace_can_find(loaded, db):
    claim = await routed_claim(loaded)

    status, answered = await respond(loaded, claim["reference"], REJECTION)

    assert status == 200
    assert answered["status"] == "seller_rejected"
    assert (answered["decision"]["outcome"], answered["decision"]["payer"]) == (
        "seller_rejected",
        None,
    )
    assert answered["decision"]["odr_impact"] is False
    assert answered["events"][-1] == {
        "at": "2026-10-10T12:00:00Z",
        "type": "seller_rejected",
        "actor": "seller:S-ACME",
        "note": REJECTION["statement"],
    }
    stored = stored_claim(db, claim["reference"])
    assert stored.dispute_open is True
    assert stored.seller_responses[0].statement == REJECTION["statement"]
    queue = await loaded.get("/api/admin/claims?status=seller_rejected", headers=ADMIN)
    assert [c["reference"] for c in (await queue.json())["claims"]] == [claim["reference"]]


async def test_a_claim_denied_on_the_sellers_defence_stays_in_the_sellers_view(loaded):
    photo = await upload_evidence(loaded)
    claim = await file_claim(loaded, **harm("1500.00"), evidence_ids=[photo])
    reference = claim["reference"]
    assert (await respond(loaded, reference, REJECTION))[0] == 200
    status, answer = await decide(loaded, reference, "dispute", {"decision": "uphold_seller"})
    assert status == 200, answer

    response = await loaded.get(f"/api/seller/claims/{reference}", headers=ACME)
    denied = await (await loaded.get("/api/seller/claims?status=denied", headers=ACME)).json()

    assert response.status == 200
    seen = await response.json()
    assert seen["status"] == "denied"
    assert seen["decision"]["reasons"] == ["seller_rejected", "seller_defence_upheld"]
    assert [claim["reference"] for claim in denied["claims"]] == [reference]
    assert (await loaded.get(f"/api/evidence/{photo}", headers=ACME)).status == 200


async def test_claims_never_put_before_the_seller_stay_hidden_to_their_end(loaded):
    photo = await upload_evidence(loaded)
    denied = (await file_suspicious_claim(loaded, evidence_ids=[photo]))["reference"]
    assert (await review(loaded, denied, "deny_abusive"))[0] == 200
    withdrawn = (await file_suspicious_claim(loaded, sku=KETTLE))["reference"]
    response = await loaded.post(
        f"/api/claims/{withdrawn}/withdraw",
        json={"reason": "changed my mind"},
        headers={**SERVICE, "X-Customer-Email": DANA_EMAIL, "X-Conversation-Id": "conv-dana-1"},
    )
    assert response.status == 200, await response.text()
    # Past the appeal window both are closed, and still never shown to their sellers.
    assert sorted((await sweep_at(loaded, "2027-01-01T00:00:00Z"))["closed"]) == sorted(
        [denied, withdrawn]
    )

    for reference, seller in ((denied, ACME), (withdrawn, BARE)):
        response = await loaded.get(f"/api/seller/claims/{reference}", headers=seller)
        assert response.status == 404
        listed = await (await loaded.get("/api/seller/claims", headers=seller)).json()
        assert listed["claims"] == []
    assert (await loaded.get(f"/api/evidence/{photo}", headers=ACME)).status == 404


async def test_a_claim_is_answered_once(loaded, db):
    claim = await routed_claim(loaded)
    await respond(loaded, claim["reference"], {"action": "accept"})

    status, answer = await respond(loaded, claim["reference"], REJECTION)

    assert status == 409
    assert codes(answer) == ["not_awaiting_response"]
    assert len(stored_claim(db, claim["reference"]).seller_responses) == 1


async def test_a_concession_is_not_the_sellers_to_answer(loaded):
    claim = await concession_claim(loaded)

    status, answer = await respond(loaded, claim["reference"], {"action": "accept"}, headers=BARE)

    assert status == 409
    assert codes(answer) == ["not_awaiting_response"]


async def test_the_deadline_counts_seven_calendar_days(loaded, clock, db):
    claim = await routed_claim(loaded)
    assert claim["seller_response_due"] == "2026-10-17T12:00:00Z"

    clock.advance(days=7)
    status, answer = await respond(loaded, claim["reference"], {"action": "accept"})
    assert status == 409
    assert codes(answer) == ["response_deadline_passed"]
    assert stored_claim(db, claim["reference"]).seller_responses == []

    clock.advance(seconds=-1)
    status, _ = await respond(loaded, claim["reference"], {"action": "accept"})
    assert status == 200


async def test_evidence_must_have_been_uploaded(loaded, db):
    claim = await routed_claim(loaded)
    evidence_id = await upload_evidence(loaded)

    status, answer = await respond(
        loaded, claim["reference"], {**REJECTION, "evidence_ids": [evidence_id, "EV-NOPE"]}
    )
    assert status == 422
    assert [(e["code"], e["field"]) for e in answer["errors"]] == [
        ("evidence_not_found", "evidence_ids[1]")
    ]

    status, _ = await respond(
        loaded, claim["reference"], {**REJECTION, "evidence_ids": [evidence_id]}
    )
    assert status == 200
    assert stored_claim(db, claim["reference"]).seller_responses[0].evidence_ids == [evidence_id]


async def test_malformed_and_mistyped_answers_are_refused(loaded, db):
    claim = await routed_claim(loaded)
    url = f"/api/seller/claims/{claim['reference']}/response"

    malformed = await loaded.post(url, data=b"{not json", headers=ACME)
    assert malformed.status == 400
    assert codes(await malformed.json()) == ["malformed_json"]

    status, answer = await respond(
        loaded, claim["reference"], {"action": "pay", "statement": 7, "evidence_ids": "EV-1"}
    )
    assert status == 422
    assert sorted((e["code"], e["field"]) for e in answer["errors"]) == [
        ("invalid_type", "evidence_ids"),
        ("invalid_type", "statement"),
        ("invalid_value", "action"),
    ]
    status, answer = await respond(loaded, claim["reference"], {})
    assert status == 422 and codes(answer) == ["required"]
    assert stored_claim(db, claim["reference"]).status == "awaiting_seller"
