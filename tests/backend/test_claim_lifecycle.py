"""Every path of the policy table, from filing to ``closed``, through the HTTP API.

An admin (Ada, her own staff account) decides on the desk; the sweep closes what is over by
itself. Each test reads the claim's timeline as the desk shows it: who did what, in order.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from backend.models import Claim, OutboxMessage
from tests.backend.claim_steps import file_suspicious_claim
from tests.backend.conftest import SERVICE
from tests.backend.desk_steps import decide, desk_view, sign_in, sweep_at
from tests.backend.marketplace_data import HEATER
from tests.backend.seller_side import ACME, BARE, concession_claim, routed_claim

# The clock stands at 2026-10-10T12:00:00Z: the seller's deadline and the waiver window end a
# week later, the appeal window 30 days later.
WEEK_LATER = "2026-10-17T12:00:00Z"
APPEAL_WINDOW_PASSED = "2026-11-09T12:00:00Z"


@pytest.fixture
async def ada(loaded):
    """Ada's admin session."""
    return await sign_in(loaded, "ada", "admin")


def steps(claim, since="submitted"):
    """The desk's timeline as (type, actor), from the first ``since`` event on."""
    timeline = [(event["type"], event["actor"]) for event in claim["timeline"]]
    first = next(i for i, (kind, _) in enumerate(timeline) if kind == since)
    return timeline[first:]


def customer_news(db, reference, topic):
    """What the customer was told under ``topic``."""
    with db() as session:
        return session.execute(
            select(OutboxMessage.payload["message"].as_string())
            .join(Claim, Claim.id == OutboxMessage.claim_id)
            .where(
                Claim.reference == reference,
                OutboxMessage.topic == topic,
                OutboxMessage.kind == "customer",
            )
        ).scalar_one()


async def test_a_concession_closes_once_its_payout_is_paid(loaded, ada, db):
    claim = await concession_claim(loaded, sku=HEATER)  # the seller is insured: nothing sought
    reference = claim["reference"]

    status, refused = await decide(loaded, reference, "close", headers=ada)
    assert status == 409 and refused["errors"][0]["code"] == "not_settled"
    assert "payout" in refused["errors"][0]["message"]

    status, _ = await decide(loaded, reference, "payout", {"note": "bank transfer"}, ada)
    assert status == 200
    status, closed = await decide(
        loaded, reference, "close", {"expected_status": "concession_paid"}, ada
    )

    assert status == 200 and closed["status"] == "closed"
    view = await desk_view(loaded, reference)
    assert steps(view, "payout_paid") == [("payout_paid", "ada"), ("closed", "ada")]
    assert view["payouts"][0]["paid_at"] == "2026-10-10T12:00:00Z"
    assert view["actions"] == []
    assert "$250.00 was paid to you" in customer_news(db, reference, "claim.closed")


async def test_a_concession_the_seller_reimburses_is_closed_by_the_sweep(loaded, ada):
    claim = await concession_claim(loaded)  # the kettle's seller is uninsured
    reference = claim["reference"]
    await decide(loaded, reference, "payout", headers=ada)

    assert (await sweep_at(loaded, WEEK_LATER))["waiver_windows_closed"] == [reference]
    status, _ = await decide(loaded, reference, "recovery", {"decision": "mark_collected"}, ada)
    assert status == 200
    summary = await sweep_at(loaded, WEEK_LATER)

    assert summary["closed"] == [reference]
    view = await desk_view(loaded, reference)
    assert view["status"] == "closed"
    assert [(r["status"], r["closed_at"]) for r in view["recoveries"]] == [
        ("collected", "2026-10-10T12:00:00Z")
    ]
    assert steps(view, "recovery_collected") == [("recovery_collected", "ada"), ("closed", "sweep")]


