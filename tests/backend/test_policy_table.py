"""The design's policy table, row by row, through the HTTP API (on SQLite and PostgreSQL).

Each test is one row of the table in DESIGN.md; its parameters are the cases of that row,
boundaries included ($999.99 / $1,000.00, $1,000,000.00 / $1,000,000.01, day 90 / day 91).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta, timezone
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from backend.api.app import create_app
from backend.models import Claim, Payout, Recovery
from tests.backend.claim_steps import (
    file_claim,
    file_suspicious_claim,
    proof,
    review,
    upload,
)
from tests.backend.conftest import ADMIN, SERVICE, START
from tests.backend.marketplace_data import (
    DANA_EMAIL,
    DANA_ORDER,
    HEATER,
    KETTLE,
    LAMP,
    claim_body,
    harm,
    marketplace,
)

ACME_KEY = {"Authorization": "Bearer sk-acme-0001-000000000000000"}  # the heater's seller, insured


async def load(client, data=None):
    response = await client.post(
        "/api/admin/marketplace", json=data or marketplace(), headers=ADMIN
    )
    assert response.status == 200, await response.text()


async def submit(client, **changes):
    response = await client.post("/api/claims", json=claim_body(**changes), headers=SERVICE)
    return response.status, await response.json()


def codes(body):
    return [error["code"] for error in body["errors"]]


def count(db, model, *where):
    with db() as session:
        return session.execute(select(func.count()).select_from(model).where(*where)).scalar_one()


def money_of(db, model, reference):
    """(kind, amount, ...) of the claim's payouts or recoveries."""
    with db() as session:
        rows = session.execute(
            select(model).join(Claim).where(Claim.reference == reference).order_by(model.id)
        ).scalars()
        return [(row.kind, row.amount) for row in rows]


# ---- who files: the customer on the order (order id + the order's email) --------------------


@pytest.mark.parametrize(
    "order_id, email, status, code",
    [
        (DANA_ORDER, DANA_EMAIL, 201, None),
        (DANA_ORDER, "  Dana@Example.COM ", 201, None),  # trimmed, case-insensitive
        (DANA_ORDER, "sam@example.org", 422, "customer_mismatch"),
        ("999-9999999-9999999", DANA_EMAIL, 422, "order_not_found"),
    ],
    ids=["the order's email", "same email, other case", "wrong email", "unknown order"],
)
async def test_who_files(loaded, db, order_id, email, status, code):
    answered, body = await submit(loaded, order_id=order_id, customer_email=email)

    assert answered == status
    if code is None:
        assert body["status"] == "concession_paid"
    else:
        assert codes(body) == [code]
        assert count(db, Claim) == 0  # a refused claim stores nothing


# ---- what is covered: property damage, medical bills, lost earnings; the total is their sum ----


UNINJURED = {"property_damage": None}
PAIN = {"kind": "pain_and_suffering", "description": "sleepless nights", "amount": "5000.00"}


@pytest.mark.parametrize(
    "changes, total, status, reasons",
    [
        ({**harm("350.00")}, "350.00", "concession_paid", ["valid", "under_concession_limit"]),
        ({**harm(medical="120.50"), **UNINJURED}, "120.50", "concession_paid", None),
        ({**harm(lost="80.25"), **UNINJURED}, "80.25", "concession_paid", None),
        ({**harm("100.10", "200.20", "300.30")}, "600.60", "concession_paid", None),
        ({**harm("600.00", "300.00", "100.00")}, "1000.00", "awaiting_seller", None),
        (
            {**harm("350.00"), "other_losses": [PAIN]},
            "350.00",
            "concession_paid",
            ["valid", "under_concession_limit", "uncovered_losses_excluded"],
        ),
        (
            {"property_damage": None, "injury": None, "other_losses": [PAIN]},
            "0.00",
            "denied",
            ["not_covered"],
        ),
    ],
    ids=[
        "property damage",
        "medical bills",
        "lost earnings",
        "all three add up",
        "the sum decides the route",
        "pain and suffering left out",
        "only pain and suffering",
    ],
)
async def test_what_is_covered(loaded, changes, total, status, reasons):
    answered, claim = await submit(loaded, **changes)

    assert answered == 201, claim
    assert claim["claimed_total"] == total
    assert claim["status"] == status
    if reasons is not None:
        assert claim["decision"]["reasons"] == reasons


