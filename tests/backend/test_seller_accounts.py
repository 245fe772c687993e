"""Sellers' users sign in to the seller portal as themselves: password sign-in, sessions that
expire and can be revoked, and every seller endpoint acting for the user's own seller, with the
user named in the claim's timeline. (Who may call what: test_authorization_matrix.py.)"""

from __future__ import annotations

import dataclasses

import pytest
from aiohttp import FormData
from sqlalchemy import select

from backend.api.app import create_app
from backend.models import SellerUser
from backend.openapi import schema_problems
from backend.seller_users import disable_user, reset_password
from tests.backend import evidence_files
from tests.backend.conftest import ADMIN
from tests.backend.desk_steps import PASSWORD, ensure_account
from tests.backend.marketplace_data import DANA_EMAIL
from tests.backend.seller_side import (
    ACME,
    SELLER_USER_PASSWORD,
    concession_claim,
    ensure_seller_user,
    event_log,
    routed_claim,
    seller_user,
    stored_claim,
)

DEFENCE = "The heater was used with an extension cord, against the manual."


async def sign_in(client, username, password=SELLER_USER_PASSWORD):
    return await client.post(
        "/api/seller/sign-in", json={"username": username, "password": password}
    )


async def upload_as(client, headers) -> str:
    form = FormData()
    form.add_field("file", evidence_files.png(), filename="manual.png")
    response = await client.post("/api/evidence", data=form, headers=headers)
    assert response.status == 201, await response.text()
    return (await response.json())["id"]


async def test_a_seller_user_signs_in_for_its_seller(loaded):
    ensure_seller_user(loaded, "alice", "S-ACME")

    response = await sign_in(loaded, "alice")

    assert response.status == 200
    session = await response.json()
    assert schema_problems("SellerSession", session) == []
    assert (session["seller_id"], session["username"]) == ("S-ACME", "alice")
    assert session["expires_at"] == "2026-10-11T00:00:00Z"  # 12 hours
    assert session["token"] not in ("sk-acme-0001-000000000000000", SELLER_USER_PASSWORD)


def test_the_password_is_kept_as_an_argon2id_hash(loaded, db):
    ensure_seller_user(loaded, "alice", "S-ACME")

    with db() as session:
        stored = session.execute(select(SellerUser)).scalar_one()
    assert stored.password_hash.startswith("$argon2id$")
    assert SELLER_USER_PASSWORD not in stored.password_hash


@pytest.mark.parametrize(
    "username, password",
    [
        ("alice", "wrong password"),
        ("nobody", SELLER_USER_PASSWORD),
        ("alice", "sk-acme-0001-000000000000000"),
    ],
    ids=["wrong password", "unknown name", "the seller's API key"],
)
async def test_signing_in_needs_the_users_own_password(loaded, username, password):
    ensure_seller_user(loaded, "alice", "S-ACME")

    response = await sign_in(loaded, username, password)

    assert response.status == 401
    assert (await response.json())["errors"][0]["code"] == "unauthorized"


async def test_a_staff_account_is_no_seller_user(loaded):
    ensure_account(loaded, "Alex")

    response = await sign_in(loaded, "Alex", PASSWORD)

    assert response.status == 401


async def test_seller_sign_in_attempts_are_rate_limited(aiohttp_client, settings):
    client = await aiohttp_client(
        create_app(dataclasses.replace(settings, identity_checks_per_minute=3))
    )
    statuses = [(await sign_in(client, "nobody")).status for _ in range(4)]

    assert statuses == [401, 401, 401, 429]


async def test_signing_out_disabling_or_resetting_ends_the_session(loaded, db, clock):
    claims = "/api/seller/claims"
    alice = await seller_user(loaded)
    assert (await loaded.post("/api/seller/sign-out", headers=alice)).status == 204
    assert (await loaded.get(claims, headers=alice)).status == 401
    assert (await loaded.post("/api/seller/sign-out", headers=alice)).status == 401

    alice = await seller_user(loaded)
    with db() as session:
        disable_user(session, "alice", clock.now)
        session.commit()
    assert (await loaded.get(claims, headers=alice)).status == 401
    assert (await sign_in(loaded, "alice")).status == 401

    with db() as session:
        reset_password(session, "alice", SELLER_USER_PASSWORD, clock.now)
        session.commit()
    alice = await seller_user(loaded)
    assert (await loaded.get(claims, headers=alice)).status == 200
    with db() as session:
        reset_password(session, "alice", "another long passphrase", clock.now)
        session.commit()
    assert (await loaded.get(claims, headers=alice)).status == 401


async def test_a_seller_session_expires_after_twelve_hours(loaded, clock):
    alice = await seller_user(loaded)
    clock.advance(hours=12)

    response = await loaded.get("/api/seller/claims", headers=alice)

    assert response.status == 401