@pytest.mark.parametrize("action, payer", [("accept", "seller"), ("forward_to_insurer", "insurer")])
async def test_a_claim_the_seller_accepts_closes_once_the_payment_is_confirmed(
    loaded, ada, action, payer
):
    claim = await routed_claim(loaded)
    reference = claim["reference"]
    response = await loaded.post(
        f"/api/seller/claims/{reference}/response",
        json={"action": action, "statement": "we pay"},
        headers=ACME,
    )
    assert response.status == 200

    view = await desk_view(loaded, reference)
    assert [(p["kind"], p["payer"], p["paid_at"]) for p in view["payouts"]] == [
        ("seller_payment", payer, None)
    ]
    assert view["actions"] == ["mark_paid"]
    await decide(loaded, reference, "payout", {"note": "the customer confirmed"}, ada)
    status, closed = await decide(loaded, reference, "close", headers=ada)

    assert status == 200 and closed["status"] == "closed"
    assert steps(await desk_view(loaded, reference), "payout_paid") == [
        ("payout_paid", "ada"),
        ("closed", "ada"),
    ]


async def test_a_silent_seller_the_marketplace_steps_in_and_collects(loaded, ada):
    claim = await routed_claim(loaded)
    reference = claim["reference"]

    assert (await sweep_at(loaded, WEEK_LATER))["stepped_in"] == [reference]
    view = await desk_view(loaded, reference)
    assert [r["status"] for r in view["recoveries"]] == ["open"]  # no dispute: sought at once
    await decide(loaded, reference, "payout", headers=ada)
    await decide(loaded, reference, "recovery", {"decision": "mark_collected"}, ada)
    summary = await sweep_at(loaded, WEEK_LATER)

    assert summary["closed"] == [reference]
    assert steps(await desk_view(loaded, reference), "seller_deadline_missed") == [
        ("seller_deadline_missed", "sweep"),
        ("marketplace_stepped_in", "sweep"),
        ("recovery_opened", "sweep"),
        ("payout_paid", "ada"),
        ("recovery_collected", "ada"),
        ("closed", "sweep"),
    ]


async def reject(client, reference):
    response = await client.post(
        f"/api/seller/claims/{reference}/response",
        json={"action": "reject", "statement": "The heater was used outdoors, against the manual."},
        headers=ACME,
    )
    assert response.status == 200, await response.text()


@pytest.mark.parametrize("recovery, settled", [("collect", "collected"), ("release", "released")])
async def test_a_rejection_the_desk_steps_in_on(loaded, ada, db, recovery, settled):
    claim = await routed_claim(loaded)
    reference = claim["reference"]
    await reject(loaded, reference)

    status, decided = await decide(
        loaded,
        reference,
        "dispute",
        {
            "decision": "step_in",
            "note": "the photos show a faulty cord",
            "expected_status": "seller_rejected",
        },
        ada,
    )
    assert status == 200 and decided["status"] == "marketplace_stepped_in"
    assert "considers it valid" in customer_news(db, reference, "claim.stepped_in")
    view = await desk_view(loaded, reference)
    assert [r["status"] for r in view["recoveries"]] == ["held"]  # the seller still defends
    assert set(view["actions"]) == {"recovery", "mark_paid"}

    await decide(loaded, reference, "payout", headers=ada)
    await decide(loaded, reference, "recovery", {"decision": recovery}, ada)
    if recovery == "collect":
        status, refused = await decide(loaded, reference, "close", headers=ada)
        assert status == 409 and refused["errors"][0]["code"] == "not_settled"
        await decide(loaded, reference, "recovery", {"decision": "mark_collected"}, ada)
    status, closed = await decide(loaded, reference, "close", headers=ada)

    assert status == 200 and closed["status"] == "closed"
    view = await desk_view(loaded, reference)
    assert [r["status"] for r in view["recoveries"]] == [settled]
    assert ("dispute_decided", "ada") in steps(view)
    assert steps(view)[-1] == ("closed", "ada")


async def test_a_rejection_the_desk_upholds_is_denied_then_closed_after_the_window(loaded, ada, db):
    claim = await routed_claim(loaded)
    reference = claim["reference"]
    await reject(loaded, reference)

    status, decided = await decide(
        loaded, reference, "dispute", {"decision": "uphold_seller", "note": "used outdoors"}, ada
    )

    assert status == 200 and decided["status"] == "denied"
    assert decided["decision"]["reasons"] == ["seller_rejected", "seller_defence_upheld"]
    assert "the marketplace agrees" in customer_news(db, reference, "claim.dispute_decided")
    status, refused = await decide(loaded, reference, "close", headers=ada)
    assert status == 409 and "appeal window" in refused["errors"][0]["message"]
    assert (await sweep_at(loaded, "2026-11-09T11:59:59Z"))["closed"] == []
    assert (await sweep_at(loaded, APPEAL_WINDOW_PASSED))["closed"] == [reference]
    assert steps(await desk_view(loaded, reference), "seller_rejected") == [
        ("seller_rejected", "seller:S-ACME"),
        ("dispute_decided", "ada"),
        ("denied", "ada"),
        ("closed", "sweep"),
    ]