async def test_what_is_covered_needs_some_harm(loaded, db):
    answered, body = await submit(loaded, **harm())

    assert answered == 422
    assert codes(body) == ["no_harm_reported"]


# ---- cap: $1,000,000 per claim --------------------------------------------------------------


@pytest.mark.parametrize(
    "changes, code",
    [
        (harm("1000000.00"), None),
        (harm("500000.00", "400000.00", "100000.00"), None),
        (harm("1000000.01"), "amount_over_limit"),
        (harm("500000.00", "400000.00", "100000.01"), "amount_over_limit"),
    ],
    ids=["$1,000,000.00", "$1,000,000.00 in parts", "$1,000,000.01", "$1,000,000.01 in parts"],
)
async def test_the_cap(loaded, db, changes, code):
    answered, body = await submit(loaded, **changes)

    if code is None:
        assert answered == 201
        assert body["claimed_total"] == "1000000.00"
        # Accepted; so large a claim for a $89.99 heater goes to the fraud experts first.
        assert body["status"] in ("under_review", "awaiting_seller")
    else:
        assert answered == 422
        assert codes(body) == [code]
        assert count(db, Claim) == 0


# ---- filing window: within 90 days of the incident (configurable) ---------------------------


@pytest.mark.parametrize(
    "window, days, status",
    [
        (90, 90, "concession_paid"),
        (90, 91, "denied"),
        (30, 30, "concession_paid"),
        (30, 31, "denied"),
    ],
    ids=["day 90 of 90", "day 91 of 90", "day 30 of 30", "day 31 of 30"],
)
async def test_the_filing_window(aiohttp_client, settings, clock, window, days, status):
    client = await aiohttp_client(create_app(replace(settings, filing_window_days=window)))
    await load(client)
    clock.now = datetime(2026, 10, 2, 18, 0, tzinfo=timezone.utc) + timedelta(days=days)

    answered, claim = await submit(client, incident_date="2026-10-02")

    assert answered == 201
    assert claim["status"] == status
    if status == "denied":
        assert claim["decision"]["reasons"] == ["late_filing"]
        assert f"{window} days" in claim["decision"]["explanation"]


# ---- screening: suspicious claims go to independent fraud experts -----------------------------


@pytest.mark.parametrize(
    "decision, status, reasons",
    [
        ("clear", "awaiting_seller", ["cleared_by_review", "valid"]),
        ("deny_abusive", "denied", ["abusive"]),
        ("deny_unsubstantiated", "denied", ["unsubstantiated"]),
    ],
)
async def test_screening(loaded, decision, status, reasons):
    clean = await file_claim(loaded, sku=KETTLE)
    suspicious = await file_suspicious_claim(loaded)
    queue = await loaded.get("/api/admin/review-queue", headers=ADMIN)
    queued = [claim["reference"] for claim in (await queue.json())["claims"]]

    answered, reviewed = await review(loaded, suspicious["reference"], decision)

    assert clean["status"] == "concession_paid"  # a clean claim passes straight through
    assert suspicious["decision"]["fraud_score"] >= 0.5
    assert "amount_far_above_item_price" in suspicious["decision"]["reasons"]
    assert queued == [suspicious["reference"]]
    assert answered == 200
    assert reviewed["status"] == status
    assert reviewed["decision"]["reasons"][: len(reasons)] == reasons


# ---- under $1,000 (strictly) and valid: the marketplace pays at once ---------------------------


VALID_COVER = {
    "policy_number": "PL-T",
    "insurer": "Example Mutual",
    "per_occurrence_limit": "1000000.00",
    "additional_insured": True,
    "valid_from": "2026-01-01",
    "valid_to": "2027-01-01",
}  # the incident is on 2026-10-02