async def test_a_seller_user_rejects_a_claim_with_its_own_file_and_is_named(loaded, db):
    claim = await routed_claim(loaded)
    alice = await seller_user(loaded)
    manual = await upload_as(loaded, alice)

    response = await loaded.post(
        f"/api/seller/claims/{claim['reference']}/response",
        json={"action": "reject", "statement": DEFENCE, "evidence_ids": [manual]},
        headers=alice,
    )

    assert response.status == 200, await response.text()
    answered = await response.json()
    assert answered["status"] == "seller_rejected"
    # The user reads its own defence, and so does the seller's program with the API key.
    assert answered["events"][-1]["actor"] == "seller:S-ACME:alice"
    assert answered["events"][-1]["note"] == DEFENCE
    by_key = await (
        await loaded.get(f"/api/seller/claims/{claim['reference']}", headers=ACME)
    ).json()
    assert by_key["events"][-1]["note"] == DEFENCE
    stored = stored_claim(db, claim["reference"])
    assert stored.decisions[-1].decided_by == "seller:S-ACME:alice"
    assert stored.seller_responses[0].evidence_ids == [manual]
    assert (await loaded.get(f"/api/evidence/{manual}", headers=alice)).status == 200
    # The desk reads the defence with its file; the customer reads neither.
    desk = await (await loaded.get(f"/api/claims/{claim['reference']}", headers=ADMIN)).json()
    assert [(r["action"], r["statement"], r["evidence_ids"]) for r in desk["seller_responses"]] == [
        ("reject", DEFENCE, [manual])
    ]
    customer = await loaded.get(
        f"/api/claims/{claim['reference']}", headers={"X-Customer-Email": DANA_EMAIL}
    )
    assert (await customer.json())["seller_responses"] == []
    assert DEFENCE not in await customer.text()


async def test_a_seller_user_appeals_a_concession_under_its_name(loaded):
    claim = await concession_claim(loaded)  # the kettle: S-BARE's
    bob = await seller_user(loaded, "bob", "S-BARE")

    response = await loaded.post(
        f"/api/seller/claims/{claim['reference']}/appeal",
        json={"statement": "The kettle was dropped."},
        headers=bob,
    )

    assert response.status == 200, await response.text()
    assert ("appealed", "seller:S-BARE:bob") in event_log(await response.json())


async def test_a_seller_user_sees_only_its_own_sellers_claims_without_contact_data(loaded):
    claim = await routed_claim(loaded)  # the heater: S-ACME's
    alice = await seller_user(loaded)
    bob = await seller_user(loaded, "bob", "S-BARE")

    listed = await (await loaded.get("/api/seller/claims", headers=alice)).json()
    other = await loaded.get(f"/api/seller/claims/{claim['reference']}", headers=bob)

    assert [c["reference"] for c in listed["claims"]] == [claim["reference"]]
    assert (listed["claims"][0]["channel"], listed["claims"][0]["conversation_id"]) == (None, None)
    assert DANA_EMAIL not in str(listed) and "Dana" not in str(listed)
    assert other.status == 404
    assert (await (await loaded.get("/api/seller/claims", headers=bob)).json())["claims"] == []


async def test_a_seller_user_files_insurance_and_reads_its_status_and_metrics(loaded):
    bob = await seller_user(loaded, "bob", "S-BARE")
    proof = await upload_as(loaded, bob)
    policy = {
        "policy_number": "PL-BOB-1",
        "insurer": "Example Mutual",
        "per_occurrence_limit": "1000000.00",
        "additional_insured": True,
        "valid_from": "2026-10-01",
        "valid_to": "2027-10-01",
        "proof_evidence_id": proof,
    }

    filed = await loaded.post("/api/seller/insurance", json=policy, headers=bob)
    status = await loaded.get("/api/seller/insurance", headers=bob)
    metrics = await loaded.get("/api/seller/metrics?days=30", headers=bob)

    assert filed.status == 201, await filed.text()
    answer = await status.json()
    assert answer["seller_id"] == "S-BARE"
    assert answer["pending_verification"] == ["PL-BOB-1"]
    assert [
        (p["policy_number"], p["verification"], p["proof_evidence_id"]) for p in answer["policies"]
    ] == [("PL-BOB-1", "pending", proof)]
    assert schema_problems("InsuranceStatus", answer) == []
    assert (await metrics.json())["seller_id"] == "S-BARE"
    assert (await metrics.json())["days"] == 30
    desk = await loaded.get("/api/admin/sellers/S-BARE/insurance", headers=ADMIN)
    assert [p["verification"] for p in (await desk.json())["policies"]] == ["pending"]