async def appeal(client, reference):
    response = await client.post(
        f"/api/seller/claims/{reference}/appeal",
        json={"statement": "The kettle was dropped; see the dented base."},
        headers=BARE,
    )
    assert response.status == 200, await response.text()


async def test_an_appeal_upheld_leaves_the_reimbursement_sought(loaded, ada):
    claim = await concession_claim(loaded)
    reference = claim["reference"]
    await appeal(loaded, reference)
    await decide(loaded, reference, "payout", headers=ada)
    # An appeal waiting for the desk keeps the claim open.
    assert (await sweep_at(loaded, WEEK_LATER))["closed"] == []

    status, _ = await decide(loaded, reference, "appeal", {"decision": "uphold", "note": "no"}, ada)

    assert status == 200
    view = await desk_view(loaded, reference)
    assert [(a["status"], a["note"]) for a in view["appeals"]] == [("upheld", "no")]
    assert [r["status"] for r in view["recoveries"]] == ["open"]  # the window closed meanwhile
    await decide(loaded, reference, "recovery", {"decision": "mark_collected"}, ada)
    assert (await sweep_at(loaded, WEEK_LATER))["closed"] == [reference]


async def test_an_appeal_granted_waives_the_reimbursement(loaded, ada):
    claim = await concession_claim(loaded)
    reference = claim["reference"]
    await appeal(loaded, reference)

    status, granted = await decide(loaded, reference, "appeal", {"decision": "grant"}, ada)

    assert status == 200
    assert granted["decision"]["reimbursement_sought"] is False
    assert granted["decision"]["reasons"][-1] == "appeal_granted"
    await decide(loaded, reference, "payout", headers=ada)
    status, closed = await decide(loaded, reference, "close", headers=ada)
    assert status == 200 and closed["status"] == "closed"
    view = await desk_view(loaded, reference)
    assert [r["status"] for r in view["recoveries"]] == ["waived"]
    assert steps(view, "appeal_decided") == [
        ("appeal_decided", "ada"),
        ("reimbursement_waived", "ada"),
        ("payout_paid", "ada"),
        ("closed", "ada"),
    ]


async def test_a_withdrawn_claim_is_closed_after_the_appeal_window(loaded):
    claim = await routed_claim(loaded)
    reference = claim["reference"]
    response = await loaded.post(
        f"/api/claims/{reference}/withdraw",
        json={"reason": "settled with the seller directly"},
        headers={
            **SERVICE,
            "X-Customer-Email": "dana@example.com",
            "X-Conversation-Id": "conv-dana-1",
        },
    )
    assert response.status == 200, await response.text()

    assert (await sweep_at(loaded, "2026-11-09T11:59:59Z"))["closed"] == []
    assert (await sweep_at(loaded, APPEAL_WINDOW_PASSED))["closed"] == [reference]
    assert steps(await desk_view(loaded, reference), "withdrawn") == [
        ("withdrawn", "customer"),
        ("closed", "sweep"),
    ]


async def test_a_claim_an_expert_denies_is_closed_after_the_appeal_window(loaded, clock):
    claim = await file_suspicious_claim(loaded)
    reference = claim["reference"]
    erin = await sign_in(loaded, "erin", "expert")
    response = await loaded.post(
        f"/api/admin/claims/{reference}/review",
        json={
            "decision": "deny_abusive",
            "note": "staged photos",
            "expected_status": "under_review",
        },
        headers=erin,
    )
    assert response.status == 200, await response.text()

    clock.advance(days=30)
    ada = await sign_in(loaded, "ada", "admin")
    status, closed = await decide(loaded, reference, "close", {"note": "window passed"}, ada)

    assert status == 200 and closed["status"] == "closed"
    assert steps(await desk_view(loaded, reference), "reviewed") == [
        ("reviewed", "erin"),
        ("denied", "erin"),
        ("closed", "ada"),
    ]
