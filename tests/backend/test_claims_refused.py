"""Claims the backend refuses: every validation code, and that a refusal stores nothing."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from backend.models import Claim, ClaimEvent, Decision, IdempotencyKey, Payout
from tests.backend.conftest import ADMIN, SERVICE
from tests.backend.marketplace_data import (
    DANA_EMAIL,
    SAM_EMAIL,
    UNDELIVERED_ORDER,
    claim_body,
)


def injury(**changes):
    value = {
        "description": "burn",
        "treatment": "first_aid",
        "medical_costs": "0.00",
        "lost_earnings": "0.00",
    }
    value.update(changes)
    return value


def damage(amount):
    return {"description": "rug", "amount": amount}


REFUSALS = {
    "unknown order": (
        claim_body(order_id="999-9999999-9999999"),
        [("order_not_found", "order_id")],
    ),
    "someone else's email": (
        claim_body(customer_email=SAM_EMAIL),
        [("customer_mismatch", "customer_email")],
    ),
    "item not on the order": (claim_body(sku="B0NOTHERE1"), [("item_not_in_order", "sku")]),
    "incident before delivery": (
        claim_body(incident_date="2026-09-03"),
        [("incident_before_delivery", "incident_date")],
    ),
    "order never delivered": (
        claim_body(
            order_id=UNDELIVERED_ORDER,
            customer_email=SAM_EMAIL,
            sku="B0KETTLE02",
            incident_date="2026-10-09",
        ),
        [("incident_before_delivery", "incident_date")],
    ),
    "incident in the future": (
        claim_body(incident_date="2026-10-12"),
        [("incident_in_future", "incident_date")],
    ),
    "no harm at all": (
        claim_body(property_damage=None, injury=None),
        [("no_harm_reported", None)],
    ),
    "harm worth nothing": (
        claim_body(property_damage=damage("0.00"), injury=injury()),
        [("no_harm_reported", None)],
    ),
    "over the $1,000,000 cap": (
        claim_body(property_damage=damage("999999.99"), injury=injury(medical_costs="0.02")),
        [("amount_over_limit", None)],
    ),
    "negative amount": (
        claim_body(property_damage=damage("-5.00")),
        [("invalid_amount", "property_damage.amount")],
    ),
    "fraction of a cent": (
        claim_body(injury=injury(medical_costs="10.005")),
        [("invalid_amount", "injury.medical_costs")],
    ),
    "amount as a number": (
        claim_body(property_damage=damage(350.0)),
        [("invalid_amount", "property_damage.amount")],
    ),
    "amount as words": (
        claim_body(injury=injury(lost_earnings="a week's pay")),
        [("invalid_amount", "injury.lost_earnings")],
    ),
    "NaN as a string": (
        claim_body(property_damage=damage("NaN")),
        [("invalid_amount", "property_damage.amount")],
    ),
    "exponent": (
        claim_body(property_damage=damage("1e3")),
        [("invalid_amount", "property_damage.amount")],
    ),
    "missing sku": (
        {key: value for key, value in claim_body().items() if key != "sku"},
        [("required", "sku")],
    ),
    "injury without medical costs": (
        claim_body(injury={"description": "burn", "treatment": "doctor", "lost_earnings": "0"}),
        [("required", "injury.medical_costs")],
    ),
    "sku as a number": (claim_body(sku=12345), [("invalid_type", "sku")]),
    "property damage as text": (
        claim_body(property_damage="lots"),
        [("invalid_type", "property_damage")],
    ),
    "evidence ids not a list": (
        claim_body(evidence_ids="EV-1"),
        [("invalid_type", "evidence_ids")],
    ),
    "unknown treatment": (
        claim_body(injury=injury(treatment="spa_day")),
        [("invalid_value", "injury.treatment")],
    ),
    "impossible date": (
        claim_body(incident_date="2026-02-30"),
        [("invalid_value", "incident_date")],
    ),
    "date in another format": (
        claim_body(incident_date="10/02/2026"),
        [("invalid_value", "incident_date")],
    ),
    "malformed order id": (claim_body(order_id="112-123"), [("invalid_value", "order_id")]),
    "defect description over 5,000 characters": (
        claim_body(defect_description="x" * 5001),
        [("invalid_value", "defect_description")],
    ),
    "empty defect description": (
        claim_body(defect_description=""),
        [("invalid_value", "defect_description")],
    ),
    "blank defect description": (
        claim_body(defect_description="   \n "),
        [("invalid_value", "defect_description")],
    ),
    "blank damage description": (
        claim_body(property_damage={"description": " ", "amount": "350.00"}),
        [("invalid_value", "property_damage.description")],
    ),
    "amount with a plus sign": (
        claim_body(property_damage=damage("+350.00")),
        [("invalid_amount", "property_damage.amount")],
    ),
    "amount with a trailing dot": (
        claim_body(property_damage=damage("350.")),
        [("invalid_amount", "property_damage.amount")],
    ),
    "uncovered loss of an unknown kind": (
        claim_body(other_losses=[{"kind": "inconvenience", "amount": "100.00"}]),
        [("invalid_value", "other_losses[0].kind")],
    ),
    "negative uncovered loss": (
        claim_body(other_losses=[{"kind": "punitive", "amount": "-1.00"}]),
        [("invalid_amount", "other_losses[0].amount")],
    ),
    "uncovered loss without an amount": (
        claim_body(other_losses=[{"kind": "punitive"}]),
        [("required", "other_losses[0].amount")],
    ),
    "unknown evidence": (
        claim_body(evidence_ids=["EV-DOESNOTEXIST"]),
        [("evidence_not_found", "evidence_ids[0]")],
    ),
    "several problems at once": (
        claim_body(sku="B0NOTHERE1", property_damage=None, injury=None),
        [("no_harm_reported", None), ("item_not_in_order", "sku")],
    ),
}


async def assert_nothing_stored(client, db):
    listed = await client.get("/api/admin/claims", headers=ADMIN)
    assert (await listed.json())["claims"] == []
    with db() as session:
        for table in (Claim, ClaimEvent, Decision, Payout, IdempotencyKey):
            assert session.execute(select(func.count()).select_from(table)).scalar_one() == 0


@pytest.mark.parametrize("body, expected", REFUSALS.values(), ids=REFUSALS.keys())
async def test_a_refused_claim_says_why_and_stores_nothing(loaded, db, body, expected):
    headers = {**SERVICE, "Idempotency-Key": "refused"}
    response = await loaded.post("/api/claims", json=body, headers=headers)

    assert response.status == 422
    errors = (await response.json())["errors"]
    assert sorted((e["code"], e["field"]) for e in errors) == sorted(
        expected, key=lambda pair: (pair[0], pair[1] or "")
    )
    assert all(error["message"] for error in errors)
    await assert_nothing_stored(loaded, db)


async def test_the_customer_email_is_compared_trimmed_and_case_insensitively(loaded):
    body = claim_body(customer_email=f"  {DANA_EMAIL.upper()} ")

    response = await loaded.post("/api/claims", json=body, headers=SERVICE)

    assert response.status == 201


async def test_an_incident_on_the_delivery_day_is_accepted(loaded):
    response = await loaded.post(
        "/api/claims", json=claim_body(incident_date="2026-09-04"), headers=SERVICE
    )

    assert response.status == 201


async def test_tomorrow_in_utc_may_already_be_today_somewhere(loaded):
    # The clock says 2026-10-10 12:00 UTC: it is already 11 October east of UTC+12.
    response = await loaded.post(
        "/api/claims", json=claim_body(incident_date="2026-10-11"), headers=SERVICE
    )

    assert response.status == 201


@pytest.mark.parametrize(
    "raw",
    [b"{not json", b'{"order_id": "112-1234567-1234567",', b"", b"\xff\xfe", b'{"a": NaN}'],
    ids=["broken", "truncated", "empty", "not utf-8", "NaN literal"],
)
async def test_a_body_that_is_not_json_is_a_400(loaded, db, raw):
    response = await loaded.post(
        "/api/claims", data=raw, headers={**SERVICE, "Content-Type": "application/json"}
    )

    assert response.status == 400
    assert (await response.json())["errors"][0]["code"] == "malformed_json"
    await assert_nothing_stored(loaded, db)


async def test_a_body_that_is_not_an_object_is_refused(loaded):
    response = await loaded.post("/api/claims", json=[claim_body()], headers=SERVICE)

    assert response.status == 422
    assert (await response.json())["errors"] == [
        {"code": "invalid_type", "field": None, "message": "The body must be an object."}
    ]


async def test_a_huge_body_is_refused_with_413(loaded, db):
    body = claim_body(defect_description="x" * (2 * 1024 * 1024))

    response = await loaded.post("/api/claims", data=json.dumps(body), headers=SERVICE)

    assert response.status == 413
    assert (await response.json())["errors"][0]["code"] == "too_large"
    await assert_nothing_stored(loaded, db)


async def test_a_huge_chunked_body_is_refused_with_413(loaded):
    async def chunks():
        yield b'{"defect_description": "'
        for _ in range(100):
            yield b"x" * 1024
        yield b'"}'

    response = await loaded.post("/api/claims", data=chunks(), headers=SERVICE)

    assert response.status == 413
