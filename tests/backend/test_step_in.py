"""The marketplace steps in (admin): it pays, and seeks the money back from the seller."""

from __future__ import annotations

import asyncio

import pytest

from backend.openapi import schema_problems
from tests.backend.conftest import ADMIN, AGENT, SERVICE
from tests.backend.seller_side import (
    ACME,
    concession_claim,
    event_log,
    routed_claim,
    stored_claim,
)

DEFENCE = {"action": "reject", "statement": "The customer ran it under a wet towel."}


async def step_in(client, reference, body=None, headers=ADMIN):
    response = await client.post(
        f"/api/admin/claims/{reference}/step-in", json=body, headers=headers
    )
    return response.status, await response.json()


async def test_the_marketplace_steps_in_on_a_claim_awaiting_the_seller(loaded, db):
    claim = await routed_claim(loaded)

    status, paid = await step_in(loaded, claim["reference"], {"note": "seller unreachable"})

    assert status == 200
    assert schema_problems("Claim", paid) == []
    assert paid["status"] == "marketplace_stepped_in"
    assert paid["decision"]["payer"] == "marketplace"
    assert paid["decision"]["odr_impact"] is True
    assert paid["decision"]["reasons"] == ["marketplace_stepped_in"]
    assert paid["events"][-2]["type"] == "marketplace_stepped_in"
    assert (paid["events"][-2]["actor"], paid["events"][-2]["note"]) == (
        "admin",
        "seller unreachable",
    )
    stored = stored_claim(db, claim["reference"])
    assert [(p.kind, p.payer, str(p.amount)) for p in stored.payouts] == [
        ("step_in", "marketplace", "1234.56")
    ]
    assert [(r.kind, r.status) for r in stored.recoveries] == [("step_in", "open")]
    assert (stored.decisions[-1].decided_by, stored.decisions[-1].note) == (
        "admin",
        "seller unreachable",
    )


async def test_after_a_rejection_the_dispute_stays_open_and_the_recovery_is_held(loaded, db):
    claim = await routed_claim(loaded)
    await loaded.post(
        f"/api/seller/claims/{claim['reference']}/response", json=DEFENCE, headers=ACME
    )

    status, paid = await step_in(loaded, claim["reference"], {"note": "claim looks valid"})

    assert status == 200
    assert paid["status"] == "marketplace_stepped_in"
    assert paid["decision"]["reasons"] == ["seller_rejected", "marketplace_stepped_in"]
    assert "rejected" in paid["decision"]["explanation"]
    assert ("seller_rejected", "seller:S-ACME") in event_log(paid)
    stored = stored_claim(db, claim["reference"])
    assert stored.dispute_open is True
    assert [(r.kind, r.status) for r in stored.recoveries] == [("step_in", "held")]
    assert len(stored.payouts) == 1
    seller_view = await loaded.get(f"/api/seller/claims/{claim['reference']}", headers=ACME)
    assert (await seller_view.json())["status"] == "marketplace_stepped_in"


async def test_the_body_is_optional(loaded, db):
    claim = await routed_claim(loaded)

    response = await loaded.post(f"/api/admin/claims/{claim['reference']}/step-in", headers=ADMIN)

    assert response.status == 200
    assert stored_claim(db, claim["reference"]).decisions[-1].note is None


async def test_no_step_in_from_any_other_status(loaded, db):
    concession = await concession_claim(loaded)
    routed = await routed_claim(loaded)
    await step_in(loaded, routed["reference"])

    for reference, was in (
        (concession["reference"], "concession paid"),
        (routed["reference"], "marketplace stepped in"),
    ):
        status, answer = await step_in(loaded, reference)
        assert status == 409
        assert answer["errors"][0]["code"] == "cannot_step_in"
        assert was in answer["errors"][0]["message"]
    assert len(stored_claim(db, routed["reference"]).payouts) == 1
    assert [p.kind for p in stored_claim(db, concession["reference"]).payouts] == ["concession"]


async def test_a_claim_the_seller_accepted_is_the_sellers_to_pay(loaded, db):
    claim = await routed_claim(loaded)
    await loaded.post(
        f"/api/seller/claims/{claim['reference']}/response",
        json={"action": "accept"},
        headers=ACME,
    )

    status, answer = await step_in(loaded, claim["reference"])

    assert status == 409 and answer["errors"][0]["code"] == "cannot_step_in"
    # Only the seller's own payment, nothing by the marketplace.
    payouts = stored_claim(db, claim["reference"]).payouts
    assert [(p.kind, p.payer) for p in payouts] == [("seller_payment", "seller")]


async def test_an_unknown_claim_is_not_found(loaded):
    for reference in ("CLM-ZZZZZZ", "not-a-reference"):
        status, answer = await step_in(loaded, reference)
        assert status == 404
        assert answer["errors"][0]["code"] == "claim_not_found"


@pytest.mark.parametrize(
    ("headers", "expected"),
    [({}, 401), ({"Authorization": "Bearer nope"}, 401), (ACME, 401), (SERVICE, 403), (AGENT, 403)],
)
async def test_only_the_admin_steps_in(loaded, db, headers, expected):
    claim = await routed_claim(loaded)

    status, _ = await step_in(loaded, claim["reference"], {"note": "x"}, headers=headers)

    assert status == expected
    assert stored_claim(db, claim["reference"]).status == "awaiting_seller"


async def test_a_bad_step_in_request_is_refused(loaded, db):
    claim = await routed_claim(loaded)
    url = f"/api/admin/claims/{claim['reference']}/step-in"

    malformed = await loaded.post(url, data=b"{", headers=ADMIN)
    status, answer = await step_in(loaded, claim["reference"], {"note": ["why"]})

    assert malformed.status == 400
    assert (await malformed.json())["errors"][0]["code"] == "malformed_json"
    assert status == 422
    assert [(e["code"], e["field"]) for e in answer["errors"]] == [("invalid_type", "note")]
    assert stored_claim(db, claim["reference"]).status == "awaiting_seller"


async def test_a_step_in_and_a_sweep_at_once_pay_once(loaded, db, clock):
    claim = await routed_claim(loaded)
    clock.advance(days=8)

    (status, _), (_, summary) = await asyncio.gather(
        step_in(loaded, claim["reference"]),
        sweep(loaded),
    )

    assert status in (200, 409)
    assert (status == 200) != (summary["stepped_in"] == [claim["reference"]])
    assert len(stored_claim(db, claim["reference"]).payouts) == 1


async def sweep(client):
    response = await client.post("/api/admin/sweep", headers=ADMIN)
    return response.status, await response.json()
