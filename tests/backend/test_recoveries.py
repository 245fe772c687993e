"""Concession reimbursements: sought from an uninsured seller, waived with proof within 7 days."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from backend.db import run_in_transaction
from backend.policy.parameters import PolicyParameters
from backend.recoveries import waive_covered_reimbursements
from tests.backend.conftest import ADMIN
from tests.backend.marketplace_data import HEATER, marketplace
from tests.backend.seller_side import concession_claim, stored_claim

CONCESSION_AT = datetime(2026, 10, 10, 12, 0, tzinfo=timezone.utc)  # the test clock's start

PARAMS = PolicyParameters(reimbursement_waiver_days=7)


async def insure_bare(client, **changes):
    """Give S-BARE (the kettle's seller) a policy: valid for the claims' incident, unless changed."""
    data = marketplace()
    bare = next(seller for seller in data["sellers"] if seller["id"] == "S-BARE")
    bare["insurance"] = {
        "policy_number": "PL-BARE-1",
        "insurer": "Late Mutual",
        "per_occurrence_limit": "1000000.00",
        "additional_insured": True,
        "valid_from": "2026-06-01",
        "valid_to": "2027-06-01",
        **changes,
    }
    response = await client.post("/api/admin/marketplace", json=data, headers=ADMIN)
    assert response.status == 200, await response.text()


def waive(db, now, seller_id="S-BARE"):
    return run_in_transaction(
        db, lambda session: waive_covered_reimbursements(session, seller_id, now, PARAMS)
    )


async def test_a_concession_for_an_uninsured_seller_opens_a_reimbursement(loaded, db):
    claim = await concession_claim(loaded)

    assert claim["decision"]["reimbursement_sought"] is True
    stored = stored_claim(db, claim["reference"])
    assert [(r.kind, r.status, r.seller_id, str(r.amount)) for r in stored.recoveries] == [
        ("concession_reimbursement", "awaiting_proof", "S-BARE", "250.00")
    ]


async def test_a_concession_for_an_insured_seller_seeks_nothing(loaded, db):
    claim = await concession_claim(loaded, sku=HEATER)

    assert claim["decision"]["reimbursement_sought"] is False
    assert stored_claim(db, claim["reference"]).recoveries == []


async def test_proof_of_insurance_within_seven_days_waives_the_reimbursement(loaded, db):
    claim = await concession_claim(loaded)
    await insure_bare(loaded)

    waived = waive(db, CONCESSION_AT + timedelta(days=7, seconds=-1))

    assert waived == [claim["reference"]]
    stored = stored_claim(db, claim["reference"])
    assert [(r.status, r.closed_at is not None) for r in stored.recoveries] == [("waived", True)]
    assert (stored.events[-1].type, stored.events[-1].actor) == (
        "reimbursement_waived",
        "seller:S-BARE",
    )
    after = await (await loaded.get(f"/api/claims/{claim['reference']}", headers=ADMIN)).json()
    assert after["status"] == "concession_paid"
    decision = after["decision"]
    assert (decision["outcome"], decision["reimbursement_sought"], decision["odr_impact"]) == (
        "concession",
        False,
        False,
    )
    assert decision["reasons"][-1] == "reimbursement_waived"
    assert waive(db, CONCESSION_AT + timedelta(days=1)) == []  # nothing left to waive


async def test_proof_after_seven_days_waives_nothing(loaded, db):
    claim = await concession_claim(loaded)
    await insure_bare(loaded)

    assert waive(db, CONCESSION_AT + timedelta(days=7)) == []
    assert [r.status for r in stored_claim(db, claim["reference"]).recoveries] == ["awaiting_proof"]


async def test_a_closed_window_stays_closed(loaded, db):
    claim = await concession_claim(loaded)
    sweep = await loaded.post(
        "/api/admin/sweep", json={"now": "2026-10-17T12:00:00Z"}, headers=ADMIN
    )
    assert (await sweep.json())["waiver_windows_closed"] == [claim["reference"]]
    await insure_bare(loaded)

    assert waive(db, CONCESSION_AT + timedelta(days=1)) == []  # even with an early clock
    assert [r.status for r in stored_claim(db, claim["reference"]).recoveries] == ["open"]


@pytest.mark.parametrize(
    "policy",
    [
        {"valid_from": "2026-10-03"},  # starts the day after the incident
        {"per_occurrence_limit": "500000.00"},
        {"additional_insured": False},
    ],
    ids=["after_the_incident", "too_little_cover", "marketplace_not_named"],
)
async def test_only_valid_insurance_on_the_incident_date_waives(loaded, db, policy):
    claim = await concession_claim(loaded)
    await insure_bare(loaded, **policy)

    assert waive(db, CONCESSION_AT + timedelta(days=1)) == []
    assert [r.status for r in stored_claim(db, claim["reference"]).recoveries] == ["awaiting_proof"]


async def test_another_sellers_proof_waives_nothing(loaded, db):
    claim = await concession_claim(loaded)

    assert waive(db, CONCESSION_AT + timedelta(days=1), seller_id="S-ACME") == []
    assert [r.status for r in stored_claim(db, claim["reference"]).recoveries] == ["awaiting_proof"]