@pytest.mark.parametrize(
    "cover, reimbursement_sought",
    [
        ({}, False),
        ({"per_occurrence_limit": "999999.99"}, True),
        ({"additional_insured": False}, True),
        ({"valid_from": "2026-10-02"}, False),
        ({"valid_from": "2026-10-03"}, True),
        ({"valid_to": "2026-10-03"}, False),
        ({"valid_to": "2026-10-02"}, True),
        (None, True),
    ],
    ids=[
        "valid insurance",
        "limit $999,999.99",
        "marketplace not additional insured",
        "starts on the incident date",
        "starts the day after",
        "ends the day after",
        "ended on the incident date (valid_to is exclusive)",
        "no insurance",
    ],
)
async def test_under_1000_and_valid(client, db, cover, reimbursement_sought):
    data = marketplace()
    data["sellers"][0]["insurance"] = None if cover is None else {**VALID_COVER, **cover}
    await load(client, data)

    answered, claim = await submit(client, **harm("999.99"))

    assert answered == 201
    assert claim["status"] == "concession_paid"
    decision = claim["decision"]
    assert (decision["outcome"], decision["payer"]) == ("concession", "marketplace")
    assert decision["reimbursement_sought"] is reimbursement_sought
    assert decision["odr_impact"] is False  # a concession never counts against the seller
    assert [event["type"] for event in claim["events"]][-2:] == [
        "concession_paid",
        "seller_notified",
    ]
    assert money_of(db, Payout, claim["reference"]) == [("concession", Decimal("999.99"))]
    expected = [("concession_reimbursement", Decimal("999.99"))] if reimbursement_sought else []
    assert money_of(db, Recovery, claim["reference"]) == expected


# ---- $1,000 or more and valid: routed to the seller with a 7-calendar-day deadline ----------------


@pytest.mark.parametrize(
    "sku, changes, filed_at, due, notified",
    [
        (KETTLE, harm("1000.00"), START, "2026-10-17T12:00:00Z", ["seller_notified"]),
        (
            HEATER,
            harm("1000.01"),
            START,
            "2026-10-17T12:00:00Z",
            ["seller_notified", "insurer_notified"],
        ),
        (
            LAMP,
            harm("5000.00", "123.45"),
            datetime(2026, 10, 30, 23, 59, tzinfo=timezone.utc),
            "2026-11-06T23:59:00Z",  # calendar days, across a month end
            ["seller_notified"],  # the lamp's seller is insured, but not validly
        ),
    ],
    ids=["$1,000.00", "$1,000.01 insured seller", "filed late on 30 October"],
)
async def test_1000_or_more_and_valid(loaded, db, clock, sku, changes, filed_at, due, notified):
    clock.now = filed_at

    answered, claim = await submit(loaded, sku=sku, **changes)

    assert answered == 201
    assert claim["status"] == "awaiting_seller"
    assert (claim["decision"]["outcome"], claim["decision"]["payer"]) == (
        "routed_to_seller",
        "seller",
    )
    assert claim["seller_response_due"] == due
    assert [event["type"] for event in claim["events"]][1:] == notified
    assert money_of(db, Payout, claim["reference"]) == []


@pytest.mark.parametrize(
    "action, status, payer",
    [("accept", "seller_accepted", "seller"), ("forward_to_insurer", "seller_accepted", "insurer")],
)
async def test_1000_or_more_the_seller_accepts(loaded, db, action, status, payer):
    claim = await file_claim(loaded, **harm("1500.00", "20.00"))

    response = await loaded.post(
        f"/api/seller/claims/{claim['reference']}/response",
        json={"action": action, "statement": "we will pay"},
        headers=ACME_KEY,
    )

    assert response.status == 200, await response.text()
    answered = await response.json()
    assert answered["decision"]["payer"] == payer
    assert answered["status"] == status
    # The seller (or its insurer) pays, not the marketplace; the desk marks it paid later.
    assert money_of(db, Payout, claim["reference"]) == [("seller_payment", Decimal("1520.00"))]
    with db() as session:
        assert session.execute(select(Payout.payer)).scalar_one() == payer


