"""The claims desk's API: what waits, a claim in full, sellers, the claims search, and the
refusals every decision shares (a stale page, a decision that does not fit the claim)."""

from __future__ import annotations

import dataclasses

import pytest
from aiohttp import FormData
from sqlalchemy import func, select

from backend.api.app import create_app
from backend.models import ClaimEvent, Recovery
from backend.openapi import schema_problems
from tests.backend import evidence_files
from tests.backend.claim_steps import file_claim, file_suspicious_claim, upload
from tests.backend.conftest import ADMIN
from tests.backend.desk_steps import decide, desk_view, sign_in
from tests.backend.marketplace_data import (
    DANA_EMAIL,
    SAM_EMAIL,
    SAM_ORDER,
    harm,
    marketplace,
)
from tests.backend.seller_side import (
    ACME,
    BARE,
    NARRATIVES,
    add_buyers,
    concession_claim,
    routed_claim,
)

DEFENCE = "The heater was used outdoors in the rain, against the manual."


async def reject(client, reference, evidence_ids=()):
    response = await client.post(
        f"/api/seller/claims/{reference}/response",
        json={"action": "reject", "statement": DEFENCE, "evidence_ids": list(evidence_ids)},
        headers=ACME,
    )
    assert response.status == 200, await response.text()


async def queue(client, headers=ADMIN):
    response = await client.get("/api/desk/queue", headers=headers)
    assert response.status == 200, await response.text()
    answer = await response.json()
    assert schema_problems("DeskQueue", answer) == []
    return answer["items"]


async def test_the_queue_shows_what_waits_overdue_first_then_oldest(loaded, clock):
    buyers = await add_buyers(loaded, 3)
    review = await file_suspicious_claim(loaded)  # due in the 5 review days
    held = await routed_claim(
        loaded, order_id=buyers[0][0], email=buyers[0][1], narrative=NARRATIVES[1]
    )
    await reject(loaded, held["reference"])
    await decide(loaded, held["reference"], "dispute", {"decision": "step_in"})
    clock.advance(days=1)
    appealed = await concession_claim(
        loaded, order_id=buyers[1][0], email=buyers[1][1], narrative=NARRATIVES[2]
    )
    response = await loaded.post(
        f"/api/seller/claims/{appealed['reference']}/appeal",
        json={"statement": "dropped by the customer"},
        headers=BARE,
    )
    assert response.status == 200
    clock.advance(days=1)
    disputed = await routed_claim(
        loaded, order_id=buyers[2][0], email=buyers[2][1], narrative=NARRATIVES[3]
    )
    await reject(loaded, disputed["reference"])
    clock.advance(days=4)  # the review is a day overdue; the rest is not

    items = await queue(loaded, await sign_in(loaded, "erin", "expert"))

    assert [(item["kind"], item["reference"], item["overdue"]) for item in items] == [
        ("review", review["reference"], True),
        ("held_recovery", held["reference"], False),
        ("appeal", appealed["reference"], False),
        ("dispute", disputed["reference"], False),
    ]
    dispute = items[-1]
    assert dispute == {
        "kind": "dispute",
        "reference": disputed["reference"],
        "outbox_id": None,
        "status": "seller_rejected",
        "seller_id": "S-ACME",
        "claimed_total": "1234.56",
        "waiting_since": "2026-10-12T12:00:00Z",
        "due": "2026-10-19T12:00:00Z",  # CLAIMS_DESK_DEADLINE_DAYS (7) after the rejection
        "overdue": False,
        "summary": f"S-ACME rejected the claim: {DEFENCE}",
    }
    clock.advance(days=3)
    overdue = [item["kind"] for item in await queue(loaded) if item["overdue"]]
    assert overdue == ["review", "appeal", "dispute"]


async def test_the_desk_deadline_is_configurable(aiohttp_client, settings):
    client = await aiohttp_client(
        create_app(dataclasses.replace(settings, claims_desk_deadline_days=2))
    )
    await client.post("/api/admin/marketplace", json=marketplace(), headers=ADMIN)
    claim = await routed_claim(client)
    await reject(client, claim["reference"])

    view = await desk_view(client, claim["reference"])

    assert view["desk_due"] == "2026-10-12T12:00:00Z"


