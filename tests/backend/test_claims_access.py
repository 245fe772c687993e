"""Who may read claims: tokens by role, the customer's email as proof, and the admin list."""

from __future__ import annotations

import pytest

from backend.openapi import schema_problems
from tests.backend.conftest import ADMIN, AGENT, SERVICE
from tests.backend.marketplace_data import (
    DANA_EMAIL,
    KETTLE,
    SAM_EMAIL,
    SAM_ORDER,
    claim_body,
)


@pytest.fixture
async def filed(loaded):
    response = await loaded.post("/api/claims", json=claim_body(), headers=SERVICE)
    assert response.status == 201
    return await response.json()


@pytest.mark.parametrize("headers", [ADMIN, AGENT, SERVICE], ids=["admin", "agent", "service"])
async def test_trusted_callers_read_a_claim(loaded, filed, headers):
    response = await loaded.get(f"/api/claims/{filed['reference']}", headers=headers)

    assert response.status == 200
    assert await response.json() == filed


async def test_the_customer_reads_their_claim_with_their_email(loaded, filed):
    proof = {"X-Customer-Email": f" {DANA_EMAIL.upper()}"}

    response = await loaded.get(f"/api/claims/{filed['reference']}", headers=proof)

    assert response.status == 200
    claim = await response.json()
    assert claim["reference"] == filed["reference"]
    assert schema_problems("Claim", claim) == []


async def test_a_wrong_email_looks_exactly_like_an_unknown_claim(loaded, filed):
    wrong = await loaded.get(
        f"/api/claims/{filed['reference']}", headers={"X-Customer-Email": SAM_EMAIL}
    )
    unknown = await loaded.get("/api/claims/CLM-ZZZZZZ", headers={"X-Customer-Email": SAM_EMAIL})

    assert wrong.status == unknown.status == 404
    wrong_error, unknown_error = (await wrong.json())["errors"], (await unknown.json())["errors"]
    assert wrong_error[0]["code"] == unknown_error[0]["code"] == "claim_not_found"
    assert filed["reference"] not in str(unknown_error)


async def test_reading_a_claim_without_any_proof_is_401(loaded, filed):
    response = await loaded.get(f"/api/claims/{filed['reference']}")

    assert response.status == 401
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert (await response.json())["errors"][0]["code"] == "unauthorized"


@pytest.mark.parametrize(
    "authorization",
    ["Bearer not-a-token", "Basic dGVzdDp0ZXN0", "Bearer", "test-admin-token"],
    ids=["unknown token", "basic auth", "empty bearer", "no scheme"],
)
async def test_a_bad_token_is_401_even_with_the_right_email(loaded, filed, authorization):
    headers = {"Authorization": authorization, "X-Customer-Email": DANA_EMAIL}

    response = await loaded.get(f"/api/claims/{filed['reference']}", headers=headers)

    assert response.status == 401


async def test_only_service_and_admin_tokens_file_claims(loaded):
    anonymous = await loaded.post("/api/claims", json=claim_body())
    agent = await loaded.post("/api/claims", json=claim_body(), headers=AGENT)
    admin = await loaded.post("/api/claims", json=claim_body(), headers=ADMIN)

    assert anonymous.status == 401
    assert agent.status == 403
    assert (await agent.json())["errors"][0]["code"] == "forbidden"
    assert admin.status == 201


async def test_a_role_whose_token_is_not_configured_cannot_authenticate(aiohttp_client, settings):
    from dataclasses import replace

    from backend.api.app import create_app

    client = await aiohttp_client(create_app(replace(settings, agent_token=None)))

    for token in ("", "None", "null"):
        response = await client.get(
            "/api/admin/claims", headers={"Authorization": f"Bearer {token}"}
        )
        assert response.status == 401


async def test_the_admin_list_filters_by_order_conversation_and_status(loaded, clock):
    dana = await loaded.post("/api/claims", json=claim_body(), headers=SERVICE)
    duplicate = await loaded.post(
        "/api/claims", json=claim_body(conversation_id="conv-x"), headers=SERVICE
    )
    sam = await loaded.post(
        "/api/claims",
        json=claim_body(
            order_id=SAM_ORDER,
            customer_email=SAM_EMAIL,
            incident_date="2026-09-20",
            conversation_id="conv-sam",
        ),
        headers=SERVICE,
    )
    kettle = await loaded.post("/api/claims", json=claim_body(sku=KETTLE), headers=SERVICE)
    references = [
        (await response.json())["reference"] for response in (dana, duplicate, sam, kettle)
    ]

    async def listed(query, headers=ADMIN):
        response = await loaded.get(f"/api/admin/claims{query}", headers=headers)
        assert response.status == 200
        return [claim["reference"] for claim in (await response.json())["claims"]]

    assert await listed("") == references
    assert await listed("", AGENT) == references
    assert await listed(f"?order_id={SAM_ORDER}") == [references[2]]
    assert await listed("?conversation_id=conv-dana-1") == [references[0], references[3]]
    assert await listed("?status=denied") == [references[1]]
    assert await listed("?status=concession_paid&conversation_id=conv-sam") == [references[2]]
    assert await listed("?order_id=000-0000000-0000000") == []


async def test_the_admin_list_refuses_an_unknown_status(loaded):
    response = await loaded.get("/api/admin/claims?status=paid", headers=ADMIN)

    assert response.status == 422
    assert (await response.json())["errors"][0]["field"] == "status"


async def test_the_admin_list_is_not_for_the_service_or_anonymous(loaded):
    service = await loaded.get("/api/admin/claims", headers=SERVICE)
    anonymous = await loaded.get("/api/admin/claims")

    assert service.status == 403
    assert anonymous.status == 401