# ---- seller silent past the deadline: the marketplace steps in ------------------------------


async def test_seller_silent_past_the_deadline(loaded, db):
    claim = await file_claim(loaded, sku=KETTLE, **harm("1000.00"))
    due = datetime(2026, 10, 17, 12, 0, tzinfo=timezone.utc)

    async def sweep(now):
        response = await loaded.post(
            "/api/admin/sweep", json={"now": now.isoformat()}, headers=ADMIN
        )
        assert response.status == 200, await response.text()
        return (await response.json())["stepped_in"]

    before = await sweep(due - timedelta(seconds=1))
    at_deadline = await sweep(due)
    again = await sweep(due + timedelta(days=1))

    assert (before, at_deadline, again) == ([], [claim["reference"]], [])
    read = await loaded.get(f"/api/claims/{claim['reference']}", headers=proof())
    stepped_in = await read.json()
    assert stepped_in["status"] == "marketplace_stepped_in"
    assert stepped_in["decision"]["payer"] == "marketplace"
    assert ("seller_deadline_missed", "sweep") in [
        (event["type"], event["actor"]) for event in stepped_in["events"]
    ]
    assert money_of(db, Payout, claim["reference"]) == [("step_in", Decimal("1000.00"))]
    assert money_of(db, Recovery, claim["reference"]) == [("step_in", Decimal("1000.00"))]


# ---- seller rejects a claim the marketplace believes valid: step in, dispute stays open ----------


async def test_seller_rejects_and_the_marketplace_steps_in(loaded, db):
    claim = await file_claim(loaded, **harm("2500.00", "10.00"))
    rejected = await loaded.post(
        f"/api/seller/claims/{claim['reference']}/response",
        json={"action": "reject", "statement": "the heater was used outdoors"},
        headers=ACME_KEY,
    )
    assert rejected.status == 200, await rejected.text()
    assert (await rejected.json())["status"] == "seller_rejected"

    response = await loaded.post(
        f"/api/admin/claims/{claim['reference']}/step-in",
        json={"note": "the photos show indoor use"},
        headers=ADMIN,
    )

    assert response.status == 200, await response.text()
    assert (await response.json())["status"] == "marketplace_stepped_in"
    assert money_of(db, Payout, claim["reference"]) == [("step_in", Decimal("2510.00"))]
    with db() as session:
        stored = session.execute(select(Claim).where(Claim.reference == claim["reference"]))
        stored = stored.scalar_one()
        assert stored.dispute_open is True  # the seller keeps defending the product
        assert [(r.kind, r.status) for r in stored.recoveries] == [("step_in", "held")]


# ---- seller insurance: required from $10,000 of sales in a calendar month -------------------------


@pytest.mark.parametrize(
    "sales, cover, on, required, compliant, overdue",
    [
        ("9999.99", None, "2026-10-10", False, False, False),
        ("10000.00", None, "2026-10-30", True, False, False),  # proof due 30 days after September
        ("10000.00", None, "2026-10-31", True, False, True),
        ("10000.00", {}, "2026-10-31", True, True, False),
        ("10000.00", {"per_occurrence_limit": "999999.99"}, "2026-10-31", True, False, True),
        ("10000.00", {"additional_insured": False}, "2026-10-31", True, False, True),
    ],
    ids=[
        "$9,999.99 a month",
        "$10,000.00, proof not yet due",
        "$10,000.00, proof overdue",
        "$10,000.00, insured",
        "$10,000.00, cover too small",
        "$10,000.00, marketplace not named",
    ],
)
async def test_seller_insurance(client, sales, cover, on, required, compliant, overdue):
    data = marketplace()
    data["sellers"][1]["monthly_sales"] = [{"month": "2026-09", "amount": sales}]  # S-BARE
    data["sellers"][1]["insurance"] = None if cover is None else {**VALID_COVER, **cover}
    await load(client, data)

    response = await client.get(f"/api/admin/sellers/S-BARE/insurance?on={on}", headers=ADMIN)

    assert response.status == 200, await response.text()
    status = await response.json()
    assert (status["required"], status["compliant"], status["overdue"]) == (
        required,
        compliant,
        overdue,
    )
    assert status["proof_due"] == ("2026-10-30" if required else None)