async def test_the_desk_shows_a_claim_in_full(loaded):
    photo = await upload(loaded)
    claim = await file_claim(loaded, **harm("1500.00", "20.00"), evidence_ids=[photo])
    form = FormData()
    form.add_field("file", evidence_files.pdf(), filename="manual.pdf")
    defence = (await (await loaded.post("/api/evidence", data=form, headers=ACME)).json())["id"]
    await reject(loaded, claim["reference"], [defence])
    erin = await sign_in(loaded, "erin", "expert")

    view = await desk_view(loaded, claim["reference"], erin)

    assert schema_problems("DeskClaim", view) == []
    assert view["customer"] == {"name": "Dana Reyes", "email": DANA_EMAIL}
    assert view["facts"]["product"] == "Oil-filled space heater 1500W"
    assert view["facts"]["harm_types"] == ["property_damage", "injury"]
    assert view["facts"]["medical_amount"] == "20.00"
    assert view["reasons_explained"] == ["The seller rejected the claim with a defence."]
    assert [(e["id"], e["uploaded_by"], e["url"]) for e in view["evidence"]] == [
        (photo, "customer", f"/api/evidence/{photo}"),
        (defence, "seller", f"/api/evidence/{defence}"),
    ]
    assert view["seller_responses"] == [
        {
            "action": "reject",
            "statement": DEFENCE,
            "evidence_ids": [defence],
            "responded_at": "2026-10-10T12:00:00Z",
        }
    ]
    assert view["timeline"][-1] == {
        "at": "2026-10-10T12:00:00Z",
        "type": "seller_rejected",
        "actor": "seller:S-ACME",
        "note": DEFENCE,
    }
    assert (view["desk_due"], view["overdue"]) == ("2026-10-17T12:00:00Z", False)
    # An expert may only review; an admin decides the dispute (or steps in).
    assert view["actions"] == []
    assert (await desk_view(loaded, claim["reference"]))["actions"] == ["dispute", "step_in"]
    # The staff open both files.
    for evidence in view["evidence"]:
        assert (await loaded.get(evidence["url"], headers=erin)).status == 200


async def test_the_desk_shows_what_screening_found(loaded):
    claim = await file_suspicious_claim(loaded)
    erin = await sign_in(loaded, "erin", "expert")

    view = await desk_view(loaded, claim["reference"], erin)

    rules = {finding["rule"]: finding for finding in view["findings"]}
    assert rules["amount_far_above_item_price"]["weight"] > 0
    assert "$89.99" in rules["amount_far_above_item_price"]["explanation"]
    assert view["reasons_explained"][0] == (
        "Screening found enough to ask a fraud expert before paying."
    )
    assert view["actions"] == ["review"]


async def test_each_finding_about_a_file_names_that_file(loaded):
    sams = await file_claim(
        loaded,
        order_id=SAM_ORDER,
        customer_email=SAM_EMAIL,
        incident_date="2026-09-20",
        evidence_ids=[await upload(loaded, evidence_files.photograph())],
    )
    plain = await upload(loaded)  # a second image, about which nothing is found
    # Sam's picture again, resized and re-encoded, its camera date before Dana's delivery.
    altered = await upload(
        loaded, evidence_files.photograph(size=180, quality=60, taken="2026:08:30 09:15:00")
    )
    claim = await file_claim(loaded, evidence_ids=[plain, altered])

    view = await desk_view(loaded, claim["reference"])

    assert schema_problems("DeskClaim", view) == []
    about_files = {
        (finding["rule"], finding["evidence_id"], finding["other_reference"])
        for finding in view["findings"]
        if finding["evidence_id"]
    }
    assert about_files == {
        ("photo_reused_altered", altered, sams["reference"]),
        ("photo_before_delivery", altered, None),
    }
    assert {evidence["id"] for evidence in view["evidence"]} == {plain, altered}


async def test_an_unknown_claim_is_not_on_the_desk(loaded):
    response = await loaded.get("/api/desk/claims/CLM-NOPE1234", headers=ADMIN)
    assert response.status == 404
    assert (await response.json())["errors"][0]["code"] == "claim_not_found"


async def test_sellers_needing_attention_come_first(loaded, clock):
    response = await loaded.get("/api/desk/sellers", headers=ADMIN)
    sellers = (await response.json())["sellers"]

    assert schema_problems("DeskSellers", {"sellers": sellers}) == []
    # Thin Cover Lamps must be insured since September and its cover is too low.
    assert [(s["seller_id"], s["required"], s["compliant"], s["overdue"]) for s in sellers] == [
        ("S-THIN", True, False, False),
        ("S-ACME", True, True, False),
        ("S-BARE", False, False, False),
    ]
    assert sellers[1]["policies"] == [
        {
            "policy_number": "PL-1",
            "insurer": "Example Mutual",
            "status": "verified",
            "coverage_per_occurrence": "1000000.00",
            "proof_evidence_id": None,
            "valid_from": "2026-01-01",
            "valid_until": "2027-01-01",
        }
    ]
    clock.advance(days=21)  # proof was due on 30 October
    later = (await (await loaded.get("/api/desk/sellers", headers=ADMIN)).json())["sellers"]
    assert (later[0]["seller_id"], later[0]["overdue"]) == ("S-THIN", True)


