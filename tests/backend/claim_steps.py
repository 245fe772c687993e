"""Steps the desk and customer-rights tests share: file claims, upload files, get one reviewed."""

from __future__ import annotations

from typing import Any

from aiohttp import FormData
from aiohttp.test_utils import TestClient

from tests.backend import evidence_files
from tests.backend.conftest import ADMIN, SERVICE
from tests.backend.marketplace_data import (
    DANA_EMAIL,
    HEATER,
    KETTLE,
    SAM_EMAIL,
    SAM_ORDER,
    claim_body,
    harm,
)


def proof(email: str = DANA_EMAIL) -> dict[str, str]:
    """The customer's proof of identity, as the assistant sends it."""
    return {"X-Customer-Email": email}


async def file_claim(client: TestClient, **changes: Any) -> dict[str, Any]:
    """File ``claim_body(**changes)`` with the service token; the stored claim."""
    response = await client.post("/api/claims", json=claim_body(**changes), headers=SERVICE)
    assert response.status == 201, await response.text()
    return await response.json()


async def upload(client: TestClient, content: bytes | None = None) -> str:
    """Upload a file as the assistant does; its evidence id."""
    form = FormData()
    form.add_field("file", content or evidence_files.png(), filename="photo.png")
    response = await client.post("/api/evidence", data=form, headers=SERVICE)
    assert response.status == 201, await response.text()
    return (await response.json())["id"]


async def file_suspicious_claim(client: TestClient, **changes: Any) -> dict[str, Any]:
    """A $25,000.00 claim for the $89.99 heater: far above the item's price, so screening
    sends it to the fraud experts (``under_review``)."""
    claim = await file_claim(client, **{**harm("25000.00"), **changes})
    assert claim["status"] == "under_review", claim["decision"]
    return claim


async def file_small_suspicious_claim(client: TestClient) -> dict[str, Any]:
    """A $350.00 claim by Dana about the kettle (its seller is uninsured) whose photo already
    supports Sam's claim: screening sends it to the fraud experts."""
    photo = evidence_files.jpeg(padding=333)
    await file_claim(
        client,
        order_id=SAM_ORDER,
        customer_email=SAM_EMAIL,
        sku=HEATER,
        incident_date="2026-09-20",
        defect_description="the thermostat stuck on and the casing melted",
        evidence_ids=[await upload(client, photo)],
        conversation_id="conv-sam-1",
    )
    claim = await file_claim(client, sku=KETTLE, evidence_ids=[await upload(client, photo)])
    assert claim["status"] == "under_review", claim["decision"]
    return claim


async def review(
    client: TestClient, reference: str, decision: str, note: str = "checked the receipts"
) -> tuple[int, dict[str, Any]]:
    """A fraud expert's review, as the admin console sends it."""
    response = await client.post(
        f"/api/admin/claims/{reference}/review",
        json={"decision": decision, "note": note},
        headers=ADMIN,
    )
    return response.status, await response.json()