# ---- a second claim on the same order and item is never paid twice -----------------------------


@pytest.mark.parametrize("amount", ["350.00", "1500.00"], ids=["concession", "routed"])
async def test_duplicates_are_never_paid_twice(loaded, db, amount):
    first = await file_claim(loaded, **harm(amount, "12.34"))

    answered, second = await submit(loaded, **harm(amount, "12.34"), conversation_id="conv-2")

    assert answered == 201
    assert second["status"] == "denied"
    assert "duplicate" in second["decision"]["reasons"]
    assert second["decision"]["payer"] is None
    assert first["reference"] in second["decision"]["explanation"]
    assert money_of(db, Payout, second["reference"]) == []
    assert count(db, Payout) == (1 if amount == "350.00" else 0)


# ---- customer rights: add evidence later, ask for status, withdraw ------------------------------


async def test_customer_rights_add_evidence(loaded):
    claim = await file_claim(loaded, **harm("1500.00", "12.34"))
    photo = await upload(loaded)

    response = await loaded.post(
        f"/api/claims/{claim['reference']}/evidence",
        json={"evidence_ids": [photo]},
        headers={**SERVICE, **proof()},
    )

    assert response.status == 200
    assert [evidence["id"] for evidence in (await response.json())["evidence"]] == [photo]


async def test_customer_rights_ask_for_status(loaded):
    claim = await file_claim(loaded, **harm("1500.00", "12.34"))

    by_reference = await loaded.get(f"/api/claims/{claim['reference']}", headers=proof())
    by_order = await loaded.get(f"/api/claims?order_id={DANA_ORDER}", headers=proof())
    not_theirs = await loaded.get(
        f"/api/claims/{claim['reference']}", headers=proof("sam@example.org")
    )

    assert (await by_reference.json())["status"] == "awaiting_seller"
    assert [c["reference"] for c in (await by_order.json())["claims"]] == [claim["reference"]]
    assert not_theirs.status == 404


@pytest.mark.parametrize(
    "route, withdrawable",
    [
        ("awaiting_seller", True),
        ("under_review", True),
        ("seller_rejected", True),
        ("seller_accepted", False),
        ("concession_paid", False),
        ("marketplace_stepped_in", False),
        ("denied", False),
    ],
)
async def test_customer_rights_withdraw(loaded, clock, route, withdrawable):
    claim = await _claim_in(loaded, clock, route)
    assert claim["status"] == route

    response = await loaded.post(
        f"/api/claims/{claim['reference']}/withdraw",
        json={"reason": "changed my mind"},
        # The assistant, in the conversation that filed the claim (claim_body's).
        headers={**SERVICE, **proof(), "X-Conversation-Id": "conv-dana-1"},
    )

    if withdrawable:
        assert response.status == 200
        assert (await response.json())["status"] == "withdrawn"
    else:
        assert response.status == 409
        assert codes(await response.json()) == ["claim_finished"]


async def _claim_in(client, clock, status):
    """A claim of Dana's brought to ``status`` through the API."""
    if status == "under_review":
        return await file_suspicious_claim(client)
    if status == "concession_paid":
        return await file_claim(client)
    if status == "denied":
        clock.advance(days=120)
        return await file_claim(client)
    claim = await file_claim(client, **harm("1500.00", "12.34"))
    if status in ("seller_rejected", "seller_accepted"):
        action = "reject" if status == "seller_rejected" else "accept"
        response = await client.post(
            f"/api/seller/claims/{claim['reference']}/response",
            json={"action": action, "statement": "our answer"},
            headers=ACME_KEY,
        )
        return await response.json()
    if status == "marketplace_stepped_in":
        response = await client.post(
            f"/api/admin/claims/{claim['reference']}/step-in", headers=ADMIN
        )
        return await response.json()
    return claim