async def test_the_claims_search_filters_by_seller_customer_and_day(loaded, clock):
    buyers = await add_buyers(loaded, 1)
    danas = await file_claim(loaded, **harm("350.00"))
    clock.advance(days=2)
    buyers_claim = await concession_claim(
        loaded, order_id=buyers[0][0], email=buyers[0][1], narrative=NARRATIVES[4]
    )

    async def search(query):
        response = await loaded.get(f"/api/admin/claims?{query}", headers=ADMIN)
        assert response.status == 200, await response.text()
        return [claim["reference"] for claim in (await response.json())["claims"]]

    assert await search("seller_id=S-BARE") == [buyers_claim["reference"]]
    assert await search("customer_email=%20DANA@Example.com%20") == [danas["reference"]]
    assert await search("filed_after=2026-10-11") == [buyers_claim["reference"]]
    assert await search("filed_before=2026-10-11") == [danas["reference"]]
    assert await search("filed_after=2026-10-10&seller_id=S-ACME") == [danas["reference"]]
    response = await loaded.get("/api/admin/claims?seller_id=S-ACME", headers=ADMIN)
    [listed] = (await response.json())["claims"]
    assert (listed["customer_email"], listed["filed_at"]) == (DANA_EMAIL, "2026-10-10T12:00:00Z")
    bad = await loaded.get("/api/admin/claims?filed_after=10/11/2026", headers=ADMIN)
    assert bad.status == 422
    assert (await bad.json())["errors"][0]["field"] == "filed_after"


DECISIONS = [
    ("review", {"decision": "clear", "note": "fine"}),
    ("step-in", {}),
    ("dispute", {"decision": "step_in"}),
    ("appeal", {"decision": "grant"}),
    ("recovery", {"decision": "release"}),
    ("payout", {}),
    ("close", {}),
]


def events_and_recoveries(db):
    with db() as session:
        return (
            session.execute(select(func.count()).select_from(ClaimEvent)).scalar_one(),
            session.execute(select(func.count()).select_from(Recovery)).scalar_one(),
        )


@pytest.mark.parametrize("what, body", DECISIONS, ids=[what for what, _ in DECISIONS])
async def test_a_decision_on_a_claim_that_moved_on_is_stale(loaded, db, what, body):
    claim = await routed_claim(loaded)
    before = events_and_recoveries(db)

    status, answer = await decide(
        loaded, claim["reference"], what, {**body, "expected_status": "seller_rejected"}
    )

    assert status == 409
    assert [(e["code"], e["field"]) for e in answer["errors"]] == [
        ("stale_state", "expected_status")
    ]
    assert "now awaiting seller" in answer["errors"][0]["message"]
    assert events_and_recoveries(db) == before


@pytest.mark.parametrize(
    "what, body, code",
    [
        ("review", {"decision": "clear", "note": "fine"}, "not_under_review"),
        ("dispute", {"decision": "uphold_seller"}, "not_in_dispute"),
        ("appeal", {"decision": "uphold"}, "no_open_appeal"),
        ("recovery", {"decision": "collect"}, "no_held_recovery"),
        ("recovery", {"decision": "mark_collected"}, "no_open_recovery"),
        ("payout", {}, "no_unpaid_payout"),
        ("close", {}, "not_settled"),
    ],
)
async def test_a_decision_that_does_not_fit_the_claim_is_refused(loaded, db, what, body, code):
    claim = await routed_claim(loaded)  # awaiting the seller: nothing to decide on the desk yet
    before = events_and_recoveries(db)

    status, answer = await decide(
        loaded, claim["reference"], what, {**body, "expected_status": "awaiting_seller"}
    )

    assert status == 409 and answer["errors"][0]["code"] == code
    assert events_and_recoveries(db) == before


async def test_a_decision_is_checked_against_the_contract(loaded):
    claim = await routed_claim(loaded)
    for what, body in [
        ("dispute", {"decision": "pay_twice"}),
        ("appeal", {}),
        ("recovery", {"decision": "release", "note": 42}),
        ("close", {"expected_status": "archived"}),
    ]:
        status, answer = await decide(loaded, claim["reference"], what, body)
        assert status == 422, (what, answer)


async def test_an_admins_session_acts_on_the_old_admin_endpoints_in_its_own_name(loaded, db):
    ada = await sign_in(loaded, "ada", "admin")
    claim = await routed_claim(loaded)

    response = await loaded.post(
        f"/api/admin/claims/{claim['reference']}/step-in", json={"note": "urgent"}, headers=ada
    )

    assert response.status == 200, await response.text()
    stepped_in = await response.json()
    assert ("marketplace_stepped_in", "ada") in [
        (e["type"], e["actor"]) for e in stepped_in["events"]
    ]
    metrics = await loaded.get("/api/admin/sellers/S-ACME/metrics", headers=ada)
    assert metrics.status == 200
    erin = await sign_in(loaded, "erin", "expert")
    refused = await loaded.post(
        f"/api/admin/claims/{claim['reference']}/close", json={}, headers=erin
    )
    assert refused.status == 403
