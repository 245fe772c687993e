"""The seller insurance requirement: its boundaries (pure), the desk's endpoint, and sellers filing
their own policies through their API."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import aiohttp
import pytest
from sqlalchemy import select

from backend.models import InsurancePolicy
from backend.openapi import schema_problems
from backend.policy.insurance import InsuranceCover, PolicyOnFile, insurance_status
from backend.policy.parameters import PolicyParameters
from tests.backend.conftest import ADMIN, AGENT, SERVICE
from tests.backend.evidence_files import pdf
from tests.backend.seller_side import ACME, BARE, UNKNOWN_KEY, concession_claim

OCTOBER = date(2026, 10, 1)
DUE = date(2026, 11, 30)  # October ends on the 31st; 30 days later


def policy(
    limit: str = "1000000.00",
    additional_insured: bool = True,
    valid_from: date = date(2026, 1, 1),
    valid_to: date = date(2027, 1, 1),
) -> PolicyOnFile:
    return PolicyOnFile(
        policy_number="PL-7",
        insurer="Example Mutual",
        cover=InsuranceCover(Decimal(limit), additional_insured, valid_from, valid_to),
        submitted_by="seller",
    )


def on_day(day: date, sales: str = "12500.00", policies=()):
    return insurance_status([(OCTOBER, Decimal(sales))], list(policies), day, PolicyParameters())


# ---- the rule, at its boundaries ------------------------------------------------------------


def test_sales_of_9999_99_in_a_month_require_nothing():
    status = on_day(date(2026, 12, 15), sales="9999.99")

    assert (status.required, status.overdue, status.proof_due) == (False, False, None)
    assert status.reason_code == "not_required"


def test_sales_of_10000_00_in_a_month_require_insurance_with_proof_due_30_days_after_it():
    status = on_day(date(2026, 10, 20), sales="10000.00")

    assert (status.required, status.compliant, status.overdue) == (True, False, False)
    assert status.proof_due == DUE
    assert status.reason_code == "proof_not_yet_due"
    assert "$10,000.00 in October 2026" in status.reason
    assert "No policy is on file." in status.reason


def test_on_the_due_day_itself_the_seller_is_not_yet_overdue():
    status = on_day(DUE)

    assert (status.required, status.compliant, status.overdue) == (True, False, False)


def test_the_day_after_the_due_day_the_seller_is_overdue():
    status = on_day(date(2026, 12, 1))

    assert (status.required, status.compliant, status.overdue) == (True, False, True)
    assert status.reason_code == "overdue"
    assert status.policy_shortcomings == ("no_policy",)


def test_proof_is_due_30_days_after_the_months_last_day_in_february_of_a_leap_year():
    status = insurance_status(
        [(date(2028, 2, 1), Decimal("10000.00"))], [], date(2028, 3, 1), PolicyParameters()
    )

    assert status.proof_due == date(2028, 3, 30)  # 29 February + 30 days


def test_a_month_still_to_come_does_not_count_yet():
    assert not on_day(date(2026, 9, 30)).required
    assert on_day(date(2026, 10, 1)).required


def test_the_first_qualifying_month_sets_the_due_date():
    sales = [(date(2026, 11, 1), Decimal("20000.00")), (OCTOBER, Decimal("10500.00"))]

    status = insurance_status(sales, [], date(2026, 12, 10), PolicyParameters())

    assert status.required_since == OCTOBER
    assert status.proof_due == DUE and status.overdue


def test_a_qualifying_policy_makes_the_seller_compliant():
    status = on_day(date(2026, 12, 15), policies=[policy()])

    assert (status.required, status.compliant, status.overdue) == (True, True, False)
    assert status.reason_code == "compliant"
    assert status.policy_shortcomings == ()


def test_a_policy_that_lapses_leaves_the_seller_overdue_from_the_day_it_ends():
    lapsing = policy(valid_to=date(2026, 12, 20))

    last_day = on_day(date(2026, 12, 19), policies=[lapsing])
    after = on_day(date(2026, 12, 20), policies=[lapsing])

    assert (last_day.compliant, last_day.overdue) == (True, False)
    assert (after.compliant, after.overdue) == (False, True)
    assert after.policy_shortcomings == ("lapsed",)
    assert "ended on 2026-12-20" in after.reason


@pytest.mark.parametrize(
    "limit, compliant", [("999999.99", False), ("1000000.00", True), ("2000000.00", True)]
)
def test_cover_must_be_at_least_one_million_per_occurrence(limit, compliant):
    status = on_day(date(2026, 12, 15), policies=[policy(limit=limit)])

    assert status.compliant is compliant
    assert status.overdue is not compliant
    assert status.policy_shortcomings == (() if compliant else ("limit_too_low",))


def test_a_policy_not_naming_the_marketplace_does_not_qualify():
    status = on_day(date(2026, 11, 1), policies=[policy(additional_insured=False)])

    assert (status.compliant, status.overdue) == (False, False)
    assert status.policy_shortcomings == ("not_additional_insured",)
    assert "does not name the marketplace as additional insured" in status.reason


def test_a_policy_starting_later_does_not_qualify_yet():
    status = on_day(date(2026, 12, 15), policies=[policy(valid_from=date(2027, 1, 1))])

    assert not status.compliant
    assert status.policy_shortcomings == ("not_yet_in_force",)


def test_the_qualifying_policy_is_shown_even_among_others():
    weak = PolicyOnFile("PL-OLD", "Small Mutual", policy(limit="500000.00").cover, "marketplace")

    status = on_day(date(2026, 12, 15), policies=[weak, policy()])

    assert status.compliant and status.policy.policy_number == "PL-7"


# ---- the desk's endpoint --------------------------------------------------------------------


async def insurance(client, seller_id, query="", headers=ADMIN):
    response = await client.get(f"/api/admin/sellers/{seller_id}/insurance{query}", headers=headers)
    return response.status, await response.json()


async def test_an_insured_seller_with_large_sales_is_required_and_compliant(loaded):
    status, body = await insurance(loaded, "S-ACME")

    assert status == 200
    assert schema_problems("InsuranceStatus", body) == []
    assert body["seller_id"] == "S-ACME"
    assert body["on"] == "2026-10-10"  # the clock's today
    assert (body["required"], body["compliant"], body["overdue"]) == (True, True, False)
    assert body["proof_due"] == "2026-11-30"
    assert body["required_since_month"] == "2026-10"
    assert body["sales_that_month"] == "12500.00"
    assert body["policy"]["policy_number"] == "PL-1"
    assert body["policy"]["submitted_by"] == "marketplace"


async def test_a_seller_with_thin_cover_is_overdue_only_after_its_due_day(loaded):
    _, before = await insurance(loaded, "S-THIN", "?on=2026-10-30")
    _, after = await insurance(loaded, "S-THIN", "?on=2026-10-31")

    assert before["proof_due"] == after["proof_due"] == "2026-10-30"  # September + 30 days
    assert (before["required"], before["compliant"], before["overdue"]) == (True, False, False)
    assert (after["required"], after["compliant"], after["overdue"]) == (True, False, True)
    assert after["policy_shortcomings"] == ["limit_too_low"]
    assert "$500,000.00" in after["reason"]


async def test_a_small_seller_without_insurance_is_not_required(loaded):
    _, body = await insurance(loaded, "S-BARE")

    assert (body["required"], body["compliant"], body["overdue"]) == (False, False, False)
    assert (body["proof_due"], body["policy"]) == (None, None)
    assert body["policy_shortcomings"] == ["no_policy"]


async def test_agents_may_read_insurance_status_too(loaded):
    assert (await insurance(loaded, "S-ACME", headers=AGENT))[0] == 200


@pytest.mark.parametrize(
    "headers, expected",
    [({}, 401), ({"Authorization": "Bearer wrong"}, 401), (ACME, 401), (SERVICE, 403)],
)
async def test_the_desks_insurance_endpoint_needs_an_admin_or_agent_token(
    loaded, headers, expected
):
    status, body = await insurance(loaded, "S-BARE", headers=headers)

    assert status == expected
    assert "required" not in body


async def test_an_unknown_seller_is_not_found(loaded):
    status, body = await insurance(loaded, "S-NOBODY")

    assert status == 404
    assert body["errors"][0]["code"] == "seller_not_found"


@pytest.mark.parametrize("on", ["tomorrow", "2026-02-30", "2026-10-1"])
async def test_a_bad_day_is_refused(loaded, on):
    status, body = await insurance(loaded, "S-ACME", f"?on={on}")

    assert status == 422
    assert (body["errors"][0]["code"], body["errors"][0]["field"]) == ("invalid_value", "on")


# ---- sellers filing their own policies ------------------------------------------------------

QUALIFYING = {
    "policy_number": "BG-100",
    "insurer": "Harbor Casualty",
    "per_occurrence_limit": "1000000.00",
    "additional_insured": True,
    "valid_from": "2026-06-01",
    "valid_to": "2027-06-01",
}


async def proof(client, headers=BARE) -> str:
    """The seller uploads its certificate (a PDF) with its own key; its evidence id."""
    form = aiohttp.FormData()
    form.add_field("file", pdf(), filename="certificate.pdf", content_type="application/pdf")
    response = await client.post("/api/evidence", data=form, headers=headers)
    assert response.status == 201, await response.text()
    return (await response.json())["id"]


async def file_policy(client, policy=QUALIFYING, headers=BARE):
    """The seller files ``policy`` with a freshly uploaded proof; the response."""
    return await client.post(
        "/api/seller/insurance",
        json={"proof_evidence_id": await proof(client, headers), **policy},
        headers=headers,
    )


async def verify(client, number="BG-100", decision="verify", seller="S-BARE", headers=ADMIN):
    return await client.post(
        f"/api/admin/sellers/{seller}/insurance/{number}/verification",
        json={"decision": decision},
        headers=headers,
    )


def policies_of(db, seller_id):
    with db() as session:
        return (
            session.execute(select(InsurancePolicy).where(InsurancePolicy.seller_id == seller_id))
            .scalars()
            .all()
        )


async def test_a_seller_reads_its_own_status_with_its_key(loaded):
    response = await loaded.get("/api/seller/insurance", headers=ACME)
    body = await response.json()

    assert response.status == 200
    assert body["seller_id"] == "S-ACME" and body["compliant"] is True
    assert schema_problems("InsuranceStatus", body) == []


async def test_a_seller_files_a_policy_that_waits_for_verification(loaded, db, clock):
    response = await file_policy(loaded)
    body = await response.json()

    assert response.status == 201, body
    assert schema_problems("InsuranceFiled", body) == []
    assert body["seller_id"] == "S-BARE"
    assert body["compliant"] is False and body["pending_verification"] == ["BG-100"]
    assert body["reimbursements_waived"] == []
    [stored] = policies_of(db, "S-BARE")
    assert (stored.submitted_by, stored.submitted_at) == ("seller", clock.now)
    assert stored.verification == "pending" and stored.proof_evidence_id is not None
    assert stored.per_occurrence_limit == Decimal("1000000.00")
    assert [p.policy_number for p in policies_of(db, "S-ACME")] == ["PL-1"]  # nobody else's


async def test_an_admin_verifies_the_proof_and_the_seller_becomes_compliant(loaded, db):
    await file_policy(loaded)

    response = await verify(loaded)
    body = await response.json()

    assert response.status == 200, body
    assert body["compliant"] is True and body["pending_verification"] == []
    assert body["policy"]["policy_number"] == "BG-100"
    [stored] = policies_of(db, "S-BARE")
    assert (stored.verification, stored.verified_by) == ("verified", "admin")
    again = await verify(loaded)
    assert again.status == 409 and (await again.json())["errors"][0]["code"] == "not_pending"


async def test_a_rejected_policy_never_counts(loaded, db):
    await file_policy(loaded)

    response = await verify(loaded, decision="reject")

    assert response.status == 200
    assert (await response.json())["compliant"] is False
    assert [p.verification for p in policies_of(db, "S-BARE")] == ["rejected"]


@pytest.mark.parametrize("headers", [AGENT, SERVICE, ACME, BARE, {}])
async def test_only_an_admin_verifies_a_policy(loaded, db, headers):
    await file_policy(loaded)

    response = await verify(loaded, headers=headers)

    assert response.status in (401, 403)
    assert [p.verification for p in policies_of(db, "S-BARE")] == ["pending"]


async def test_an_uninsured_sellers_own_word_waives_nothing(loaded, db):
    """The attack: an uninsured seller files a policy valid 2000-2099 to cancel what it owes."""
    claim = await concession_claim(loaded)
    forever = {**QUALIFYING, "valid_from": "2000-01-01", "valid_to": "2099-01-01"}

    response = await file_policy(loaded, forever)
    body = await response.json()

    assert response.status == 201
    assert body["reimbursements_waived"] == [] and body["compliant"] is False
    again = await loaded.get(f"/api/claims/{claim['reference']}", headers=ADMIN)
    assert (await again.json())["decision"]["reimbursement_sought"] is True


async def test_a_seller_cannot_overwrite_the_marketplaces_policy(loaded, db):
    [before] = policies_of(db, "S-ACME")
    weaker = {**QUALIFYING, "policy_number": "PL-1", "per_occurrence_limit": "1.00"}

    response = await file_policy(loaded, weaker, headers=ACME)

    assert response.status == 409
    assert (await response.json())["errors"][0]["code"] == "policy_locked"
    [after] = policies_of(db, "S-ACME")
    assert (after.per_occurrence_limit, after.submitted_by) == (
        before.per_occurrence_limit,
        "marketplace",
    )


async def test_a_policy_without_proof_is_refused(loaded, db):
    response = await loaded.post("/api/seller/insurance", json=QUALIFYING, headers=BARE)

    assert response.status == 422
    errors = (await response.json())["errors"]
    assert ("required", "proof_evidence_id") in [(e["code"], e["field"]) for e in errors]
    assert policies_of(db, "S-BARE") == []


async def test_filing_the_same_policy_number_again_corrects_it(loaded, db):
    await file_policy(loaded)
    corrected = {**QUALIFYING, "per_occurrence_limit": "750000.00"}

    response = await file_policy(loaded, corrected)
    assert response.status == 201
    body = await (await verify(loaded)).json()

    assert body["compliant"] is False and body["policy_shortcomings"] == ["limit_too_low"]
    [stored] = policies_of(db, "S-BARE")
    assert stored.per_occurrence_limit == Decimal("750000.00")


async def test_a_verified_policy_waives_the_reimbursement_it_covers(loaded):
    claim = await concession_claim(loaded)  # the kettle: S-BARE, uninsured at the time
    assert claim["decision"]["reimbursement_sought"] is True
    await file_policy(loaded)

    response = await verify(loaded)
    body = await response.json()

    assert body["reimbursements_waived"] == [claim["reference"]]
    again = await loaded.get(f"/api/claims/{claim['reference']}", headers=ADMIN)
    assert (await again.json())["decision"]["reimbursement_sought"] is False


BAD_POLICIES = {
    "limit as a number": (
        {"per_occurrence_limit": 1000000},
        "invalid_amount",
        "per_occurrence_limit",
    ),
    "negative limit": ({"per_occurrence_limit": "-1.00"}, "invalid_amount", "per_occurrence_limit"),
    "insured as text": ({"additional_insured": "yes"}, "invalid_type", "additional_insured"),
    "impossible date": ({"valid_to": "2027-02-30"}, "invalid_value", "valid_to"),
    "ends before it starts": ({"valid_to": "2026-05-31"}, "invalid_value", "valid_to"),
    "ends as it starts": ({"valid_to": "2026-06-01"}, "invalid_value", "valid_to"),
    "empty policy number": ({"policy_number": ""}, "invalid_value", "policy_number"),
    "unknown proof": ({"proof_evidence_id": "EV-NOPE"}, "evidence_not_found", "proof_evidence_id"),
    "missing insurer": ({"insurer": None}, "invalid_type", "insurer"),
}


@pytest.mark.parametrize("change, code, field", BAD_POLICIES.values(), ids=BAD_POLICIES.keys())
async def test_a_bad_policy_is_refused_and_nothing_is_stored(loaded, db, change, code, field):
    response = await loaded.post(
        "/api/seller/insurance",
        json={"proof_evidence_id": await proof(loaded), **QUALIFYING, **change},
        headers=BARE,
    )
    body = await response.json()

    assert response.status == 422
    assert (code, field) in [(error["code"], error["field"]) for error in body["errors"]]
    assert policies_of(db, "S-BARE") == []


async def test_a_policy_missing_fields_lists_every_one(loaded):
    response = await loaded.post("/api/seller/insurance", json={"insurer": "X"}, headers=BARE)

    assert response.status == 422
    fields = {error["field"] for error in (await response.json())["errors"]}
    assert fields == {
        "policy_number",
        "per_occurrence_limit",
        "additional_insured",
        "valid_from",
        "valid_to",
        "proof_evidence_id",
    }


async def test_a_policy_that_is_not_json_is_refused(loaded, db):
    response = await loaded.post(
        "/api/seller/insurance",
        data=b'{"policy_number": ',
        headers={**BARE, "Content-Type": "application/json"},
    )

    assert response.status == 400
    assert (await response.json())["errors"][0]["code"] == "malformed_json"
    assert policies_of(db, "S-BARE") == []


@pytest.mark.parametrize(
    "headers, expected",
    [({}, 401), (UNKNOWN_KEY, 401), (ADMIN, 403), (SERVICE, 403), (AGENT, 403)],
)
async def test_the_sellers_insurance_api_needs_the_sellers_own_key(loaded, db, headers, expected):
    read = await loaded.get("/api/seller/insurance", headers=headers)
    filed = await loaded.post("/api/seller/insurance", json=QUALIFYING, headers=headers)

    assert (read.status, filed.status) == (expected, expected)
    assert "required" not in await read.json()
    assert all(
        p.policy_number != "BG-100"
        for seller in ("S-ACME", "S-BARE", "S-THIN")
        for p in policies_of(db, seller)
    )
